use super::*;

fn c() -> Classifier {
    Classifier::new(&Dictionaries::embedded().unwrap())
}

#[test]
fn basics() {
    let c = c();
    assert_eq!(c.classify("数据核验").method(), Some(DATA_CHECK));
    assert_eq!(
        c.classify("通过电子证照库调取").method(),
        Some(ELICENCE_CHECK)
    );
    assert_eq!(c.classify("不可减").method(), Some(KEEP));
    assert_eq!(c.classify("").class, MethodClass::Missing);
    assert_eq!(c.classify("待定").class, MethodClass::Undecided);
    assert_eq!(c.classify("可减").class, MethodClass::ReduceUnstated);
    assert!(matches!(
        c.classify("数据核验或电子证照").class,
        MethodClass::Conflict { .. }
    ));
    assert_eq!(
        c.classify("免提交，通过数据共享获取").method(),
        Some(DATA_CHECK)
    );
}

fn label(c: &Classifier, text: &str) -> String {
    crate::eval::method_label(&c.classify(text).class)
}

#[test]
fn slips_listed_in_lookalikes_count_in_short_phrases_too() {
    let c = c();
    assert_eq!(label(&c, "取销该项"), CANCEL);
    assert_eq!(label(&c, "签署告知承若书"), COMMITMENT);
    // 证 typed as 正, its homophone, the commonest slip of all (身份正, 亮正).
    assert_eq!(label(&c, "随申办亮正"), ELICENCE_CHECK);
    assert_eq!(label(&c, "通过电子证招库调用"), ELICENCE_CHECK);
    // 晓 sounds like 消 but is no listed slip: inside a sentence a two-character homophone
    // is a guess; a whole cell that only sounds like a standard name has no other reading.
    assert_eq!(label(&c, "取晓该项"), "unclear");
    assert_eq!(label(&c, "取晓"), CANCEL);
}

#[test]
fn a_whole_cell_that_is_a_standard_name_with_one_slip_is_that_method() {
    let c = c();
    assert_eq!(label(&c, "部减"), KEEP);
    assert_eq!(label(&c, "据据核验"), "unclear");
    assert_eq!(label(&c, "数据验核"), DATA_CHECK);
    assert_eq!(label(&c, "告之承诺"), COMMITMENT);
    // Two slips, or a swap in a short name, are not one slip.
    assert_eq!(label(&c, "部剪"), "unclear");
    assert_eq!(label(&c, "消取"), "unclear");
    // One character left out of a name of four or more; not of a short one (取 of 取消).
    assert_eq!(label(&c, "告知承"), COMMITMENT);
    assert_eq!(label(&c, "电子照核验"), ELICENCE_CHECK);
    assert_eq!(label(&c, "数据验"), DATA_CHECK);
    assert_eq!(label(&c, "取"), "unclear");
    // 校验 reads jiào yàn: 较验 is its homophone.
    assert_eq!(label(&c, "数据较验"), DATA_CHECK);
    assert_eq!(label(&c, "通过API调取"), DATA_CHECK);
}

#[test]
fn numbered_items_are_choices_not_a_cancel_and_its_replacement() {
    let c = c();
    assert_eq!(label(&c, "①取消②数据核验"), "conflict");
    assert_eq!(label(&c, "1.取消 2.告知承诺"), "conflict");
    assert_eq!(label(&c, "取消纸质证明，改为数据核验"), DATA_CHECK);
    // An item that says what happens when the check fails is a fallback.
    assert_eq!(label(&c, "1.数据核验 2.核验不通过的提交原件"), DATA_CHECK);
}

#[test]
fn words_of_intent_leave_the_method_undecided() {
    let c = c();
    for t in [
        "拟取消",
        "建议采用告知承诺",
        "可能改为数据核验",
        "争取电子证照核验",
        "待法制部门审核后取消",
    ] {
        let class = c.classify(t).class;
        assert!(matches!(class, MethodClass::Undecided), "{t}: {class:?}");
    }
}

#[test]
fn a_check_against_a_data_source_is_data_check() {
    let c = c();
    assert_eq!(label(&c, "向民政部门调取婚姻登记信息"), DATA_CHECK);
    assert_eq!(label(&c, "比对医保缴费记录"), DATA_CHECK);
    assert_eq!(label(&c, "经法人库查询"), DATA_CHECK);
    // A check with nothing to check against says to reduce, not how.
    assert_eq!(label(&c, "比对"), "unclear");
    assert_eq!(label(&c, "可以调取"), "unclear");
    // The licence named wins over the channel.
    assert_eq!(label(&c, "经共享平台调取电子证照"), ELICENCE_CHECK);
}

#[test]
fn an_electronic_licence_may_be_named_by_its_kind() {
    let c = c();
    assert_eq!(label(&c, "出示电子居住证"), ELICENCE_CHECK);
    assert_eq!(label(&c, "扫描电子医保卡"), ELICENCE_CHECK);
    assert_eq!(label(&c, "电子化"), "unclear");
    // The gap stays inside a clause.
    assert_eq!(label(&c, "电子，证"), "unclear");
}

#[test]
fn a_fallback_for_those_not_served_is_not_a_second_method() {
    let c = c();
    assert_eq!(label(&c, "电子证照（尚未发证的提交纸质）"), ELICENCE_CHECK);
    assert_eq!(label(&c, "告知承诺；不作承诺的提供证明"), COMMITMENT);
    assert_eq!(label(&c, "数据比对，比对不上的由申请人补交"), DATA_CHECK);
}

#[test]
fn negations_reach_over_a_modal_and_deny_from_behind() {
    let c = c();
    assert_eq!(label(&c, "暂不能够减免"), KEEP);
    assert_eq!(label(&c, "尚不具备共享条件"), KEEP);
    assert_eq!(label(&c, "无电子营业执照"), KEEP);
    assert_eq!(label(&c, "电子证照暂未归集"), KEEP);
    assert_eq!(label(&c, "数据尚未共享"), KEEP);
    // 不 and 非 alone reach only the next word: 不是 reached over 是 to no method, and the
    // method it denies was accepted. Denied, it is no method.
    assert_eq!(label(&c, "不是数据核验"), "unclear");
    assert_eq!(label(&c, "并非告知承诺"), "unclear");
    // A one-character negation reaches only the word right after it.
    assert_eq!(label(&c, "非本市户籍，告知承诺"), COMMITMENT);
    // …的 after the negation names whom a fallback is for.
    assert_eq!(label(&c, "电子证照，未归集的提交原件"), ELICENCE_CHECK);
}

#[test]
fn handing_nothing_in_is_not_cancel_unless_unconditional() {
    let c = c();
    assert_eq!(label(&c, "不用再交"), "unclear");
    assert_eq!(label(&c, "申请人免于提供"), "unclear");
    assert_eq!(label(&c, "直接无需提交"), CANCEL);
    assert_eq!(label(&c, "依据国务院决定，免予提交"), CANCEL);
    assert_eq!(label(&c, "根据实际情况，免于提交"), "unclear");
    // Said with how, it is that method.
    assert_eq!(label(&c, "无需提交，后台比对"), DATA_CHECK);
}

#[test]
fn keeping_the_paper_is_keep() {
    let c = c();
    assert_eq!(label(&c, "仍由企业提交"), KEEP);
    assert_eq!(label(&c, "保持原样"), KEEP);
    assert_eq!(label(&c, "不"), KEEP);
    // 递交 is 提交 as lists write it.
    assert_eq!(label(&c, "现场递交"), KEEP);
    assert_eq!(label(&c, "线下递交"), KEEP);
}

#[test]
fn an_abolished_requirement_is_cancelled() {
    assert_eq!(label(&c(), "废止"), CANCEL);
}

#[test]
fn a_bare_cancel_beside_another_method_is_a_conflict() {
    let c = c();
    assert_eq!(label(&c, "删除；数据核验"), "conflict");
    assert_eq!(label(&c, "取消，电子证照"), "conflict");
    // Unless the other method replaces the paper, said or implied by naming it.
    assert_eq!(label(&c, "取消，改用告知承诺"), COMMITMENT);
    assert_eq!(label(&c, "取消纸质件，调取电子证照"), ELICENCE_CHECK);
}

#[test]
fn pending_work_is_undecided() {
    let c = c();
    assert_eq!(label(&c, "数据核验（待接口开通）"), "unclear");
    assert_eq!(label(&c, "可考虑采用承诺制"), "unclear");
}

#[test]
fn a_check_against_a_source_says_how_beside_a_cancel() {
    let c = c();
    assert_eq!(
        label(&c, "核验人口库信息，不再要求提交身份证复印件"),
        DATA_CHECK
    );
    // A bare 取消 clause beside the check is still two answers.
    assert_eq!(label(&c, "取消，人口库比对"), "conflict");
}

#[test]
fn words_that_hold_a_method_phrase_but_name_something_else_are_no_method() {
    let c = c();
    for t in ["承诺件", "承诺时限3个工作日", "电子证照编号"] {
        assert_eq!(label(&c, t), "unclear", "{t}");
    }
    assert_eq!(label(&c, "承诺件，实行告知承诺"), COMMITMENT);
}

#[test]
fn a_method_after_a_failure_is_the_fallback_of_the_one_before() {
    let c = c();
    assert_eq!(label(&c, "数据核验；核验失败的实行告知承诺"), DATA_CHECK);
    assert_eq!(
        label(&c, "电子证照核验，调取不到的，告知承诺"),
        ELICENCE_CHECK
    );
    // Without a failure two methods stay two.
    assert_eq!(label(&c, "数据核验，告知承诺"), "conflict");
    // Paper the applicant may still bring is not asked for.
    assert_eq!(label(&c, "告知承诺，申请人也可自愿提供纸质件"), COMMITMENT);
}

#[test]
fn a_channel_is_how_a_named_licence_is_fetched() {
    let c = c();
    assert_eq!(label(&c, "系统比对"), DATA_CHECK);
    assert_eq!(label(&c, "通过接口查询电子营业执照"), ELICENCE_CHECK);
    assert_eq!(label(&c, "电子证照，后台比对"), ELICENCE_CHECK);
    // A slip in a channel phrase is read as the phrase.
    assert_eq!(label(&c, "系统必对"), DATA_CHECK);
}

#[test]
fn a_method_written_as_not_chosen_leaves_the_other() {
    let c = c();
    assert_eq!(label(&c, "不采用告知承诺，通过数据共享核验"), DATA_CHECK);
    assert_eq!(label(&c, "不是取消，是数据共享获取"), DATA_CHECK);
    assert_eq!(label(&c, "无需承诺，直接调用电子证照"), ELICENCE_CHECK);
    // Not for now is no choice: the two stay a conflict for a person.
    assert_eq!(label(&c, "告知承诺，暂不共享"), "conflict");
    // A licence not collected says why the other method is used.
    assert_eq!(label(&c, "数据核验，电子证照暂未归集"), DATA_CHECK);
}

#[test]
fn a_method_written_as_not_chosen_alone_is_for_a_person() {
    let c = c();
    // Which way is not used says neither which is nor that the paper stays.
    for text in [
        "不采用告知承诺",
        "不适用电子证照核验",
        "告知承诺不适用",
        "不通过电子证照",
        "不属于取消情形",
        "不做数据核验",
    ] {
        let o = c.classify(text);
        assert_eq!(label(&c, text), "unclear", "{text}");
        assert!(o.why.contains("没写用哪种"), "{text}: {}", o.why);
    }
    assert_eq!(label(&c, "不使用电子证照"), "unclear");
    // What cannot be done, or a reduction denied as such, keeps the paper.
    assert_eq!(label(&c, "暂不能实现数据共享"), KEEP);
    assert_eq!(label(&c, "不能取消"), KEEP);
    assert_eq!(label(&c, "暂不能共享"), KEEP);
    assert_eq!(label(&c, "不作减免"), KEEP);
    assert_eq!(label(&c, "不适用告知承诺，需提交原件"), KEEP);
}

#[test]
fn data_not_there_is_a_fallback() {
    let c = c();
    assert_eq!(
        label(&c, "数据核验（系统无数据的，由申请人提交纸质材料）"),
        DATA_CHECK
    );
    assert_eq!(label(&c, "数据核验，如共享数据缺失则现场提交"), DATA_CHECK);
    // Alone, data not there keeps the paper.
    assert_eq!(label(&c, "数据缺失，仍需提交"), KEEP);
    assert_eq!(label(&c, "Keep paper submission"), KEEP);
}

#[test]
fn a_commitment_not_made_or_a_licence_not_collected_is_a_fallback() {
    let c = c();
    assert_eq!(label(&c, "告知承诺；未承诺的按原方式提交"), COMMITMENT);
    assert_eq!(label(&c, "承诺制（不承诺则提交证明材料）"), COMMITMENT);
    assert_eq!(
        label(&c, "电子证照调用；如电子证照未归集，由申请人提供"),
        ELICENCE_CHECK
    );
}

#[test]
fn nothing_handed_in_nor_checked_is_cancelled() {
    let c = c();
    assert_eq!(label(&c, "无需提交也无需核验"), CANCEL);
    assert_eq!(label(&c, "不需要申请人提供，也不再核查"), CANCEL);
    assert_eq!(label(&c, "取消后无需核验"), CANCEL);
    assert_eq!(label(&c, "无需申请人提交，由部门共享获取"), DATA_CHECK);
    assert_eq!(
        label(&c, "经研究决定不再收取，也不通过其他方式获取"),
        CANCEL
    );
    assert_eq!(label(&c, "继续收取"), KEEP);
    assert_eq!(label(&c, "不作减免"), KEEP);
    assert_eq!(
        label(&c, "考虑到是核心要件，暂不减免，仍需申请人提交"),
        KEEP
    );
}

#[test]
fn a_method_written_negated_beside_another_is_not_a_second() {
    let c = c();
    assert_eq!(label(&c, "不作数据核验，直接取消"), CANCEL);
    assert_eq!(label(&c, "不需要承诺，也无需核验，直接取消"), CANCEL);
    assert_eq!(label(&c, "不接受承诺，需提交原件"), KEEP);
    assert_eq!(label(&c, "不得取消，法律规定须提交"), KEEP);
    // A negation covers the reductions joined to the one after it.
    assert_eq!(
        label(&c, "无法通过数据共享或电子证照方式获取，现阶段仍需提交"),
        KEEP
    );
    // Two methods joined as a list are both said.
    assert_eq!(label(&c, "取消和数据核验"), "conflict");
    // A condition waited on, however long.
    assert_eq!(label(&c, "视数据共享情况而定"), "unclear");
    // The e-licence not in the library is a fallback's condition.
    assert_eq!(
        label(
            &c,
            "营业执照通过电子证照库调用，对于外省市核发且未入库的，由申请人提供原件"
        ),
        ELICENCE_CHECK
    );
    assert_eq!(label(&c, "不再需要提交"), "unclear");
    assert_eq!(label(&c, "申请人自备"), KEEP);
    assert_eq!(label(&c, "仍按原方式提交"), KEEP);
}

#[test]
fn a_reduction_that_cannot_be_used_then_one_that_is_names_the_second() {
    let c = c();
    for (text, want) in [
        ("不具备数据核验条件，采用告知承诺", "告知承诺"),
        ("未取消，改为数据核验", "数据核验"),
        // Who would have committed, between the negation and the method.
        ("不需要申请人承诺，由部门调取电子证照", "电子证照核验"),
    ] {
        assert_eq!(label(&c, text), want, "{text}");
    }
    // Alone, or with the paper kept after it, the paper stays.
    assert_eq!(label(&c, "暂未共享，提交原件"), "不减");
    assert_eq!(label(&c, "无法核验"), "不减");
    // A kept paper beside a reduction named first is still two methods.
    assert_eq!(label(&c, "数据核验或提交原件"), "conflict");
}

#[test]
fn a_colloquial_check_against_a_system_is_data_verification() {
    let c = c();
    assert_eq!(label(&c, "系统里能查，不用交了"), "数据核验");
    // Without saying where it is looked up, how is not said.
    assert_eq!(label(&c, "能查就查，查不到再交"), "unclear");
}

#[test]
fn english_and_pinyin_name_the_methods() {
    let c = c();
    assert_eq!(label(&c, "Not reduced (submit original)"), KEEP);
    assert_eq!(label(&c, "Cancelled"), CANCEL);
    assert_eq!(label(&c, "quxiao"), CANCEL);
    assert_eq!(label(&c, "Data sharing verification"), DATA_CHECK);
    assert_eq!(label(&c, "E-licence"), ELICENCE_CHECK);
    assert_eq!(label(&c, "DZZZ"), ELICENCE_CHECK);
    assert_eq!(label(&c, "informed commitment"), COMMITMENT);
    assert_eq!(label(&c, "gaozhi chengnuo"), COMMITMENT);
}

#[test]
fn a_method_answered_no_is_not_the_cells() {
    let c = c();
    // A form's question answered: not 取消; the one answered yes is the cell's.
    assert_eq!(label(&c, "取消：否；数据核验：是"), DATA_CHECK);
    // Alone, it says only which method is not used.
    assert_eq!(label(&c, "数据核验:否"), "unclear");
    // 否 before a reduction asks, and 否则 goes on.
    assert_ne!(label(&c, "能否共享"), KEEP);
    assert_eq!(label(&c, "数据核验，否则提交原件"), DATA_CHECK);
}

#[test]
fn a_fetch_listed_beside_the_licence_is_a_second_method() {
    let c = c();
    assert_eq!(label(&c, "电子证照、数据共享"), "conflict");
    // Said as the licence's channel, it is how the licence is fetched.
    assert_eq!(label(&c, "通过数据共享调取电子证照"), ELICENCE_CHECK);
}

#[test]
fn a_method_once_a_system_is_live_is_undecided() {
    let c = c();
    assert_eq!(label(&c, "系统上线后可数据核验"), "unclear");
    // 后台 after 对接 is where the check runs, not a time.
    assert_eq!(label(&c, "与市公积金中心数据对接后台核验"), DATA_CHECK);
}

#[test]
fn a_fallback_after_a_bare_check_leaves_the_method_unsaid() {
    let c = c();
    assert_eq!(label(&c, "能调取的调取，调取不到的承诺"), "unclear");
    // After a method, the fallback is only a fallback.
    assert_eq!(label(&c, "数据共享，无法共享的告知承诺"), DATA_CHECK);
}

#[test]
fn lookalikes_listed_since_read_the_method() {
    let c = c();
    // 减 is written with 咸 in it; 削 reads xiāo as 消 does.
    assert_eq!(label(&c, "不咸"), KEEP);
    assert_eq!(label(&c, "取削"), CANCEL);
}

#[test]
fn no_longer_asked_for_says_to_reduce_not_how() {
    let c = c();
    // 不再要求提供 is as often the end of a fetch (通过数据共享获取，不再要求提供) as a cancel.
    assert_eq!(label(&c, "不再要求提供"), "unclear");
    assert_eq!(label(&c, "不再要求申请人提交"), "unclear");
    assert_eq!(label(&c, "不再要求申请人提交，直接取消"), CANCEL);
    assert_eq!(
        label(&c, "通过数据共享核验，不再要求申请人提供"),
        "数据核验"
    );
    // Every other way denied makes it outright; one way denied does not.
    assert_eq!(
        label(&c, "不再要求提交，且不以承诺或核验等方式替代"),
        CANCEL
    );
    assert_ne!(label(&c, "不需要提交，不采用告知承诺"), CANCEL);
}

#[test]
fn a_cell_that_only_names_the_paper_keeps_it() {
    let c = c();
    for text in ["提交", "纸质材料", "申请人提供", "原件"] {
        assert_eq!(label(&c, text), KEEP, "{text}");
    }
    // A whole cell that is a keep phrase with a homophone slip.
    assert_eq!(label(&c, "保流"), KEEP);
    // Inside a sentence the same words only say what the paper was.
    assert_eq!(label(&c, "取消纸质材料，改为数据核验"), "数据核验");
    assert_eq!(
        label(
            &c,
            "该材料属于审批部门内部生成的文书，要求申请人提供没有必要，现予以取消"
        ),
        CANCEL
    );
}

#[test]
fn a_space_between_two_methods_parts_them_as_a_comma_does() {
    let c = c();
    assert_eq!(label(&c, "取消 数据核验"), "conflict");
    assert_eq!(label(&c, "电子证照核验 告知承诺"), "conflict");
    // A space inside a word, or before what the method is replaced by, parts nothing.
    assert_eq!(label(&c, "取 消"), CANCEL);
    assert_eq!(label(&c, "取消 改为数据核验"), DATA_CHECK);
}

#[test]
fn dianzheng_is_the_electronic_licence_written_short() {
    let c = c();
    assert_eq!(label(&c, "电证核验"), ELICENCE_CHECK);
    assert_eq!(label(&c, "电证调用"), ELICENCE_CHECK);
    // Only with the check it is done by: 来电证明 says no method.
    assert_eq!(label(&c, "来电证明"), "unclear");
}

#[test]
fn marks_inside_a_phrase_plans_time_promises_and_english_words() {
    let c = c();
    // A dash or dot between two characters is a slip inside one phrase.
    assert_eq!(label(&c, "原件-提交"), KEEP);
    assert_eq!(label(&c, "告知·承诺"), COMMITMENT);
    assert_eq!(label(&c, "数据核验-电子证照核验"), "conflict");
    // A check between departments is a data check; paper for those it fails is its fallback.
    assert_eq!(label(&c, "部门间核查，无法核查的提交纸质材料"), DATA_CHECK);
    assert_eq!(label(&c, "跨部门调取"), DATA_CHECK);
    // A plan with a deadline is not yet a method; a promise of time is no commitment.
    assert_eq!(
        c.classify("2024年底前实现数据共享").class,
        MethodClass::Undecided
    );
    assert_eq!(label(&c, "承诺在5个工作日内办结"), "unclear");
    assert_eq!(label(&c, "告知承诺，5个工作日内办结"), COMMITMENT);
    assert_eq!(label(&c, "abolished"), CANCEL);
    assert_eq!(label(&c, "still required"), KEEP);
    assert_eq!(
        label(&c, "Interface check with issuing department"),
        DATA_CHECK
    );
    // Not handed in, without saying how, is no cancellation.
    assert_eq!(label(&c, "no longer required"), "unclear");
}

#[test]
fn the_method_vocabulary_reads_in_traditional_characters_too() {
    let c = c();
    assert!(
        TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, distinct"
    );
    assert_eq!(label(&c, "數據核驗"), DATA_CHECK);
    assert_eq!(label(&c, "電子證照核驗"), ELICENCE_CHECK);
    assert_eq!(label(&c, "告知承諾"), COMMITMENT);
    assert_eq!(label(&c, "通過電子證照庫調取"), ELICENCE_CHECK);
    // A simplified text reads as it stands.
    assert_eq!(
        simplified("数据核验，无法核验的提交原件"),
        "数据核验，无法核验的提交原件"
    );
}

#[test]
fn handing_nothing_in_and_the_paper_in_is_for_a_person_to_decide() {
    // Both said and no method: neither 不减 nor a reduction is what the cell decides.
    let c = c();
    for text in [
        "原则上免于提交，确需提交的由窗口决定",
        "本市户籍免于提交，外省市户籍需提交",
    ] {
        let o = c.classify(text);
        assert_eq!(o.class, MethodClass::Undecided, "{text}: {}", o.why);
        assert!(o.why.contains("又写了要交"), "{text}: {}", o.why);
    }
    // A reduction denied, with the paper kept, is still 不减.
    assert_eq!(c.classify("不减免，仍需提交").method(), Some(KEEP));
    assert_eq!(c.classify("暂不减免，仍需申请人提交").method(), Some(KEEP));
}

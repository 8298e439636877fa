//! Stations of a district's bureau named by where they are (七宝派出所, 辖区派出所, 税务所 on a
//! district's list): a 派出所 is a station of the district's 公安分局, a 税务所 of its 税务局,
//! a 司法所 of its 司法局, a 市场监管所 of its 市场监督管理局. The district is the one of the
//! street or town written before the station, or the list's own; the bureau is then looked
//! up by the district's name, and accepted only as surely as that lookup is.

use super::outcome::{Decision, Outcome};
use super::region::Region;
use super::{Context, Engine, Kind};

/// A station's ending and the bureau it belongs to, as a district's name is followed. A
/// district's 婚姻登记中心 is run by its 民政局, its 社保中心 and 就业促进中心 by its 人社局,
/// its 医保中心 by its 医保局, its 不动产登记中心 by its 规划资源局.
pub(super) const STATIONS: [(&str, &str); 11] = [
    ("派出所", "公安分局"),
    ("税务所", "税务局"),
    ("司法所", "司法局"),
    ("市场监管所", "市场监督管理局"),
    ("婚姻登记中心", "民政局"),
    ("婚姻登记处", "民政局"),
    ("社保中心", "人力资源和社会保障局"),
    ("社会保险事业管理中心", "人力资源和社会保障局"),
    ("就业促进中心", "人力资源和社会保障局"),
    ("医保中心", "医疗保障局"),
    ("不动产登记中心", "规划和自然资源局"),
];

/// Words before a station that say only that it is the list's district's.
const OWN: [&str; 5] = ["", "辖区", "本区", "属地", "区"];

impl Engine {
    /// The district bureau a station belongs to; None when the cell is no station, its
    /// district is not known, or the bureau is not surely found.
    pub(super) fn station_of_district(&self, full: &str, ctx: Context) -> Option<Outcome> {
        if self.kind != Kind::Department {
            return None;
        }
        let (head, station, bureau) = STATIONS
            .iter()
            .find_map(|(s, b)| full.strip_suffix(s).map(|h| (h, *s, *b)))?;
        let district = if OWN.contains(&head) {
            ctx.region.filter(|r| matches!(r, Region::District(_)))?
        } else if let (Some(d @ Region::District(_)), rest) = self.places.regions.strip_prefix(full)
            && rest == station
        {
            // 闵行区婚姻登记中心: the district written whole.
            d
        } else {
            self.district_of_place(head, ctx)?
        };
        let name = self.district_name(district)?;
        let o = self.lookup_one(&format!("{name}{bureau}"), ctx, true);
        if o.decision != Decision::Auto || o.hits.len() != 1 {
            return None;
        }
        let mut o = o;
        // Read through the station's district, a little less sure than the bureau named.
        for h in &mut o.hits {
            h.score *= 0.95;
        }
        o.why = crate::tr!("match.station", station = full, kind = station, why = o.why);
        Some(o)
    }

    /// The district of the street or town a place name (七宝, 陆家嘴街道) names, when one
    /// listed street office or town government surely is it.
    fn district_of_place(&self, place: &str, ctx: Context) -> Option<Region> {
        if place.chars().count() < 2 {
            return None;
        }
        let forms = if place.ends_with('镇') || place.ends_with("街道") {
            vec![place.to_string()]
        } else {
            vec![format!("{place}镇"), format!("{place}街道")]
        };
        let found: Vec<usize> = forms
            .iter()
            .filter_map(|f| {
                let o = self.lookup_one(f, ctx, true);
                (o.decision == Decision::Auto && o.hits.len() == 1).then(|| o.hits[0].id)
            })
            .collect();
        match found.as_slice() {
            [id] => Some(self.region_of(*id)).filter(|r| matches!(r, Region::District(_))),
            _ => None,
        }
    }
}

//! The pieces of multi-name cells, resolved once a run: 市公安局 comes back in thousands of
//! cells (市公安局、市人社局, 市民政局和市公安局) and each piece is looked up alone. The memo
//! keeps the outcome of each (piece, region) as `lookup_one` gave it, so a piece met again
//! costs a hash lookup.
//!
//! What must stay true: a remembered outcome is the one the lookup would give now (the engine
//! does not change while it is shared), so the memo changes no answer, only its cost; and it
//! holds at most `MEMO_MAX` pieces, so memory stays bounded on any input.

use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

use super::outcome::Outcome;
use super::region::Region;
use super::{Context, Engine};

/// Pieces remembered at most; later pieces are looked up each time.
const MEMO_MAX: usize = 1 << 15;

/// Resolved pieces by (text, region of the context).
#[derive(Default)]
pub(super) struct PieceMemo {
    map: Mutex<HashMap<(String, Option<Region>), Outcome>>,
}

/// A clone starts empty: the memo is a cache, not part of what the engine knows.
impl Clone for PieceMemo {
    fn clone(&self) -> Self {
        PieceMemo::default()
    }
}

impl std::fmt::Debug for PieceMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PieceMemo")
    }
}

impl Engine {
    /// `lookup_one(piece, ctx, true)`, remembered.
    pub(super) fn resolve_piece(&self, piece: &str, ctx: Context) -> Outcome {
        let key = (piece.to_string(), ctx.region);
        // A poisoned lock only means another thread panicked mid-insert: look up afresh.
        if let Ok(map) = self.memo.map.lock()
            && let Some(o) = map.get(&key)
        {
            return o.clone();
        }
        let o = self.lookup_one(piece, ctx, true);
        if let Ok(mut map) = self.memo.map.lock()
            && map.len() < MEMO_MAX
        {
            map.insert(key, o.clone());
        }
        o
    }
}

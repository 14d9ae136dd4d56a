//! Helpers shared by every test tree: the domain and storage tests beside this folder
//! (`mod support;`), and the app's command-layer and end-to-end tests under the repository's
//! `tests/` (which include this file by `#[path]`). One copy, so the trees cannot drift apart.

// Each test binary uses its own share of these.
#![allow(dead_code)]

use std::path::Path;

use gutskin_core::Day;

/// A day from a `YYYY-MM-DD` literal written in a test.
pub fn day(text: &str) -> Day {
    Day::parse(text).unwrap_or_else(|e| panic!("{text:?} is not a day: {e}"))
}

/// How many rows `table` of the SQLite file at `db` holds, read on a connection of its own.
pub fn count_rows(db: &Path, table: &str) -> i64 {
    let conn =
        rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("opening {}: {e}", db.display()));
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("counting {table}: {e}"))
}

/// Makes a GutSkin file at `db` as a build with schema version `version` left it: its first
/// `version` steps, then `rows` (SQL in that version's tables). Opening it then migrates it.
pub fn old_file(db: &Path, version: usize, rows: &str) {
    let conn = rusqlite::Connection::open(db).expect("a new file");
    for step in &gutskin_core::store::schema_steps()[..version] {
        conn.execute_batch(step).expect("an old step");
    }
    conn.execute_batch(rows).expect("the old rows");
    conn.pragma_update(None, "application_id", gutskin_core::store::APPLICATION_ID)
        .expect("application_id");
    conn.pragma_update(None, "user_version", version as i64)
        .expect("user_version");
}

/// The indicator checklist's questions in the order the Check screen asks them.
pub const INDICATOR_ORDER: [&str; 9] = [
    "bloating",
    "gas",
    "irregular_bowel",
    "ibs",
    "back_chest",
    "lower_face",
    "topical_resistant",
    "fatigue",
    "brain_fog",
];

/// A small xorshift generator: reproducible numbers from a seed, no extra crate.
pub struct XorShift(u64);

impl XorShift {
    /// A zero seed (which xorshift would keep at zero forever) becomes one.
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `len` bytes of noise from `seed`: a file that is certainly not SQLite.
pub fn junk_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = XorShift::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

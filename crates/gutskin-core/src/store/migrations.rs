//! The schema, as an ordered list of steps. Step N brings a file from `user_version` N-1 to N.
//! Never edit a step that has shipped; add a new one.

/// `PRAGMA application_id` of every GutSkin file ("GSKN"), so a foreign SQLite file is told
/// apart from ours.
pub const APPLICATION_ID: i32 = 0x4753_4B4E;

pub const MIGRATIONS: &[&str] = &[
    // 1: habits (the user's settings for the built-in catalogue), check-ins, app settings.
    "
    CREATE TABLE habits (
        id       TEXT PRIMARY KEY NOT NULL,
        enabled  INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        target   INTEGER CHECK (target IS NULL OR target > 0),
        position INTEGER NOT NULL
    ) STRICT;

    -- One row per habit per day on which something was recorded; a value of 0 is no row.
    CREATE TABLE check_ins (
        habit_id   TEXT NOT NULL REFERENCES habits (id),
        day        TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        value      INTEGER NOT NULL CHECK (value > 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (habit_id, day)
    ) STRICT, WITHOUT ROWID;

    CREATE INDEX check_ins_by_day ON check_ins (day);

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    ",
    // 2: the indicator checklist: saved assessments with their answers, and the draft.
    "
    -- One row per saved checklist. checklist_version says which questions were asked, so an
    -- assessment stays readable after the checklist changes.
    CREATE TABLE assessments (
        id                INTEGER PRIMARY KEY,
        day               TEXT NOT NULL
                          CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        checklist_version INTEGER NOT NULL CHECK (checklist_version > 0),
        created_at        TEXT NOT NULL
    ) STRICT;

    CREATE INDEX assessments_by_day ON assessments (day, id);

    CREATE TABLE assessment_answers (
        assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        indicator_id  TEXT NOT NULL,
        answer        TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'not_sure')),
        PRIMARY KEY (assessment_id, indicator_id)
    ) STRICT, WITHOUT ROWID;

    -- The checklist being filled in, one row per answer given so far; emptied when it is
    -- saved or discarded. Indicator ids are stable across checklist versions, so a draft
    -- needs no version of its own.
    CREATE TABLE assessment_draft (
        indicator_id TEXT PRIMARY KEY NOT NULL,
        answer       TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'not_sure')),
        updated_at   TEXT NOT NULL
    ) STRICT;
    ",
    // 3: the daily skin-and-gut log: one row per day, each field empty until the user sets it.
    "
    CREATE TABLE day_logs (
        day        TEXT PRIMARY KEY NOT NULL
                   CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        skin       INTEGER CHECK (skin BETWEEN 0 AND 4),
        -- Breakout areas as a comma-separated list of area ids in a fixed order; '' is none.
        areas      TEXT NOT NULL DEFAULT '',
        bloating   INTEGER CHECK (bloating BETWEEN 0 AND 3),
        bristol    INTEGER CHECK (bristol BETWEEN 1 AND 7),
        fatigue    INTEGER CHECK (fatigue BETWEEN 0 AND 3),
        brain_fog  INTEGER CHECK (brain_fog BETWEEN 0 AND 3),
        stress     INTEGER CHECK (stress BETWEEN 0 AND 3),
        note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        updated_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    ",
    // 4: planned experiments (N-of-1 trials of one habit): the plan, the stored block order,
    // the status and, once over, the result as it stood when it ended.
    "
    CREATE TABLE experiments (
        id            INTEGER PRIMARY KEY,
        habit_id      TEXT NOT NULL,
        outcome       TEXT NOT NULL CHECK (outcome IN ('skin', 'bloating')),
        design        TEXT NOT NULL CHECK (design IN ('alternating_blocks', 'before_after')),
        -- alternating_blocks: block_days and pairs; before_after: block_days is the period
        -- with the change and baseline_days the usual period before it.
        block_days    INTEGER NOT NULL CHECK (block_days > 0),
        pairs         INTEGER CHECK (pairs IS NULL OR pairs > 0),
        baseline_days INTEGER CHECK (baseline_days IS NULL OR baseline_days > 0),
        wash_in_days  INTEGER NOT NULL CHECK (wash_in_days >= 0),
        -- One character per pair, '1' when its change block comes first; '' for before_after.
        change_first  TEXT NOT NULL CHECK (change_first NOT GLOB '*[^01]*'),
        start_day     TEXT NOT NULL
                      CHECK (start_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        status        TEXT NOT NULL
                      CHECK (status IN ('running', 'completed', 'ended_early', 'abandoned')),
        -- The last day analysed, once the experiment is over.
        ended_on      TEXT CHECK (ended_on IS NULL
                      OR ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        -- The result when it ended: the verdict's kind, change - usual and its 95% interval,
        -- the share of the change blocks' days with the change kept.
        verdict       TEXT,
        effect        REAL,
        ci_low        REAL,
        ci_high       REAL,
        adherence     REAL,
        created_at    TEXT NOT NULL
    ) STRICT;

    -- At most one experiment runs at a time.
    CREATE UNIQUE INDEX experiments_one_running ON experiments (status)
        WHERE status = 'running';
    ",
    // 5: own habits (name, kind, unit, why note, first day), the rules each habit has had
    // (target, direction, schedule, from the day each came into force), skipped days, and
    // check-ins that may record an explicit 0 (an at-most habit: "no coffee today").
    "
    ALTER TABLE habits ADD COLUMN name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 60);
    ALTER TABLE habits ADD COLUMN kind TEXT CHECK (kind IS NULL OR kind IN ('check', 'count'));
    ALTER TABLE habits ADD COLUMN unit TEXT CHECK (unit IS NULL OR length(unit) BETWEEN 1 AND 20);
    ALTER TABLE habits ADD COLUMN why TEXT NOT NULL DEFAULT '' CHECK (length(why) <= 500);
    ALTER TABLE habits ADD COLUMN created_on TEXT CHECK (created_on IS NULL
        OR created_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');

    CREATE TABLE habit_rules (
        habit_id  TEXT NOT NULL REFERENCES habits (id),
        from_day  TEXT NOT NULL
                  CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        target    INTEGER NOT NULL CHECK (target > 0),
        direction TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most')),
        -- JSON: {\"kind\":\"every_day\"}, weekdays with their days, or times_per_week.
        schedule  TEXT NOT NULL,
        PRIMARY KEY (habit_id, from_day)
    ) STRICT, WITHOUT ROWID;

    -- Every habit had one target so far, in force from the beginning. A built-in check habit
    -- has target 1; a count habit that kept the catalogue's default stored none.
    INSERT INTO habit_rules (habit_id, from_day, target, direction, schedule)
        SELECT id, '2000-01-01',
               COALESCE(target, CASE id WHEN 'fiber' THEN 5 WHEN 'stress' THEN 10 ELSE 1 END),
               'at_least', '{\"kind\":\"every_day\"}'
        FROM habits;
    ALTER TABLE habits DROP COLUMN target;

    CREATE TABLE skips (
        habit_id TEXT NOT NULL REFERENCES habits (id),
        day      TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        PRIMARY KEY (habit_id, day)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE check_ins_v5 (
        habit_id   TEXT NOT NULL REFERENCES habits (id),
        day        TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        value      INTEGER NOT NULL CHECK (value >= 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (habit_id, day)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO check_ins_v5 SELECT habit_id, day, value, updated_at FROM check_ins;
    DROP TABLE check_ins;
    ALTER TABLE check_ins_v5 RENAME TO check_ins;
    CREATE INDEX check_ins_by_day ON check_ins (day);
    ",
];

/// The schema version this build writes and understands.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Every table the steps make, each with its columns and their declared types, in order;
    /// and the indexes beside the primary keys. A step that adds, drops or renames anything
    /// must change this list too, which is the point: the schema is checked, not "some tables".
    const SCHEMA: &[(&str, &[&str])] = &[
        (
            "assessment_answers",
            &["assessment_id INTEGER", "indicator_id TEXT", "answer TEXT"],
        ),
        (
            "assessment_draft",
            &["indicator_id TEXT", "answer TEXT", "updated_at TEXT"],
        ),
        (
            "assessments",
            &[
                "id INTEGER",
                "day TEXT",
                "checklist_version INTEGER",
                "created_at TEXT",
            ],
        ),
        (
            "check_ins",
            &[
                "habit_id TEXT",
                "day TEXT",
                "value INTEGER",
                "updated_at TEXT",
            ],
        ),
        (
            "day_logs",
            &[
                "day TEXT",
                "skin INTEGER",
                "areas TEXT",
                "bloating INTEGER",
                "bristol INTEGER",
                "fatigue INTEGER",
                "brain_fog INTEGER",
                "stress INTEGER",
                "note TEXT",
                "updated_at TEXT",
            ],
        ),
        (
            "experiments",
            &[
                "id INTEGER",
                "habit_id TEXT",
                "outcome TEXT",
                "design TEXT",
                "block_days INTEGER",
                "pairs INTEGER",
                "baseline_days INTEGER",
                "wash_in_days INTEGER",
                "change_first TEXT",
                "start_day TEXT",
                "status TEXT",
                "ended_on TEXT",
                "verdict TEXT",
                "effect REAL",
                "ci_low REAL",
                "ci_high REAL",
                "adherence REAL",
                "created_at TEXT",
            ],
        ),
        (
            "habit_rules",
            &[
                "habit_id TEXT",
                "from_day TEXT",
                "target INTEGER",
                "direction TEXT",
                "schedule TEXT",
            ],
        ),
        (
            "habits",
            &[
                "id TEXT",
                "enabled INTEGER",
                "position INTEGER",
                "name TEXT",
                "kind TEXT",
                "unit TEXT",
                "why TEXT",
                "created_on TEXT",
            ],
        ),
        ("settings", &["key TEXT", "value TEXT"]),
        ("skips", &["habit_id TEXT", "day TEXT"]),
    ];
    const INDEXES: &[&str] = &[
        "assessments_by_day",
        "check_ins_by_day",
        "experiments_one_running",
    ];

    /// The tables of `conn` as (name, ["column TYPE", ...]), by name; then its own indexes.
    fn schema(conn: &Connection) -> (Vec<(String, Vec<String>)>, Vec<String>) {
        let names = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        };
        let tables = names(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .into_iter()
        .map(|table| {
            let columns = names(&format!(
                "SELECT name || ' ' || type FROM pragma_table_info('{table}') ORDER BY cid"
            ));
            (table, columns)
        })
        .collect();
        let indexes = names(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        );
        (tables, indexes)
    }

    fn expected() -> (Vec<(String, Vec<String>)>, Vec<String>) {
        let tables = SCHEMA
            .iter()
            .map(|(t, cols)| (t.to_string(), cols.iter().map(|c| c.to_string()).collect()))
            .collect();
        (tables, INDEXES.iter().map(|i| i.to_string()).collect())
    }

    #[test]
    fn the_steps_make_exactly_the_tables_and_columns_of_the_schema() {
        let conn = Connection::open_in_memory().unwrap();
        for (i, step) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(step)
                .unwrap_or_else(|e| panic!("migration {} failed: {e}", i + 1));
        }
        assert_eq!(schema(&conn), expected());
    }

    #[test]
    fn a_version_1_file_gains_the_checklist_tables_and_keeps_its_check_ins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "INSERT INTO habits VALUES ('zinc', 1, NULL, 3);
                 INSERT INTO check_ins VALUES ('zinc', '2025-01-02', 1, '2025-01-02T08:00:00Z');",
            )
            .unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let version: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
        assert_eq!(
            schema(store.conn()),
            expected(),
            "the same schema as a new file"
        );
        let day = crate::Day::parse("2025-01-02").unwrap();
        assert_eq!(store.values_on(day).unwrap()["zinc"], 1);
        assert!(store.assessment_history().unwrap().assessments.is_empty());
        assert_eq!(store.draft().unwrap().answered, 0);
    }
}

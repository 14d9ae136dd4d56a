//! Hostile input to the domain's entry points: arbitrary text and numbers never panic, and a
//! refused call writes nothing.

use gutskin_core::backup::{create_backup, list_backups, restore_backup, BackupReason};
use gutskin_core::checklist::Checklist;
use gutskin_core::daylog::Change;
use gutskin_core::settings::{set_habit_enabled, set_habit_target, set_theme};
use gutskin_core::transfer::export_document;
use gutskin_core::{Day, Store};
use proptest::prelude::*;
use serde_json::{json, Value};

fn snapshot(store: &Store) -> String {
    let mut doc = export_document(store).unwrap();
    doc.exported_at.clear();
    serde_json::to_string(&doc).unwrap()
}

fn habit_ids() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "fiber",
            "sugar",
            "zinc",
            "stress",
            "dairy_free",
            "FIBER",
            "fiber ",
            "",
            "<b>",
        ])
        .prop_map(str::to_string),
        ".{0,20}",
    ]
}

fn days() -> impl Strategy<Value = String> {
    prop_oneof![
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-9-]{0,12}",
        ".{0,12}",
        Just("2025-02-29".to_string()),
        Just("1999-12-31".to_string()),
    ]
}

/// Any JSON a tampered window could send as a value.
fn json_values() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-2i64..10).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(u64::MAX)),
        ".{0,30}".prop_map(Value::from),
        Just(json!("x".repeat(2_100))),
        prop::collection::vec(
            prop::sample::select(vec![
                "back", "cheeks", "chin", "forehead", "Back", "", "<b>"
            ]),
            0..8,
        )
        .prop_map(|v| json!(v)),
        Just(json!([1, null])),
        Just(json!({ "a": 1 })),
    ]
}

fn fields() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "skin",
            "areas",
            "bloating",
            "bristol",
            "fatigue",
            "brain_fog",
            "stress",
            "note",
            "Skin",
            "day",
            "",
            "updated_at",
        ])
        .prop_map(str::to_string),
        ".{0,12}",
    ]
}

fn indicators() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            Checklist::current()
                .indicators
                .iter()
                .map(|i| i.id)
                .collect::<Vec<_>>()
        )
        .prop_map(str::to_string),
        ".{0,12}",
    ]
}

fn answers() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["yes", "no", "not_sure", "YES", "not sure", ""])
            .prop_map(str::to_string),
        ".{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn day_parsing_never_panics(text in ".{0,40}") {
        let _ = Day::parse(&text);
    }

    /// Every write of the domain (check-ins, habit settings, theme, day-log fields, draft
    /// answers, discarding the draft, saving an assessment, backups and restoring one) and its
    /// reads (a day's log, Progress for any number of weeks): never a panic, and a refused
    /// write leaves every table as it was. The draft starts empty, partly or wholly answered,
    /// so saving an assessment is sometimes possible.
    #[test]
    fn every_domain_write_is_whole_or_nothing(
        op in 0u8..11,
        habit in habit_ids(),
        day in days(),
        number in prop_oneof![any::<i64>(), -3i64..300],
        text in ".{0,12}",
        field in fields(),
        value in json_values(),
        indicator in indicators(),
        answer in answers(),
        answered in 0usize..=9,
        weeks in 0u32..60,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("h.sqlite3")).unwrap();
        let today = Day::parse("2025-06-30").unwrap();
        for i in Checklist::current().indicators.iter().take(answered) {
            store.set_draft_answer(i.id, "no").unwrap();
        }
        let before = snapshot(&store);
        let result = match op {
            0 => Day::parse(&day)
                .and_then(|d| store.set_check_in(&habit, d, today, number).map(|_| ())),
            1 => set_habit_target(&store, &habit, number, gutskin_core::Day::earliest()).map(|_| ()),
            2 => set_habit_enabled(&store, &habit, number % 2 == 0),
            3 => set_theme(&store, &text).map(|_| ()),
            4 => Day::parse(&day).and_then(|d| {
                let change = Change::parse(&field, &value)?;
                store.set_day_log_field(d, today, &change).map(|_| ())
            }),
            5 => store.set_draft_answer(&indicator, &answer).map(|_| ()),
            6 => store.discard_draft().map(|_| ()),
            7 => Day::parse(&day).and_then(|d| store.save_assessment(d, today).map(|_| ())),
            8 => restore_backup(&mut store, &text).map(|_| ()),
            9 => {
                let made = create_backup(&store, BackupReason::Manual).unwrap();
                prop_assert_eq!(&list_backups(store.path()).unwrap()[0].name, &made.name);
                prop_assert_eq!(snapshot(&store), before.clone(), "a backup changes no data");
                Ok(())
            }
            _ => {
                // Reads write nothing, whatever they are asked.
                let _ = Day::parse(&day).and_then(|d| store.day_log(d));
                let _ = store.progress_view(today, weeks);
                prop_assert_eq!(snapshot(&store), before.clone());
                Ok(())
            }
        };
        if let Err(e) = result {
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(snapshot(&store), before);
        }
    }
}

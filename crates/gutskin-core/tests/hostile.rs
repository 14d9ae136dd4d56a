//! Hostile input to the domain's entry points: arbitrary text and numbers never panic, and a
//! refused call writes nothing.

use gutskin_core::settings::{set_habit_enabled, set_habit_target, set_theme};
use gutskin_core::transfer::export_document;
use gutskin_core::{Day, Store};
use proptest::prelude::*;

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

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn day_parsing_never_panics(text in ".{0,40}") {
        let _ = Day::parse(&text);
    }

    #[test]
    fn every_domain_write_is_whole_or_nothing(
        op in 0u8..4,
        habit in habit_ids(),
        day in days(),
        number in prop_oneof![any::<i64>(), -3i64..300],
        text in ".{0,12}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("h.sqlite3")).unwrap();
        let today = Day::parse("2025-06-30").unwrap();
        let before = snapshot(&store);
        let result = match op {
            0 => Day::parse(&day)
                .and_then(|d| store.set_check_in(&habit, d, today, number).map(|_| ())),
            1 => set_habit_target(&store, &habit, number).map(|_| ()),
            2 => set_habit_enabled(&store, &habit, number % 2 == 0),
            _ => set_theme(&store, &text).map(|_| ()),
        };
        if let Err(e) = result {
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(snapshot(&store), before);
        }
    }
}

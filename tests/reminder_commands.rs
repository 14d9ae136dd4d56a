//! The reminder settings over IPC (mock runtime, real capability file): stored as sent and
//! returned with the Settings view; a refused change writes nothing.

use serde_json::json;

use crate::commands::Harness;

#[test]
fn reminders_are_stored_through_ipc_and_bad_ones_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("gutskin.sqlite3"));
    let view = h.invoke("settings_view", json!({})).unwrap();
    assert_eq!(view["reminders"]["enabled"], false);
    assert_eq!(view["reminders"]["time"], "20:00");

    let mut reminders = view["reminders"].clone();
    reminders["enabled"] = json!(true);
    reminders["time"] = json!("07:45");
    reminders["weekdays"] = json!(["sun", "mon"]);
    reminders["habit_times"] = json!({ "zinc": "12:30" });
    let view = h
        .invoke("set_reminders", json!({ "reminders": reminders }))
        .unwrap();
    assert_eq!(view["reminders"]["enabled"], true);
    assert_eq!(view["reminders"]["time"], "07:45");
    assert_eq!(view["reminders"]["weekdays"], json!(["mon", "sun"]));
    assert_eq!(view["reminders"]["habit_times"]["zinc"], "12:30");

    let stored = h.invoke("settings_view", json!({})).unwrap()["reminders"].clone();
    for (field, bad) in [
        ("time", json!("25:00")),
        ("time", json!(7)),
        ("weekdays", json!(["someday"])),
        ("habit_times", json!({ "kale": "08:00" })),
        ("enabled", json!("yes")),
    ] {
        let mut wrong = stored.clone();
        wrong[field] = bad.clone();
        assert!(
            h.invoke("set_reminders", json!({ "reminders": wrong }))
                .is_err(),
            "{field}: {bad}"
        );
    }
    assert!(h
        .invoke("set_reminders", json!({ "reminders": { "enabled": true } }))
        .is_err());
    assert_eq!(
        h.invoke("settings_view", json!({})).unwrap()["reminders"],
        stored
    );
}

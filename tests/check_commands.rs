//! Command-layer tests of the Check and Learn screens: real IPC requests through the mock
//! runtime against a temp SQLite file.

use serde_json::{json, Value};

use crate::commands::{refusal, today, Harness};

use crate::support::{count_rows as count, INDICATOR_ORDER as INDICATORS};

fn answer(h: &Harness, id: &str, answer: &str) -> Value {
    h.invoke(
        "set_draft_answer",
        json!({ "indicatorId": id, "answer": answer }),
    )
    .unwrap_or_else(|e| panic!("{id}={answer}: {e}"))
}

/// Answers every question `no` except the ones given.
fn fill(h: &Harness, overrides: &[(&str, &str)]) {
    for id in INDICATORS {
        let given = overrides.iter().find(|(i, _)| *i == id).map(|(_, a)| *a);
        answer(h, id, given.unwrap_or("no"));
    }
}

#[test]
fn the_checklist_has_four_areas_nine_questions_and_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    let view = h.invoke("checklist", json!({})).unwrap();
    assert_eq!(view["version"], 1);
    let groups = view["groups"].as_array().unwrap();
    let ids: Vec<&str> = groups.iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["digestive", "pattern", "treatment", "systemic"]);
    let questions: Vec<&str> = groups
        .iter()
        .flat_map(|g| g["indicators"].as_array().unwrap())
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(questions, INDICATORS);
    assert!(groups[0]["indicators"][0]["why"].as_str().unwrap().len() > 40);
    let values: Vec<&str> = view["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["yes", "no", "not_sure"]);
    assert_eq!(view["draft"]["answered"], 0);
    assert_eq!(view["draft"]["total"], 9);
}

#[test]
fn a_draft_is_kept_answer_by_answer_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    {
        let h = Harness::new(&db);
        let draft = answer(&h, "bloating", "yes");
        assert_eq!(draft["answered"], 1);
        answer(&h, "brain_fog", "not_sure");
        let draft = answer(&h, "bloating", "no");
        assert_eq!(
            draft["answers"],
            json!({ "bloating": "no", "brain_fog": "not_sure" })
        );
    }
    // A new app on the same file finds the draft.
    let h = Harness::new(&db);
    let view = h.invoke("checklist", json!({})).unwrap();
    assert_eq!(view["draft"]["answered"], 2);
    assert_eq!(view["draft"]["answers"]["brain_fog"], "not_sure");
    let draft = h.invoke("discard_draft", json!({})).unwrap();
    assert_eq!(draft["answered"], 0);
    assert_eq!(count(&db, "assessment_draft"), 0);
}

#[test]
fn saving_returns_the_history_with_the_result_and_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let history = h.invoke("assessment_history", json!({})).unwrap();
    assert_eq!(history, json!({ "assessments": [], "comparison": null }));

    fill(
        &h,
        &[
            ("gas", "yes"),
            ("lower_face", "yes"),
            ("fatigue", "not_sure"),
        ],
    );
    let history = h.invoke("save_assessment", json!({})).unwrap();
    let first = &history["assessments"][0];
    assert_eq!(first["day"], today());
    assert_eq!(first["checklist_version"], 1);
    let outcome = &first["outcome"];
    assert_eq!(outcome["band"], "some");
    assert_eq!(outcome["groups_with_yes"], 2);
    assert_eq!(outcome["group_count"], 4);
    assert_eq!(outcome["groups"][0]["id"], "digestive");
    assert_eq!(outcome["groups"][0]["yes"][0]["id"], "gas");
    assert_eq!(outcome["groups"][1]["id"], "pattern");
    assert_eq!(outcome["not_sure"][0]["id"], "fatigue");
    assert!(outcome["not_sure_note"]
        .as_str()
        .unwrap()
        .contains("neither yes nor no"));
    assert_eq!(
        outcome["habits"][0]["id"], "sugar",
        "sugar serves both areas"
    );
    assert!(outcome["not_a_diagnosis"].as_str().unwrap().len() > 20);
    assert!(outcome["warning_signs"]["skin"].as_array().unwrap().len() >= 5);
    assert_eq!(history["comparison"], Value::Null);
    assert_eq!(count(&db, "assessment_draft"), 0);

    fill(&h, &[("gas", "yes")]);
    // A date from the window is not an argument of the command: the assessment is today's.
    let history = h
        .invoke("save_assessment", json!({ "day": "2025-01-01" }))
        .unwrap();
    assert_eq!(history["assessments"][0]["day"], today());
    assert_eq!(history["assessments"][1]["day"], today());
    assert_eq!(history["assessments"].as_array().unwrap().len(), 2);
    assert_eq!(history["assessments"][0]["outcome"]["band"], "one");
    let comparison = &history["comparison"];
    assert_eq!(comparison["before"], 2);
    assert_eq!(comparison["after"], 1);
    assert_eq!(comparison["lost"][0]["id"], "pattern");
    assert_eq!(comparison["gained"], json!([]));
    let changed: Vec<&str> = comparison["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["lower_face", "fatigue"]);
    assert_eq!(comparison["changes"][1]["before"], "not_sure");
    assert_eq!(comparison["changes"][1]["after"], "no");
}

#[test]
fn bad_checklist_input_gets_a_kind_and_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let h = Harness::new(&db);
    let cases = [
        json!({ "indicatorId": "acne_on_elbows", "answer": "yes" }),
        json!({ "indicatorId": "gas", "answer": "maybe" }),
        json!({ "indicatorId": "gas", "answer": "not sure" }),
        json!({ "indicatorId": "gas", "answer": "YES" }),
        json!({ "indicatorId": "", "answer": "yes" }),
    ];
    for args in cases {
        let err = h
            .invoke("set_draft_answer", args.clone())
            .expect_err("must be refused");
        assert_eq!(err["kind"], "invalid", "{args}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.len() > 10),
            "{err}"
        );
    }
    // Wrong types never reach the domain; argument decoding refuses them.
    for args in [
        json!({ "indicatorId": "gas", "answer": true }),
        json!({ "indicatorId": "gas" }),
    ] {
        let err = h.invoke("set_draft_answer", args.clone()).unwrap_err();
        assert_eq!(refusal(&err), "bad_args", "{args}: {err}");
    }
    assert_eq!(count(&db, "assessment_draft"), 0);

    // An incomplete draft is not saved; the message names what is open.
    answer(&h, "gas", "yes");
    let err = h.invoke("save_assessment", json!({})).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("8 questions are still open"),
        "{err}"
    );
    assert_eq!(count(&db, "assessments"), 0);
    assert_eq!(count(&db, "assessment_answers"), 0);
    assert_eq!(count(&db, "assessment_draft"), 1, "the draft is kept");
}

#[test]
fn the_habit_guide_lists_the_catalogue_with_its_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new(&dir.path().join("g.sqlite3"));
    let habits = h.invoke("habit_guide", json!({})).unwrap();
    let habits = habits.as_array().unwrap();
    let ids: Vec<&str> = habits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "fiber",
            "sugar",
            "probiotics",
            "zinc",
            "omega3",
            "stress",
            "dairy_free",
            "low_glycemic"
        ]
    );
    assert!(habits.iter().all(|h| h["why"].as_str().unwrap().len() > 20));
    assert_eq!(habits[6]["enabled"], false);
}

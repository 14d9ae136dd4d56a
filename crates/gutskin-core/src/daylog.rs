//! The daily skin-and-gut log: one quick record per day, saved one field at a time.
//!
//! Every field starts empty ("not recorded") and is set as the user makes a choice, so a log
//! filled halfway is still a valid log. Changes are validated before anything is written.

use serde::Serialize;
use serde_json::Value;

use crate::day::Day;
use crate::db;
use crate::error::{Error, Result};
use crate::store::{now_utc, Store};

/// The longest note, in characters (not bytes: accents and emoji count as one).
pub const NOTE_MAX_CHARS: usize = 2000;

/// A place on the body where breakouts can show: a stable id and its name on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Area {
    pub id: &'static str,
    pub label: &'static str,
}

/// The breakout areas with their names, in display order.
pub const AREA_CHOICES: [Area; 6] = [
    Area {
        id: "forehead",
        label: "Forehead",
    },
    Area {
        id: "cheeks",
        label: "Cheeks",
    },
    Area {
        id: "nose",
        label: "Nose",
    },
    Area {
        id: "mouth_chin_jaw",
        label: "Mouth, chin, jaw",
    },
    Area {
        id: "chest",
        label: "Chest",
    },
    Area {
        id: "back",
        label: "Back",
    },
];

/// The ids of [`AREA_CHOICES`], in the same order.
pub const AREAS: [&str; AREA_CHOICES.len()] = {
    let mut ids = [""; AREA_CHOICES.len()];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = AREA_CHOICES[i].id;
        i += 1;
    }
    ids
};

/// One rating of the log: the field it is stored in, its title on the card, and a word for
/// each whole number from `low` up to [`Scale::high`].
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub field: &'static str,
    pub legend: &'static str,
    /// How error messages name it.
    #[serde(skip)]
    pub what: &'static str,
    pub low: u8,
    pub high: u8,
    /// `labels[0]` names `low`, the last one `high`.
    pub labels: &'static [&'static str],
    /// Whether the card shows the number before the word ("0 Clear").
    pub numbered: bool,
    /// How the card's status line sums the rating up: `{word}` stands for the value's word
    /// in lower case, `{value}` for its number.
    pub summary: &'static str,
    /// Whether the card offers "Not recorded" as one of the choices (rather than only a
    /// button that clears the rating).
    pub offers_not_recorded: bool,
}

const fn rating(
    field: &'static str,
    legend: &'static str,
    what: &'static str,
    summary: &'static str,
    low: u8,
    labels: &'static [&'static str],
) -> Scale {
    Scale {
        field,
        legend,
        what,
        low,
        high: low + labels.len() as u8 - 1,
        labels,
        numbered: false,
        summary,
        offers_not_recorded: false,
    }
}

const SEVERITY: &[&str] = &["None", "Mild", "Moderate", "Severe"];

pub const SKIN: Scale = Scale {
    numbered: true,
    ..rating(
        "skin",
        "Skin",
        "The skin score",
        "skin {word}",
        0,
        &["Clear", "Almost clear", "Mild", "Moderate", "Severe"],
    )
};
pub const BLOATING: Scale = rating(
    "bloating",
    "Bloating",
    "Bloating",
    "bloating {word}",
    0,
    SEVERITY,
);
pub const BRISTOL: Scale = Scale {
    numbered: true,
    offers_not_recorded: true,
    ..rating(
        "bristol",
        "Stool form (Bristol scale, optional)",
        "The stool type (Bristol scale)",
        "stool type {value}",
        1,
        &[
            "Hard lumps",
            "Lumpy sausage",
            "Cracked sausage",
            "Smooth and soft",
            "Soft blobs",
            "Mushy",
            "Watery",
        ],
    )
};
pub const FATIGUE: Scale = rating(
    "fatigue",
    "Fatigue",
    "Fatigue",
    "fatigue {word}",
    0,
    SEVERITY,
);
pub const BRAIN_FOG: Scale = rating(
    "brain_fog",
    "Brain fog",
    "Brain fog",
    "brain fog {word}",
    0,
    SEVERITY,
);
pub const STRESS: Scale = rating(
    "stress",
    "Stress level",
    "The stress level",
    "stress {word}",
    0,
    &["Calm", "A little", "Quite", "Very"],
);

/// What the card is filled in on: every rating in display order (the skin score first, the
/// areas drawn after it), the areas, and the note's limit. Sent with every log, so the window
/// holds no copy of any of it.
#[derive(Debug, Serialize)]
pub struct Form {
    pub scales: [&'static Scale; 6],
    pub areas: &'static [Area],
    pub note_max_chars: usize,
}

pub static FORM: Form = Form {
    scales: [&SKIN, &BLOATING, &BRISTOL, &FATIGUE, &BRAIN_FOG, &STRESS],
    areas: &AREA_CHOICES,
    note_max_chars: NOTE_MAX_CHARS,
};

/// What the window receives for a day: the log's fields, and the form as `form`.
#[derive(Debug, Serialize)]
pub struct DayLogView {
    #[serde(flatten)]
    pub log: DayLog,
    pub form: &'static Form,
}

/// One day's log. `None` means the user has not recorded that field for the day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DayLog {
    pub day: Option<Day>,
    /// 0 clear · 1 almost clear · 2 mild · 3 moderate · 4 severe (self-rated).
    pub skin: Option<u8>,
    /// Breakout areas, a subset of [`AREAS`] in its order.
    pub areas: Vec<&'static str>,
    /// 0 none · 1 mild · 2 moderate · 3 severe.
    pub bloating: Option<u8>,
    /// Bristol stool form, type 1 to 7; optional.
    pub bristol: Option<u8>,
    pub fatigue: Option<u8>,
    pub brain_fog: Option<u8>,
    /// Stress level, 0 to 3.
    pub stress: Option<u8>,
    pub note: String,
    /// When the log was last changed (UTC), `None` if nothing was ever saved for the day.
    pub updated_at: Option<String>,
}

impl DayLog {
    /// The log with the form it is shown on, for the window.
    pub fn view(self) -> DayLogView {
        DayLogView {
            log: self,
            form: &FORM,
        }
    }

    /// Sets the field a validated [`Change`] is about.
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Skin(v) => self.skin = v,
            Change::Areas(list) => self.areas = list,
            Change::Bloating(v) => self.bloating = v,
            Change::Bristol(v) => self.bristol = v,
            Change::Fatigue(v) => self.fatigue = v,
            Change::BrainFog(v) => self.brain_fog = v,
            Change::Stress(v) => self.stress = v,
            Change::Note(text) => self.note = text,
        }
    }
}

/// One field's new value, already validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Skin(Option<u8>),
    Areas(Vec<&'static str>),
    Bloating(Option<u8>),
    Bristol(Option<u8>),
    Fatigue(Option<u8>),
    BrainFog(Option<u8>),
    Stress(Option<u8>),
    Note(String),
}

impl Change {
    /// Reads a change sent by the window: `field` is a field name, `value` a number, `null`
    /// (not recorded), a list of area ids, or the note's text.
    pub fn parse(field: &str, value: &Value) -> Result<Change> {
        Ok(match field {
            "skin" => Change::Skin(scale(value, &SKIN)?),
            "bloating" => Change::Bloating(scale(value, &BLOATING)?),
            "bristol" => Change::Bristol(scale(value, &BRISTOL)?),
            "fatigue" => Change::Fatigue(scale(value, &FATIGUE)?),
            "brain_fog" => Change::BrainFog(scale(value, &BRAIN_FOG)?),
            "stress" => Change::Stress(scale(value, &STRESS)?),
            "areas" => Change::Areas(areas(value)?),
            "note" => Change::Note(note(value)?),
            other => {
                return Err(Error::invalid(format!(
                    "The daily log has no field called \"{}\".",
                    other.chars().take(40).collect::<String>()
                )))
            }
        })
    }
}

fn scale(value: &Value, scale: &Scale) -> Result<Option<u8>> {
    let Scale {
        low, high, what, ..
    } = *scale;
    if value.is_null() {
        return Ok(None);
    }
    let number = value.as_i64().ok_or_else(|| {
        Error::invalid(format!(
            "{what} must be a whole number from {low} to {high}, or empty."
        ))
    })?;
    if !(i64::from(low)..=i64::from(high)).contains(&number) {
        return Err(Error::invalid(format!(
            "{what} must be from {low} to {high}; {number} is out of range."
        )));
    }
    Ok(u8::try_from(number).ok())
}

fn areas(value: &Value) -> Result<Vec<&'static str>> {
    let list = value.as_array().ok_or_else(|| {
        Error::invalid("Breakout areas must be a list such as [\"cheeks\", \"back\"].")
    })?;
    let mut chosen = Vec::new();
    for item in list {
        let id = item.as_str().unwrap_or_default();
        let known = AREAS.iter().find(|a| **a == id).ok_or_else(|| {
            Error::invalid(format!(
                "\"{}\" is not a breakout area; choose from {}.",
                id.chars().take(40).collect::<String>(),
                AREAS.join(", ")
            ))
        })?;
        chosen.push(*known);
    }
    Ok(canonical_areas(&chosen))
}

/// The areas in display order, each once.
pub(crate) fn canonical_areas(chosen: &[&str]) -> Vec<&'static str> {
    AREAS
        .iter()
        .copied()
        .filter(|a| chosen.contains(a))
        .collect()
}

fn note(value: &Value) -> Result<String> {
    let text = value
        .as_str()
        .ok_or_else(|| Error::invalid("The note must be text."))?;
    let chars = text.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(Error::invalid(format!(
            "The note is {chars} characters long; it can hold at most {NOTE_MAX_CHARS}. \
             Shorten it and it will be saved."
        )));
    }
    if text.contains('\0') {
        return Err(Error::invalid(
            "The note contains a character that cannot be saved.",
        ));
    }
    Ok(text.to_string())
}

impl Store {
    /// The log of `day`; an empty log if nothing was recorded.
    pub fn day_log(&self, day: Day) -> Result<DayLog> {
        let found = db::day_logs::get(self.conn(), day)?;
        Ok(found.unwrap_or(DayLog {
            day: Some(day),
            ..DayLog::default()
        }))
    }

    /// Saves one field of `day`'s log and returns the whole log as now stored. A day after
    /// `today` is refused; on any error nothing is written.
    pub fn set_day_log_field(&self, day: Day, today: Day, change: &Change) -> Result<DayLog> {
        if day > today {
            return Err(Error::invalid(format!(
                "{day} is in the future; only today and earlier days can be recorded."
            )));
        }
        db::day_logs::set_field(self.conn(), day, change, &now_utc())?;
        self.day_log(day)
    }

    /// Every day's log, oldest first.
    pub fn all_day_logs(&self) -> Result<Vec<DayLog>> {
        db::day_logs::all(self.conn())
    }

    /// The skin score of every day that has one, oldest first.
    pub fn skin_scores(&self) -> Result<Vec<(Day, u8)>> {
        db::day_logs::skin_scores(self.conn())
    }

    /// Whether any day has a log row; the demo generator refuses a file that has.
    pub fn has_day_logs(&self) -> Result<bool> {
        db::day_logs::any(self.conn())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scales_accept_their_range_and_null() {
        assert_eq!(
            Change::parse("skin", &json!(4)).unwrap(),
            Change::Skin(Some(4))
        );
        assert_eq!(
            Change::parse("skin", &json!(null)).unwrap(),
            Change::Skin(None)
        );
        assert_eq!(
            Change::parse("bristol", &json!(7)).unwrap(),
            Change::Bristol(Some(7))
        );
        for (field, bad) in [
            ("skin", json!(5)),
            ("skin", json!(-1)),
            ("skin", json!(2.5)),
            ("skin", json!("2")),
            ("bloating", json!(4)),
            ("bristol", json!(0)),
            ("bristol", json!(8)),
            ("stress", json!(i64::MAX)),
        ] {
            assert!(Change::parse(field, &bad).is_err(), "{field} = {bad}");
        }
        assert!(Change::parse("mood", &json!(1)).is_err());
    }

    #[test]
    fn areas_are_known_ids_kept_in_display_order_once() {
        assert_eq!(
            Change::parse("areas", &json!(["back", "cheeks", "back"])).unwrap(),
            Change::Areas(vec!["cheeks", "back"])
        );
        assert_eq!(
            Change::parse("areas", &json!([])).unwrap(),
            Change::Areas(vec![])
        );
        assert!(Change::parse("areas", &json!(["elbow"])).is_err());
        assert!(Change::parse("areas", &json!("cheeks")).is_err());
        assert!(Change::parse("areas", &json!([1])).is_err());
    }

    #[test]
    fn the_form_offers_exactly_what_the_log_accepts() {
        let fields: Vec<&str> = FORM.scales.iter().map(|s| s.field).collect();
        assert_eq!(
            fields,
            [
                "skin",
                "bloating",
                "bristol",
                "fatigue",
                "brain_fog",
                "stress"
            ]
        );
        for scale in FORM.scales {
            assert_eq!(
                scale.labels.len(),
                usize::from(scale.high - scale.low) + 1,
                "{}",
                scale.field
            );
            for v in scale.low..=scale.high {
                assert!(
                    Change::parse(scale.field, &json!(v)).is_ok(),
                    "{} {v}",
                    scale.field
                );
            }
            assert!(Change::parse(scale.field, &json!(scale.high + 1)).is_err());
            assert!(Change::parse(scale.field, &json!(i64::from(scale.low) - 1)).is_err());
        }
        let ids: Vec<&str> = FORM.areas.iter().map(|a| a.id).collect();
        assert_eq!(ids, AREAS);
        assert_eq!(
            Change::parse("areas", &json!(ids)).unwrap(),
            Change::Areas(AREAS.to_vec())
        );
        assert_eq!(FORM.note_max_chars, NOTE_MAX_CHARS);
    }

    #[test]
    fn the_view_is_the_log_with_the_form_beside_it() {
        let log = DayLog {
            skin: Some(2),
            areas: vec!["nose"],
            ..DayLog::default()
        };
        let json = serde_json::to_value(log.view()).unwrap();
        assert_eq!(json["skin"], 2);
        assert_eq!(json["areas"], json!(["nose"]));
        assert_eq!(json["form"]["scales"][0]["labels"][4], "Severe");
        assert_eq!(json["form"]["areas"][3]["label"], "Mouth, chin, jaw");
        assert_eq!(json["form"]["note_max_chars"], 2000);
        assert!(json["form"]["scales"][0].get("what").is_none());
    }

    #[test]
    fn the_note_holds_2000_characters_not_bytes() {
        let long = "é".repeat(NOTE_MAX_CHARS);
        assert_eq!(
            Change::parse("note", &json!(long)).unwrap(),
            Change::Note(long.clone())
        );
        let err = Change::parse("note", &json!(format!("{long}x"))).unwrap_err();
        assert!(err.to_string().contains("2001 characters"), "{err}");
        assert!(Change::parse("note", &json!(3)).is_err());
    }
}

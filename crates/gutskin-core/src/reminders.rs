//! Daily reminders: what the user chose (on/off, a daily time, weekdays, a time of its own per
//! habit, keeping GutSkin in the tray, starting at login), and the rule that decides, from
//! (the last moment checked, now, those settings, today's state), whether a reminder is due
//! and what it says.
//!
//! Times are local wall-clock times (`NaiveDateTime`), and the caller checks often (every 30 s,
//! and at the next slot). A reminder's slot fires when it lies in (`since`, `now`] on `now`'s
//! day, so:
//! - a slot passed while the computer slept fires once on the first check after waking, if it
//!   is still the same day, and never for a past day;
//! - `since` only moves forward (see [`Check::next_since`]), so a clock set back (the autumn
//!   DST change repeats an hour) never fires a slot twice; a slot skipped by the spring change
//!   (02:30 on a night that jumps from 02:00 to 03:00) fires at 03:00.
//! - nothing fires when everything due today is done.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use crate::day::{Day, WEEKDAYS};
use crate::error::{Error, Result};
use crate::habits::{is_own_id, HabitDef};
use crate::store::Store;

/// The `settings` key that holds the reminder settings, as one JSON object.
pub const REMINDERS_KEY: &str = "reminders";

/// A time of day to the minute, written `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(NaiveTime);

impl ClockTime {
    pub fn new(hour: u32, minute: u32) -> Option<ClockTime> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(ClockTime)
    }

    /// Parses exactly `HH:MM` (24-hour, zero-padded).
    pub fn parse(text: &str) -> Result<ClockTime> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 5
            && bytes.iter().enumerate().all(|(i, b)| {
                if i == 2 {
                    *b == b':'
                } else {
                    b.is_ascii_digit()
                }
            });
        let parsed = shape_ok
            .then(|| {
                let hour = text.get(0..2)?.parse().ok()?;
                let minute = text.get(3..5)?.parse().ok()?;
                ClockTime::new(hour, minute)
            })
            .flatten();
        parsed.ok_or_else(|| {
            Error::invalid(format!(
                "\"{}\" is not a time of day in the form HH:MM (00:00 to 23:59).",
                crate::day::truncate(text, 20)
            ))
        })
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ClockTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What the user chose in Settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    pub enabled: bool,
    /// The daily reminder, about everything still open.
    pub time: ClockTime,
    /// The days reminders fire on, as `mon` … `sun`.
    #[serde(with = "weekday_names")]
    pub weekdays: Vec<Weekday>,
    /// Habits with a reminder of their own, at this time, about that habit alone.
    #[serde(default)]
    pub habit_times: BTreeMap<String, ClockTime>,
    /// Closing the window keeps GutSkin running in the tray (only while reminders are on).
    pub keep_in_tray: bool,
    /// Start GutSkin, hidden in the tray, when the user logs in.
    pub start_at_login: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            enabled: false,
            time: ClockTime::new(20, 0).unwrap_or(ClockTime(NaiveTime::MIN)),
            weekdays: WEEKDAYS.to_vec(),
            habit_times: BTreeMap::new(),
            keep_in_tray: true,
            start_at_login: false,
        }
    }
}

mod weekday_names {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn name(day: Weekday) -> &'static str {
        match day {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(|d| name(*d)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names
            .iter()
            .map(|n| {
                crate::day::WEEKDAYS
                    .into_iter()
                    .find(|day| name(*day) == n)
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!(
                            "\"{}\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)",
                            crate::day::truncate(n, 20)
                        ))
                    })
            })
            .collect()
    }
}

impl ReminderSettings {
    /// Reads and checks the stored form (from the database or an import).
    pub fn parse(text: &str) -> Result<ReminderSettings> {
        let mut settings: ReminderSettings = serde_json::from_str(text)
            .map_err(|e| Error::invalid(format!("The reminder settings are not valid: {e}")))?;
        settings.normalize()?;
        Ok(settings)
    }

    /// Weekdays in order without repeats; every habit with a time of its own is a built-in or
    /// has an own habit's id (whether the file has that habit is [`set_reminder_settings`]'s
    /// check, which has the store).
    pub fn normalize(&mut self) -> Result<()> {
        let chosen = std::mem::take(&mut self.weekdays);
        self.weekdays = WEEKDAYS
            .into_iter()
            .filter(|d| chosen.contains(d))
            .collect();
        for id in self.habit_times.keys() {
            if !is_own_id(id) {
                HabitDef::find(id)?;
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn fires_on(&self, day: chrono::NaiveDate) -> bool {
        self.weekdays.contains(&day.weekday())
    }
}

/// The stored reminder settings; none stored, or unreadable, gives the defaults (off). A time
/// of its own for a habit the file no longer has (a deleted own habit) is left out, so that
/// the next change in Settings is not refused for it.
pub fn reminder_settings(store: &Store) -> Result<ReminderSettings> {
    let mut settings = store
        .setting(REMINDERS_KEY)?
        .and_then(|t| ReminderSettings::parse(&t).ok())
        .unwrap_or_default();
    let mut kept = BTreeMap::new();
    for (id, time) in std::mem::take(&mut settings.habit_times) {
        if store.find_habit(&id)?.is_some() {
            kept.insert(id, time);
        }
    }
    settings.habit_times = kept;
    Ok(settings)
}

/// Checks and stores new reminder settings; refused ones change nothing. A habit given a time
/// of its own must be one of the file's habits, built-in or own.
pub fn set_reminder_settings(
    store: &Store,
    mut settings: ReminderSettings,
) -> Result<ReminderSettings> {
    settings.normalize()?;
    for id in settings.habit_times.keys() {
        store.habit(id)?;
    }
    store.set_setting(REMINDERS_KEY, &settings.to_json())?;
    Ok(settings)
}

/// One habit as the rule sees it today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HabitToday {
    pub id: String,
    /// How the reminder names it ("zinc", "omega-3").
    pub label: String,
    /// Whether the habit is to be done today at all (a habit turned off is not).
    pub due: bool,
    pub done: bool,
}

/// Today's state: the habits, and whether the skin has been logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayState {
    pub habits: Vec<HabitToday>,
    pub skin_logged: bool,
}

impl DayState {
    /// Reads `day`'s state from the data file.
    pub fn read(store: &Store, day: Day) -> Result<DayState> {
        // Due as Today has it: on the schedule and not skipped.
        let view = crate::today::today_view(store, day, day)?;
        let habits = view
            .habits
            .into_iter()
            .map(|h| HabitToday {
                label: h.habit.name.to_lowercase(),
                id: h.habit.id,
                due: !h.state.skipped,
                done: h.state.done,
            })
            .collect();
        let skin_logged = store.day_log(day)?.skin.is_some();
        Ok(DayState {
            habits,
            skin_logged,
        })
    }
}

/// A notification to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub title: String,
    pub body: String,
}

/// One check of the rule: from the last moment checked to now.
#[derive(Clone, Copy, Debug)]
pub struct Check {
    pub since: NaiveDateTime,
    pub now: NaiveDateTime,
}

impl Check {
    /// The `since` of the next check: never earlier than this one's, so a clock set back does
    /// not reopen slots already passed.
    pub fn next_since(self) -> NaiveDateTime {
        self.since.max(self.now)
    }
}

/// The reminder due at `check.now`, if any: a slot (the daily time, or a habit's own time) on
/// a chosen weekday lies in (`since`, `now`] on `now`'s day, and something it is about is still
/// open. Several slots passed at once (after a sleep) make one notification.
pub fn due_reminder(
    check: Check,
    settings: &ReminderSettings,
    today: &DayState,
) -> Option<Reminder> {
    if !settings.enabled || check.now <= check.since {
        return None;
    }
    let day = check.now.date();
    if !settings.fires_on(day) {
        return None;
    }
    let passed = |time: ClockTime| {
        let at = day.and_time(time.time());
        check.since < at && at <= check.now
    };
    let open: Vec<&HabitToday> = today.habits.iter().filter(|h| h.due && !h.done).collect();
    if passed(settings.time) {
        return everything_open(&open, today.skin_logged);
    }
    let own: Vec<&HabitToday> = open
        .into_iter()
        .filter(|h| settings.habit_times.get(&h.id).is_some_and(|t| passed(*t)))
        .collect();
    if own.is_empty() {
        return None;
    }
    Some(left_today(&own, None))
}

fn everything_open(open: &[&HabitToday], skin_logged: bool) -> Option<Reminder> {
    match (open.is_empty(), skin_logged) {
        (true, true) => None,
        (true, false) => Some(Reminder {
            title: "GutSkin".into(),
            body: "Log today's skin".into(),
        }),
        (false, skin_logged) => Some(left_today(open, (!skin_logged).then_some("skin log"))),
    }
}

fn left_today(open: &[&HabitToday], extra: Option<&str>) -> Reminder {
    let mut items: Vec<&str> = open.iter().map(|h| h.label.as_str()).collect();
    items.extend(extra);
    Reminder {
        title: "GutSkin".into(),
        body: format!("{} left today: {}", items.len(), items.join(", ")),
    }
}

/// The next moment after `after` at which a slot lies (on a chosen weekday), within the coming
/// eight days; `None` when reminders are off or no weekday is chosen. The caller wakes then (or
/// sooner, to notice a sleep) and runs [`due_reminder`].
pub fn next_slot(after: NaiveDateTime, settings: &ReminderSettings) -> Option<NaiveDateTime> {
    if !settings.enabled {
        return None;
    }
    let times: Vec<NaiveTime> = std::iter::once(settings.time)
        .chain(settings.habit_times.values().copied())
        .map(ClockTime::time)
        .collect();
    (0..8)
        .filter_map(|n| after.date().checked_add_days(chrono::Days::new(n)))
        .filter(|day| settings.fires_on(*day))
        .flat_map(|day| times.iter().map(move |t| day.and_time(*t)))
        .filter(|at| *at > after)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn check(since: &str, now: &str) -> Check {
        Check {
            since: at(since),
            now: at(now),
        }
    }

    fn on() -> ReminderSettings {
        ReminderSettings {
            enabled: true,
            ..ReminderSettings::default()
        }
    }

    fn habit(id: &str, due: bool, done: bool) -> HabitToday {
        HabitToday {
            id: id.into(),
            label: id.into(),
            due,
            done,
        }
    }

    fn state(open: &[&str], skin_logged: bool) -> DayState {
        let mut habits: Vec<HabitToday> = open.iter().map(|id| habit(id, true, false)).collect();
        habits.push(habit("fiber", true, true));
        DayState {
            habits,
            skin_logged,
        }
    }

    fn body(r: Option<Reminder>) -> Option<String> {
        r.map(|r| r.body)
    }

    // 2026-03-02 is a Monday.

    #[test]
    fn the_daily_time_names_what_is_left() {
        let s = on();
        let today = state(&["zinc", "omega-3", "stress"], true);
        assert_eq!(
            body(due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:10"),
                &s,
                &today
            )),
            Some("3 left today: zinc, omega-3, stress".into())
        );
        let no_skin = state(&["zinc"], false);
        assert_eq!(
            body(due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:00"),
                &s,
                &no_skin
            )),
            Some("2 left today: zinc, skin log".into())
        );
        assert_eq!(
            body(due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:00"),
                &s,
                &state(&[], false)
            )),
            Some("Log today's skin".into())
        );
        // Not yet, and already past.
        for (since, now) in [
            ("2026-03-02 19:58:00", "2026-03-02 19:59:59"),
            ("2026-03-02 20:00:00", "2026-03-02 20:00:30"),
        ] {
            assert_eq!(due_reminder(check(since, now), &s, &today), None);
        }
    }

    #[test]
    fn nothing_fires_when_everything_is_done_or_reminders_are_off() {
        let c = check("2026-03-02 19:59:40", "2026-03-02 20:00:10");
        assert_eq!(due_reminder(c, &on(), &state(&[], true)), None);
        let today = state(&["zinc"], false);
        assert_eq!(due_reminder(c, &ReminderSettings::default(), &today), None);
    }

    #[test]
    fn a_habit_not_due_today_is_not_mentioned() {
        let mut s = on();
        s.habit_times
            .insert("zinc".into(), ClockTime::new(9, 0).unwrap());
        let today = DayState {
            habits: vec![habit("zinc", false, false), habit("omega-3", true, false)],
            skin_logged: true,
        };
        assert_eq!(
            body(due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:10"),
                &s,
                &today
            )),
            Some("1 left today: omega-3".into())
        );
        assert_eq!(
            due_reminder(
                check("2026-03-02 08:59:40", "2026-03-02 09:00:10"),
                &s,
                &today
            ),
            None,
            "zinc's own time does not fire for a habit that is off"
        );
        let only_off = DayState {
            habits: vec![habit("zinc", false, false)],
            skin_logged: true,
        };
        assert_eq!(
            due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:10"),
                &s,
                &only_off
            ),
            None
        );
    }

    #[test]
    fn a_habit_time_of_its_own_is_about_that_habit_alone() {
        let mut s = on();
        s.habit_times
            .insert("zinc".into(), ClockTime::new(8, 30).unwrap());
        let today = state(&["zinc", "omega-3"], false);
        let c = check("2026-03-02 08:29:50", "2026-03-02 08:30:20");
        assert_eq!(
            body(due_reminder(c, &s, &today)),
            Some("1 left today: zinc".into())
        );
        let zinc_done = state(&["omega-3"], false);
        assert_eq!(due_reminder(c, &s, &zinc_done), None);
    }

    #[test]
    fn only_the_chosen_weekdays() {
        let mut s = on();
        s.weekdays = vec![Weekday::Sat, Weekday::Sun];
        let today = state(&["zinc"], true);
        // Monday: no; Saturday 2026-03-07: yes.
        assert_eq!(
            due_reminder(
                check("2026-03-02 19:59:40", "2026-03-02 20:00:10"),
                &s,
                &today
            ),
            None
        );
        assert!(due_reminder(
            check("2026-03-07 19:59:40", "2026-03-07 20:00:10"),
            &s,
            &today
        )
        .is_some());
        assert_eq!(
            next_slot(at("2026-03-02 20:00:10"), &s),
            Some(at("2026-03-07 20:00:00"))
        );
        s.weekdays.clear();
        assert_eq!(next_slot(at("2026-03-02 20:00:10"), &s), None);
    }

    #[test]
    fn a_slot_missed_in_sleep_fires_once_on_waking_the_same_day_only() {
        let s = on();
        let today = state(&["zinc"], true);
        // Asleep from 18:00 to 22:15: fires on waking.
        let wake = check("2026-03-02 18:00:00", "2026-03-02 22:15:00");
        assert!(due_reminder(wake, &s, &today).is_some());
        // The next check starts where the last ended: not again.
        let after = Check {
            since: wake.next_since(),
            now: at("2026-03-02 22:15:30"),
        };
        assert_eq!(due_reminder(after, &s, &today), None);
        // Asleep over midnight: yesterday's 20:00 is not fired today.
        let overnight = check("2026-03-02 18:00:00", "2026-03-03 07:00:00");
        assert_eq!(due_reminder(overnight, &s, &today), None);
    }

    #[test]
    fn midnight_belongs_to_the_new_day() {
        let mut s = on();
        s.time = ClockTime::new(0, 0).unwrap();
        let today = state(&["zinc"], true);
        assert!(due_reminder(
            check("2026-03-02 23:59:50", "2026-03-03 00:00:10"),
            &s,
            &today
        )
        .is_some());
        s.time = ClockTime::new(23, 59).unwrap();
        assert_eq!(
            due_reminder(
                check("2026-03-02 23:58:50", "2026-03-03 00:00:20"),
                &s,
                &today
            ),
            None,
            "23:59 of a day that has ended"
        );
        assert_eq!(
            next_slot(at("2026-03-02 23:59:00"), &s),
            Some(at("2026-03-03 23:59:00"))
        );
    }

    #[test]
    fn dst_changes_neither_skip_nor_repeat_a_reminder() {
        let mut s = on();
        s.time = ClockTime::new(2, 30).unwrap();
        let today = state(&["zinc"], true);
        // Spring forward (2026-03-29 in Europe): local time jumps from 01:59:59 to 03:00.
        let spring = check("2026-03-29 01:59:45", "2026-03-29 03:00:15");
        assert!(due_reminder(spring, &s, &today).is_some());
        // Fall back (2026-10-25): 02:00-03:00 happens twice. The first pass fires…
        let first = check("2026-10-25 02:29:50", "2026-10-25 02:30:20");
        assert!(due_reminder(first, &s, &today).is_some());
        let mut since = first.next_since();
        // …then the clock is set back an hour and passes 02:30 again: nothing.
        for now in [
            "2026-10-25 02:59:50",
            "2026-10-25 02:00:10",
            "2026-10-25 02:29:55",
            "2026-10-25 02:30:25",
            "2026-10-25 03:00:00",
        ] {
            let c = Check {
                since,
                now: at(now),
            };
            assert_eq!(due_reminder(c, &s, &today), None, "{now}");
            since = c.next_since();
        }
    }

    #[test]
    fn settings_parse_strictly_and_round_trip() {
        let mut s = on();
        s.weekdays = vec![Weekday::Fri, Weekday::Mon, Weekday::Fri];
        s.habit_times
            .insert("omega3".into(), ClockTime::new(7, 5).unwrap());
        s.normalize().unwrap();
        assert_eq!(s.weekdays, vec![Weekday::Mon, Weekday::Fri]);
        let text = s.to_json();
        assert!(text.contains("\"time\":\"20:00\""), "{text}");
        assert!(text.contains("\"omega3\":\"07:05\""), "{text}");
        assert_eq!(ReminderSettings::parse(&text).unwrap(), s);
        let default = ReminderSettings::default();
        assert!(!default.enabled && !default.start_at_login && default.keep_in_tray);
        assert_eq!(default.time.to_string(), "20:00");
        for bad in [
            text.replace("20:00", "24:00"),
            text.replace("20:00", "8:00"),
            text.replace("\"mon\"", "\"monday\""),
            text.replace("omega3", "kale"),
            text.replace("\"enabled\":true", "\"enabled\":true,\"extra\":1"),
            "{}".to_string(),
            "not json".to_string(),
        ] {
            assert!(ReminderSettings::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn settings_are_stored_and_a_refused_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
        assert_eq!(
            reminder_settings(&store).unwrap(),
            ReminderSettings::default()
        );
        let mut s = on();
        s.time = ClockTime::new(21, 15).unwrap();
        set_reminder_settings(&store, s.clone()).unwrap();
        assert_eq!(reminder_settings(&store).unwrap(), s);
        let mut bad = s.clone();
        bad.habit_times
            .insert("kale".into(), ClockTime::new(9, 0).unwrap());
        assert!(set_reminder_settings(&store, bad).is_err());
        assert_eq!(reminder_settings(&store).unwrap(), s);
    }

    #[test]
    fn the_day_state_reads_done_and_enabled_habits_and_the_skin_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
        let day = Day::parse("2026-03-02").unwrap();
        store.set_check_in("zinc", day, day, 1).unwrap();
        crate::settings::set_habit_enabled(&store, "omega3", false).unwrap();
        store.set_skip("probiotics", day, day, true).unwrap();
        // 2026-03-02 is a Monday: a Tuesday-only habit is not due.
        let tuesdays = crate::habit_setup::NewHabit {
            schedule: crate::schedule::Schedule::parse_json(
                r#"{"kind":"weekdays","days":["tue"]}"#,
            )
            .unwrap(),
            ..crate::habit_setup::NewHabit::yes_no("Spearmint tea")
        };
        crate::habit_setup::add_habit(&store, &tuesdays, day).unwrap();
        let state = DayState::read(&store, day).unwrap();
        let find = |id: &str| state.habits.iter().find(|h| h.id == id);
        assert!(find("zinc").unwrap().done && find("zinc").unwrap().due);
        assert_eq!(find("zinc").unwrap().label, "zinc");
        assert!(find("omega3").is_none_or(|h| !h.due), "archived");
        assert!(!find("probiotics").unwrap().due, "skipped today");
        assert!(!state
            .habits
            .iter()
            .any(|h| h.label == "spearmint tea" && h.due));
        assert!(!find("fiber").unwrap().done);
        assert!(!state.skin_logged);
    }

    #[test]
    fn reminder_settings_travel_with_export_and_import() {
        use crate::transfer::{apply_import, export_json, parse_import, ImportMode};
        let dir = tempfile::tempdir().unwrap();
        let from = Store::open(&dir.path().join("a.sqlite3")).unwrap();
        let mut s = on();
        s.weekdays = vec![Weekday::Tue];
        s.habit_times
            .insert("zinc".into(), ClockTime::new(8, 0).unwrap());
        set_reminder_settings(&from, s.clone()).unwrap();
        let text = export_json(&from).unwrap();

        let into = Store::open(&dir.path().join("b.sqlite3")).unwrap();
        let today = Day::parse("2026-03-02").unwrap();
        let import = parse_import(text.as_bytes(), today).unwrap();
        apply_import(&into, &import, ImportMode::Replace).unwrap();
        assert_eq!(reminder_settings(&into).unwrap(), s);

        // A file whose reminder settings break the rules is refused whole.
        let bad = text.replace("\\\"08:00\\\"", "\\\"8 am\\\"");
        assert_ne!(bad, text);
        assert!(parse_import(bad.as_bytes(), today).is_err());
    }
}

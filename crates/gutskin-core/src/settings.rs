//! The Settings screen's data and rules: which habits are on, their daily targets, and the
//! colour theme. The reminder settings live in [`crate::reminders`], under their own key.

use serde::Serialize;

use crate::day::Day;
use crate::db;
use crate::error::{Error, Result};
use crate::habit_setup::{edit_habit, HabitEdit};
use crate::habits::{Habit, HabitDef, HabitKind, MAX_ACTIVE_HABITS};
use crate::store::Store;

/// The `settings` key that holds the theme.
pub const THEME_KEY: &str = "theme";

/// The colour theme: follow the system, or force light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Result<Theme> {
        Theme::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "\"{}\" is not a theme; choose system, light or dark.",
                    crate::day::truncate(text, 40)
                ))
            })
    }
}

/// The only keys the `settings` table holds: what this module ever writes.
pub const KNOWN_KEYS: [&str; 2] = [THEME_KEY, crate::reminders::REMINDERS_KEY];

/// Checks a stored setting (from an import) by the rule of its key; a key GutSkin never
/// writes is refused with its name.
pub fn validate_setting(key: &str, value: &str) -> Result<()> {
    match key {
        THEME_KEY => Theme::parse(value).map(|_| ()),
        crate::reminders::REMINDERS_KEY => {
            crate::reminders::ReminderSettings::parse(value).map(|_| ())
        }
        other => Err(Error::invalid(format!(
            "\"{}\" is not a GutSkin setting (GutSkin only stores: {}).",
            crate::day::truncate(other, 40),
            KNOWN_KEYS.join(", ")
        ))),
    }
}

/// One habit as Settings shows it: the habit, its defaults and range, and how many days of
/// records it has (what a delete would take with it).
#[derive(Debug, Serialize)]
pub struct HabitSetting {
    #[serde(flatten)]
    pub habit: Habit,
    pub default_target: Option<u32>,
    pub enabled_by_default: bool,
    pub record_days: u32,
    /// Experiments (running or over) about this habit: an own habit with any is archived,
    /// not deleted.
    pub experiments: usize,
    /// The running experiment tests this habit: it is not archived until that ends.
    pub in_running_experiment: bool,
}

#[derive(Debug, Serialize)]
pub struct SettingsView {
    pub habits: Vec<HabitSetting>,
    pub max_active_habits: usize,
    pub active_habits: usize,
    pub theme: Theme,
    pub reminders: crate::reminders::ReminderSettings,
}

pub fn settings_view(store: &Store) -> Result<SettingsView> {
    let mut habits = Vec::new();
    let recorded = db::check_ins::days_recorded(store.conn())?;
    let experiments = crate::experiments::store::all(store)?;
    for habit in store.habits()? {
        let def = HabitDef::find(&habit.id).ok().filter(|_| !habit.own);
        let tested = experiments.iter().filter(|e| e.habit_id == habit.id);
        habits.push(HabitSetting {
            experiments: tested.clone().count(),
            in_running_experiment: tested
                .clone()
                .any(|e| e.status == crate::experiments::store::Status::Running),
            default_target: def.and_then(|d| d.default_target),
            enabled_by_default: def.is_none_or(|d| d.enabled_by_default),
            record_days: recorded.get(&habit.id).copied().unwrap_or(0),
            habit,
        });
    }
    Ok(SettingsView {
        active_habits: habits.iter().filter(|h| h.habit.enabled).count(),
        max_active_habits: MAX_ACTIVE_HABITS,
        habits,
        theme: theme(store)?,
        reminders: crate::reminders::reminder_settings(store)?,
    })
}

/// The stored theme; anything unreadable counts as "system".
pub fn theme(store: &Store) -> Result<Theme> {
    Ok(store
        .setting(THEME_KEY)?
        .and_then(|t| Theme::parse(&t).ok())
        .unwrap_or_default())
}

pub fn set_theme(store: &Store, theme: &str) -> Result<Theme> {
    let theme = Theme::parse(theme)?;
    store.set_setting(THEME_KEY, theme.as_str())?;
    Ok(theme)
}

pub use crate::habit_setup::set_habit_enabled;

/// The rule for a built-in's target, shared with the import: only count habits have one,
/// 1..=max_target.
pub fn validate_target(def: &HabitDef, target: i64) -> Result<u32> {
    if def.kind != HabitKind::Count {
        return Err(Error::invalid(format!(
            "{} is done or not done; it has no target to set.",
            def.name
        )));
    }
    let max = i64::from(def.max_target);
    if !(1..=max).contains(&target) {
        return Err(Error::invalid(format!(
            "The target for {} must be between 1 and {max} {}; {target} is out of range.",
            def.name,
            def.unit.unwrap_or("")
        )));
    }
    u32::try_from(target).map_err(|_| Error::invalid("target out of range"))
}

/// Sets a count habit's daily target from `today` on (earlier days keep theirs).
pub fn set_habit_target(store: &Store, habit_id: &str, target: i64, today: Day) -> Result<u32> {
    let edit = HabitEdit {
        target: Some(target),
        ..HabitEdit::default()
    };
    edit_habit(store, habit_id, &edit, today)?;
    Ok(store.habit(habit_id)?.rule().target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite3")).unwrap();
        (dir, store)
    }

    #[test]
    fn themes_parse_only_the_three_names() {
        assert_eq!(Theme::parse("dark").unwrap(), Theme::Dark);
        assert_eq!(Theme::parse("system").unwrap(), Theme::System);
        for bad in ["Dark", "", "blue", "<b>dark</b>"] {
            assert!(Theme::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_known_settings_with_valid_values_pass() {
        assert!(validate_setting("theme", "light").is_ok());
        assert!(validate_setting("theme", "neon").is_err());
        for key in ["", "Theme", "font", "../../x", "theme "] {
            let err = validate_setting(key, "light").unwrap_err().to_string();
            assert!(err.contains("is not a GutSkin setting"), "{key}: {err}");
        }
    }

    #[test]
    fn theme_defaults_to_system_and_is_stored() {
        let (_dir, store) = store();
        assert_eq!(theme(&store).unwrap(), Theme::System);
        set_theme(&store, "dark").unwrap();
        assert_eq!(theme(&store).unwrap(), Theme::Dark);
        assert!(set_theme(&store, "neon").is_err());
        assert_eq!(
            theme(&store).unwrap(),
            Theme::Dark,
            "a refused theme changes nothing"
        );
    }

    #[test]
    fn a_target_must_lie_within_the_catalogue_range() {
        let (_dir, store) = store();
        let today = crate::Day::parse("2025-03-03").unwrap();
        assert_eq!(set_habit_target(&store, "fiber", 30, today).unwrap(), 30);
        assert_eq!(set_habit_target(&store, "fiber", 1, today).unwrap(), 1);
        for bad in [0, -3, 31, i64::MAX, i64::MIN] {
            assert!(
                set_habit_target(&store, "fiber", bad, today).is_err(),
                "{bad}"
            );
        }
        assert_eq!(store.habit("fiber").unwrap().target, Some(1));
        assert!(set_habit_target(&store, "stress", 240, today).is_ok());
        assert!(set_habit_target(&store, "stress", 241, today).is_err());
        assert!(
            set_habit_target(&store, "zinc", 1, today).is_err(),
            "check habits have no target"
        );
        assert!(matches!(
            set_habit_target(&store, "kale", 3, today),
            Err(Error::UnknownHabit(_))
        ));
    }

    #[test]
    fn turning_a_habit_off_and_on_keeps_its_check_ins() {
        let (_dir, store) = store();
        let today = crate::Day::parse("2025-03-03").unwrap();
        store.set_check_in("zinc", today, today, Some(1)).unwrap();
        set_habit_enabled(&store, "zinc", false).unwrap();
        let view = settings_view(&store).unwrap();
        let zinc = view.habits.iter().find(|h| h.habit.id == "zinc").unwrap();
        assert!(!zinc.habit.enabled);
        assert_eq!(zinc.record_days, 1);
        assert!(store.set_check_in("zinc", today, today, Some(0)).is_err());
        set_habit_enabled(&store, "zinc", true).unwrap();
        assert_eq!(store.values_on(today).unwrap()["zinc"], 1);
        let fiber = view.habits.iter().find(|h| h.habit.id == "fiber").unwrap();
        assert_eq!((fiber.habit.target, fiber.habit.max_target), (Some(5), 30));
    }
}

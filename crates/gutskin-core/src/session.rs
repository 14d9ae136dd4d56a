//! The data file as the app holds it, and everything the window receives: the startup rules
//! (open the file, or set an unusable one aside and offer the newest good backup), one call per
//! command that writes and returns the refreshed screen together, an import waiting for the
//! user's confirmation, and recovery.
//!
//! Every struct here goes to the window as it is, in snake_case like the rest of the domain.
//! A write that committed is never reported as an error: the write and the read of the screen
//! it returns run in one transaction (a failed read rolls the write back), or, where the write
//! has to commit on its own, the answer is built from what the write itself returned.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::backup::{self, BackupInfo, BackupReason};
use crate::checklist::History;
use crate::day::Day;
use crate::error::{Error, Result};
use crate::experiments::store::{
    self as experiments, Banner, ExperimentScreen, PlanPreview, PlanRequest,
};
use crate::files::read_capped;
use crate::habit_setup::{self, HabitEdit, NewHabit};
use crate::recovery::set_aside_at;
use crate::report::{self, pdf, Report, ReportOptions};
use crate::settings::{self, SettingsView, Theme};
use crate::store::{DbLock, Store};
use crate::today::{check_in_answer, CheckInAnswer};
use crate::transfer::{self, ImportMode, ImportSummary, ValidImport};

/// Why the data file is not open; every command explains it and the window offers a way out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StartupProblem {
    pub kind: &'static str,
    pub message: String,
    /// Where the unusable file was moved (same bytes), when it was.
    pub set_aside: Option<String>,
    /// The newest backup that passes the checks, offered for recovery.
    pub newest_backup: Option<BackupInfo>,
    /// Whether the window may offer "restore a backup" / "start fresh": only once the unusable
    /// file is out of the way.
    pub can_recover: bool,
}

impl StartupProblem {
    fn from_error(e: &Error) -> StartupProblem {
        StartupProblem {
            kind: e.kind(),
            message: e.to_string(),
            set_aside: None,
            newest_backup: None,
            can_recover: false,
        }
    }
}

/// What the window asks for first.
#[derive(Debug, Serialize)]
pub struct AppStatus {
    pub db_path: String,
    pub today: Day,
    pub problem: Option<StartupProblem>,
    /// The chosen theme, applied before the first screen is drawn.
    pub theme: Theme,
}

/// The Settings screen: habits and theme, the backups, and where the files are.
#[derive(Debug, Serialize)]
pub struct SettingsScreen {
    #[serde(flatten)]
    pub settings: SettingsView,
    pub backups: Vec<BackupInfo>,
    pub backups_dir: String,
    pub db_path: String,
    /// After `add_habit`: the new habit's id.
    pub added_id: Option<String>,
    /// After `delete_habit`: the backup taken just before.
    pub deleted_backup: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Restored {
    pub restored: String,
    /// The backup of the data as it was just before, so the user can go back.
    pub previous: BackupInfo,
}

#[derive(Debug, Serialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub summary: ImportSummary,
}

#[derive(Debug, Serialize)]
pub struct Imported {
    pub mode: ImportMode,
    /// The backup taken just before the import wrote anything.
    pub backup: BackupInfo,
}

/// The report's PDF, not yet written anywhere.
#[derive(Debug)]
pub struct ReportPdf {
    pub suggested_name: String,
    pub pages: usize,
    pub bytes: Vec<u8>,
}

/// What [`Session::start`] gives the app: the session, and the file's lock (`None` when
/// another process holds it), to be held for as long as the session is used.
pub struct Started {
    pub session: Session,
    pub lock: Option<DbLock>,
}

pub struct Session {
    db_path: PathBuf,
    store: std::result::Result<Store, Box<StartupProblem>>,
    /// A checked import file, kept between the preview and the user's confirmation.
    pending_import: Option<ValidImport>,
}

impl Session {
    /// The startup rules. Takes the file's lock, then opens the file. A file another GutSkin
    /// holds, or one from a newer GutSkin, is left exactly as it is and explained; a damaged
    /// or foreign file is moved aside (never written to), and the newest good backup is
    /// offered. The automatic backup is not made here: it runs later, off the hot path (see
    /// [`backup::AutoBackup`]).
    pub fn start(db_path: PathBuf, now: NaiveDateTime) -> Started {
        match DbLock::acquire(&db_path) {
            Err(e) => Started {
                session: Session::new(db_path, Err(Box::new(StartupProblem::from_error(&e)))),
                lock: None,
            },
            Ok(lock) => {
                let store = open_or_set_aside(&db_path, now);
                Started {
                    session: Session::new(db_path, store),
                    lock: Some(lock),
                }
            }
        }
    }

    fn new(db_path: PathBuf, store: std::result::Result<Store, Box<StartupProblem>>) -> Session {
        Session {
            db_path,
            store,
            pending_import: None,
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn is_open(&self) -> bool {
        self.store.is_ok()
    }

    pub fn problem(&self) -> Option<&StartupProblem> {
        self.store.as_ref().err().map(|problem| &**problem)
    }

    /// The open store, or why there is none.
    pub fn store(&self) -> Result<&Store> {
        self.store
            .as_ref()
            .map_err(|problem| Error::Unavailable(problem.message.clone()))
    }

    fn store_mut(&mut self) -> Result<&mut Store> {
        self.store
            .as_mut()
            .map_err(|problem| Error::Unavailable(problem.message.clone()))
    }

    pub fn status(&self, today: Day) -> AppStatus {
        AppStatus {
            db_path: self.db_path.display().to_string(),
            today,
            problem: self.problem().cloned(),
            theme: self.store().and_then(settings::theme).unwrap_or_default(),
        }
    }

    /// Records a habit's value on `day` and answers with that habit's new row and the day's
    /// count (what the Today screen redraws).
    pub fn set_check_in(
        &self,
        habit_id: &str,
        day: Day,
        today: Day,
        value: impl Into<Option<i64>>,
    ) -> Result<CheckInAnswer> {
        write_then_read(self.store()?, |store| {
            let habit = store.set_check_in(habit_id, day, today, value)?;
            check_in_answer(store, &habit, day, today)
        })
    }

    /// Marks a habit skipped (or not) on `day`, and answers as a check-in does.
    pub fn set_skip(
        &self,
        habit_id: &str,
        day: Day,
        today: Day,
        skipped: bool,
    ) -> Result<CheckInAnswer> {
        write_then_read(self.store()?, |store| {
            let habit = store.set_skip(habit_id, day, today, skipped)?;
            check_in_answer(store, &habit, day, today)
        })
    }

    /// The experiment screen as of `today`. A running experiment whose last day is behind
    /// `today` is marked completed, with its result, first.
    pub fn experiment_screen(&self, today: Day) -> Result<ExperimentScreen> {
        write_then_read(self.store()?, |store| {
            experiments::settle(store, today)?;
            experiments::screen(store, today)
        })
    }

    /// The banner Today shows for `day` while an experiment runs (`None` otherwise).
    pub fn experiment_banner(&self, day: Day, today: Day) -> Result<Option<Banner>> {
        write_then_read(self.store()?, |store| {
            experiments::settle(store, today)?;
            experiments::banner(store, day, today)
        })
    }

    /// What a plan would make (its calendar with dates); nothing is written.
    pub fn preview_experiment(&self, request: &PlanRequest, today: Day) -> Result<PlanPreview> {
        experiments::preview(self.store()?, request, today)
    }

    /// Plans and starts an experiment (the block order drawn from `seed`) and returns the
    /// screen, with the habit that had to be switched on, if any.
    pub fn start_experiment(
        &self,
        request: &PlanRequest,
        today: Day,
        seed: u64,
    ) -> Result<experiments::Started> {
        write_then_read(self.store()?, |store| {
            let (_, switched_on) = experiments::start(store, request, today, seed)?;
            Ok(experiments::Started {
                screen: experiments::screen(store, today)?,
                habit_switched_on: switched_on,
            })
        })
    }

    /// Ends the running experiment today (`abandon`: as abandoned, otherwise as ended early)
    /// and returns the screen.
    pub fn end_experiment(&self, id: i64, abandon: bool, today: Day) -> Result<ExperimentScreen> {
        write_then_read(self.store()?, |store| {
            experiments::end(store, id, abandon, today)?;
            experiments::screen(store, today)
        })
    }

    /// Saves the complete draft as an assessment dated `today` and returns the history, whose
    /// first entry is the one just saved. The save commits on its own; should reading the
    /// history fail afterwards, the answer is the saved assessment alone.
    pub fn save_assessment(&self, today: Day) -> Result<History> {
        let store = self.store()?;
        let saved = store.save_assessment(today, today)?;
        Ok(store.assessment_history().unwrap_or(History {
            assessments: vec![saved],
            comparison: None,
        }))
    }

    /// The summary for your doctor as the window previews it: the same figures the PDF prints.
    pub fn report_preview(&self, today: Day, options: &ReportOptions) -> Result<Report> {
        self.store()?.report(today, options)
    }

    /// The summary for your doctor as a PDF, to be saved where the user chooses (through
    /// [`crate::files::write_atomic`]), with the name the save dialog suggests.
    pub fn report_pdf(&self, today: Day, options: &ReportOptions) -> Result<ReportPdf> {
        let report = self.store()?.report(today, options)?;
        let drawn = pdf::render(&report)?;
        Ok(ReportPdf {
            suggested_name: report::suggested_file_name(&report),
            pages: drawn.pages,
            bytes: drawn.bytes,
        })
    }

    pub fn settings_screen(&self) -> Result<SettingsScreen> {
        let store = self.store()?;
        let backups = backup::list_backups(&self.db_path)?;
        Ok(self.screen(settings::settings_view(store)?, backups))
    }

    pub fn set_habit_enabled(&self, habit_id: &str, enabled: bool) -> Result<SettingsScreen> {
        self.change_settings(|store| settings::set_habit_enabled(store, habit_id, enabled))
    }

    pub fn set_habit_target(
        &self,
        habit_id: &str,
        target: i64,
        today: Day,
    ) -> Result<SettingsScreen> {
        self.change_settings(|store| {
            settings::set_habit_target(store, habit_id, target, today).map(|_| ())
        })
    }

    /// Adds an own habit; the answer names it in `added_id`.
    pub fn add_habit(&self, habit: &NewHabit, today: Day) -> Result<SettingsScreen> {
        let mut added = None;
        let mut screen = self.change_settings(|store| {
            added = Some(habit_setup::add_habit(store, habit, today)?);
            Ok(())
        })?;
        screen.added_id = added;
        Ok(screen)
    }

    pub fn edit_habit(
        &self,
        habit_id: &str,
        edit: &HabitEdit,
        today: Day,
    ) -> Result<SettingsScreen> {
        self.change_settings(|store| habit_setup::edit_habit(store, habit_id, edit, today))
    }

    pub fn move_habit(&self, habit_id: &str, offset: i64) -> Result<SettingsScreen> {
        self.change_settings(|store| habit_setup::move_habit(store, habit_id, offset))
    }

    /// Deletes an own habit and its records, after a backup of the data as it was (named in
    /// the answer's `deleted_backup`).
    pub fn delete_habit(&self, habit_id: &str, now: NaiveDateTime) -> Result<SettingsScreen> {
        let store = self.store()?;
        // Refused before a backup is taken for nothing.
        habit_setup::check_deletable(store, habit_id)?;
        let made = backup::create_backup_at(store, BackupReason::BeforeDelete, now)?;
        let mut screen =
            self.change_settings(|store| habit_setup::delete_habit(store, habit_id).map(|_| ()))?;
        screen.deleted_backup = Some(made.name);
        Ok(screen)
    }

    pub fn set_theme(&self, theme: &str) -> Result<SettingsScreen> {
        self.change_settings(|store| settings::set_theme(store, theme).map(|_| ()))
    }

    /// Everything the Settings screen reads that can fail is read before the write, or in its
    /// transaction: an `Err` means nothing changed.
    fn change_settings(&self, write: impl FnOnce(&Store) -> Result<()>) -> Result<SettingsScreen> {
        let store = self.store()?;
        let backups = backup::list_backups(&self.db_path)?;
        let view = write_then_read(store, |store| {
            write(store)?;
            settings::settings_view(store)
        })?;
        Ok(self.screen(view, backups))
    }

    /// A backup asked for in Settings. Once it is made the answer is `Ok`: should the list of
    /// backups fail to read afterwards, it shows the new one alone.
    pub fn backup_now(&self, now: NaiveDateTime) -> Result<SettingsScreen> {
        let store = self.store()?;
        let view = settings::settings_view(store)?;
        let made = backup::create_backup_at(store, BackupReason::Manual, now)?;
        let backups = backup::list_backups(&self.db_path).unwrap_or_else(|_| vec![made]);
        Ok(self.screen(view, backups))
    }

    fn screen(&self, settings: SettingsView, backups: Vec<BackupInfo>) -> SettingsScreen {
        SettingsScreen {
            settings,
            backups,
            backups_dir: backup::backups_dir(&self.db_path).display().to_string(),
            db_path: self.db_path.display().to_string(),
            added_id: None,
            deleted_backup: None,
        }
    }

    /// Replaces the data with a listed backup, after backing up the current data.
    pub fn restore_backup(&mut self, name: &str) -> Result<Restored> {
        let previous = backup::restore_backup(self.store_mut()?, name)?;
        Ok(Restored {
            restored: name.to_string(),
            previous,
        })
    }

    /// Reads and checks the whole file at `path` and returns what importing it would do. The
    /// checked file waits for [`confirm_import`](Self::confirm_import); nothing is written.
    pub fn preview_import(&mut self, path: &Path, today: Day) -> Result<ImportPreview> {
        self.pending_import = None;
        let store = self.store()?;
        let import = transfer::parse_import(&read_capped(path)?, today)?;
        let summary = transfer::summarize(store, &import)?;
        self.pending_import = Some(import);
        Ok(ImportPreview {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            summary,
        })
    }

    /// Writes the checked import (`merge` or `replace`) in one transaction, after a backup.
    pub fn confirm_import(&mut self, mode: &str, now: NaiveDateTime) -> Result<Imported> {
        let mode = ImportMode::parse(mode)?;
        let import = self.pending_import.take().ok_or_else(|| {
            Error::invalid("There is no checked import waiting; choose the file again.")
        })?;
        let store = self.store()?;
        let backup = backup::create_backup_at(store, BackupReason::BeforeImport, now)?;
        transfer::apply_import(store, &import, mode)?;
        Ok(Imported { mode, backup })
    }

    pub fn cancel_import(&mut self) {
        self.pending_import = None;
    }

    /// After an unusable file was set aside: start again with a new, empty file, or (with
    /// `backup`) with a copy of that backup.
    pub fn recover(&mut self, backup: Option<&str>) -> Result<()> {
        match &self.store {
            Ok(_) => {
                return Err(Error::invalid(
                    "Your data file is open and fine; there is nothing to recover.",
                ))
            }
            Err(problem) if !problem.can_recover => {
                return Err(Error::Unavailable(problem.message.clone()))
            }
            Err(_) => {}
        }
        if let Some(name) = backup {
            backup::restore_backup_to_new_file(&self.db_path, name)?;
        }
        self.store = Ok(Store::open(&self.db_path)?);
        Ok(())
    }

    /// Closes the file, as the app exits: the connection's last close checkpoints the WAL.
    /// The caller gives up the file's lock after this.
    pub fn close(&mut self) {
        self.pending_import = None;
        self.store = Err(Box::new(StartupProblem {
            kind: "closed",
            message: "GutSkin has closed your data file.".into(),
            set_aside: None,
            newest_backup: None,
            can_recover: false,
        }));
    }
}

/// Runs `f` (a write and the read of what it returns) in one transaction: either both happen
/// and the answer is `Ok`, or the write is rolled back and the answer is the error.
fn write_then_read<T>(store: &Store, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    let tx = store.conn().unchecked_transaction()?;
    let out = f(store)?;
    tx.commit()?;
    Ok(out)
}

fn open_or_set_aside(
    db_path: &Path,
    now: NaiveDateTime,
) -> std::result::Result<Store, Box<StartupProblem>> {
    let e = match Store::open(db_path) {
        Ok(store) => return Ok(store),
        Err(e) => e,
    };
    let mut problem = Box::new(StartupProblem::from_error(&e));
    if !matches!(e, Error::Damaged { .. } | Error::Foreign(_)) {
        return Err(problem);
    }
    match set_aside_at(db_path, now) {
        Ok(moved) => {
            problem.set_aside = Some(moved.moved_to.display().to_string());
            problem.newest_backup = backup::newest_good_backup(db_path).ok().flatten();
            problem.can_recover = true;
        }
        Err(move_error) => {
            problem.message = format!(
                "{} It could not be moved aside either ({move_error}), so GutSkin leaves it \
                 alone.",
                problem.message
            );
        }
    }
    Err(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2025-05-02 09:30", "%Y-%m-%d %H:%M").unwrap()
    }

    fn day() -> Day {
        Day::parse("2025-05-02").unwrap()
    }

    fn start(db: &Path) -> Started {
        Session::start(db.to_path_buf(), now())
    }

    /// A GutSkin file with fiber's target at 9 and a manual backup of it.
    fn file_with_a_backup(db: &Path) {
        let store = Store::open(db).unwrap();
        settings::set_habit_target(&store, "fiber", 9, crate::Day::earliest()).unwrap();
        backup::create_backup_at(&store, BackupReason::Manual, now()).unwrap();
    }

    #[test]
    fn a_new_file_opens_with_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let started = start(&db);
        assert!(started.lock.is_some());
        assert!(started.session.is_open());
        let status = started.session.status(day());
        assert_eq!(status.problem, None);
        assert_eq!(status.theme, Theme::System);
        assert!(db.exists());
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_the_newest_good_backup_is_offered() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        file_with_a_backup(&db);
        let junk = b"SQLite format 3\0 but then nonsense".repeat(100);
        std::fs::write(&db, &junk).unwrap();

        let Started { mut session, lock } = start(&db);
        assert!(lock.is_some());
        let problem = session.problem().cloned().expect("a problem");
        assert_eq!(problem.kind, "damaged_file");
        assert!(problem.can_recover);
        let moved = problem.set_aside.expect("moved");
        assert!(moved.ends_with(".unreadable-20250502-093000"), "{moved}");
        assert_eq!(std::fs::read(&moved).unwrap(), junk, "same bytes");
        assert!(!db.exists());
        assert_eq!(session.store().err().map(|e| e.kind()), Some("unavailable"));

        let backup = problem.newest_backup.expect("a backup").name;
        session.recover(Some(&backup)).unwrap();
        let store = session.store().unwrap();
        assert_eq!(store.habit("fiber").unwrap().target, Some(9));
        assert_eq!(session.recover(None).unwrap_err().kind(), "invalid");
    }

    #[test]
    fn a_foreign_file_is_set_aside_and_a_fresh_start_gives_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
                .unwrap();
        }
        let before = std::fs::read(&db).unwrap();
        let Started { mut session, .. } = start(&db);
        let problem = session.problem().cloned().expect("a problem");
        assert_eq!(problem.kind, "foreign_file");
        assert_eq!(problem.newest_backup, None);
        assert!(problem.can_recover);
        assert_eq!(std::fs::read(problem.set_aside.unwrap()).unwrap(), before);
        session.recover(None).unwrap();
        assert!(session.store().unwrap().habits().unwrap().len() >= 6);
    }

    #[test]
    fn a_file_from_a_newer_gutskin_is_left_untouched_and_cannot_be_recovered_over() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.pragma_update(None, "user_version", 500).unwrap();
        }
        let before = std::fs::read(&db).unwrap();
        let Started { mut session, .. } = start(&db);
        let problem = session.problem().cloned().expect("a problem");
        assert_eq!(problem.kind, "newer_schema");
        assert!(!problem.can_recover);
        assert_eq!(problem.set_aside, None);
        assert_eq!(session.recover(None).unwrap_err().kind(), "unavailable");
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }

    #[test]
    fn a_file_held_by_another_process_is_explained_and_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let first = start(&db);
        let before = std::fs::read(&db).unwrap();
        let Started {
            mut session, lock, ..
        } = start(&db);
        assert!(lock.is_none());
        let problem = session.problem().cloned().expect("a problem");
        assert_eq!(problem.kind, "in_use");
        assert!(!problem.can_recover);
        assert_eq!(
            session
                .set_check_in("zinc", day(), day(), 1)
                .unwrap_err()
                .kind(),
            "unavailable"
        );
        assert_eq!(session.recover(None).unwrap_err().kind(), "unavailable");
        assert_eq!(std::fs::read(&db).unwrap(), before);
        drop(first);
    }

    #[test]
    fn a_write_whose_answer_cannot_be_read_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let session = start(&db).session;
        let store = session.store().unwrap();
        let err = write_then_read(store, |store| {
            store.set_check_in("zinc", day(), day(), 1)?;
            Err::<(), _>(Error::invalid("the read failed"))
        })
        .unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(
            store.values_on(day()).unwrap().is_empty(),
            "nothing written"
        );
        let view = session.set_check_in("zinc", day(), day(), 1).unwrap();
        assert_eq!(view.done_count, 1);
        assert_eq!(store.values_on(day()).unwrap()["zinc"], 1);
    }

    #[test]
    fn a_settings_change_answers_with_the_changed_screen_and_a_refusal_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let session = start(&db).session;
        let screen = session
            .set_habit_target("fiber", 8, crate::Day::earliest())
            .unwrap();
        let fiber = screen
            .settings
            .habits
            .iter()
            .find(|h| h.habit.id == "fiber")
            .unwrap();
        assert_eq!(fiber.habit.target, Some(8));
        assert_eq!(screen.db_path, db.display().to_string());
        assert_eq!(
            session.set_theme("dark").unwrap().settings.theme,
            Theme::Dark
        );
        assert_eq!(
            session
                .set_habit_target("fiber", 0, crate::Day::earliest())
                .unwrap_err()
                .kind(),
            "invalid"
        );
        assert_eq!(
            session.store().unwrap().habit("fiber").unwrap().target,
            Some(8)
        );
        let screen = session.backup_now(now()).unwrap();
        assert_eq!(screen.backups.len(), 1);
        assert_eq!(screen.backups[0].reason, BackupReason::Manual);
    }

    #[test]
    fn an_import_is_confirmed_only_after_a_preview_and_after_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a.sqlite3");
        let export = dir.path().join("import.json");
        {
            let store = Store::open(&source).unwrap();
            store.set_check_in("zinc", day(), day(), 1).unwrap();
            std::fs::write(&export, transfer::export_json(&store).unwrap()).unwrap();
        }
        let mut session = start(&dir.path().join("b.sqlite3")).session;
        assert_eq!(
            session.confirm_import("merge", now()).unwrap_err().kind(),
            "invalid",
            "nothing previewed"
        );
        let preview = session.preview_import(&export, day()).unwrap();
        assert_eq!(preview.file_name, "import.json");
        assert_eq!(
            session
                .confirm_import("everything", now())
                .unwrap_err()
                .kind(),
            "invalid"
        );
        let imported = session.confirm_import("merge", now()).unwrap();
        assert_eq!(imported.backup.reason, BackupReason::BeforeImport);
        assert_eq!(
            session.store().unwrap().values_on(day()).unwrap()["zinc"],
            1
        );
        assert_eq!(
            session.confirm_import("merge", now()).unwrap_err().kind(),
            "invalid",
            "the checked import is used once"
        );
    }

    #[test]
    fn the_report_preview_and_its_pdf_come_from_the_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.sqlite3");
        let session = start(&db).session;
        session.set_check_in("zinc", day(), day(), 1).unwrap();
        let options = ReportOptions::new(4, false, None).unwrap();
        let preview = session.report_preview(day(), &options).unwrap();
        let zinc = preview.habits.iter().find(|h| h.id == "zinc").unwrap();
        assert_eq!(zinc.period.text, "100% (1 of 1 day)");
        let made = session.report_pdf(day(), &options).unwrap();
        assert!(made.bytes.starts_with(b"%PDF-"));
        assert!((1..=pdf::MAX_PAGES).contains(&made.pages));
        assert_eq!(made.suggested_name, "gutskin-summary-4w-2025-05-02.pdf");

        let closed = {
            let mut s = start(&dir.path().join("other.sqlite3")).session;
            s.close();
            s
        };
        assert_eq!(
            closed.report_pdf(day(), &options).unwrap_err().kind(),
            "unavailable"
        );
    }
}

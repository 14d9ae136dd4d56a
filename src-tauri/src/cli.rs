//! The command line. `gutskin [--db PATH]` opens the window; `--help` and `--version` print and
//! exit; subcommands do their work without a window (and without a display).
//!
//! A new subcommand is one more variant of [`Command`] with its arguments struct, and one more
//! arm in [`run_command`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use gutskin_core::files::write_atomic;
use gutskin_core::report::write_report;
use gutskin_core::store::{DbLock, Store};
use gutskin_core::transfer::export_json;
use gutskin_core::Day;

/// Exit status for a failed subcommand or a start that cannot show a window.
pub const EXIT_FAILURE: i32 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "gutskin",
    version,
    about = "GutSkin: track the daily habits that target the gut, and your skin, offline.",
    after_help = "Without a subcommand, GutSkin opens its window. GUTSKIN_DB=PATH does what --db PATH does."
)]
pub struct Cli {
    /// The data file (default: gutskin.sqlite3 in GutSkin's data folder).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,

    /// Start in the tray without showing the window (as at login).
    #[arg(long)]
    pub hidden: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write everything in a data file to one JSON file, as Settings → Export does.
    Export(ExportArgs),
    /// Write the summary for your doctor (a 1–3 page PDF) for the last N weeks.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period: the last 4, 8, 12 or 26 weeks.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub weeks: u32,
    /// Include the notes of the daily log (left out unless asked for).
    #[arg(long)]
    pub notes: bool,
    /// The PDF file to write (written whole or not at all).
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The JSON file to write (must not exist yet).
    #[arg(long, value_name = "FILE.json")]
    pub out: PathBuf,
}

/// What the binary should do once its arguments are read.
#[derive(Debug, PartialEq, Eq)]
pub enum Start {
    /// Open the window on this file (`None`: the default file).
    Window { db: Option<PathBuf>, hidden: bool },
    /// A subcommand finished; exit with this status.
    Done(i32),
}

/// Reads the arguments (without the program name's handling: `args` starts with it, as
/// `std::env::args_os` does) and `GUTSKIN_DB`, and runs any subcommand. `--help`,
/// `--version` and usage errors print and exit here, as clap does (0 and 2).
pub fn start(args: impl IntoIterator<Item = OsString>, env_db: Option<OsString>) -> Start {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let db = cli
        .db
        .or_else(|| env_db.filter(|v| !v.is_empty()).map(PathBuf::from));
    match cli.command {
        None => Start::Window {
            db,
            hidden: cli.hidden,
        },
        Some(command) => match run_command(command, db.as_deref()) {
            Ok(message) => {
                println!("{message}");
                Start::Done(0)
            }
            Err(message) => {
                eprintln!("gutskin: {message}");
                Start::Done(EXIT_FAILURE)
            }
        },
    }
}

/// Runs one subcommand; `Ok` holds the line to print.
pub fn run_command(command: Command, db: Option<&Path>) -> Result<String, String> {
    match command {
        Command::Export(args) => {
            let db = db.ok_or("export needs the data file: --db PATH (or GUTSKIN_DB=PATH)")?;
            export(db, &args.out)
        }
        Command::Report(args) => {
            let db = db.ok_or("report needs the data file: --db PATH (or GUTSKIN_DB=PATH)")?;
            report(db, &args, Day::today_local())
        }
    }
}

/// The doctor's summary of `db` for the period ending `today`, written atomically to `out`
/// (core's `report::write_report`), holding the file's lock as the window does.
pub fn report(db: &Path, args: &ReportArgs, today: Day) -> Result<String, String> {
    if !db.is_file() {
        return Err(format!(
            "there is no GutSkin data file at {}.",
            db.display()
        ));
    }
    let _lock = DbLock::acquire(db).map_err(|e| e.to_string())?;
    let written =
        write_report(db, args.weeks, today, &args.out, args.notes).map_err(|e| e.to_string())?;
    Ok(format!(
        "Wrote the summary of the last {} weeks to {} ({} page{}, {} bytes)",
        args.weeks,
        written.path,
        written.pages,
        if written.pages == 1 { "" } else { "s" },
        written.bytes
    ))
}

/// The same export as the window's (`transfer::export_json`), written atomically to `out`.
/// Nothing is written when the data file is missing, refused or open in GutSkin, or when
/// `out` already exists.
pub fn export(db: &Path, out: &Path) -> Result<String, String> {
    if out.exists() {
        return Err(format!(
            "{} already exists; choose another name for the export.",
            out.display()
        ));
    }
    let (store, _lock) = open_for_reading(db)?;
    let text = export_json(&store).map_err(|e| e.to_string())?;
    write_atomic(out, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(format!("Exported {} to {}", db.display(), out.display()))
}

/// Opens an existing data file for a subcommand, holding its lock as the window does (so the
/// two never write the same file at once). A missing file is an error, not a new empty file.
pub fn open_for_reading(db: &Path) -> Result<(Store, DbLock), String> {
    if !db.is_file() {
        return Err(format!(
            "there is no GutSkin data file at {}.",
            db.display()
        ));
    }
    let lock = DbLock::acquire(db).map_err(|e| e.to_string())?;
    let store = Store::open(db).map_err(|e| e.to_string())?;
    Ok((store, lock))
}

/// Whether a window can be shown: on Linux and the BSDs, an X11 or Wayland display is named.
pub fn has_display(var: impl Fn(&str) -> Option<OsString>) -> bool {
    if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "dragonfly",
        target_os = "openbsd",
        target_os = "netbsd"
    )) {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|name| var(name).is_some_and(|v| !v.is_empty()))
    } else {
        true
    }
}

pub const NO_DISPLAY: &str = "gutskin: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); run it in a desktop session, or use a subcommand (gutskin --help)";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("gutskin").chain(list.iter().copied()))
    }

    #[test]
    fn db_is_read_before_and_after_a_subcommand() {
        let cli = parse(&["--db", "a.sqlite3"]).unwrap();
        assert_eq!(cli.db, Some(PathBuf::from("a.sqlite3")));
        assert!(cli.command.is_none());
        let cli = parse(&["export", "--db=b.sqlite3", "--out", "x.json"]).unwrap();
        assert_eq!(cli.db, Some(PathBuf::from("b.sqlite3")));
        assert!(
            matches!(cli.command, Some(Command::Export(ExportArgs { out })) if out == Path::new("x.json"))
        );
    }

    #[test]
    fn a_db_flag_without_a_path_is_an_error_not_the_default_file() {
        for bad in [
            &["--db"][..],
            &["--db", ""],
            &["--db="],
            &["--db", "--hidden"],
            &["--unknown"],
            &["export"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_an_empty_variable_is_unset() {
        let window = |list: &[&str], env: Option<&str>| {
            start(
                std::iter::once("gutskin")
                    .chain(list.iter().copied())
                    .map(OsString::from),
                env.map(OsString::from),
            )
        };
        assert_eq!(
            window(&["--db", "a.sqlite3"], Some("b.sqlite3")),
            Start::Window {
                db: Some(PathBuf::from("a.sqlite3")),
                hidden: false
            }
        );
        assert_eq!(
            window(&["--hidden"], Some("b.sqlite3")),
            Start::Window {
                db: Some(PathBuf::from("b.sqlite3")),
                hidden: true
            }
        );
        assert_eq!(
            window(&[], Some("")),
            Start::Window {
                db: None,
                hidden: false
            }
        );
    }

    #[test]
    fn a_display_is_either_x11_or_wayland() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            has_display(move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            })
        };
        if cfg!(target_os = "linux") {
            assert!(!with(&[]));
            assert!(!with(&[("DISPLAY", "")]));
            assert!(with(&[("DISPLAY", ":0")]));
            assert!(with(&[("WAYLAND_DISPLAY", "wayland-0")]));
        }
    }
}

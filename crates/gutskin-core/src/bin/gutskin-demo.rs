//! `gutskin-demo --db PATH [--days N] [--seed N] [--habits N]`: writes months of plausible demo
//! data into a new GutSkin file, for screenshots, manual checks and benchmarks; `--habits N`
//! first adds own habits until N are active. Refuses a file that already
//! holds records, so it can never touch a user's real data by accident. `--experiment` adds a
//! finished 16-week dairy-free experiment with a planted effect on the skin.

use std::path::PathBuf;
use std::process::ExitCode;

use gutskin_core::{demo, Day, Store};

const USAGE: &str =
    "usage: gutskin-demo --db PATH [--days N (default 182)] [--seed N] [--habits N (own habits added up to N active)] [--experiment]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<String, String> {
    let mut db: Option<PathBuf> = None;
    let mut days: u32 = 182;
    let mut seed: u64 = 7;
    let mut experiment = false;
    let mut habits: Option<usize> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--experiment" {
            experiment = true;
            continue;
        }
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--db" => db = Some(PathBuf::from(value()?)),
            "--days" => {
                days = value()?
                    .parse()
                    .map_err(|_| format!("--days takes a number\n{USAGE}"))?
            }
            "--habits" => {
                habits = Some(
                    value()?
                        .parse()
                        .map_err(|_| format!("--habits takes a number\n{USAGE}"))?,
                )
            }
            "--seed" => {
                seed = value()?
                    .parse()
                    .map_err(|_| format!("--seed takes a number\n{USAGE}"))?
            }
            _ => return Err(format!("unknown argument {arg}\n{USAGE}")),
        }
    }
    let db = db.ok_or_else(|| USAGE.to_string())?;
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let today = Day::today_local();
    let added = match habits {
        Some(total) => {
            demo::add_own_habits(&store, today, total, days).map_err(|e| e.to_string())?
        }
        None => 0,
    };
    let summary = demo::fill(&store, today, days, seed).map_err(|e| e.to_string())?;
    let mut message = format!(
        "Wrote {} check-ins and {} daily logs from {} to today into {}.",
        summary.check_ins,
        summary.day_logs,
        summary.first_day,
        db.display()
    );
    if added > 0 {
        message.push_str(&format!("\nAdded {added} own habits."));
    }
    if experiment {
        let e = demo::add_experiment(&store, today, seed).map_err(|e| e.to_string())?;
        message.push_str(&format!(
            "\nAdded a finished dairy-free experiment from {} to {} (skin {} points clearer in \
             its dairy-free blocks).",
            e.start,
            e.last,
            demo::PLANTED_EFFECT
        ));
    }
    Ok(message)
}

//! How the cost of the three everyday domain paths grows with history: a toggle (the write and
//! the one-row answer the command sends back), the Today screen on its own, and the
//! Progress screen (26 weeks and the whole year), each on a file holding one week, one year and
//! ten years of demo data. A path whose cost should not grow with history (a toggle, Today) shows
//! it in the three numbers side by side.
//!
//! The files live under Cargo's target tmp dir rather than the system temp dir, so a commit's
//! fsync (the store runs `synchronous=FULL`) reaches a real disk as it does in the app.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use gutskin_core::today::{check_in_answer, today_view};
use gutskin_core::{demo, Day, Store};

/// A fixed today, so every run measures the same files.
fn today() -> Day {
    Day::new(2026, 6, 30).expect("a real date")
}

const SIZES: [(&str, u32); 3] = [("1 week", 7), ("1 year", 365), ("10 years", 3652)];

/// A check habit that is on by default; the toggle flips it on today.
const TOGGLED: &str = "probiotics";

fn filled_store(dir: &tempfile::TempDir, days: u32) -> Store {
    let store =
        Store::open(&dir.path().join(format!("bench-{days}.sqlite3"))).expect("store opens");
    demo::fill(&store, today(), days, 11).expect("demo data");
    store
}

fn scale(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let stores: Vec<(&str, Store)> = SIZES
        .iter()
        .map(|&(label, days)| (label, filled_store(&dir, days)))
        .collect();
    let today = today();

    let mut group = c.benchmark_group("toggle (set_check_in + its answer)");
    for (label, store) in &stores {
        let mut value = 0;
        group.bench_with_input(BenchmarkId::from_parameter(label), store, |b, store| {
            b.iter(|| {
                value = 1 - value;
                let habit = store
                    .set_check_in(TOGGLED, today, today, value)
                    .expect("toggle");
                check_in_answer(store, &habit, today, today).expect("answer")
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("today_view");
    for (label, store) in &stores {
        group.bench_with_input(BenchmarkId::from_parameter(label), store, |b, store| {
            b.iter(|| today_view(store, today, today).expect("today view"))
        });
    }
    group.finish();

    for weeks in [26, 53] {
        let mut group = c.benchmark_group(format!("progress_view, {weeks} weeks"));
        group.sample_size(20);
        for (label, store) in &stores {
            group.bench_with_input(BenchmarkId::from_parameter(label), store, |b, store| {
                b.iter(|| store.progress_view(today, weeks).expect("progress view"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);

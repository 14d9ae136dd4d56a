//! Everything the Progress screen needs (heat maps, streaks, completion, strength, skin chart,
//! adherence and insights for all habits), read from a file holding ten years of demo data.

use criterion::{criterion_group, criterion_main, Criterion};
use gutskin_core::{demo, Day, Store};

fn progress_for_ten_years(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("bench.sqlite3")).expect("store opens");
    let today = Day::new(2026, 6, 30).expect("a real date");
    demo::fill(&store, today, 3652, 11).expect("demo data");
    c.bench_function("progress_view, 10 years, all habits, 26 weeks", |b| {
        b.iter(|| store.progress_view(today, 26).expect("view"))
    });
    c.bench_function("progress_view, 10 years, all habits, whole year", |b| {
        b.iter(|| store.progress_view(today, 53).expect("view"))
    });
}

criterion_group!(benches, progress_for_ten_years);
criterion_main!(benches);

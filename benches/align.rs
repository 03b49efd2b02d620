//! Benchmarks of the aligner: a generated document pair of growing length, aligned with a fitted
//! model (the fit is part of the measured work, as in a run over one document).
//!
//! `cargo bench --bench align`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use selaras::align::{AlignConfig, Aligner, Model, ModelFitter, Side};
use selaras::lang::Lang;

/// A deterministic pseudo-random pair: the target is the source with words reversed, some
/// sentences dropped, merged or inserted, names and numbers shared.
fn pair(n: usize) -> (Vec<String>, Vec<String>) {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let names = ["Jakarta", "IMF", "Bandung", "Shahed-136", "ASEAN"];
    let (mut src, mut tgt) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let len = 4 + (next() % 25) as usize;
        let mut words: Vec<String> = (0..len)
            .map(|_| {
                let l = 2 + (next() % 9) as usize;
                (0..l)
                    .map(|_| (b'a' + (next() % 26) as u8) as char)
                    .collect()
            })
            .collect();
        if next() % 3 == 0 {
            words.push(names[(next() % 5) as usize].to_string());
        }
        if next() % 3 == 0 {
            words.push((next() % 3000).to_string());
        }
        let s = format!("{}.", words.join(" "));
        let t = format!(
            "{}.",
            words
                .iter()
                .map(|w| w.chars().rev().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        );
        src.push(s);
        match next() % 50 {
            0 => {}
            1 => tgt.push("Baca juga".to_string()),
            _ => tgt.push(t),
        }
    }
    (src, tgt)
}

fn bench_align(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    for n in [100usize, 1_000, 20_000] {
        let (src, tgt) = pair(n);
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let mut fitter = ModelFitter::new(Model::for_pair(Lang::EN, Lang::ID));
                fitter.observe(&s, &t);
                let model = fitter.finish();
                Aligner::new(&model, AlignConfig::default())
                    .align(&Side::plain(&s), &Side::plain(&t))
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);

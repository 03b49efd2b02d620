//! What learning a lexicon from a full sample costs: 40,000 sentence pairs of 20 words from a
//! Zipf-like vocabulary of 50,000 words per side, observed and then finished, with the time, the
//! most pairs held and the size of the lexicon learned.
//!
//! ```text
//! cargo run --release --example learned_cost
//! ```

use selaras::align::lexicon::learned::LexiconLearner;

fn main() {
    let mut x = 7u64;
    let mut next = || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        x >> 33
    };
    let pairs: Vec<(String, String)> = (0..40_000)
        .map(|_| {
            let ids: Vec<u64> = (0..20)
                .map(|_| {
                    let u = (next() % 1_000_000) as f64 / 1e6;
                    (50_000f64.powf(u) as u64).min(49_999)
                })
                .collect();
            let s: Vec<String> = ids.iter().map(|i| format!("w{i}x")).collect();
            let t: Vec<String> = ids.iter().rev().map(|i| format!("v{i}y")).collect();
            (s.join(" "), t.join(" "))
        })
        .collect();
    let start = std::time::Instant::now();
    let mut learner = LexiconLearner::default();
    let mut most = 0;
    for (s, t) in &pairs {
        learner.observe_text(s, t);
        most = most.max(learner.held());
    }
    let observed = start.elapsed();
    let lexicon = learner.finish();
    println!(
        "observe {observed:?}, finish {:?}, held at most {most} pairs, {} links, {} KB",
        start.elapsed() - observed,
        lexicon.len(),
        lexicon.heap_bytes() / 1024
    );
}

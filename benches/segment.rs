//! Segmentation speed on mixed news text, in bytes per second.
//!
//! The text is built here from a few paragraphs of our own in English and Indonesian (titles,
//! datelines, abbreviations, numbers, quotes and web furniture), repeated to a few megabytes.
//! Run with `cargo bench --bench segment`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use selaras::lang::Lang;
use selaras::normalize::normalize;
use selaras::segment::Segmenter;

const EN: &str = "Markets Rally as Rates Hold

JAKARTA – Shares rose 1.2% on Tuesday after the central bank held its benchmark rate at 6.25 \
percent, Dr. Amir Hassan of the U.S. Federal Reserve Bank said. \"We expected it,\" he told \
reporters at 10 a.m. local time. The rupiah firmed to Rp 15.900 per dollar (19/6/2024).

Apple Inc. and PT Astra International Tbk. reported higher sales, e.g. in cars and phones. \
Analysts at J.P. Morgan expect growth of 5.1 percent. \"Is this the peak?\" asked Prof. Kim. \
Nobody knows... The data will come on Jan. 5. Read the report at https://example.org/r.html.

Leave a Reply
Your email address will not be published. Required fields are marked *
";

const ID: &str = "Harga Cabai Melonjak Jelang Lebaran

SEMARANG, KOMPAS.com – Harga cabai di Jl. Sudirman No. 5 naik menjadi Rp 85.000 per \
kilogram pada Senin (4/3/2024). “Kami terpaksa menaikkan harga,” kata seorang pedagang. \
Menurut Dr. Siti Rahma, M.Si., kenaikan ini dipicu cuaca buruk, banjir, dll. Pemerintah \
akan menggelar operasi pasar pukul 10.30 WIB di Kec. Cibinong, Kab. Bogor.

Inflasi tahunan mencapai 3,05 persen, tertinggi ke-6 sejak 2019. Apakah harga akan turun? \
Belum tentu… Pedagang berharap pasokan dari B.J. Habibie Farm segera tiba.

Baca juga: Harga beras naik lagi
Bagikan artikel ini
";

fn news(size: usize) -> String {
    let mut text = String::with_capacity(size + EN.len() + ID.len());
    while text.len() < size {
        text.push_str(EN);
        text.push('\n');
        text.push_str(ID);
        text.push('\n');
    }
    normalize(&text)
}

fn bench(c: &mut Criterion) {
    let text = news(4 << 20);
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    for lang in [Lang::EN, Lang::ID] {
        let segmenter = Segmenter::for_lang(lang);
        group.bench_function(format!("split_mixed_news_{lang}"), |b| {
            b.iter(|| segmenter.split(black_box(&text)).len())
        });
    }
    let one_line = "kata ".repeat(1 << 20);
    group.throughput(Throughput::Bytes(one_line.len() as u64));
    group.bench_function("split_one_long_line", |b| {
        b.iter(|| {
            Segmenter::for_lang(Lang::ID)
                .split(black_box(&one_line))
                .len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("normalize_mixed_news", |b| {
        b.iter(|| normalize(black_box(&text)).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Throughput of the writers: one aligned document of news-like sentences written in every
//! format to memory, so that the numbers measure formatting and escaping, not the disk.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use selaras::align::Bead;
use selaras::export::{
    beads_text, AlignedDoc, CsvWriter, Filter, JsonlWriter, Languages, TmxHeader, TmxWriter,
    TsvWriter, Writer,
};
use selaras::lang::Lang;

fn document(sentences: usize) -> AlignedDoc {
    let src: Vec<String> = (0..sentences)
        .map(|i| {
            format!(
                "The ministry said on Monday that {i} villages & towns near \"Bandung\" received Rp 1,500,000 each."
            )
        })
        .collect();
    let tgt: Vec<String> = (0..sentences)
        .map(|i| {
            format!(
                "Kementerian pada Senin (3/6/2024) menyatakan {i} desa & kota dekat “Bandung” menerima Rp 1.500.000."
            )
        })
        .collect();
    let beads = (0..sentences)
        .map(|i| Bead {
            src: i..i + 1,
            tgt: i..i + 1,
            score: 0.9,
            boilerplate: false,
        })
        .collect();
    AlignedDoc {
        name: "news/2024/bench".to_string(),
        src,
        tgt,
        beads,
    }
}

/// Makes a writer over memory for one format.
type MakeWriter = fn(&Languages, Filter, &TmxHeader) -> Box<dyn Writer>;

fn discard(_: Vec<u8>) -> std::io::Result<Option<selaras::export::ClosedFile>> {
    Ok(None)
}

fn writers(c: &mut Criterion) {
    let doc = document(1_000);
    let bytes: usize = doc.src.iter().chain(&doc.tgt).map(String::len).sum();
    let langs = Languages::new(Lang::EN, Lang::ID);
    let filter = Filter::default();
    let header = TmxHeader {
        creation_date: "20240619T000000Z".to_string(),
    };
    let mut group = c.benchmark_group("writers");
    group.throughput(Throughput::Bytes(bytes as u64));
    let formats: [(&str, MakeWriter); 4] = [
        ("tmx", |l, f, h| {
            Box::new(TmxWriter::new(Vec::new(), l, h, f, discard).expect("in memory"))
        }),
        ("csv", |l, f, _| {
            Box::new(CsvWriter::new(Vec::new(), l, f, discard).expect("in memory"))
        }),
        ("tsv", |l, f, _| {
            Box::new(TsvWriter::new(Vec::new(), l, f, discard).expect("in memory"))
        }),
        ("jsonl", |l, f, _| {
            Box::new(JsonlWriter::new(Vec::new(), l, f, discard))
        }),
    ];
    for (name, make) in formats {
        group.bench_with_input(BenchmarkId::from_parameter(name), &doc, |b, doc| {
            b.iter(|| {
                let mut writer = make(&langs, filter, &header);
                writer.write_doc(doc).expect("in memory");
                writer.finish().expect("in memory");
            })
        });
    }
    group.bench_with_input(BenchmarkId::from_parameter("beads"), &doc, |b, doc| {
        b.iter(|| beads_text(doc))
    });
    group.finish();
}

criterion_group!(benches, writers);
criterion_main!(benches);

//! Criterion micro-benchmarks of the extractor and the resolver, so that
//! regressions show up: `cargo bench --bench extract`.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use socgraf::extract::extract;
use socgraf::extract::resolve::PersonIndex;
use socgraf::text::Document;

fn corpus() -> Vec<Document> {
    socgraf::demo::CORPUS
        .iter()
        .filter(|(n, _)| n.ends_with(".txt"))
        .map(|(n, t)| Document::from_text(n, t))
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("sample corpus", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extract(d).relations.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn bench_resolve(c: &mut Criterion) {
    let facts: Vec<_> = corpus().iter().map(extract).collect();
    c.bench_function("resolve across documents (PersonIndex::link)", |b| {
        b.iter(|| {
            let mut idx = PersonIndex::default();
            for f in &facts {
                let mut f = f.clone();
                idx.link(&mut f);
            }
            idx.len()
        })
    });
}

criterion_group!(benches, bench_extract, bench_resolve);
criterion_main!(benches);

//! Generation time per pipeline stage, and the whole pipeline against a bare
//! `serde_json::from_str::<serde_json::Value>` of the same document.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench -p servicestack-codegen --bench generate
//! python3 scripts/bench-summary.py      # the table with the ratios (BENCHMARKS.md)
//! ```
//!
//! Documents: the largest real one (`shared/fixtures/metadata/blazor-gallery-v6.61.metadata.json`,
//! read in place and skipped when `../shared` is missing) and synthetic documents of ~1k and
//! ~10k types built in memory (`benches/support/synthetic.rs`), plus `synthetic-1k-lean`: the
//! same 1k types on one line without the UI and validation metadata real documents carry (the
//! worst case for the ratio). For each, in the group `generate/<document>`:
//!
//! - `serde_json_value`: `serde_json::from_str::<Value>` of the text (the reference),
//! - `parse`, `resolve`, `emit`, `format`, `write`: each stage alone, fed with the output of the
//!   previous one (prepared outside the timing),
//! - `pipeline`: `Generator::generate_str` (parse → resolve → emit → format, plus the header),
//! - `pipeline_write`: the same, then `write::write_atomic` (temporary file, fsync, rename) into
//!   a temporary directory.
//!
//! and in the group `generate-cpu/<document>` the reference and the pipeline again, timed by the
//! CPU time of the bench thread (`/proc/thread-self/schedstat`, Linux) instead of the wall clock:
//! everything here runs on one thread, and CPU time is what other processes on a busy machine
//! disturb least, so the ratio of these two is the steadier one.

#[path = "../support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use servicestack_codegen::filter::TypeFilter;
use servicestack_codegen::{Generator, emit, format, metadata, model, write};

const LARGEST_REAL: &str = "blazor-gallery-v6.61.metadata.json";

struct Document {
    name: String,
    json: String,
    /// Long-running stages get fewer, flat samples so the whole bench stays within minutes.
    large: bool,
}

fn documents() -> Vec<Document> {
    let mut documents = Vec::new();
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/metadata")
        .join(LARGEST_REAL);
    match std::fs::read_to_string(&real) {
        Ok(json) => documents.push(Document {
            name: "blazor-gallery-v6.61".into(),
            json,
            large: false,
        }),
        Err(error) => eprintln!("skipping {}: {error}", real.display()),
    }
    documents.push(Document {
        name: "synthetic-1k".into(),
        json: synthetic::document(1_000),
        large: false,
    });
    documents.push(Document {
        name: "synthetic-1k-lean".into(),
        json: synthetic::lean_document(1_000),
        large: false,
    });
    documents.push(Document {
        name: "synthetic-10k".into(),
        json: synthetic::document(10_000),
        large: true,
    });
    documents
}

fn stages(c: &mut Criterion) {
    let filter = TypeFilter::default();
    let scratch = tempfile::tempdir().expect("a temporary directory");
    for document in documents() {
        let json = document.json.as_str();
        // Every stage's input, computed once; also checks the document generates at all.
        let parsed = metadata::parse(json).expect("the document parses");
        let (ir, _warnings) = model::resolve(&parsed, &filter).expect("the document resolves");
        let tokens = emit::emit(&ir).unwrap();
        let code = format::format(tokens.clone()).expect("the generated code formats");
        eprintln!(
            "{}: {} bytes of JSON, {} types and operations, {} Rust items, {} lines of Rust",
            document.name,
            json.len(),
            parsed.types.len() + parsed.operations.len(),
            ir.items.len(),
            code.lines().count()
        );
        let output = scratch.path().join(format!("{}.rs", document.name));

        let mut group = c.benchmark_group(format!("generate/{}", document.name));
        group.throughput(Throughput::Bytes(json.len() as u64));
        configure(&mut group, document.large);
        group.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(json)).unwrap())
        });
        group.bench_function("parse", |b| {
            b.iter(|| metadata::parse(black_box(json)).unwrap())
        });
        group.bench_function("resolve", |b| {
            b.iter(|| model::resolve(black_box(&parsed), &filter).unwrap())
        });
        group.bench_function("emit", |b| b.iter(|| emit::emit(black_box(&ir)).unwrap()));
        group.bench_function("format", |b| {
            b.iter_batched(
                || tokens.clone(),
                |tokens| format::format(tokens).unwrap(),
                BatchSize::PerIteration,
            )
        });
        group.bench_function("write", |b| {
            b.iter(|| write::write_atomic(&output, black_box(&code)).unwrap())
        });
        let generator = Generator::default();
        group.bench_function("pipeline", |b| {
            b.iter(|| generator.generate_str(black_box(json), "bench").unwrap())
        });
        group.bench_function("pipeline_write", |b| {
            b.iter(|| {
                let generated = generator.generate_str(black_box(json), "bench").unwrap();
                write::write_atomic(&output, &generated.code).unwrap();
            })
        });
        group.finish();

        let mut group = c.benchmark_group(format!("generate-cpu/{}", document.name));
        group.throughput(Throughput::Bytes(json.len() as u64));
        configure(&mut group, document.large);
        group.bench_function("serde_json_value", |b| {
            b.iter_custom(|iterations| {
                on_cpu(|| {
                    for _ in 0..iterations {
                        black_box(
                            serde_json::from_str::<serde_json::Value>(black_box(json)).unwrap(),
                        );
                    }
                })
            })
        });
        group.bench_function("pipeline", |b| {
            b.iter_custom(|iterations| {
                on_cpu(|| {
                    for _ in 0..iterations {
                        black_box(generator.generate_str(black_box(json), "bench").unwrap());
                    }
                })
            })
        });
        group.finish();
    }
}

/// The CPU time this thread spends running `work`.
fn on_cpu(work: impl FnOnce()) -> Duration {
    let started = thread_cpu_time();
    work();
    thread_cpu_time() - started
}

/// Time this thread has spent on a CPU (Linux: the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds).
fn thread_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux) for the CPU-time benchmarks");
    let nanos = stat
        .split_whitespace()
        .next()
        .and_then(|field| field.parse().ok())
        .expect("schedstat starts with the CPU time in nanoseconds");
    Duration::from_nanos(nanos)
}

criterion_group!(benches, stages);
criterion_main!(benches);

/// Sampling for one document's group: fewer, flat samples for the large documents.
fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    large: bool,
) {
    if large {
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
    } else {
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
    }
}

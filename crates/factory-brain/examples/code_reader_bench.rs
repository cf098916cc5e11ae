//! Times the source-code reader (`readers::code`, reached through `factory_brain::read_file`)
//! over a synthetic corpus shaped like a scan of a large org, and records or checks its output
//! over real trees, so a faster reader can be shown to answer exactly as the old one did:
//!
//! ```text
//! cargo run --release -p factory-brain --example code_reader_bench [-- bench [rounds]]
//! cargo run --release -p factory-brain --example code_reader_bench -- tree <dir> [rounds]
//! cargo run --release -p factory-brain --example code_reader_bench -- record <out.jsonl> [--variants] <dir>...
//! cargo run --release -p factory-brain --example code_reader_bench -- check <out.jsonl> [--variants] <dir>...
//! ```
//!
//! The corpus: 5,000 small Python modules (a tenth of them tests), one HTTP client per service,
//! and the Go, Java, JavaScript, TypeScript, C# and Python files of `tests/fixtures` copied
//! into every service. Each round reads every file once; the figures are the median round.
//!
//! `tree` times `read_file` on every file a scan would read under `dir` (`.git` folders left
//! out), such as the org `factory bench org` writes.
//!
//! `record` writes one JSON line per file under each directory, the code reader's facts (with
//! `--variants`, also `read_file`'s answer and the code reader's for the same text read as
//! JavaScript, TypeScript, Python, a Python test, a `.env` file and Go);
//! `check` reads the same files again and names every line that differs. `record` and `check`
//! also cover the bench corpus and every file under `tests/fixtures`.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its figures")]

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factory_brain::readers::code;

/// Services in the corpus, and files per service (filler modules, then the client and the
/// fixture copies).
const SERVICES: usize = 50;
const FILLER_PER_SERVICE: usize = 100;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("bench") => bench(corpus(), args.get(1).and_then(|text| text.parse().ok()).unwrap_or(7)),
        Some("tree") => {
            let Some(root) = args.get(1) else {
                eprintln!("usage: code_reader_bench tree <dir> [rounds]");
                std::process::exit(2);
            };
            bench(tree_files(Path::new(root)), args.get(2).and_then(|text| text.parse().ok()).unwrap_or(7));
        }
        Some(mode @ ("record" | "check")) => {
            let Some(out) = args.get(1) else {
                eprintln!("usage: code_reader_bench {mode} <file.jsonl> [--variants] <dir>...");
                std::process::exit(2);
            };
            let variants = args.iter().any(|arg| arg == "--variants");
            let roots: Vec<PathBuf> = args[2..].iter().filter(|arg| !arg.starts_with("--")).map(PathBuf::from).collect();
            let lines = differential_lines(&roots, variants);
            if mode == "record" {
                record(Path::new(out), &lines);
            } else {
                check(Path::new(out), &lines);
            }
        }
        Some(other) => {
            eprintln!("unknown mode {other}: use bench, record or check");
            std::process::exit(2);
        }
    }
}

fn bench(corpus: Vec<(String, String)>, rounds: usize) {
    let bytes: usize = corpus.iter().map(|(_, text)| text.len()).sum();
    println!("corpus: {} files, {:.2} MB; {rounds} rounds", corpus.len(), bytes as f64 / 1e6);
    let mut times = Vec::new();
    let mut facts = 0usize;
    for _ in 0..rounds {
        let started = Instant::now();
        facts = 0;
        for (path, text) in &corpus {
            match factory_brain::read_file(path, text.as_bytes()) {
                Ok(read) => facts += read.edges.len() + read.nodes.len() + read.field_reads.len(),
                Err(reason) => eprintln!("{path}: {reason}"),
            }
        }
        times.push(started.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let seconds = median.as_secs_f64();
    println!(
        "median round {:.1} ms (min {:.1}, max {:.1}): {:.0} files/s, {:.1} MB/s, {facts} facts",
        millis(median),
        millis(times[0]),
        millis(times[times.len() - 1]),
        corpus.len() as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Every file under `root` that a scan reads, outside `.git` folders: (path, text) pairs.
fn tree_files(root: &Path) -> Vec<(String, String)> {
    walk(root)
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).ok()?;
            let wanted = !relative.split('/').any(|part| part == ".git") && factory_brain::wants_file(&relative, text.len() as u64);
            wanted.then_some((relative, text))
        })
        .collect()
}

/// The bench corpus: (path, text) pairs.
fn corpus() -> Vec<(String, String)> {
    let fixtures = fixture_code_files();
    let mut files = Vec::new();
    for index in 0..SERVICES {
        let name = format!("svc-{index:03}");
        let first = format!("svc-{:03}", (index + 1) % SERVICES);
        let second = format!("svc-{:03}", (index + 7) % SERVICES);
        for file in 0..FILLER_PER_SERVICE {
            let (folder, prefix) = if file % 10 == 0 { ("tests", "test_") } else { ("src/app", "") };
            files.push((format!("{name}/{folder}/{prefix}module_{file}.py"), filler(&name, file)));
        }
        files.push((
            format!("{name}/src/client.py"),
            format!(
                "import requests\n\nFIRST = \"http://{first}:8080\"\nSECOND = \"http://{second}:8080\"\n\ndef load(item):\n    return item[\"created_at\"], requests.get(f\"{{FIRST}}/items\")\n"
            ),
        ));
        for (path, text) in &fixtures {
            files.push((format!("{name}/{path}"), text.clone()));
        }
    }
    files
}

fn filler(name: &str, file: usize) -> String {
    format!(
        "\"\"\"Module {file} of {name}.\"\"\"\n\nimport json\n\n\ndef handler_{file}(payload):\n    value = payload.get(\"value_{file}\", 0)\n    return json.dumps({{\"result\": value * {file}, \"service\": \"{name}\"}})\n\n\nclass Model{file}:\n    def __init__(self, key):\n        self.key = key\n\n    def describe(self):\n        return f\"model {{self.key}} in {name}\"\n"
    )
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every source file under `tests/fixtures` that the code reader reads, by relative path.
fn fixture_code_files() -> Vec<(String, String)> {
    let root = fixtures_root();
    let mut files = Vec::new();
    for path in walk(&root) {
        let Ok(relative) = path.strip_prefix(&root) else { continue };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let name = relative.rsplit('/').next().unwrap_or(&relative).to_lowercase();
        let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
        if !code::is_code_file(&name, extension) || name.ends_with(".pb.go") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            files.push((relative, text));
        }
    }
    files
}

/// Every regular file under `root`, sorted, without following symlinks.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

/// One JSON line per (file, way of reading it): the bench corpus, the fixtures with every
/// variant, then each root.
fn differential_lines(roots: &[PathBuf], variants: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for (path, text) in corpus().iter().step_by(7) {
        lines.push(line("corpus", path, "read_file", &outcome(factory_brain::read_file(path, text.as_bytes()))));
    }
    let fixtures = fixtures_root();
    read_tree("fixtures", &fixtures, true, &mut lines);
    for root in roots {
        read_tree(&root.to_string_lossy(), root, variants, &mut lines);
    }
    lines
}

fn read_tree(label: &str, root: &Path, variants: bool, lines: &mut Vec<String>) {
    for path in walk(root) {
        let Ok(relative) = path.strip_prefix(root) else { continue };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let Ok(bytes) = std::fs::read(&path) else { continue };
        if bytes.len() > 1024 * 1024 {
            continue;
        }
        let name = relative.rsplit('/').next().unwrap_or(&relative).to_lowercase();
        let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
        // Other readers change under other hands: only what goes to the code reader counts.
        if variants && code::is_code_file(&name, extension) {
            lines.push(line(label, &relative, "read_file", &outcome(factory_brain::read_file(&relative, &bytes))));
        }
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        lines.push(line(label, &relative, "code", &serde_json::json!(code::read(&relative, text))));
        if variants {
            for variant in ["src/variant.js", "src/variant.ts", "src/variant.py", "tests/variant.py", "conf/variant.env", "main.go"] {
                lines.push(line(label, &relative, variant, &serde_json::json!(code::read(variant, text))));
            }
        }
    }
}

fn outcome(result: Result<factory_brain::FileFacts, String>) -> serde_json::Value {
    match result {
        Ok(facts) => serde_json::json!({"facts": facts}),
        Err(reason) => serde_json::json!({"error": reason}),
    }
}

fn line(label: &str, path: &str, way: &str, value: &serde_json::Value) -> String {
    serde_json::json!({"root": label, "path": path, "way": way, "value": value}).to_string()
}

fn record(out: &Path, lines: &[String]) {
    let written = std::fs::File::create(out).and_then(|file| {
        let mut writer = std::io::BufWriter::new(file);
        for line in lines {
            writeln!(writer, "{line}")?;
        }
        writer.flush()
    });
    if let Err(error) = written {
        eprintln!("cannot write {}: {error}", out.display());
        std::process::exit(1);
    }
    println!("recorded {} outputs in {}", lines.len(), out.display());
}

/// Compares each output with the recorded one for the same (root, path, way); recorded
/// outputs with no counterpart now are ignored.
fn check(recorded: &Path, lines: &[String]) {
    let key = |line: &serde_json::Value| format!("{}\u{0}{}\u{0}{}", line["root"], line["path"], line["way"]);
    let old: std::collections::HashMap<String, String> = match std::fs::File::open(recorded) {
        Ok(file) => std::io::BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| Some((key(&serde_json::from_str(&line).ok()?), line)))
            .collect(),
        Err(error) => {
            eprintln!("cannot read {}: {error} (run `record` first, before changing the reader)", recorded.display());
            std::process::exit(1);
        }
    };
    let mut differences = 0usize;
    for new in lines {
        let parsed: serde_json::Value = serde_json::from_str(new).unwrap_or_default();
        let Some(old) = old.get(&key(&parsed)) else {
            differences += 1;
            eprintln!("not recorded: {new}");
            continue;
        };
        if old != new {
            differences += 1;
            if differences <= 10 {
                eprintln!("differs:\n  old {old}\n  new {new}");
            }
        }
    }
    if differences > 0 {
        eprintln!("{differences} of {} outputs differ", lines.len());
        std::process::exit(1);
    }
    println!("all {} outputs equal the recorded ones", lines.len());
}

//! `factory bench org --repos N`: a synthetic org written as real git repos, then the brain's
//! scan benchmark on it: cold scan, rescan after one changed file, and `impact` latency.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factory_core::RepoEntry;
use factory_git::Identity;
use serde::Serialize;

use crate::{AppError, Home};

/// What to generate.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    pub repos: usize,
    pub files_per_repo: usize,
    /// How many times `impact` is timed (the median is reported).
    pub impact_runs: usize,
    /// How many cold scans and rescans are timed (medians are reported).
    pub rounds: usize,
    /// Pack each repo's objects after its first commit, as a clone has them (the default leaves
    /// them loose, as freshly committed).
    pub packed: bool,
}

/// The figures, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub dir: PathBuf,
    pub repos: usize,
    /// Whether the repos' objects were packed (as cloned) or loose (as committed).
    pub packed: bool,
    pub files: usize,
    pub bytes: u64,
    pub generate_ms: u128,
    /// Reading every file of every repo's work tree once, in this process: the floor a scan
    /// is compared with (what `rg` would have to read).
    pub read_tree_ms: u128,
    /// `rg` searching every file of the work trees, when `rg` is installed (median of 3).
    pub rg_ms: Option<u128>,
    /// Medians of `rounds` runs; every run's figure is in the `_runs_ms` lists.
    pub cold_scan_ms: u128,
    pub cold_scan_runs_ms: Vec<u128>,
    /// A rescan after one file's change to what it says: the org is resolved again.
    pub rescan_one_file_ms: u128,
    pub rescan_runs_ms: Vec<u128>,
    /// A rescan after one file's change that leaves its facts as they were.
    pub rescan_same_facts_ms: u128,
    pub rescan_same_facts_runs_ms: Vec<u128>,
    /// Opening the store and reading the current graph (what a CLI command pays once).
    pub graph_load_ms: u128,
    pub impact_median_ms: f64,
    /// `brain::impact` from the home as a long-lived process asks it after its first question:
    /// the store opened, its graph version checked, the graph kept in memory.
    pub impact_later_question_ms: u128,
    pub nodes: usize,
    pub edges: usize,
    pub depends_on_edges: usize,
}

/// Writes the org under `dir` (which must not exist yet or be empty) and benchmarks it.
pub async fn org(dir: &Path, config: &BenchConfig) -> Result<BenchReport, AppError> {
    if dir.exists() && std::fs::read_dir(dir).map_err(AppError::io(dir))?.next().is_some() {
        return Err(AppError::Input(format!("{} is not empty; give `factory bench org` a new folder", dir.display())));
    }
    let started = Instant::now();
    let repos_dir = dir.join("repos");
    let mut entries = Vec::new();
    let mut files = 0;
    let mut bytes = 0u64;
    for index in 0..config.repos {
        let name = service_name(index);
        let path = repos_dir.join(&name);
        let (written, size) = write_service(&path, index, config)?;
        files += written;
        bytes += size;
        let repo = factory_git::init(&path)?;
        repo.add_all()?;
        repo.commit("initial\n", &author(), Some("2026-01-01T00:00:00Z"), &[])?;
        if config.packed {
            repo.pack_objects()?;
        }
        entries.push(RepoEntry { name, path: path.display().to_string(), url: None });
    }
    let home_dir = dir.join("home");
    crate::home::init(&home_dir, "bench")?;
    let config_path = home_dir.join(factory_core::home::CONFIG_FILE);
    let mut text = std::fs::read_to_string(&config_path).map_err(AppError::io(&config_path))?;
    for entry in &entries {
        text = factory_core::config::add_repo(&text, entry).map_err(|source| AppError::Config { path: config_path.clone(), source })?;
    }
    std::fs::write(&config_path, text).map_err(AppError::io(&config_path))?;
    let home = Home::open(&home_dir)?;
    let generate_ms = started.elapsed().as_millis();

    let read_started = Instant::now();
    let read_bytes = read_tree(&repos_dir)?;
    let read_tree_ms = read_started.elapsed().as_millis();
    tracing::debug!(read_bytes, "read the tree");

    let rg_ms = time_rg(&repos_dir);

    // Cold scans: each on an empty store.
    let rounds = config.rounds.max(1);
    let mut cold_scan_runs_ms = Vec::new();
    let mut cold = super::ScanReport::default();
    for _ in 0..rounds {
        remove_store(&home)?;
        let cold_started = Instant::now();
        cold = super::scan(&home, None).await?;
        cold_scan_runs_ms.push(cold_started.elapsed().as_millis());
    }

    // Rescans: one changed file in one repo (a different repo each round), committed. First
    // a change to what the file says (one more service it calls): the org is resolved again.
    // Then a change that leaves what every file says as it was (a comment appended): the
    // stored graph stands.
    let mut rescan_runs_ms = Vec::new();
    let mut rescan_same_facts_runs_ms = Vec::new();
    for (series, runs) in [(0, &mut rescan_runs_ms), (1, &mut rescan_same_facts_runs_ms)] {
        for round in 0..rounds {
            let changed_repo = repos_dir.join(service_name((round * 37 + series * 11) % config.repos.max(1)));
            let client = changed_repo.join("src/client.py");
            let mut client_text = std::fs::read_to_string(&client).map_err(AppError::io(&client))?;
            if series == 0 {
                client_text.push_str(&format!("\nEXTRA_{round} = \"http://{}:8080\"\n", service_name((round * 13 + 3) % config.repos.max(1))));
            } else {
                client_text.push_str(&format!("\n# changed in round {round}\n"));
            }
            std::fs::write(&client, client_text).map_err(AppError::io(&client))?;
            let repo = factory_git::Repo::open(&changed_repo);
            repo.add_all()?;
            repo.commit("change one file\n", &author(), Some(&format!("2026-01-02T00:{:02}:{:02}Z", series, round % 60)), &[])?;
            let rescan_started = Instant::now();
            let rescan = super::scan(&home, None).await?;
            runs.push(rescan_started.elapsed().as_millis());
            if rescan.files_read != 1 {
                return Err(AppError::Input(format!("the rescan read {} files, not the 1 that changed", rescan.files_read)));
            }
            let same_facts = rescan.repos.iter().any(|repo| !repo.same_commit && repo.same_facts);
            if same_facts != (series == 1) {
                return Err(AppError::Input(format!("the rescan of round {round} did not find what the bench changed (same facts: {same_facts})")));
            }
        }
    }

    let load_started = Instant::now();
    let graph = super::load_graph(&home, None).await?;
    let graph_load_ms = load_started.elapsed().as_millis();
    let target = format!("component:{}", service_name(config.repos / 2));
    let mut timings: Vec<Duration> = Vec::new();
    for _ in 0..config.impact_runs.max(1) {
        let impact_started = Instant::now();
        super::impact_in(&graph, &target)?;
        timings.push(impact_started.elapsed());
    }
    timings.sort();
    let impact_median_ms = timings[timings.len() / 2].as_secs_f64() * 1000.0;
    let later_started = Instant::now();
    super::impact(&home, &target, None).await?;
    let impact_later_question_ms = later_started.elapsed().as_millis();
    let depends_on_edges = graph.edges.iter().filter(|edge| edge.kind == "depends_on").count();

    Ok(BenchReport {
        dir: dir.to_path_buf(),
        repos: config.repos,
        packed: config.packed,
        files,
        bytes,
        generate_ms,
        read_tree_ms,
        rg_ms,
        cold_scan_ms: median(&cold_scan_runs_ms),
        cold_scan_runs_ms,
        rescan_one_file_ms: median(&rescan_runs_ms),
        rescan_runs_ms,
        rescan_same_facts_ms: median(&rescan_same_facts_runs_ms),
        rescan_same_facts_runs_ms,
        graph_load_ms,
        impact_median_ms,
        impact_later_question_ms,
        nodes: cold.nodes,
        edges: cold.edges,
        depends_on_edges,
    })
}

fn service_name(index: usize) -> String {
    format!("svc-{index:03}")
}

fn author() -> Identity {
    Identity { name: "Bench".into(), email: "bench@example.com".into() }
}

/// Writes one service repo's files; returns (files written, bytes).
fn write_service(path: &Path, index: usize, config: &BenchConfig) -> Result<(usize, u64), AppError> {
    let name = service_name(index);
    let dependencies = [service_name((index + 1) % config.repos), service_name((index + 7) % config.repos)];
    let mut files: Vec<(String, String)> = vec![
        (
            "catalog-info.yaml".into(),
            format!(
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  owner: group:team-{team}\n  providesApis: [{name}-http]\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: {name}-http\nspec:\n  type: openapi\n  owner: group:team-{team}\n  definition:\n    $text: ./openapi.yaml\n",
                team = index % 10
            ),
        ),
        ("CODEOWNERS".into(), format!("* @bench/team-{}\n", index % 10)),
        ("Dockerfile".into(), "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"-m\", \"app\"]\n".into()),
        (
            "openapi.yaml".into(),
            format!(
                "openapi: 3.0.3\ninfo: {{title: {name} API, version: 1.0.0}}\npaths:\n  /{name}/items:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Item'}}\ncomponents:\n  schemas:\n    Item:\n      type: object\n      properties:\n        id: {{type: integer}}\n        created_at: {{type: string}}\n        owner_name: {{type: string}}\n"
            ),
        ),
        (
            "src/client.py".into(),
            format!(
                "import requests\n\nFIRST = \"http://{}:8080\"\nSECOND = \"http://{}:8080\"\n\ndef load(item):\n    return item[\"created_at\"], requests.get(f\"{{FIRST}}/items\")\n",
                dependencies[0], dependencies[1]
            ),
        ),
    ];
    let filler = config.files_per_repo.saturating_sub(files.len());
    for file in 0..filler {
        let body = format!(
            "\"\"\"Module {file} of {name}.\"\"\"\n\nimport json\n\n\ndef handler_{file}(payload):\n    value = payload.get(\"value_{file}\", 0)\n    return json.dumps({{\"result\": value * {file}, \"service\": \"{name}\"}})\n\n\nclass Model{file}:\n    def __init__(self, key):\n        self.key = key\n\n    def describe(self):\n        return f\"model {{self.key}} in {name}\"\n"
        );
        let folder = if file % 10 == 0 { "tests" } else { "src/app" };
        let prefix = if folder == "tests" { "test_" } else { "" };
        files.push((format!("{folder}/{prefix}module_{file}.py"), body));
    }
    let mut bytes = 0u64;
    for (relative, text) in &files {
        let target = path.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(AppError::io(parent))?;
        }
        std::fs::write(&target, text).map_err(AppError::io(&target))?;
        bytes += text.len() as u64;
    }
    Ok((files.len(), bytes))
}

/// Reads every file under `dir` (skipping `.git`), returning the bytes read.
fn read_tree(dir: &Path) -> Result<u64, AppError> {
    let mut total = 0u64;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).map_err(AppError::io(&folder))? {
            let entry = entry.map_err(AppError::io(&folder))?;
            let path = entry.path();
            if path.file_name().is_some_and(|name| name == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                total += std::fs::read(&path).map_err(AppError::io(&path))?.len() as u64;
            }
        }
    }
    Ok(total)
}

fn median(values: &[u128]) -> u128 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// Removes the home's database, so the next scan starts from nothing.
fn remove_store(home: &Home) -> Result<(), AppError> {
    let database = factory_core::HomeLayout::new(home.root()).database_file();
    for suffix in ["", "-wal", "-shm"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
        if path.exists() {
            std::fs::remove_file(&path).map_err(AppError::io(&path))?;
        }
    }
    Ok(())
}

/// The median of three runs of `rg` counting a word in every file under `dir` (skipping
/// `.git`), or `None` when `rg` is not installed.
fn time_rg(dir: &Path) -> Option<u128> {
    let mut runs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let status = std::process::Command::new("rg")
            .args(["--no-config", "--no-ignore", "--count", "import"])
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        // rg exits 1 when nothing matched; both mean it read every file.
        if status.code().is_none_or(|code| code > 1) {
            return None;
        }
        runs.push(started.elapsed().as_millis());
    }
    Some(median(&runs))
}

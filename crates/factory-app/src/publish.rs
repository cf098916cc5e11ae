//! `factory publish RUN [--dry-run]`: pushes each repo's run branch to its `origin` and opens
//! linked pull/merge requests on GitHub or GitLab, bodies from the evidence's `pr/<repo>.md`.
//!
//! Everything is checked before anything is touched (each repo has an `origin`, its PR
//! description exists, the tokens the forges need are set). Then every branch is pushed, every
//! request opened, and each body updated so its sibling links point at the real pages. What was
//! published is recorded as a `published` event of the run; a second publish pushes again and
//! reuses the requests the first one opened.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use factory_forge::{ForgeError, ForgeProject, ForgeRequest, ForgeSettings, PullRequest, PullRequestDraft, RemoteTarget};
use factory_run::BuiltTask;
use serde::Serialize;

use crate::{AppError, Home};

/// The event recorded in the run's journal once something was published.
pub const PUBLISHED_EVENT: &str = "published";

const NOT_PUSHED: &str = "not pushed";

/// Whether `publish` touches anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishMode {
    /// Print what would be pushed and sent; push nothing, send nothing, record nothing.
    DryRun,
    Publish,
}

/// What `factory publish` did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct PublishReport {
    pub run: String,
    pub dry_run: bool,
    /// The API base URLs used (`FACTORY_GITHUB_API`, `FACTORY_GITLAB_API`).
    pub settings: ForgeSettings,
    pub repos: Vec<RepoPublication>,
    /// Things a real publish would stop at (a dry run reports them instead).
    pub warnings: Vec<String>,
}

/// One repo's branch and request.
#[derive(Debug, Clone, Serialize)]
pub struct RepoPublication {
    pub repo: String,
    pub branch: String,
    pub base: String,
    pub head: String,
    /// Commits on the branch beyond its base; a branch without any is neither pushed nor proposed.
    pub commits: usize,
    /// `origin`'s URL, which names the forge project.
    pub remote: String,
    /// Where the push goes (origin's push URL).
    pub push_url: String,
    /// `would push`, `new branch`, `fast-forward`, `up to date`, or `not pushed` (no commits).
    pub push: String,
    pub forge: Option<ForgeProject>,
    pub pull_request: Option<PullRequest>,
    /// Why this repo gets no pull request.
    pub no_pull_request: Option<String>,
    /// The requests sent (or, in a dry run, that would be sent), tokens left out.
    pub requests: Vec<ForgeRequest>,
}

/// A publish failure: bad input and store/git failures, or a forge that said no.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("{repo}: {source}")]
    Forge { repo: String, source: ForgeError },
    #[error("publishing run {run} stopped: {reason}")]
    Stopped { run: String, reason: String },
}

/// Publishes (or, with `PublishMode::DryRun`, describes publishing) the branches of `run_id`.
pub async fn publish(home: &Home, run_id: &str, mode: PublishMode) -> Result<PublishReport, PublishError> {
    let store = home.store().await?;
    let record = store.run(run_id).await?.ok_or_else(|| AppError::Input(format!("no run `{run_id}`; `factory runs` lists them")))?;
    if record.status == "running" {
        return Err(AppError::Input(format!("run {run_id} is still running (stage {}): publish once it has ended or waits at a gate", record.stage)).into());
    }
    let evidence_dir = home.layout.runs_dir().join(run_id).join("evidence");
    let built = built_tasks(&store.steps(run_id).await?);
    if built.is_empty() {
        return Err(AppError::Input(format!("run {run_id} built no branch yet: nothing to publish")).into());
    }
    if !evidence_dir.join("pr").is_dir() {
        return Err(AppError::Input(format!("run {run_id} has no evidence yet ({} is missing): publish after the run's evidence stage", evidence_dir.join("pr").display())).into());
    }
    // Requests opened by an earlier publish, by repo and project.
    let mut previous: BTreeMap<(String, String), PullRequest> = BTreeMap::new();
    for event in store.events(run_id).await?.iter().filter(|event| event.kind == PUBLISHED_EVENT) {
        for repo in event.payload["repos"].as_array().into_iter().flatten() {
            let project = format!("{}:{}/{}", repo["forge"]["forge"].as_str().unwrap_or_default(), repo["forge"]["host"].as_str().unwrap_or_default(), repo["forge"]["path"].as_str().unwrap_or_default());
            if let (Some(name), Ok(pull_request)) = (repo["repo"].as_str(), serde_json::from_value::<PullRequest>(repo["pull_request"].clone())) {
                previous.insert((name.to_string(), project), pull_request);
            }
        }
    }
    let repo_paths: BTreeMap<String, PathBuf> = crate::repos::list(home).into_iter().map(|repo| (repo.name, repo.resolved_path)).collect();
    let draft = opens_as_draft(&evidence_dir);
    let settings = ForgeSettings::from_environment();
    let run = run_id.to_string();
    let work = tokio::task::spawn_blocking(move || {
        let mut plan = plan_publication(&run, &built, &repo_paths, &evidence_dir, &settings, draft)?;
        plan.previous = previous;
        Ok::<_, PublishError>(if mode == PublishMode::DryRun { (plan.dry_run_report(), None) } else { plan.execute() })
    });
    let (report, failure) = work.await.map_err(|error| PublishError::Stopped { run: run_id.to_string(), reason: error.to_string() })??;
    if mode == PublishMode::Publish && report.repos.iter().any(|repo| repo.push != "would push" && repo.push != NOT_PUSHED) {
        let mut payload = serde_json::to_value(&report).unwrap_or_default();
        if let Some(error) = &failure {
            payload["error"] = serde_json::Value::String(error.to_string());
        }
        store.append_event(run_id, None, PUBLISHED_EVENT, &payload).await?;
    }
    store.close().await;
    match failure {
        Some(error) => Err(error),
        None => Ok(report),
    }
}

/// The last successful build of each repo, from the journal's `build:` steps.
fn built_tasks(steps: &[factory_store::StepRecord]) -> BTreeMap<String, BuiltTask> {
    let mut built = BTreeMap::new();
    for step in steps.iter().filter(|step| step.name.starts_with("build:") && step.status == "done") {
        if let Ok(task) = serde_json::from_value::<BuiltTask>(step.output.clone()) {
            built.insert(task.task.repo.clone(), task);
        }
    }
    built
}

/// Everything checked and read, nothing touched yet.
struct Plan {
    run: String,
    settings: ForgeSettings,
    repos: Vec<PlannedRepo>,
    tokens: BTreeMap<&'static str, String>,
    warnings: Vec<String>,
    previous: BTreeMap<(String, String), PullRequest>,
}

struct PlannedRepo {
    publication: RepoPublication,
    git: factory_git::Repo,
    /// Sent when opening: the description with bundle-relative links turned into paths.
    draft: Option<PullRequestDraft>,
    /// The description as written, whose sibling links are pointed at real pages later.
    description: String,
}

fn plan_publication(
    run: &str,
    built: &BTreeMap<String, BuiltTask>,
    repo_paths: &BTreeMap<String, PathBuf>,
    evidence_dir: &Path,
    settings: &ForgeSettings,
    draft: bool,
) -> Result<Plan, PublishError> {
    let mut repos = Vec::new();
    let mut warnings = Vec::new();
    let mut tokens = BTreeMap::new();
    // Every repo without an origin is named at once, so one round of fixes is enough.
    let mut without_origin = Vec::new();
    for (name, task) in built {
        let path = repo_paths.get(name).cloned().unwrap_or_else(|| task.worktree.clone());
        let git = factory_git::Repo::open(&path);
        let Some(remote) = git.remote_url("origin")? else {
            without_origin.push(format!("repo {name} has no remote `origin` ({}): add one with `git -C {} remote add origin URL`", path.display(), path.display()));
            continue;
        };
        let push_url = git.remote_push_url("origin")?;
        let head = git.rev_parse(&task.branch).map_err(|_| AppError::Input(format!("repo {name} has no branch {} any more ({}): was it deleted?", task.branch, path.display())))?;
        let commits = git.commits_between(&task.base, &task.branch)?.len();
        let description_file = evidence_dir.join(factory_evidence::pull_request_file(name));
        let mut publication = RepoPublication {
            repo: name.clone(),
            branch: task.branch.clone(),
            base: task.base.clone(),
            head,
            commits,
            remote: remote.clone(),
            push_url,
            push: "would push".into(),
            forge: None,
            pull_request: None,
            no_pull_request: None,
            requests: Vec::new(),
        };
        let mut pull_request_draft = None;
        let mut description = String::new();
        if commits == 0 {
            publication.push = NOT_PUSHED.into();
            publication.no_pull_request = Some(format!("{} has no commits beyond {}: nothing to review", task.branch, task.base));
            repos.push(PlannedRepo { publication, git, draft: None, description: String::new() });
            continue;
        }
        match factory_forge::classify_remote(&remote, settings) {
            RemoteTarget::Forge(project) => {
                let markdown = std::fs::read_to_string(&description_file).map_err(|_| {
                    AppError::Input(format!("run {run} has no pull request description for {name} ({} is missing)", description_file.display()))
                })?;
                let (title, body) = split_title(&markdown, name);
                if !tokens.contains_key(project.forge.token_variable()) {
                    match factory_forge::require_token(project.forge) {
                        Ok(token) => {
                            tokens.insert(project.forge.token_variable(), token);
                        }
                        Err(error) => warnings.push(error.to_string()),
                    }
                }
                pull_request_draft = Some(PullRequestDraft { title, body: unlink_bundle_paths(&body), head: task.branch.clone(), base: task.base.clone(), draft });
                description = body;
                publication.forge = Some(project);
            }
            RemoteTarget::Local => {
                publication.no_pull_request = Some(format!("origin is a local path ({remote}): the branch is pushed, no pull request is opened"));
            }
            RemoteTarget::Unrecognised { reason, .. } => {
                publication.no_pull_request = Some(format!("origin {remote} is not on a known forge: {reason}; the branch is pushed, no pull request is opened"));
            }
        }
        repos.push(PlannedRepo { publication, git, draft: pull_request_draft, description });
    }
    if !without_origin.is_empty() {
        return Err(AppError::Input(without_origin.join("\n")).into());
    }
    warnings.sort();
    warnings.dedup();
    Ok(Plan { run: run.to_string(), settings: settings.clone(), repos, tokens, warnings, previous: BTreeMap::new() })
}

impl Plan {
    fn dry_run_report(self) -> PublishReport {
        let settings = self.settings.clone();
        let repos = self
            .repos
            .into_iter()
            .map(|planned| {
                let mut publication = planned.publication;
                if let (Some(project), Some(draft)) = (&publication.forge, &planned.draft) {
                    match self.previous.get(&previous_key(&publication.repo, project)) {
                        Some(existing) => publication.pull_request = Some(existing.clone()),
                        None => publication.requests.push(factory_forge::create_request(project, &settings, draft)),
                    }
                }
                publication
            })
            .collect();
        PublishReport { run: self.run, dry_run: true, settings: self.settings, repos, warnings: self.warnings }
    }

    /// Pushes, opens, links. Returns what was done, and the error that stopped it if any.
    fn execute(mut self) -> (PublishReport, Option<PublishError>) {
        let failure = self.execute_steps().err();
        let repos = self.repos.into_iter().map(|planned| planned.publication).collect();
        (PublishReport { run: self.run, dry_run: false, settings: self.settings, repos, warnings: Vec::new() }, failure)
    }

    fn execute_steps(&mut self) -> Result<(), PublishError> {
        if !self.warnings.is_empty() {
            return Err(AppError::Input(self.warnings.join("\n")).into());
        }
        for planned in self.repos.iter_mut().filter(|planned| planned.publication.push != NOT_PUSHED) {
            let pushed = planned.git.push_branch("origin", &planned.publication.branch)?;
            planned.publication.push = pushed.as_str().to_string();
        }
        for planned in &mut self.repos {
            let (Some(project), Some(draft)) = (planned.publication.forge.clone(), &planned.draft) else { continue };
            if let Some(existing) = self.previous.get(&previous_key(&planned.publication.repo, &project)) {
                planned.publication.pull_request = Some(existing.clone());
                continue;
            }
            let token = self.tokens.get(project.forge.token_variable()).cloned().unwrap_or_default();
            planned.publication.requests.push(factory_forge::create_request(&project, &self.settings, draft));
            let opened = factory_forge::open_pull_request(&project, &self.settings, draft, &token)
                .map_err(|source| PublishError::Forge { repo: planned.publication.repo.clone(), source })?;
            planned.publication.pull_request = Some(opened);
        }
        let links: Vec<(String, String)> = self
            .repos
            .iter()
            .filter_map(|planned| planned.publication.pull_request.as_ref().map(|pull_request| (planned.publication.repo.clone(), pull_request.url.clone())))
            .collect();
        for planned in &mut self.repos {
            let (Some(project), Some(draft), Some(pull_request)) = (planned.publication.forge.clone(), &planned.draft, planned.publication.pull_request.clone()) else { continue };
            let body = unlink_bundle_paths(&link_siblings(&planned.description, &planned.publication.repo, &links));
            if body == draft.body {
                continue;
            }
            let token = self.tokens.get(project.forge.token_variable()).cloned().unwrap_or_default();
            planned.publication.requests.push(factory_forge::update_body_request(&project, &self.settings, pull_request.number, &body));
            factory_forge::update_pull_request_body(&project, &self.settings, pull_request.number, &body, &token)
                .map_err(|source| PublishError::Forge { repo: planned.publication.repo.clone(), source })?;
        }
        Ok(())
    }
}

/// How an earlier publish's request is found again: the repo, and the project it was opened on.
fn previous_key(repo: &str, project: &ForgeProject) -> (String, String) {
    let forge = serde_json::to_value(project.forge).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default();
    (repo.to_string(), format!("{forge}:{}/{}", project.host, project.path))
}

/// A run whose evidence verdict is not `pass` (fail, unknown, or no report) opens drafts.
fn opens_as_draft(evidence_dir: &Path) -> bool {
    std::fs::read_to_string(evidence_dir.join("report.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_none_or(|report| report["verdict"] != "pass")
}

/// A forge cannot follow the bundle-relative links of a description (`[report](../report.md)`):
/// each becomes its text and the path in the run's evidence folder, `` report (`report.md`) ``.
fn unlink_bundle_paths(body: &str) -> String {
    let mut out = String::new();
    for line in body.split_inclusive('\n') {
        let mut rest = line;
        while let Some(marker) = rest.find("](../") {
            let Some(open) = rest[..marker].rfind('[') else { break };
            let Some(close) = rest[marker..].find(')').map(|offset| marker + offset) else { break };
            let text = &rest[open + 1..marker];
            let path = &rest[marker + 5..close];
            out.push_str(&rest[..open]);
            let file = path.split('#').next().unwrap_or(path);
            if file.rsplit('/').next() == Some(text) || file == text {
                out.push_str(&format!("`{file}`"));
            } else {
                out.push_str(&format!("{text} (`{file}`)"));
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }
    out
}

/// `# Title` on the first line, the rest is the body; a description without one is titled
/// after the repo.
fn split_title(markdown: &str, repo: &str) -> (String, String) {
    let text = markdown.trim_start();
    match text.strip_prefix("# ") {
        Some(rest) => {
            let (title, body) = rest.split_once('\n').unwrap_or((rest, ""));
            (title.trim().to_string(), body.trim_start_matches('\n').to_string())
        }
        None => (format!("factory change ({repo})"), text.to_string()),
    }
}

/// Points the links to sibling descriptions (`](../pr/<repo>.md)`) at the siblings' pages.
fn link_siblings(body: &str, repo: &str, links: &[(String, String)]) -> String {
    let mut body = body.to_string();
    for (sibling, url) in links.iter().filter(|(sibling, _)| sibling != repo) {
        body = body.replace(&format!("](../{})", factory_evidence::pull_request_file(sibling)), &format!("]({url})"));
    }
    body
}

impl From<factory_git::GitError> for PublishError {
    fn from(error: factory_git::GitError) -> Self {
        Self::App(AppError::Git(error))
    }
}

impl From<factory_store::StoreError> for PublishError {
    fn from(error: factory_store::StoreError) -> Self {
        Self::App(AppError::Store(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_and_sibling_links_point_at_real_pages() {
        let markdown = "# Rename customer (web)\n\nPart of run.\n\n- [orders-api](../pr/orders-api.md): pass\n- [billing](../pr/billing.md): pass\n\nThe whole run: [report](../report.md)\n";
        let (title, body) = split_title(markdown, "web");
        assert_eq!(title, "Rename customer (web)");
        let links = vec![("orders-api".to_string(), "https://github.com/acme/orders-api/pull/7".to_string()), ("web".to_string(), "https://github.com/acme/web/pull/8".to_string())];
        insta::assert_snapshot!(link_siblings(&body, "web", &links), @r"
        Part of run.

        - [orders-api](https://github.com/acme/orders-api/pull/7): pass
        - [billing](../pr/billing.md): pass

        The whole run: [report](../report.md)
        ");
        assert_eq!(split_title("no heading\n", "web").0, "factory change (web)");
    }

    #[test]
    fn bundle_links_become_paths_and_real_links_stay() {
        let body = "Part of factory run [r1](../report.md) lane `full`.\n\
            Checks: [web unit tests](../report.md#check-web-web-unit-tests) pass, [orders page](../report.md#check-web-orders-page) pass\n\
            - evidence: [output.log](../artifacts/checks/web-unit-tests/attempt-1/output.log), [round-1.json](../artifacts/verify/round-1.json)\n\
            - [orders-api](https://github.com/acme/orders-api/pull/7): pass, [billing](../pr/billing.md)\n\
            a [bracket] and (parens) and a broken [link](../nowhere\n";
        insta::assert_snapshot!(unlink_bundle_paths(body), @r"
        Part of factory run r1 (`report.md`) lane `full`.
        Checks: web unit tests (`report.md`) pass, orders page (`report.md`) pass
        - evidence: `artifacts/checks/web-unit-tests/attempt-1/output.log`, `artifacts/verify/round-1.json`
        - [orders-api](https://github.com/acme/orders-api/pull/7): pass, billing (`pr/billing.md`)
        a [bracket] and (parens) and a broken [link](../nowhere
        ");
    }

    #[test]
    fn only_a_passing_run_opens_ready_requests() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut seen = Vec::new();
        for report in [None, Some(r#"{"verdict": "pass"}"#), Some(r#"{"verdict": "fail"}"#), Some(r#"{"verdict": "unknown"}"#), Some("not json")] {
            if let Some(text) = report {
                std::fs::write(dir.path().join("report.json"), text).expect("write");
            }
            seen.push((report.unwrap_or("(no report.json)"), opens_as_draft(dir.path())));
        }
        insta::assert_debug_snapshot!(seen, @r#"
        [
            (
                "(no report.json)",
                true,
            ),
            (
                "{\"verdict\": \"pass\"}",
                false,
            ),
            (
                "{\"verdict\": \"fail\"}",
                true,
            ),
            (
                "{\"verdict\": \"unknown\"}",
                true,
            ),
            (
                "not json",
                true,
            ),
        ]
        "#);
    }
}

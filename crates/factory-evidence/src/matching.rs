//! Which checks of the run back each check the plan asked for. The plan names checks by ids
//! (`provider-contract:orders-http`, `test:orders-api/tests/test_db.py`,
//! `repo:web:web unit tests`); the sandbox names them as the repos declare them. A planned check
//! is backed by, in order:
//! 1. a check with the same name, or whose name ends the id (`...:web unit tests`), or the name
//!    the plan gives as its `source`;
//! 2. for a `provider_contract` entry, the repo's contract checks (`http-contract`, `message`);
//!    for a `consumer_contract` entry, the repo's `pact` checks;
//! 3. for a `test` entry (`test:<repo>/<path>`), the test cases of the repo's checks whose class
//!    or module is the file's stem (`tests/test_db.py` -> `test_db`).
//!
//! Nothing else: an entry nothing backs is shown as such, never as a pass.

use serde::Serialize;

use crate::assess::{CheckView, worst};
use crate::input::Verdict;
use crate::plan_view::VerificationItem;

/// What backs one planned check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backing {
    pub verdict: Verdict,
    /// The names of the checks that back it.
    pub checks: Vec<String>,
    /// How they were matched, in words.
    pub matched_by: String,
    /// Indices into `Assessment::checks`.
    #[serde(skip)]
    pub check_indices: Vec<usize>,
}

/// The checks that back `planned` (a plan check id), with `item` its verification entry if the
/// plan has one.
pub fn backing(checks: &[CheckView<'_>], item: Option<&VerificationItem>, planned: &str) -> Option<Backing> {
    let mut names = vec![planned.to_string()];
    if let Some(item) = item {
        names.extend(item.candidates.iter().cloned());
    }
    for name in &names {
        if let Some(index) = by_name(checks, name) {
            let check = &checks[index];
            return Some(Backing {
                verdict: check.verdict(),
                checks: vec![check.name.to_string()],
                matched_by: "name".to_string(),
                check_indices: vec![index],
            });
        }
    }
    let item = item?;
    let repo = item.repo.as_deref()?;
    match item.kind.as_deref()? {
        "provider_contract" => by_kind(checks, repo, &["http-contract", "message"], "the contract checks of"),
        "consumer_contract" => by_kind(checks, repo, &["pact"], "the consumer expectations (pact) of"),
        "test" => by_test_file(checks, repo, item.id.as_deref().unwrap_or(planned)),
        _ => None,
    }
}

fn by_name(checks: &[CheckView<'_>], planned: &str) -> Option<usize> {
    checks.iter().position(|check| check.name == planned).or_else(|| {
        checks.iter().position(|check| {
            planned.ends_with(&format!(":{}", check.name))
                && check.repo.is_none_or(|repo| planned.contains(&format!(":{repo}:")) || planned.starts_with(&format!("{repo}:")))
        })
    })
}

fn by_kind(checks: &[CheckView<'_>], repo: &str, kinds: &[&str], words: &str) -> Option<Backing> {
    let indices: Vec<usize> = checks
        .iter()
        .enumerate()
        .filter(|(_, check)| check.repo == Some(repo) && kinds.contains(&check.kind))
        .map(|(index, _)| index)
        .collect();
    let first = *indices.first()?;
    let verdict = indices.iter().fold(checks[first].verdict(), |verdict, index| worst(verdict, checks[*index].verdict()));
    Some(Backing {
        verdict,
        checks: indices.iter().map(|index| checks[*index].name.to_string()).collect(),
        matched_by: format!("{words} {repo}"),
        check_indices: indices,
    })
}

/// `test:orders-api/tests/test_db.py` -> the cases of orders-api's checks from module `test_db`.
fn by_test_file(checks: &[CheckView<'_>], repo: &str, id: &str) -> Option<Backing> {
    let path = id.strip_prefix("test:").unwrap_or(id);
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    if stem.is_empty() {
        return None;
    }
    let mut indices = Vec::new();
    let mut verdict: Option<Verdict> = None;
    let mut count = 0;
    for (index, check) in checks.iter().enumerate().filter(|(_, check)| check.repo == Some(repo)) {
        let cases: Vec<_> = check
            .last()
            .tests
            .iter()
            .filter(|case| {
                let class = case.classname.as_deref().unwrap_or_default();
                class.split(['.', '/', ':']).any(|part| part == stem) || case.name.split(['.', '/', ':']).any(|part| part == stem)
            })
            .collect();
        if cases.is_empty() {
            continue;
        }
        indices.push(index);
        count += cases.len();
        for case in cases {
            verdict = Some(verdict.map_or(case.verdict, |verdict| worst(verdict, case.verdict)));
        }
    }
    Some(Backing {
        verdict: verdict?,
        checks: indices.iter().map(|index| checks[*index].name.to_string()).collect(),
        matched_by: format!("{count} test case(s) from {file}"),
        check_indices: indices,
    })
}

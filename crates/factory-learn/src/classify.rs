//! Classifying a failure from its evidence.

use serde::{Deserialize, Serialize};

use crate::naming::naming_key;

/// One failed thing in a run, as its evidence shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The check's name, or `build:<task>` for a worker that failed.
    pub check: String,
    /// command, http-contract, message, pact, browser, rule, readiness, setup, build.
    pub kind: String,
    pub repo: Option<String>,
    pub service: Option<String>,
    /// The check's own reason.
    pub reason: String,
    /// The last lines of the logs of the services involved, and the check's output.
    pub log_tail: String,
    /// The verification round it failed in.
    pub round: u32,
    /// The same check passed in a later round with no change to the code it checks.
    pub passed_on_rerun_without_change: bool,
    /// For `build` failures: the worker's finish status (failed, budget, stalled, timeout).
    pub worker_status: Option<String>,
}

/// A field a provider's contract declares, so a misspelt read of it can be recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractField {
    /// The API's name (`orders-http`).
    pub api: String,
    /// The repo that provides it.
    pub provider_repo: String,
    /// `Order.created_at`.
    pub schema_field: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureClass {
    ContractMismatch,
    MissingSeed,
    MissingConfig,
    FlakyCheck,
    WorkerError,
    BudgetOrStall,
    Unclassified,
}

impl FailureClass {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContractMismatch => "contract-mismatch",
            Self::MissingSeed => "missing-seed",
            Self::MissingConfig => "missing-config",
            Self::FlakyCheck => "flaky-check",
            Self::WorkerError => "worker-error",
            Self::BudgetOrStall => "budget-or-stall",
            Self::Unclassified => "unclassified",
        }
    }
}

/// What a failure was, with the evidence that says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub class: FailureClass,
    pub check: String,
    /// One sentence a reviewer can check against the evidence.
    pub summary: String,
    /// The line of evidence the class was read from.
    pub evidence: String,
    /// For contract mismatches: (what the consumer read, what the provider declares).
    pub misnamed_fields: Vec<(String, String)>,
    pub api: Option<String>,
    pub provider_repo: Option<String>,
    pub consumer_repo: Option<String>,
    /// For missing configuration: the variable's name.
    pub missing_variable: Option<String>,
}

/// Classifies `failure` from its evidence; `contract_fields` are the fields the org's contracts
/// declare (on the run's branches), used to recognise a misspelt read.
pub fn classify(failure: &Failure, contract_fields: &[ContractField]) -> Classification {
    let text = format!("{}\n{}", failure.reason, failure.log_tail);
    let mut result = Classification {
        class: FailureClass::Unclassified,
        check: failure.check.clone(),
        summary: String::new(),
        evidence: first_line(&failure.reason),
        misnamed_fields: Vec::new(),
        api: None,
        provider_repo: None,
        consumer_repo: failure.repo.clone(),
        missing_variable: None,
    };

    if let Some(status) = failure.worker_status.as_deref() {
        if matches!(status, "budget" | "stalled" | "timeout") {
            result.class = FailureClass::BudgetOrStall;
            result.summary = format!("the worker for {} stopped with {status}", failure.repo.as_deref().unwrap_or("a task"));
            return result;
        }
        if failure.kind == "build" {
            result.class = FailureClass::WorkerError;
            result.summary = format!("the worker for {} failed: {}", failure.repo.as_deref().unwrap_or("a task"), first_line(&failure.reason));
            return result;
        }
    }
    if failure.passed_on_rerun_without_change {
        result.class = FailureClass::FlakyCheck;
        result.summary = format!("check `{}` failed, then passed on a re-run with no change", failure.check);
        return result;
    }

    // A quoted or dotted name that is a provider's field spelt another way.
    let mut seen = std::collections::BTreeSet::new();
    for token in quoted_and_identifier_tokens(&text) {
        if contract_fields.iter().any(|field| field_name(&field.schema_field) == token) {
            continue;
        }
        let key = naming_key(&token);
        if key.len() < 3 {
            continue;
        }
        let Some(field) = contract_fields.iter().find(|field| naming_key(field_name(&field.schema_field)) == key) else { continue };
        if field.provider_repo.as_str() == failure.repo.as_deref().unwrap_or_default() {
            continue;
        }
        if seen.insert(token.clone()) {
            result.misnamed_fields.push((token.clone(), field_name(&field.schema_field).to_string()));
            result.api = Some(field.api.clone());
            result.provider_repo = Some(field.provider_repo.clone());
            result.evidence = line_containing(&text, &token);
        }
    }
    if !result.misnamed_fields.is_empty() {
        result.class = FailureClass::ContractMismatch;
        let pairs: Vec<String> = result.misnamed_fields.iter().map(|(read, declared)| format!("`{read}` where {} declares `{declared}`", result.api.as_deref().unwrap_or("the contract"))).collect();
        result.summary = format!("{} reads {}", failure.repo.as_deref().unwrap_or("a consumer"), pairs.join(", "));
        return result;
    }

    if let Some(variable) = missing_variable(&text) {
        result.class = FailureClass::MissingConfig;
        result.evidence = line_containing(&text, &variable);
        result.summary = format!("{} needs the environment variable {variable}, which was not set", failure.service.as_deref().or(failure.repo.as_deref()).unwrap_or("a service"));
        result.missing_variable = Some(variable);
        return result;
    }
    let lowered = text.to_lowercase();
    // Only signs that data or a setup step is missing: a word such as "seed" in a service's
    // ordinary log (an orders-api that seeded fine) says nothing.
    let seed_signals = ["no such table", "no rows", "empty result", "relation does not exist", "(0 ", " 0 rows", "expected at least one"];
    if failure.kind == "setup" || failure.kind == "readiness" && lowered.contains("table") || seed_signals.iter().any(|signal| lowered.contains(signal)) && !lowered.contains("keyerror") {
        result.class = FailureClass::MissingSeed;
        result.evidence = seed_signals.iter().find_map(|signal| lowered.contains(signal).then(|| line_containing(&text, signal))).unwrap_or_else(|| first_line(&failure.reason));
        result.summary = format!("{} ran without the data or setup step it needs", failure.service.as_deref().or(failure.repo.as_deref()).unwrap_or("a service"));
        return result;
    }
    result.summary = format!("check `{}` failed: {}", failure.check, first_line(&failure.reason));
    result
}

fn field_name(schema_field: &str) -> &str {
    schema_field.rsplit('.').next().unwrap_or(schema_field)
}

fn first_line(text: &str) -> String {
    text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default().trim().to_string()
}

fn line_containing(text: &str, needle: &str) -> String {
    let lowered_needle = needle.to_lowercase();
    text.lines()
        .find(|line| line.to_lowercase().contains(&lowered_needle))
        .map(|line| line.trim().chars().take(300).collect())
        .unwrap_or_default()
}

/// Names in quotes (`'createdAt'`, `"createdAt"`) and after a dot (`order.createdAt`).
fn quoted_and_identifier_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for quote in ['\'', '"', '`'] {
        let mut parts = text.split(quote);
        parts.next();
        while let Some(inside) = parts.next() {
            if inside.len() <= 64 && !inside.is_empty() && inside.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                tokens.push(inside.to_string());
            }
            parts.next();
        }
    }
    tokens.extend(crate::naming::property_reads(text).into_iter().map(|(name, _)| name));
    tokens
}

/// `KeyError: 'ORDERS_API_URL'`, `ORDERS_API_URL is not set`, `missing environment variable X`.
fn missing_variable(text: &str) -> Option<String> {
    let is_env_name = |word: &str| word.len() >= 3 && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') && word.chars().any(|c| c == '_');
    for line in text.lines() {
        let lowered = line.to_lowercase();
        let mentions_env = lowered.contains("environ") || lowered.contains("env var") || lowered.contains("environment variable") || lowered.contains("not set") || lowered.contains("keyerror");
        if !mentions_env {
            continue;
        }
        let mut words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        if let Some(word) = words.rfind(|word| is_env_name(word)) {
            return Some(word.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests;

//! The fallback declaration: a `Procfile`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::declarations::{Checkout, ServiceDeclaration, StopSpec};
use crate::SandboxError;

/// A `Procfile`: `name: command line` per line. Each process gets one port (`PORT`) and is run
/// by `sh -c`; it has no readiness probe, so it counts as healthy once started.
pub fn parse_procfile(text: &str, path: &Path, checkout: &Checkout) -> Result<Vec<ServiceDeclaration>, SandboxError> {
    let mut services = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, command)) = line.split_once(':') else {
            return Err(SandboxError::Declaration {
                path: path.to_path_buf(),
                message: format!("line {}: expected `name: command`", number + 1),
            });
        };
        let kind = kind.trim();
        let name = if kind == "web" { checkout.repo.clone() } else { format!("{}-{kind}", checkout.repo) };
        services.push(ServiceDeclaration {
            name: name.to_lowercase().replace('_', "-"),
            repo: checkout.repo.clone(),
            repo_dir: checkout.path.clone(),
            source: path.to_path_buf(),
            command: vec!["sh".into(), "-c".into(), format!("exec {}", command.trim())],
            cwd: checkout.path.clone(),
            ports: vec!["http".into()],
            env: BTreeMap::new(),
            depends_on: Vec::new(),
            setup: Vec::new(),
            seed: Vec::new(),
            ready: None,
            stop: StopSpec::default(),
        });
    }
    Ok(services)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_process_becomes_a_service_with_one_port() {
        let checkout = Checkout { repo: "shop".into(), path: "/repos/shop".into() };
        let text = "# comment\nweb: gunicorn app:app --bind 127.0.0.1:$PORT\nworker_jobs: python3 worker.py\n";
        let services = parse_procfile(text, Path::new("/repos/shop/Procfile"), &checkout).expect("valid Procfile");
        let summary: Vec<(String, Vec<String>, Vec<String>)> =
            services.into_iter().map(|service| (service.name, service.command, service.ports)).collect();
        insta::assert_json_snapshot!(summary);
        let error = parse_procfile("web gunicorn", Path::new("/repos/shop/Procfile"), &checkout).expect_err("no colon");
        assert_eq!(error.to_string(), "/repos/shop/Procfile: line 1: expected `name: command`");
    }
}

//! The brain: the org's knowledge graph. Readers (one module per source format) turn the
//! bytes of one file into facts; resolution joins every file's facts into the org's graph
//! (components, owners, contracts, fields, service-to-service dependencies); reconciliation
//! turns that graph into bi-temporal facts for the store; queries and contract checks read
//! the stored graph back.
//!
//! This crate reads no files and runs no git: callers hand it bytes and rows (factory-app
//! does the IO through factory-git and factory-store). It never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod breaking;
pub mod check;
pub mod graph;
pub mod model;
pub mod net;
pub mod query;
pub mod readers;
pub mod reconcile;
pub mod resolve;
pub mod yaml;

pub use model::{FileFacts, Method};
pub use resolve::{Resolved, ScannedFacts, resolve};

/// The version of what the readers make of a file's bytes. A scan whose store holds facts of
/// another version reads every file again, so an upgrade's readers apply to files that did
/// not change. Change it whenever a reader's facts for the same bytes change.
pub const READERS_VERSION: &str = "2026-12-08.173";

/// The version of how the org is resolved from the files' facts. A scan whose graph was
/// resolved by another version resolves it again, though no file changed (it reads none), so
/// an upgrade's rules apply at once. Change it whenever resolution's graph for the same facts
/// changes.
pub const RESOLUTION_VERSION: &str = "2026-12-07.89";

/// The name the factory home goes by when its lessons and decisions are scanned. It is never
/// a component itself.
pub const HOME_REPO: &str = "factory-home";

/// What a contract reader writes where the API's name goes, until resolution knows it.
pub const API_PLACEHOLDER: &str = "{api}";

/// A source without its commit: `repo@sha:path#pointer` -> `repo:path#pointer`. Facts are the
/// same fact across commits when this key is.
pub fn source_key(source: &str) -> String {
    match source_parts(source) {
        (Some(repo), location) => format!("{repo}:{location}"),
        (None, whole) => whole.to_string(),
    }
}

/// [`source_key`] without a copy: (repo, `path#pointer`) for a `repo@sha:path#pointer`
/// source, (`None`, the whole source) for one without a commit (`run:<id>`). Two sources of
/// the same form name the same fact exactly when these are equal.
pub fn source_parts(source: &str) -> (Option<&str>, &str) {
    match source.split_once('@') {
        Some((repo, rest)) => (Some(repo), rest.split_once(':').map_or("", |(_, location)| location)),
        None => (None, source),
    }
}

/// The repo and file of a source: `repo@sha:path#pointer` -> (`repo`, `path`).
pub fn source_file(source: &str) -> Option<(&str, &str)> {
    let (repo, rest) = source.split_once('@')?;
    let (_, location) = rest.split_once(':')?;
    Some((repo, location.split('#').next().unwrap_or(location)))
}

/// Reads one file's bytes into facts, or the reason it could not be read.
pub fn read_file(path: &str, bytes: &[u8]) -> Result<FileFacts, String> {
    readers::read(path, bytes)
}

/// Whether a scan reads `path` of `size` bytes.
pub fn wants_file(path: &str, size: u64) -> bool {
    readers::wants(path, size)
}

/// An RFC 3339 time (any offset) as RFC 3339 UTC (`2026-06-01T10:00:00Z`), the form every
/// stored time takes so that times compare as text. A bare date means the end of that day.
pub fn utc_time(text: &str) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    let parsed = time::OffsetDateTime::parse(text, &Rfc3339).ok().or_else(|| {
        let date = time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
        Some(date.with_hms(23, 59, 59).ok()?.assume_utc())
    })?;
    parsed.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}

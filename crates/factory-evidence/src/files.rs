//! The only file IO of the crate: writing bundle files, copying included files, walking and
//! hashing the evidence folder. Every path that comes from the input is checked to stay inside
//! the folder.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::EvidenceError;
use crate::input::IncludedFile;

/// The attestation is written last and never attests itself.
pub const ATTESTATION_FILE: &str = "attestation.json";

/// Writes `contents` to `dir/relative`, creating folders.
pub fn write_file(dir: &Path, relative: &str, contents: &[u8]) -> Result<(), EvidenceError> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(EvidenceError::io("create folder", parent))?;
    }
    std::fs::write(&path, contents).map_err(EvidenceError::io("write", &path))
}

/// Checks that a bundle path is relative, uses only normal components, and lies under `artifacts/`.
pub fn check_artifact_path(relative: &str) -> Result<(), EvidenceError> {
    let path = Path::new(relative);
    let normal = path.components().all(|component| matches!(component, Component::Normal(_)));
    if !normal || relative.contains('\\') || !relative.starts_with("artifacts/") || relative.len() <= "artifacts/".len() {
        return Err(EvidenceError::Input {
            message: format!(
                "included file destination `{relative}` must be a relative path under `artifacts/` without `..`, e.g. `artifacts/logs/web.log`"
            ),
        });
    }
    Ok(())
}

/// Copies each included file to its destination. A source that does not exist is not fatal:
/// it is returned so the report can say the evidence is missing.
pub fn copy_included(dir: &Path, files: &[IncludedFile]) -> Result<Vec<String>, EvidenceError> {
    let mut missing = Vec::new();
    for file in files {
        check_artifact_path(&file.destination)?;
        let destination = dir.join(&file.destination);
        if !file.source.is_file() {
            tracing::warn!(source = %file.source.display(), destination = %file.destination, "included file is missing");
            missing.push(file.destination.clone());
            continue;
        }
        if same_file(&file.source, &destination) {
            continue;
        }
        if let Some(parent) = destination.parent() {
            std::fs::create_dir_all(parent).map_err(EvidenceError::io("create folder", parent))?;
        }
        std::fs::copy(&file.source, &destination).map_err(EvidenceError::io("copy", &file.source))?;
    }
    Ok(missing)
}

fn same_file(source: &Path, destination: &Path) -> bool {
    match (source.canonicalize(), destination.canonicalize()) {
        (Ok(left), Ok(right)) => left == right,
        _ => false,
    }
}

/// Every file under `dir` (relative, `/`-separated) with its sha256, `attestation.json` excluded.
pub fn digest_folder(dir: &Path) -> Result<BTreeMap<String, String>, EvidenceError> {
    let mut digests = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(EvidenceError::io("list", &folder))?;
        for entry in entries {
            let entry = entry.map_err(EvidenceError::io("list", &folder))?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(EvidenceError::io("inspect", &path))?;
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file() {
                let relative = relative_name(dir, &path);
                if relative != ATTESTATION_FILE {
                    digests.insert(relative, sha256_file(&path)?);
                }
            } else if file_type.is_symlink() {
                // A link is hashed as its target's path, so swapping a file for a link shows.
                let target = std::fs::read_link(&path).map_err(EvidenceError::io("read link", &path))?;
                let text = format!("symlink:{}", target.display());
                digests.insert(relative_name(dir, &path), hex_lower(&Sha256::digest(text.as_bytes())));
            }
        }
    }
    Ok(digests)
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative.components().map(|component| component.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The lowercase hex sha256 of a file.
pub fn sha256_file(path: &Path) -> Result<String, EvidenceError> {
    let mut file = std::fs::File::open(path).map_err(EvidenceError::io("open", path))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0_u8; 64 * 1024];
    loop {
        let read = file.read(&mut buffer).map_err(EvidenceError::io("read", path))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex_lower(&hasher.finalize()))
}

pub fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The last `lines` lines of a text file in the bundle, or `None` when it is missing or binary.
pub fn text_tail(dir: &Path, relative: &str, lines: usize) -> Option<String> {
    let bytes = std::fs::read(dir.join(relative)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    Some(all[start..].join("\n"))
}

/// Reads a bundle file, for embedding (screenshots in the HTML report).
pub fn read_bundle_file(dir: &Path, relative: &str) -> Option<Vec<u8>> {
    std::fs::read(dir.join(relative)).ok()
}

/// The media type by extension, for `report.json` and data URIs.
pub fn media_type(relative: &str) -> &'static str {
    let extension = relative.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "log" | "txt" | "out" => "text/plain",
        _ => "application/octet-stream",
    }
}

pub fn is_image(relative: &str) -> bool {
    media_type(relative).starts_with("image/")
}

pub fn is_log(relative: &str) -> bool {
    media_type(relative) == "text/plain"
}

/// `pr/<name>.md` for a repo; characters outside `[A-Za-z0-9._-]` become `-`.
pub fn pull_request_file(repo: &str) -> String {
    let name: String =
        repo.chars().map(|character| if character.is_ascii_alphanumeric() || "._-".contains(character) { character } else { '-' }).collect();
    let name = name.trim_start_matches('.');
    format!("pr/{}.md", if name.is_empty() { "repo" } else { name })
}

pub fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

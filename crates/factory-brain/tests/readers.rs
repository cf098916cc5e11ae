//! One snapshot per reader fixture: every file under `tests/fixtures/readers/`, read as the
//! scan reads it, its facts (or the reason it could not be read) snapshotted whole.
//! Malformed files live in `broken/`.

use std::path::{Path, PathBuf};

fn files(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read dir").map(|entry| entry.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, root, out);
        } else {
            out.push(path.strip_prefix(root).expect("inside root").to_path_buf());
        }
    }
}

#[test]
fn every_reader_fixture_reads_to_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readers");
    let mut paths = Vec::new();
    files(&root, &root, &mut paths);
    for path in paths {
        let relative = path.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(root.join(&path)).expect("read fixture");
        let size = bytes.len() as u64;
        let wanted = factory_brain::wants_file(&relative, size);
        let value = match factory_brain::read_file(&relative, &bytes) {
            Ok(facts) => serde_json::json!({"wanted": wanted, "facts": facts}),
            Err(reason) => serde_json::json!({"wanted": wanted, "error": reason}),
        };
        let name = relative.replace(['/', '.'], "_");
        insta::with_settings!({snapshot_suffix => name, description => relative.clone(), omit_expression => true}, {
            insta::assert_json_snapshot!("reader", value);
        });
    }
}

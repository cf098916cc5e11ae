//! The folders of the build context a Dockerfile's `RUN` steps build: dinhcanh303's
//! go-microservices keeps `docker/Dockerfile-auth`, `COPY . /app`, `WORKDIR /app`, then
//! `go build -tags migrate -o /bin/app ./cmd/auth`, one such file per service of one Go module.
//!
//! Read: `go build`/`go install` of a local package or file (`./cmd/auth`,
//! `./cmd/auth/main.go`, `./services/auth`), `dotnet build`/`publish` of a project file
//! (`src/Orders/Orders.csproj`), npm's `--workspace`/`-w` and pnpm's `--filter`/`-F` given a
//! path (`./services/orders`). A package name (`cargo build -p orders`, `pnpm --filter orders`)
//! says no folder by itself, nor does `go build ./...`.

use super::instructions;

/// The folders, relative to the build context, that the file's `RUN` steps build. A path is
/// read against the `WORKDIR` in effect (and a `cd` earlier in the same step), then made
/// relative to the image folder the context is copied into (`COPY . /app`), else to that
/// `WORKDIR` (`COPY services ./services` beside it). A stage built `FROM` an earlier one starts
/// where that one left off.
pub(super) fn built_folders(text: &str) -> Vec<String> {
    let mut folders: Vec<String> = Vec::new();
    // Each stage by its name, as it last stood, for the stages built from it.
    let mut stages: Vec<(Option<String>, Folders)> = Vec::new();
    let mut state = Folders::default();
    for (_, keyword, rest) in instructions(text) {
        let Folders { workdir, context } = &mut state;
        match keyword.as_str() {
            "FROM" => {
                let words: Vec<&str> = rest.split_whitespace().filter(|word| !word.starts_with("--")).collect();
                let base = words.first().map(|base| base.to_lowercase()).unwrap_or_default();
                let name = match words.as_slice() {
                    [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => Some(name.to_lowercase()),
                    _ => None,
                };
                let inherited = stages.iter().rev().find(|(stage, _)| stage.as_deref() == Some(base.as_str())).map(|(_, state)| state.clone());
                state = inherited.unwrap_or_default();
                stages.push((name, state.clone()));
                continue;
            }
            "WORKDIR" => *workdir = join(workdir, rest.trim_matches(['"', '\''])),
            "COPY" | "ADD" if !rest.split_whitespace().any(|word| word.starts_with("--from")) => {
                let operands: Vec<&str> = rest.split_whitespace().filter(|word| !word.starts_with("--")).collect();
                let whole = operands[..operands.len().saturating_sub(1)].iter().any(|source| matches!(source.trim_matches(['[', '"', ',']), "." | "./"));
                if let (true, Some(destination)) = (whole, operands.last()) {
                    *context = Some(join(workdir, destination.trim_matches([']', '"'])));
                }
            }
            "RUN" => {
                let holder = context.clone().unwrap_or_else(|| workdir.clone());
                let mut here = workdir.clone();
                for command in super::words(&rest).split(|word| matches!(word.as_str(), "&&" | "||" | ";" | "|")) {
                    if let [cd, folder] = command
                        && cd == "cd"
                    {
                        here = join(&here, folder);
                        continue;
                    }
                    for path in built_paths(command) {
                        let built = join(&here, &path);
                        let relative = if holder == "/" { built.strip_prefix('/') } else { built.strip_prefix(&holder).and_then(|rest| rest.strip_prefix('/')) };
                        if let Some(relative) = relative.filter(|relative| !relative.is_empty() && !folders.iter().any(|folder| folder == relative)) {
                            folders.push(relative.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
        // The current stage's state, for the stages built from it.
        if let Some((_, saved)) = stages.last_mut() {
            *saved = state.clone();
        }
    }
    folders
}

/// Where a stage stands: its `WORKDIR` and the folder the whole build context was copied into.
#[derive(Clone)]
struct Folders {
    workdir: String,
    context: Option<String>,
}

impl Default for Folders {
    fn default() -> Self {
        Self { workdir: String::from("/"), context: None }
    }
}

/// `go build` flags followed by a value.
const GO_VALUE_FLAGS: &[&str] =
    &["-o", "-p", "-C", "-tags", "-ldflags", "-gcflags", "-asmflags", "-gccgoflags", "-installsuffix", "-mod", "-modfile", "-overlay", "-pgo", "-pkgdir", "-buildmode", "-compiler", "-toolexec", "-coverpkg", "-covermode"];

/// The folders one shell command builds, as written (a project or source file's folder).
fn built_paths(command: &[String]) -> Vec<String> {
    let words: Vec<&str> = command.iter().map(String::as_str).skip_while(|word| word.contains('=') && !word.starts_with('-')).collect();
    let mut paths: Vec<String> = Vec::new();
    match words.as_slice() {
        ["go", "build" | "install", arguments @ ..] => {
            let mut skip_value = false;
            for word in arguments {
                if std::mem::take(&mut skip_value) {
                    continue;
                }
                if word.starts_with('-') {
                    let flag = format!("-{}", word.trim_start_matches('-'));
                    skip_value = !word.contains('=') && GO_VALUE_FLAGS.contains(&flag.as_str());
                    continue;
                }
                // Local packages only: `./cmd/auth`, `/app/cmd/auth`, `cmd/auth/main.go`, not an
                // import path (`github.com/acme/tool`) nor a pattern (`./...`).
                let local = matches!(*word, "." | "..") || word.starts_with("./") || word.starts_with("../") || word.starts_with('/') || word.ends_with(".go");
                if local && !word.contains("...") {
                    paths.push(if word.ends_with(".go") { folder_of(word) } else { word.to_string() });
                }
            }
        }
        ["dotnet", "build" | "publish", arguments @ ..] => {
            paths.extend(arguments.iter().filter(|word| [".csproj", ".fsproj", ".vbproj"].iter().any(|extension| word.ends_with(extension))).map(|project| folder_of(project)));
        }
        ["npm" | "pnpm" | "yarn", arguments @ ..] => {
            for (index, word) in arguments.iter().enumerate() {
                let value = match word.split_once('=') {
                    Some(("--workspace" | "--filter", value)) => Some(value),
                    None if matches!(*word, "--workspace" | "-w" | "--filter" | "-F") => arguments.get(index + 1).copied(),
                    _ => None,
                };
                // A path, not a package's name (`orders`, `@acme/orders`).
                let value = value.map(|value| value.trim_matches(['{', '}']).trim_end_matches("...").trim_start_matches("...")).filter(|value| value.contains('/') && !value.starts_with('@'));
                paths.extend(value.map(str::to_string));
            }
        }
        _ => {}
    }
    paths.retain(|path| !path.contains(['$', '*', '?']));
    paths
}

/// The folder a file path is in (`.` for a bare file name).
fn folder_of(path: &str) -> String {
    path.rsplit_once('/').map_or(".", |(folder, _)| folder).to_string()
}

/// `path` read from `folder` (both absolute once joined), `.` and `..` resolved.
fn join(folder: &str, path: &str) -> String {
    let start = if path.starts_with('/') { "" } else { folder };
    let mut segments: Vec<&str> = Vec::new();
    for segment in start.split('/').chain(path.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    format!("/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_steps_name_the_folders_they_build() {
        let cases: [(&str, &[&str]); 11] = [
            // dinhcanh303's go-microservices.
            ("FROM golang AS modules\nCOPY go.mod go.sum /modules/\nWORKDIR /modules\nRUN go mod download\nFROM golang AS builder\nCOPY --from=modules /go/pkg /go/pkg\nCOPY . /app\nWORKDIR /app\nRUN CGO_ENABLED=0 GOOS=linux \\\n    go build -tags migrate -o /bin/app ./cmd/auth\n", &["cmd/auth"]),
            ("FROM golang\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags \"-s -w\" -o app ./cmd/auth/main.go\n", &["cmd/auth"]),
            ("FROM golang\nWORKDIR /app\nCOPY go.mod ./\nCOPY services ./services\nRUN go build -o /bin/app ./services/orders\n", &["services/orders"]),
            ("FROM golang\nCOPY . /go/src/app\nWORKDIR /go/src/app\nRUN cd cmd/orders && go build -o /app .\n", &["cmd/orders"]),
            ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish \"src/Orders/Orders.csproj\" -c Release -o /app\n", &["src/Orders"]),
            ("FROM node:20\nWORKDIR /repo\nCOPY . .\nRUN npm run build --workspace=services/orders\n", &["services/orders"]),
            ("FROM node:20\nWORKDIR /repo\nCOPY . .\nRUN pnpm --filter ./services/orders... build\n", &["services/orders"]),
            // Nothing named: every package, the context's own folder, a package's name, an import path.
            ("FROM golang\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app ./...\n", &[]),
            ("FROM golang\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app .\n", &[]),
            ("FROM node:20\nWORKDIR /repo\nCOPY . .\nRUN pnpm --filter @acme/orders build && cargo build --release -p orders\n", &[]),
            ("FROM golang\nRUN go install github.com/acme/tool/cmd/tool@latest\n", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(built_folders(text), expected.to_vec(), "{text}");
        }
    }
}

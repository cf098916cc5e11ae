//! A Dockerfile marks its folder as a service's root: the folder's name is the service's
//! name unless the catalog, compose or Kubernetes names it otherwise. A Dockerfile that only
//! dresses a database, broker or tracing image (`FROM mysql:5.7` plus a seed dump) declares a
//! resource, not a service.
//!
//! An image folder such as `docker/orders/` says which image it builds, not where the code
//! is; whether it stands for the repo's root depends on the repo's other images, so
//! resolution decides (see [`crate::resolve::components`]). A language's toolchain image into
//! which only scripts and config are copied (a dev image running code mounted at run time) is
//! no service's: the compose services running it are.
//!
//! The image's `ENV` (of its final stage and the stages that one is built from) is the
//! service's environment: a value naming another service (`ENV CART_HOST=cart`) is a
//! dependency, read like compose and Kubernetes env.

use serde_json::json;

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin, naming_key};
use crate::net::hosts_in_value;
use crate::readers::kubernetes::is_backing_service_image;
use crate::readers::parent_dir;

mod build_steps;

/// Folder names that say where the Dockerfile sits inside a service, not which service it is.
/// Storedog's front end keeps its `prod.Dockerfile` and `dev.Dockerfile` in `Dockerfiles/`.
const INNER_FOLDERS: &[&str] = &["src", "app", "docker", "build", "deploy", ".docker", "container", "image", "dockerfiles", "Dockerfiles"];
/// Folders whose Dockerfiles are not services.
const NOT_SERVICES: &[&str] = &[".devcontainer", "test", "tests", "examples", "example", "docs", ".github", "hack", "e2e"];

/// Whether a `COPY` or `ADD` takes its source from a folder a build argument names
/// (`COPY $svc_name/target/ /bin/`, `ADD ${SERVICE}/ /app`). A whole source named by one
/// (Spring's `COPY ${JAR_FILE} app.jar`) is one service's build output.
fn builds_a_folder_named_by_an_argument(text: &str) -> bool {
    let arguments: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("ARG ").or_else(|| line.trim().strip_prefix("arg ")))
        .map(|rest| rest.split('=').next().unwrap_or("").trim().to_string())
        .filter(|name| !name.is_empty())
        .collect();
    text.lines().map(str::trim).filter(|line| line.starts_with("COPY ") || line.starts_with("ADD ")).any(|line| {
        // Sources only: the last operand is the destination, which may well be an argument
        // (`ARG BASE=/usr/src/app`, `COPY pom.xml ${BASE}/`).
        let operands: Vec<&str> = line.split_whitespace().skip(1).filter(|word| !word.starts_with("--")).collect();
        let sources = &operands[..operands.len().saturating_sub(1)];
        sources
            .iter()
            .map(|source| source.trim_start_matches(['[', '"']).trim_end_matches([',', '"']))
            .any(|source| arguments.iter().any(|name| [format!("${name}/"), format!("${{{name}}}/")].iter().any(|prefix| source.starts_with(prefix.as_str()))))
    })
}

/// Whether a file (its lowercase name) is a Dockerfile: `Dockerfile`, `Dockerfile.api`,
/// `api.Dockerfile`, or `Dockerfile-api` and `Dockerfile_api` (dinhcanh303's go-microservices
/// keeps `docker/Dockerfile-auth`), whose name holds no extension but a variant's
/// (`Dockerfile-api.prod`, not `dockerfile_test.go`).
pub fn is_dockerfile(lower_name: &str) -> bool {
    let dashed = ["dockerfile-", "dockerfile_"].iter().find_map(|prefix| lower_name.strip_prefix(prefix)).is_some_and(|named| {
        let named = NAME_VARIANTS.iter().find_map(|variant| named.strip_suffix(variant)).unwrap_or(named);
        !named.is_empty() && !named.contains('.')
    });
    lower_name == "dockerfile" || lower_name.starts_with("dockerfile.") || lower_name.ends_with(".dockerfile") || dashed
}

/// Whether a folder can hold a service (not a dev container, tests, examples or docs).
pub fn is_service_folder(folder: &str) -> bool {
    !folder.split('/').any(|segment| NOT_SERVICES.contains(&segment))
}

pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let folder = parent_dir(path);
    if !is_service_folder(folder) {
        return facts;
    }
    let infrastructure = wraps_a_backing_service(text) || runs_a_published_tool(text);
    let mut root = named_folder(path, text).unwrap_or_else(|| service_root(folder));
    // A template building whichever service folder a build argument names (emojivoto's
    // `ARG svc_name` then `COPY $svc_name/target/ ..`) is no service's own image, nor is a dev
    // image that runs code mounted at run time.
    if builds_a_folder_named_by_an_argument(text) || (!infrastructure && runs_mounted_code(text)) {
        return facts;
    }
    // A database image beside the service (`orders/orders-db/`) keeps its own folder.
    if !infrastructure && let Some(parent) = module_of_parent(&root) {
        root = parent.to_string();
    }
    let name = root.rsplit('/').next().unwrap_or("").to_string();
    let aliases = if infrastructure { Vec::new() } else { copied_proxy_config(folder, &root, text) };
    facts.units.push(UnitFact {
        name,
        origin: UnitOrigin::Dockerfile,
        root: Some(root),
        aliases,
        infrastructure,
        labels: Default::default(),
        pointer: "L1".into(),
    });
    for (key, value, line) in image_environment(text) {
        for host in hosts_in_value(&key, &value) {
            facts.edge("self", &format!("host:{host}"), "depends_on", crate::net::with_url_path(json!({"env": key}), &value, &host), &format!("L{line}"), Method::Parsed);
        }
    }
    facts
}

/// The proxy config an image served by nginx (or another stock proxy) copies in from outside
/// the folder it builds, as mount aliases: minh0206's event-driven-food-delivery builds its
/// front end from `frontend/` in `Dockerfile.frontend` at the root, which also copies the
/// root's `nginx.conf` (the `proxy_pass` to its gateway) into the final `FROM nginx:alpine`
/// stage. Sources are read against the Dockerfile's folder, the usual build context.
fn copied_proxy_config(folder: &str, root: &str, text: &str) -> Vec<String> {
    let last_base = instructions(text).into_iter().rfind(|(_, keyword, _)| keyword == "FROM").and_then(|(_, _, rest)| rest.split_whitespace().find(|word| !word.starts_with("--")).map(str::to_string));
    if !last_base.is_some_and(|base| crate::readers::kubernetes::is_proxy_image(&base)) {
        return Vec::new();
    }
    context_sources(text)
        .into_iter()
        .filter(|(source, from_stage)| !from_stage && !source.contains(['$', '*']) && (source.ends_with(".conf") || source.ends_with(".conf.template")))
        .map(|(source, _)| if folder.is_empty() { source.to_string() } else { format!("{folder}/{source}") })
        .filter(|path| !(root.is_empty() || path.starts_with(&format!("{root}/"))))
        .map(|path| format!("{}{}{path}", crate::readers::compose::MOUNT_ALIAS, crate::readers::compose::PROXY_CONFIG))
        .collect()
}

/// The folder a Dockerfile named after it builds: tsawler's go-microservices keeps
/// `front-end.dockerfile` beside `broker-service.dockerfile` at its root, the first copying
/// `COPY front-end/frontEndLinux /app`; `Dockerfile.api` copying `api/` likewise builds `api`.
/// A variant of the name (`user.dev.Dockerfile`, `Dockerfile.api.prod`) is the name's. The folder
/// may sit deeper, written in the file: lequochung19971's nestjs-microservices keeps
/// `docker/api-gateway.Dockerfile` (`WORKDIR /app/services/api-gateway` in the image's `/app`)
/// and `docker/user.Dockerfile` (`COPY services/user/ ./services/user/`), built from the repo's
/// root, so they build `services/api-gateway` and `services/user` of the build context (the
/// folder the Dockerfile's inner folder climbs out to). So does a build step naming a folder
/// so named: dinhcanh303's go-microservices copies its whole Go module (`COPY . /app`) in each
/// `docker/Dockerfile-<name>` and runs `go build -o /bin/app ./cmd/<name>` (see
/// [`build_steps`]). A Dockerfile whose name's other part copies or builds nothing of a folder
/// so named (`Dockerfile.dev`, `Dockerfile-dev`) is its own folder's, as is one inside a folder
/// of that name.
fn named_folder(path: &str, text: &str) -> Option<String> {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let lower = file_name.to_lowercase();
    let after_prefix = ["dockerfile.", "dockerfile-", "dockerfile_"].iter().find_map(|prefix| lower.strip_prefix(prefix)).map(str::len);
    let named = match (lower.strip_suffix(".dockerfile").map(str::len), after_prefix) {
        (Some(length), _) => &file_name[..length],
        (None, Some(length)) => &file_name[file_name.len() - length..],
        (None, None) => return None,
    };
    let named = NAME_VARIANTS.iter().find_map(|variant| named.strip_suffix(variant)).unwrap_or(named);
    if named.is_empty() || named.contains('.') {
        return None;
    }
    let sources = context_sources(text);
    let folder = parent_dir(path);
    if sources.iter().any(|(source, _)| source.strip_prefix(named).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))) {
        return Some(if folder.is_empty() { named.to_string() } else { format!("{folder}/{named}") });
    }
    let context = service_root(folder);
    if context.rsplit('/').next() == Some(named) {
        return None;
    }
    let ends_in_name = |written: &str| written.rsplit_once('/').is_some_and(|(_, last)| last == named) && !written.contains(['*', '$', '?']) && !written.starts_with("..");
    let copied = sources.iter().filter(|(_, from_stage)| !from_stage).map(|(source, _)| source.trim_end_matches('/')).find(|source| ends_in_name(source)).map(str::to_string);
    // A WORKDIR says which folder of the context the image works in only when the context is
    // not copied whole (`COPY . .` into `/app/api` is the context's own service).
    let copies_the_context = sources.iter().any(|(source, from_stage)| !from_stage && matches!(*source, "." | "./" | ""));
    let worked_in = || if copies_the_context { None } else { working_folders(text).into_iter().find(|relative| ends_in_name(relative)) };
    // A build step naming the folder it builds (`go build -o /bin/app ./cmd/auth` in
    // `docker/Dockerfile-auth`), when that folder is named like the file.
    let built = || build_steps::built_folders(text).into_iter().find(|folder| folder.rsplit('/').next().is_some_and(|last| naming_key(last) == naming_key(named)));
    let relative = copied.or_else(worked_in).or_else(built)?;
    Some(if context.is_empty() { relative } else { format!("{context}/{relative}") })
}

/// Suffixes naming a variant of one image (`user.dev.Dockerfile`, `api.prod.Dockerfile`).
const NAME_VARIANTS: &[&str] = &[".dev", ".prod", ".local", ".debug"];

/// Folders an image keeps its application in, under which a `WORKDIR` names a folder of the
/// build context (`WORKDIR /app/services/user` is `services/user`).
const APPLICATION_FOLDERS: &[&str] = &["/app", "/usr/src/app", "/usr/app", "/home/node/app", "/opt/app", "/srv/app", "/workspace", "/code"];

/// The sources of the file's `COPY` and `ADD` (`./` trimmed, URLs left out), each with whether
/// it is copied from another stage (`--from=`) rather than from the build context.
fn context_sources(text: &str) -> Vec<(&str, bool)> {
    text.lines()
        .map(str::trim)
        .filter_map(|line| line.split_once(char::is_whitespace))
        .filter(|(instruction, _)| instruction.eq_ignore_ascii_case("copy") || instruction.eq_ignore_ascii_case("add"))
        .flat_map(|(_, rest)| {
            let from_stage = rest.split_whitespace().any(|word| word.starts_with("--from"));
            let operands: Vec<&str> = rest.split_whitespace().filter(|word| !word.starts_with("--")).collect();
            let sources: Vec<(&str, bool)> = operands[..operands.len().saturating_sub(1)]
                .iter()
                .map(|source| source.trim_start_matches(['[', '"']).trim_end_matches([',', '"']).trim_start_matches("./"))
                .filter(|source| !source.contains("://"))
                .map(|source| (source, from_stage))
                .collect();
            sources
        })
        .collect()
}

/// The folders of the build context the image's `WORKDIR`s name, relative to the application
/// folder: another `WORKDIR` of the file they lie under (`WORKDIR /app` then
/// `WORKDIR /app/services/user`), else a usual one ([`APPLICATION_FOLDERS`]).
fn working_folders(text: &str) -> Vec<String> {
    let folders: Vec<String> = instructions(text)
        .into_iter()
        .filter(|(_, keyword, _)| keyword == "WORKDIR")
        .map(|(_, _, rest)| rest.trim_matches(['"', '\'']).trim_end_matches('/').to_string())
        .filter(|folder| folder.starts_with('/') && !folder.contains('$'))
        .collect();
    folders
        .iter()
        .filter_map(|folder| {
            let prefixes = folders.iter().map(String::as_str).chain(APPLICATION_FOLDERS.iter().copied());
            let relative = prefixes.filter_map(|prefix| folder.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('/'))).max_by_key(|rest| rest.len())?;
            (!relative.is_empty()).then(|| relative.to_string())
        })
        .collect()
}

/// The service folder a Dockerfile in `folder` belongs to: inner folders (`src/`,
/// `docker/`…) are climbed out of, so `orders/docker/Dockerfile` is `orders`, and so is a Maven
/// or Gradle module's `src/main/docker/` (Quarkus's `Dockerfile.jvm`, `Dockerfile.native`) or
/// `src/main/jib/`: `orders/src/main/docker/Dockerfile.jvm` is `orders`.
pub fn service_root(folder: &str) -> String {
    let mut root = folder.to_string();
    for build_folder in ["src/main/docker", "src/main/jib"] {
        if root == build_folder {
            return String::new();
        }
        if let Some(module) = root.strip_suffix(build_folder).and_then(|module| module.strip_suffix('/')) {
            root = module.to_string();
            break;
        }
    }
    while !root.is_empty() {
        let (parent, name) = root.rsplit_once('/').unwrap_or(("", root.as_str()));
        if !INNER_FOLDERS.contains(&name) {
            break;
        }
        root = parent.to_string();
    }
    root
}

/// A Dockerfile in one module of a service's build (`reviews/reviews-wlpcfg/` beside
/// `reviews/reviews-application/`) builds the service the parent folder holds: a folder named
/// after its parent plus a suffix is a part of it.
fn module_of_parent(root: &str) -> Option<&str> {
    let (parent, name) = root.rsplit_once('/')?;
    let parent_name = parent.rsplit('/').next().unwrap_or(parent);
    let rest = name.strip_prefix(parent_name)?;
    (parent_name.len() >= 3 && rest.len() > 1 && rest.starts_with(['-', '_'])).then_some(parent)
}

/// Whether the image is a database, broker or observability image with no application built
/// into it: one stage, whose base is such an image. A multi-stage build compiles something.
fn wraps_a_backing_service(text: &str) -> bool {
    let bases: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let (instruction, rest) = line.split_once(char::is_whitespace)?;
            instruction.eq_ignore_ascii_case("from").then_some(rest)
        })
        .filter_map(|rest| rest.split_whitespace().find(|word| !word.starts_with("--")))
        .collect();
    matches!(bases.as_slice(), [base] if is_backing_service_image(base))
}

/// Whether the image only installs a published package and runs it (`RUN gem install fakes3`
/// then `ENTRYPOINT ["fakes3"]`): a third-party tool (an S3 emulator), built from no source
/// of the repo: nothing is copied or added from the build context.
fn runs_a_published_tool(text: &str) -> bool {
    let instructions = instructions(text);
    let from_context = instructions.iter().any(|(_, keyword, rest)| {
        (keyword == "COPY" && !rest.split_whitespace().any(|word| word.starts_with("--from")))
            || (keyword == "ADD" && !rest.split_whitespace().any(|word| word.contains("://")))
    });
    if from_context {
        return false;
    }
    let installed: Vec<String> = instructions.iter().filter(|(_, keyword, _)| keyword == "RUN").flat_map(|(_, _, rest)| installed_packages(rest)).collect();
    let program = instructions
        .iter()
        .rev()
        .find(|(_, keyword, _)| keyword == "ENTRYPOINT")
        .or_else(|| instructions.iter().rev().find(|(_, keyword, _)| keyword == "CMD"))
        .and_then(|(_, _, rest)| {
            rest.trim_start_matches('[').split([',', ' ']).map(|word| word.trim_matches(['"', '\'', ']', ' '])).find(|word| !word.is_empty()).map(str::to_string)
        });
    // A runner of the repo's own code (`CMD ["nodemon", "server.js"]`, the code mounted at run
    // time) is the service, whatever it installed.
    let names_source = instructions
        .iter()
        .filter(|(_, keyword, _)| keyword == "ENTRYPOINT" || keyword == "CMD")
        .flat_map(|(_, _, rest)| rest.split([',', ' ', '[', ']', '"', '\'']))
        .any(|word| [".js", ".mjs", ".cjs", ".ts", ".py", ".rb", ".go", ".jar", ".php", ".pl"].iter().any(|extension| word.ends_with(extension)));
    !names_source
        && program.is_some_and(|program| {
            let program = program.rsplit('/').next().unwrap_or(&program).to_lowercase();
            installed.iter().any(|package| package.to_lowercase().replace(['-', '_'], "") == program.replace(['-', '_'], ""))
        })
}

/// Base images of a language's toolchain or runtime, by the last segment of their name.
const TOOLCHAIN_IMAGES: &[&str] =
    &["golang", "node", "python", "ruby", "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "php", "rust", "elixir", "deno", "bun", "sdk"];

/// Extensions of the files a dev image copies in beside the code it mounts: scripts, config
/// and dependency lists (`start.sh`, `reflex.conf`, `firebase.json`, `package.json`, `go.mod`,
/// `requirements.txt`).
const SCRIPT_OR_CONFIG: &[&str] = &["sh", "bash", "conf", "cfg", "ini", "json", "yml", "yaml", "toml", "env", "properties", "txt", "mod", "sum", "lock"];

/// Whether the image is a language's toolchain (one stage `FROM golang`, `node`, `python`...)
/// into which only scripts and config are copied (`COPY reflex.conf /`, `ADD start.sh /`, a
/// dotfile like `.firebaserc`), no folder, no source and nothing from another stage: it builds
/// no code, and runs the code a compose service bind-mounts into it (wild-workouts's
/// `docker/app`, built once for five Go services with hot reload), a tool it installs, or
/// nothing. Copying nothing at all is left to the other rules.
fn runs_mounted_code(text: &str) -> bool {
    let instructions = instructions(text);
    let bases: Vec<&str> = instructions
        .iter()
        .filter(|(_, keyword, _)| keyword == "FROM")
        .filter_map(|(_, _, rest)| rest.split_whitespace().find(|word| !word.starts_with("--")))
        .collect();
    let [base] = bases.as_slice() else { return false };
    let base = base.split('@').next().unwrap_or(base).to_lowercase();
    let name = base.rsplit('/').next().unwrap_or(&base);
    let name = name.split(':').next().unwrap_or(name);
    if !TOOLCHAIN_IMAGES.contains(&name) || (name == "sdk" && !base.contains("dotnet/sdk")) {
        return false;
    }
    let copies: Vec<&str> = instructions.iter().filter(|(_, keyword, _)| keyword == "COPY" || keyword == "ADD").map(|(_, _, rest)| rest.as_str()).collect();
    let script_or_config = |source: &str| {
        let file = source.trim_matches(['[', ']', '"', ',', '\'']).rsplit('/').next().unwrap_or("");
        let extension = file.rsplit_once('.').map(|(stem, extension)| (stem, extension.to_lowercase()));
        match extension {
            // A dotfile (`.firebaserc`, `.npmrc`) is config.
            Some(("", _)) => file.len() > 1,
            Some((_, extension)) => SCRIPT_OR_CONFIG.contains(&extension.as_str()),
            None => false,
        }
    };
    !copies.is_empty()
        && copies.iter().all(|rest| {
            let operands: Vec<&str> = rest.split_whitespace().filter(|word| !word.starts_with("--")).collect();
            let from_stage = rest.split_whitespace().any(|word| word.starts_with("--from"));
            let sources = &operands[..operands.len().saturating_sub(1)];
            !from_stage && !sources.is_empty() && sources.iter().all(|source| !source.contains("://") && script_or_config(source))
        })
}

/// The packages a `RUN` installs by name from a registry: `gem install fakes3 -v 1.2`,
/// `pip install mitmproxy`, `npm install -g json-server`, `go install x/cmd/tool@v1`,
/// `cargo install tool` (not a requirements file, a folder or the repo itself).
fn installed_packages(run: &str) -> Vec<String> {
    let mut packages = Vec::new();
    for command in run.split(['&', ';', '|']) {
        let words: Vec<&str> = command.split_whitespace().collect();
        let start = words.windows(2).position(|pair| {
            matches!(pair, ["gem" | "pip" | "pip3" | "npm" | "yarn" | "go" | "cargo", "install"] | ["yarn", "add"])
                || matches!(pair, [python, "-m"] if python.starts_with("python"))
        });
        let Some(start) = start else { continue };
        let rest = words[start + 2..].iter().skip_while(|word| **word == "pip" || **word == "install");
        let mut skip_value = false;
        for word in rest {
            if std::mem::take(&mut skip_value) {
                continue;
            }
            if matches!(*word, "-r" | "-v" | "--version" | "-c" | "--requirement" | "-e") {
                if matches!(*word, "-r" | "--requirement" | "-e" | "-c") {
                    break;
                }
                skip_value = true;
                continue;
            }
            if word.starts_with('-') || word.starts_with('.') || word.starts_with('/') || word.contains('=') && !word.contains("==") {
                continue;
            }
            let name = word.split(['@', '=', '<', '>', '[']).next().unwrap_or(word);
            let name = name.rsplit('/').next().unwrap_or(name);
            if !name.is_empty() {
                packages.push(name.to_string());
            }
        }
    }
    packages
}

/// One instruction: its first line's number, its keyword (uppercase) and the rest, with
/// continuation lines (`\` at the end) joined and comment lines inside them dropped.
fn instructions(text: &str) -> Vec<(usize, String, String)> {
    let mut instructions = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (current.is_none() && trimmed.is_empty()) {
            continue;
        }
        let (continues, content) = match trimmed.strip_suffix('\\') {
            Some(content) => (true, content),
            None => (false, trimmed),
        };
        let (_, joined) = current.get_or_insert_with(|| (index + 1, String::new()));
        joined.push_str(content);
        joined.push(' ');
        if !continues && let Some((number, joined)) = current.take() {
            let joined = joined.trim();
            let (keyword, rest) = joined.split_once(char::is_whitespace).unwrap_or((joined, ""));
            instructions.push((number, keyword.to_uppercase(), rest.trim().to_string()));
        }
    }
    instructions
}

/// A build stage: its name (`AS name`), its base and its `ENV` entries (variable, value, line).
struct Stage {
    name: Option<String>,
    base: String,
    environment: Vec<(String, String, usize)>,
}

/// The environment the image runs with: the `ENV` of its final stage and of the stages that
/// one is built `FROM`, later entries overriding earlier ones.
fn image_environment(text: &str) -> Vec<(String, String, usize)> {
    let mut stages: Vec<Stage> = Vec::new();
    for (line, keyword, rest) in instructions(text) {
        match keyword.as_str() {
            "FROM" => {
                let words: Vec<&str> = rest.split_whitespace().filter(|word| !word.starts_with("--")).collect();
                let name = match words.as_slice() {
                    [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => Some(name.to_lowercase()),
                    _ => None,
                };
                stages.push(Stage { name, base: words.first().map(|base| base.to_lowercase()).unwrap_or_default(), environment: Vec::new() });
            }
            "ENV" => {
                if let Some(stage) = stages.last_mut() {
                    stage.environment.extend(env_entries(&rest).into_iter().map(|(key, value)| (key, value, line)));
                }
            }
            _ => {}
        }
    }
    // From the final stage back through the earlier stages it is built from.
    let mut chain: Vec<&Stage> = Vec::new();
    let mut stage = stages.last();
    while let Some(current) = stage {
        if chain.len() == stages.len() {
            break;
        }
        chain.push(current);
        stage = stages.iter().find(|earlier| earlier.name.as_deref() == Some(current.base.as_str()));
    }
    let mut environment: Vec<(String, String, usize)> = Vec::new();
    for stage in chain.into_iter().rev() {
        for (key, value, line) in &stage.environment {
            environment.retain(|(existing, _, _)| existing != key);
            environment.push((key.clone(), value.clone(), *line));
        }
    }
    environment
}

/// `ENV` entries: `KEY=value KEY2="a b"` pairs, or the legacy `KEY value with spaces`.
fn env_entries(rest: &str) -> Vec<(String, String)> {
    let first = rest.split_whitespace().next().unwrap_or("");
    if !first.contains('=') {
        let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        return if key.is_empty() { Vec::new() } else { vec![(key.to_string(), unquote(value.trim()))] };
    }
    words(rest).into_iter().filter_map(|word| word.split_once('=').map(|(key, value)| (key.to_string(), value.to_string()))).collect()
}

/// Words split at whitespace outside quotes, quotes removed and `\x` read as `x`.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut characters = text.chars();
    while let Some(character) = characters.next() {
        match (quote, character) {
            (_, '\\') => current.extend(characters.next()),
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), _) if character == open => quote = None,
            (None, _) if character.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(character),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn unquote(value: &str) -> String {
    words(value).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_folders_are_climbed_out_of() {
        let cases = [
            ("orders/docker", "orders"),
            ("src/cart/src", "src/cart"),
            ("docker/orders", "docker/orders"),
            ("src", ""),
            ("", ""),
            ("rest-fights/src/main/docker", "rest-fights"),
            ("services/orders/src/main/jib", "services/orders"),
            ("src/main/docker", ""),
            ("orders/main/docker", "orders/main"),
            ("services/frontend/Dockerfiles", "services/frontend"),
        ];
        for (folder, expected) in cases {
            assert_eq!(service_root(folder), expected, "{folder}");
        }
    }

    #[test]
    fn dockerfiles_are_told_by_their_names() {
        let cases = [
            ("dockerfile", true),
            ("dockerfile.api", true),
            ("api.dockerfile", true),
            ("dockerfile-auth", true),
            ("dockerfile_auth", true),
            ("dockerfile-api.prod", true),
            ("dockerfile_test.go", false),
            ("dockerfile-parser.js", false),
            ("dockerfile-", false),
            ("dockerfiles", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_dockerfile(name), expected, "{name}");
        }
    }

    #[test]
    fn a_dockerfile_named_after_a_folder_builds_the_folder_written_in_it() {
        let cases = [
            ("front-end.dockerfile", "FROM alpine\nCOPY front-end/frontEndLinux /app\n", Some("front-end")),
            ("docker/api-gateway.Dockerfile", "FROM base AS b\nWORKDIR /app/services/api-gateway\nRUN pnpm run build\nFROM production\nCOPY --from=b /app/services/api-gateway/dist ./dist\n", Some("services/api-gateway")),
            ("docker/user.dev.Dockerfile", "FROM node:18\nWORKDIR /app\nCOPY packages/ ./packages/\nCOPY services/ ./services/\nWORKDIR /app/services/user\n", Some("services/user")),
            ("docker/user.Dockerfile", "FROM base\nWORKDIR /app\nCOPY services/user/package.json ./services/user/\nCOPY services/user/ ./services/user/\n", Some("services/user")),
            ("deploy/Dockerfile.orders.prod", "FROM node:20\nCOPY apps/orders /srv\n", Some("apps/orders")),
            ("ops/orders.Dockerfile", "FROM node:20\nWORKDIR /usr/src/app/services/orders\nCOPY package.json .\n", Some("ops/services/orders")),
            // Not named after a folder, copying the whole context, or inside the folder so named.
            ("docker/Dockerfile.dev", "FROM node:20\nWORKDIR /app/services/dev-tools\nCOPY services/ ./services/\n", None),
            ("docker/api.Dockerfile", "FROM node:20\nWORKDIR /app/services/api\nCOPY . .\n", None),
            ("docker/api.Dockerfile", "FROM node:20\nCOPY --from=build /app/services/api /app\n", None),
            ("services/user/user.Dockerfile", "FROM node:20\nWORKDIR /app/services/user\nCOPY package.json .\n", None),
            ("docker/user.Dockerfile", "FROM node:20\nWORKDIR /srv/user\n", None),
            // A build step naming the folder it builds, in a file named like it.
            ("docker/Dockerfile-auth", "FROM golang AS builder\nCOPY . /app\nWORKDIR /app\nRUN go build -tags migrate -o /bin/app ./cmd/auth\n", Some("cmd/auth")),
            ("deploy/Dockerfile_orders", "FROM golang\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/orders/main.go\n", Some("cmd/orders")),
            ("docker/Dockerfile-dev", "FROM golang\nCOPY . /app\nWORKDIR /app\nRUN go build -o /bin/app ./cmd/auth\n", None),
            ("docker/Dockerfile-auth", "FROM golang\nCOPY . /app\nWORKDIR /app\nRUN go build -o /bin/app ./...\n", None),
        ];
        for (path, text, expected) in cases {
            assert_eq!(named_folder(path, text).as_deref(), expected, "{path}: {text}");
        }
    }

    #[test]
    fn the_final_stage_environment_is_read_in_every_env_form() {
        let text = "FROM golang:1.22 AS build\nENV GOPROXY=https://proxy.example/\nFROM nginx:1.25 AS base\n# hosts\nENV LEDGER_HOST=ledger \\\n    # a comment line inside\n    TELLER_HOST=\"teller\" \\\n    NOTE=a\\ b\nENV VAULT_ADDR vault:8200\nFROM base\nENV TELLER_HOST=teller-v2\n";
        let environment: Vec<(String, String, usize)> = image_environment(text);
        let expected = [("LEDGER_HOST", "ledger", 5), ("NOTE", "a b", 5), ("VAULT_ADDR", "vault:8200", 9), ("TELLER_HOST", "teller-v2", 11)];
        assert_eq!(environment, expected.map(|(key, value, line)| (key.to_string(), value.to_string(), line)).to_vec());
    }

    #[test]
    fn a_single_stage_on_a_database_image_is_infrastructure() {
        let cases = [
            ("FROM mysql:5.7\nCOPY ./data/dump.sql /docker-entrypoint-initdb.d/\n", true),
            ("FROM --platform=linux/amd64 docker.io/apache/kafka:3.9.1\nUSER appuser\n", true),
            ("from openzipkin/zipkin\n", true),
            ("FROM alpine:3.19\nCOPY app /app\nCMD [\"/app\"]\n", false),
            ("FROM golang:1.22 AS build\nRUN go build\nFROM redis:7\nCOPY --from=build /x /x\n", false),
            ("FROM ${BASE_IMAGE}\n", false),
            ("FROM eclipse-temurin:17\n", false),
        ];
        for (text, expected) in cases {
            assert_eq!(wraps_a_backing_service(text), expected, "{text}");
        }
    }

    #[test]
    fn an_image_that_installs_a_published_tool_and_runs_it_is_infrastructure() {
        let cases = [
            (
                "FROM ruby:2.5-alpine\nRUN apk add --no-cache build-base\nRUN gem install fakes3 -v 1.2.1\nENTRYPOINT [\"fakes3\"]\nCMD [\"-r\", \"/fakes3_root\", \"-p\", \"4569\"]\n",
                true,
            ),
            ("FROM python:3.12\nRUN pip install --no-cache-dir mitmproxy==10.1\nCMD mitmdump -p 8080\n", false),
            ("FROM node:20\nRUN npm install -g json-server\nCMD [\"json-server\", \"--watch\", \"db.json\"]\n", true),
            // A runner of the repo's own code, mounted at run time, is the service.
            ("FROM node:20\nRUN npm install -g nodemon\nWORKDIR /app\nCMD [\"nodemon\", \"server.js\"]\n", false),
            // The repo's own code, copied in, is the service whatever it installs.
            ("FROM node:20\nRUN npm install -g nodemon\nCOPY . /app\nCMD [\"nodemon\", \"app.js\"]\n", false),
            ("FROM python:3.12\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n", false),
            ("FROM node:22\n", false),
        ];
        for (text, expected) in cases {
            assert_eq!(runs_a_published_tool(text), expected, "{text}");
        }
    }

    #[test]
    fn a_toolchain_image_copying_only_scripts_and_config_runs_mounted_code() {
        let cases = [
            ("FROM golang:1.14\n\nRUN go get github.com/cespare/reflex\nCOPY reflex.conf /\n\nCOPY start.sh /\n\nENTRYPOINT [\"reflex\", \"-c\", \"/reflex.conf\"]\n", true),
            ("FROM node:13.11.0-alpine3.11\nRUN apk add yarn\nADD start.sh /\nCMD [\"/start.sh\"]\n", true),
            ("FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCMD [\"npm\", \"run\", \"dev\"]\n", true),
            ("FROM node:16\nRUN npm install -g firebase-tools\nCOPY start.sh .\nCOPY .firebaserc .\nENTRYPOINT [\"./start.sh\"]\n", true),
            // Source, a folder or another stage's output is code the image runs.
            ("FROM node:20\nCOPY package.json ./\nCOPY . .\nCMD [\"node\", \"index.js\"]\n", false),
            ("FROM python:3.12\nCOPY requirements.txt .\nCOPY app.py .\n", false),
            ("FROM golang:1.22\nCOPY config/ /etc/app/\n", false),
            ("FROM golang:1.22 AS build\nRUN go build\nFROM golang:1.22\nCOPY --from=build /x /x\n", false),
            // A proxy or another stock image with its config is that image's service.
            ("FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/nginx.conf\n", false),
            ("FROM acme/orders:1.2\nCOPY config.yml /config.yml\n", false),
            // Nothing copied at all is for the other rules.
            ("FROM node:22\n", false),
        ];
        for (text, expected) in cases {
            assert_eq!(runs_mounted_code(text), expected, "{text}");
        }
    }

    #[test]
    fn only_a_source_named_by_an_argument_makes_a_template() {
        let cases = [
            ("FROM base\nARG svc_name\nCOPY $svc_name/target/ /usr/local/bin/\n", true),
            ("FROM base\nARG SERVICE\nADD [\"${SERVICE}/\", \"/app\"]\n", true),
            // The destination named by an argument is a plain service image.
            ("FROM maven:3\nARG BASE=/usr/src/app\nCOPY pom.xml ${BASE}/\nCOPY src ${BASE}/src/\n", false),
            ("FROM eclipse-temurin:17\nARG JAR_FILE\nCOPY ${JAR_FILE} app.jar\n", false),
        ];
        for (text, expected) in cases {
            assert_eq!(builds_a_folder_named_by_an_argument(text), expected, "{text}");
        }
    }
}

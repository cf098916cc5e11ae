//! HTTP routes a server declares in code, so that a service with no OpenAPI document still
//! provides operations another service's calls can match: Go's net/http, gorilla/mux, gin,
//! echo and chi; Spring, JAX-RS and Micronaut annotations (with the class's prefix), Javalin,
//! Spark and Ktor; Express, Koa, Fastify, Hapi, NestJS and httpdispatcher (an anchored regex
//! route when it is clearly one path); Flask, FastAPI, aiohttp and Django; Sinatra, Rails and
//! WEBrick mounts; actix, Rocket and axum; Slim, Laravel and Symfony; ASP.NET attributes and
//! minimal APIs.
//!
//! Paths that say nothing about which service answers (`/`, `/health`, `/metrics`, static
//! files) are left out. Where each declaration sits is kept too: its path literal names a
//! route the file serves, not one it calls.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, named, receiver, split_top_level, starts_line, string_literal, Lines};

/// One route: where its declaration starts, its method (`ANY` when not given) and its path,
/// with parameters as `{name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Route {
    pub(super) offset: usize,
    pub(super) method: String,
    pub(super) path: String,
    /// A mount point (WEBrick's `mount_proc '/details'`): its handler also answers every path
    /// below it.
    pub(super) mount: bool,
    /// A router's route that says nothing until another file mounts the router (`/` or
    /// `/{id}` alone): resolution keeps it only under a mount's prefix.
    pub(super) relative: bool,
}

/// The routes of a file, and the byte ranges of their declarations.
#[derive(Debug, Default)]
pub(super) struct Routes {
    pub(super) routes: Vec<Route>,
    pub(super) declarations: Vec<(usize, usize)>,
    /// Prefixes routes are mounted under elsewhere (`app.use("/api", router)`, a blueprint's
    /// `url_prefix`): where each is declared, and its path as written.
    pub(super) prefixes: Vec<(usize, String)>,
}

impl Routes {
    /// Whether the literal starting at `offset` is part of a route declaration.
    pub(super) fn declares(&self, offset: usize) -> bool {
        self.declarations.iter().any(|&(start, end)| start <= offset && offset < end)
    }
}

/// How a pattern's method is completed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Methods {
    /// The `method` group, else `ANY`.
    Captured,
    /// gorilla/mux: `.Methods("POST")` on the same line.
    Chained,
    /// Flask: `methods=["POST"]`, else `GET`.
    Listed,
    /// A prefix or mount point (`app.use("/api", router)`): served here, but no route itself.
    Prefix,
    /// One handler for the path and every path below it (WEBrick's `mount_proc`).
    Mount,
}

/// Where a pattern's call may stand.
#[derive(Clone, Copy)]
enum Place {
    Anywhere,
    /// On a receiver with a router's usual name, since `client.get("/x")` is a call.
    OnRouter(&'static [&'static str]),
    /// First on its line, without a receiver (Sinatra's `post "/x" do`, Ktor's `get("/x") {`).
    LineStart,
}

/// A call registering routes. Each regex starts with a plain word or sign, so the search skips
/// ahead to it; the receiver and the line start are checked by hand.
struct Pattern {
    extensions: &'static [&'static str],
    regex: Regex,
    methods: Methods,
    place: Place,
}

const GO: &[&str] = &["go"];
const JVM: &[&str] = &["java", "kt", "kts", "scala", "groovy"];
const SCRIPT: &[&str] = &["js", "mjs", "cjs", "ts", "tsx", "jsx"];
const PYTHON: &[&str] = &["py"];
const RUBY: &[&str] = &["rb"];
const RUST: &[&str] = &["rs"];
const PHP: &[&str] = &["php"];
const CSHARP: &[&str] = &["cs"];

/// Router names (`*router` is any name ending so: `ordersRouter`).
const GO_ROUTERS: &[&str] = &["r", "router", "mux", "app", "api", "g", "group", "e", "v1", "v2", "srv", "server", "rg", "routes", "route", "sub", "subrouter", "*router"];
const JVM_ROUTERS: &[&str] = &["app", "router", "javalin"];
const SCRIPT_ROUTERS: &[&str] = &["app", "server", "route", "routes", "r", "fastify", "*router"];

/// The patterns of one language.
struct Language {
    extensions: &'static [&'static str],
    patterns: Vec<Pattern>,
}

static LANGUAGES: LazyLock<Vec<Language>> = LazyLock::new(|| {
    let mut languages: Vec<Language> = Vec::new();
    for pattern in patterns() {
        match languages.iter_mut().find(|language| language.extensions == pattern.extensions) {
            Some(language) => language.patterns.push(pattern),
            None => languages.push(Language { extensions: pattern.extensions, patterns: vec![pattern] }),
        }
    }
    languages
});

/// Words mapping annotations and attributes start with ([`ANNOTATION`]).
const ANNOTATION_WORDS: &[&str] =
    &["Mapping", "@GET", "@POST", "@PUT", "@DELETE", "@PATCH", "@Path", "@Get", "@Post", "@Put", "@Delete", "@Patch", "@All", "@Controller", "Http", "Route"];

/// Whether a text holds a mapping annotation at all (most classes have none).
static ANNOTATION_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&ANNOTATION_WORDS.iter().map(|word| regex::escape(word)).collect::<Vec<_>>().join("|")).expect("a valid regex"));

/// For each language, words of which a file declaring a route (or a prefix) holds at least
/// one: the code reader's gate looks for them all in one search before any pattern runs.
pub(super) const GATE_WORDS: &[(&[&str], &[&str])] = &[
    (GO, &[".Handle", ".Path", ".Group", ".Route", ".Mount", ".Static", ".GET", ".POST", ".PUT", ".DELETE", ".PATCH", ".Any", ".Get", ".Post", ".Put", ".Delete", ".Patch"]),
    (JVM, &["get", "post", "put", "delete", "patch", "route"]),
    (JVM, ANNOTATION_WORDS),
    (SCRIPT, &[".get", ".post", ".put", ".delete", ".patch", ".all", ".route", ".use", ".mount", ".register", "method", ".onGet", ".onPost", ".onPut", ".onDelete", ".onPatch"]),
    (SCRIPT, ANNOTATION_WORDS),
    (PYTHON, &["@", "prefix", ".add_", "web.", "path"]),
    (RUBY, &["get", "post", "put", "patch", "delete", ".mount"]),
    // `Json<`: a handler's signature, which the routes naming it in another file need.
    (RUST, &["#[get", "#[post", "#[put", "#[delete", "#[patch", ".route", "web::", ".nest", "Json<"]),
    (PHP, &["->get", "->post", "->put", "->delete", "->patch", "->any", "->group", "Route::", "Route("]),
    (CSHARP, &[".Map"]),
    (CSHARP, ANNOTATION_WORDS),
];

/// Calls that register one route, with named groups `path` and (mostly) `method`.
fn patterns() -> Vec<Pattern> {
    let pattern = |extensions, regex: &str, methods, place| Pattern { extensions, regex: Regex::new(regex).expect("a valid regex"), methods, place };
    vec![
        // net/http (Go 1.22 patterns `"GET /x"` too) and gorilla/mux.
        pattern(GO, r#"\.(?:HandleFunc|Handle)\s*\(\s*"(?:(?P<method>GET|POST|PUT|DELETE|PATCH) )?(?P<path>/[^"]*)""#, Methods::Chained, Place::Anywhere),
        pattern(GO, r#"\.(?:Path|PathPrefix)\s*\(\s*"(?P<path>/[^"]*)""#, Methods::Chained, Place::Anywhere),
        pattern(GO, r#"\.(?:Group|Route|Mount|Static|StaticFS|StaticFile)\s*\(\s*"(?P<path>/[^"]*)""#, Methods::Prefix, Place::Anywhere),
        // gin, echo.
        pattern(GO, r#"\.(?P<method>GET|POST|PUT|DELETE|PATCH|Any)\s*\(\s*"(?P<path>/[^"]*)""#, Methods::Captured, Place::Anywhere),
        // chi, fiber.
        pattern(GO, r#"\.(?P<method>Get|Post|Put|Delete|Patch)\s*\(\s*"(?P<path>/[^"]*)"\s*,"#, Methods::Captured, Place::OnRouter(GO_ROUTERS)),
        // The same with the path after a prefix expression, then a handler (oapi-codegen's chi
        // server: `r.Get(options.BaseURL+"/trainer/calendar", wrapper.GetTrainerAvailableHours)`).
        pattern(
            GO,
            r#"\.(?P<method>Get|Post|Put|Delete|Patch|GET|POST|PUT|DELETE|PATCH)\s*\(\s*[A-Za-z_][\w.]*\s*\+\s*"(?P<path>/[^"]*)"\s*,\s*(?:func\s*\(|[A-Za-z_][\w.]*\s*[,)(])"#,
            Methods::Captured,
            Place::OnRouter(GO_ROUTERS),
        ),
        // Javalin, Spark, Ktor.
        pattern(JVM, r#"\.(?P<method>get|post|put|delete|patch)\s*\(\s*"(?P<path>/[^"]*)"\s*,"#, Methods::Captured, Place::OnRouter(JVM_ROUTERS)),
        pattern(JVM, r#"\b(?P<method>get|post|put|delete|patch)\s*\(\s*"(?P<path>/[^"]*)"\s*(?:,|\)\s*\{)"#, Methods::Captured, Place::LineStart),
        pattern(JVM, r#"\broute\s*\(\s*"(?P<path>/[^"]*)"\s*\)\s*\{"#, Methods::Prefix, Place::LineStart),
        // Express, Koa, Fastify (`api.get("/x")` is as often an axios instance).
        pattern(SCRIPT, r#"\.(?P<method>get|post|put|delete|patch|all)\s*\(\s*['"`](?P<path>/[^'"`]*)['"`]"#, Methods::Captured, Place::OnRouter(SCRIPT_ROUTERS)),
        pattern(SCRIPT, r#"\.route\s*\(\s*['"](?P<path>/[^'"]*)['"]\s*\)\s*\.(?P<method>get|post|put|delete|patch|all)\s*\("#, Methods::Captured, Place::Anywhere),
        pattern(SCRIPT, r#"\.(?:use|mount|register)\s*\(\s*['"`](?P<path>/[^'"`]*)['"`]"#, Methods::Prefix, Place::Anywhere),
        // httpdispatcher, with a path or an anchored regex literal (see [`regex_route`]).
        pattern(
            SCRIPT,
            r#"\.on(?P<method>Get|Post|Put|Delete|Patch)\s*\(\s*(?:['"`](?P<path>/[^'"`]*)['"`]|/(?P<regex>(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)/)"#,
            Methods::Captured,
            Place::Anywhere,
        ),
        // Hapi.
        pattern(
            SCRIPT,
            r#"method\s*:\s*['"](?P<method>GET|POST|PUT|DELETE|PATCH|get|post|put|delete|patch)['"]\s*,\s*path\s*:\s*['"](?P<path>/[^'"]*)['"]"#,
            Methods::Captured,
            Place::Anywhere,
        ),
        // Flask, FastAPI (decorators only: `requests.get("/x")` is a call).
        pattern(
            PYTHON,
            r#"@[\w.]+\.(?P<method>route|get|post|put|delete|patch|api_route)\s*\(\s*(?:(?:rule|path)\s*=\s*)?['"](?P<path>(?:/[^'"]*)?)['"]"#,
            Methods::Listed,
            Place::Anywhere,
        ),
        pattern(PYTHON, r#"\b(?:url_prefix|prefix)\s*=\s*['"](?P<path>/[^'"]*)['"]"#, Methods::Prefix, Place::Anywhere),
        // aiohttp.
        pattern(PYTHON, r#"(?:\.add_|\bweb\.)(?P<method>get|post|put|delete|patch)\s*\(\s*['"](?P<path>/[^'"]*)['"]"#, Methods::Captured, Place::Anywhere),
        // Sinatra, Rails routes.
        pattern(RUBY, r#"\b(?P<method>get|post|put|patch|delete)\s*\(?\s*['"](?P<path>/?[^'"\s]*)['"]"#, Methods::Captured, Place::LineStart),
        // WEBrick.
        pattern(RUBY, r#"\.mount(?:_proc)?\s*\(?\s*['"](?P<path>/[^'"]*)['"]"#, Methods::Mount, Place::Anywhere),
        // actix, Rocket attributes; actix and axum `.route("/x", get(...))`.
        pattern(RUST, r#"#\[(?P<method>get|post|put|delete|patch)\s*\(\s*"(?P<path>/[^"]*)""#, Methods::Captured, Place::Anywhere),
        pattern(
            RUST,
            r#"\.route\s*\(\s*"(?P<path>/[^"]*)"\s*,\s*(?:web::|axum::routing::|routing::)?(?P<method>get|post|put|delete|patch)\s*\("#,
            Methods::Captured,
            Place::Anywhere,
        ),
        pattern(
            RUST,
            r#"web::resource\s*\(\s*"(?P<path>/[^"]*)"\s*\)\s*\.route\s*\(\s*web::(?P<method>get|post|put|delete|patch)\s*\("#,
            Methods::Captured,
            Place::Anywhere,
        ),
        pattern(RUST, r#"(?:web::scope|web::resource|\.nest|\.nest_service)\s*\(\s*"(?P<path>/[^"]*)""#, Methods::Prefix, Place::Anywhere),
        // Slim, Laravel, Symfony.
        pattern(PHP, r#"\$\w+\s*->(?P<method>get|post|put|delete|patch|any)\s*\(\s*['"](?P<path>/[^'"]*)['"]"#, Methods::Captured, Place::Anywhere),
        pattern(PHP, r#"->group\s*\(\s*['"](?P<path>/[^'"]*)['"]"#, Methods::Prefix, Place::Anywhere),
        pattern(PHP, r#"Route::(?P<method>get|post|put|delete|patch|any)\s*\(\s*['"](?P<path>[^'"]*)['"]"#, Methods::Captured, Place::Anywhere),
        pattern(
            PHP,
            r#"[#@]\[?Route\(\s*['"](?P<path>/[^'"]*)['"](?:[^)\n]*?methods\s*[:=]\s*[\[{]?\s*['"](?P<method>GET|POST|PUT|DELETE|PATCH)['"])?"#,
            Methods::Captured,
            Place::Anywhere,
        ),
        // ASP.NET minimal APIs.
        pattern(CSHARP, r#"\.Map(?P<method>Get|Post|Put|Delete|Patch)\s*\(\s*"(?P<path>[^"]*)""#, Methods::Captured, Place::Anywhere),
        pattern(CSHARP, r#"\.MapGroup\s*\(\s*"(?P<path>[^"]*)""#, Methods::Prefix, Place::Anywhere),
    ]
}

/// Annotations and attributes: Spring `@GetMapping`/`@RequestMapping`, JAX-RS `@Path` with
/// `@GET`, Micronaut and NestJS `@Get(...)` under `@Controller(...)`, ASP.NET `[HttpGet]`
/// under `[Route(...)]`.
static ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"@(?P<spring>Get|Post|Put|Delete|Patch|Request)Mapping\b",
        r"|@(?P<jaxrs_method>GET|POST|PUT|DELETE|PATCH)\b",
        r"|@(?P<jaxrs_path>Path)\s*\(",
        r"|@(?P<decorator>Get|Post|Put|Delete|Patch|All)\s*\(",
        r"|@(?P<controller>Controller)\s*\(",
        r"|\[\s*Http(?P<attribute>Get|Post|Put|Delete|Patch)\b",
        r"|\[\s*(?P<route_attribute>Route)\s*\(",
        r"|\b(?P<class>class|interface|object|record)\s+(?P<class_name>[A-Za-z_]\w*)",
    ))
    .expect("a valid regex")
});

/// Modifiers and other annotations between a class-level annotation and its `class`.
static BEFORE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    // An annotation's arguments may hold strings and one level of parentheses of their own.
    Regex::new(r#"^(?:\s+|@[\w.]+(?:\s*\((?:"[^"\n]*"|[^()"]|\((?:"[^"\n]*"|[^()"])*\))*\))?|\[[^\]]*\]|(?:public|private|protected|internal|abstract|final|sealed|static|partial|open|data|export|default)\b)*(?:class|interface|object|record)\b"#)
        .expect("a valid regex")
});

/// Words of files whose mapping annotations declare calls, not routes.
const CLIENT_INTERFACES: &[&str] = &["@FeignClient", "@RegisterRestClient", "retrofit2", "@HttpExchange", "@GetExchange", "@PostExchange", "io.micronaut.http.client.annotation"];

static FLASK_METHODS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"methods\s*=\s*[\[(]([^\])]*)"#).expect("a valid regex"));
static GORILLA_METHODS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\.Methods\s*\(\s*"([A-Z]+)""#).expect("a valid regex"));
static SPRING_METHOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"RequestMethod\.([A-Z]+)").expect("a valid regex"));

mod groups;
mod laravel;
pub(super) mod python_routers;
mod regex_route;

use regex_route::regex_route;

/// Literal path segments that say nothing about which service answers.
const GENERIC_SEGMENTS: &[&str] = &[
    "api", "v1", "v2", "v3", "health", "healthz", "healthcheck", "ready", "readyz", "readiness", "live", "livez", "liveness", "metrics", "status",
    "ping", "version", "info", "heartbeat", "prometheus",
];
/// First segments of paths that serve files or tooling, not an API.
const NOT_API_PREFIXES: &[&str] = &["static", "assets", "public", "webjars", "swagger", "swagger-ui", "docs", "api-docs", "openapi", "actuator", "debug", "_next"];

/// Every route `text` declares; `extension` (lowercase) picks the frameworks, `file_name`
/// (lowercase) tells Django's and Rails' route files.
pub(super) fn routes(extension: &str, file_name: &str, text: &str, lines: &Lines<'_>) -> Routes {
    let mut found = Routes::default();
    let language = LANGUAGES.iter().find(|language| language.extensions.contains(&extension));
    let laravel = (extension == "php" && text.contains("Route::")).then(|| laravel::Groups::of(file_name, text));
    // An Express (or koa) router's routes are relative to where another file mounts it.
    let router_file = SCRIPT.contains(&extension) && text.contains("Router(");
    // A FastAPI or Flask router's routes are under its prefix, or relative to where another
    // file includes the router.
    let python_routers = if extension == "py" { python_routers::Routers::of(text) } else { python_routers::Routers::default() };
    let groups = groups::Groups::of(extension, text);
    // A match is looked for before its groups are: most files match no pattern.
    for pattern in language.map_or(&[][..], |language| &language.patterns[..]).iter().filter(|pattern| pattern.regex.is_match(text)) {
        for captures in pattern.regex.captures_iter(text) {
            let Some(whole) = captures.get(0) else { continue };
            if lines.is_comment(whole.start()) || !pattern.place.admits(text, whole.start()) {
                continue;
            }
            let path = match (captures.name("path"), captures.name("regex")) {
                (Some(path), _) => path.as_str().to_string(),
                (None, Some(regex)) => match regex_route(regex.as_str()) {
                    Some(path) => path,
                    None => {
                        found.declarations.push((whole.start(), whole.end()));
                        continue;
                    }
                },
                (None, None) => continue,
            };
            let path = match &laravel {
                Some(groups) => groups.path(whole.start(), whole.as_str().starts_with("Route::"), &path),
                None => path,
            };
            let path = path.as_str();
            // Rails' routes file may leave out the leading `/`; elsewhere it tells a route.
            if extension == "rb" && !path.starts_with('/') && file_name != "routes.rb" {
                continue;
            }
            let captured = captures.name("method").map(|method| method.as_str().to_uppercase());
            let methods = match pattern.methods {
                Methods::Prefix if python_routers.owns(whole.start()) || groups.assigns(whole.start()) => {
                    found.declarations.push((whole.start(), whole.end()));
                    continue;
                }
                Methods::Prefix => {
                    found.prefixes.push((whole.start(), path.to_string()));
                    Vec::new()
                }
                Methods::Mount => {
                    found.add_mount(whole.start(), whole.end(), path);
                    continue;
                }
                Methods::Captured => vec![captured.unwrap_or_else(|| "ANY".to_string())],
                Methods::Chained => {
                    let line = lines.text(whole.start());
                    let chained = GORILLA_METHODS.captures(line).map(|methods| methods[1].to_string());
                    vec![captured.or(chained).unwrap_or_else(|| "ANY".to_string())]
                }
                Methods::Listed => match captured.as_deref() {
                    Some("ROUTE" | "API_ROUTE") => listed_methods(lines.text(whole.start())),
                    _ => vec![captured.unwrap_or_else(|| "GET".to_string())],
                },
            };
            let prefixed = python_routers.prefix_at(text, whole.start()).filter(|_| pattern.methods == Methods::Listed).map(|prefix| join(prefix, path));
            // A route of a group a variable holds (`stations.MapGet("/{id}")`) is under its prefix.
            let grouped = whole.as_str().starts_with('.').then(|| groups.prefix_at(super::calls::receiver(text, whole.start() + 1), whole.start())).flatten().map(|prefix| join(prefix, path));
            let path = prefixed.as_deref().or(grouped.as_deref()).unwrap_or(path);
            let relative_router = router_file || python_routers.any && prefixed.is_none();
            if relative_router && normalize(path).is_none() && let Some(relative) = relative_path(path) {
                found.add_relative(whole.start(), whole.end(), &methods, relative);
                continue;
            }
            found.add(whole.start(), whole.end(), &methods, path);
        }
    }
    if extension == "py" && file_name == "urls.py" {
        django_routes(text, lines, &mut found);
    }
    let annotated = JVM.contains(&extension) || SCRIPT.contains(&extension) || extension == "cs";
    if annotated && ANNOTATION_WORD.is_match(text) {
        annotated_routes(extension, text, lines, &mut found);
    }
    found
}

impl Routes {
    fn add(&mut self, start: usize, end: usize, methods: &[String], path: &str) {
        match normalize(path) {
            Some(path) => self.push(start, end, methods, path, false),
            None => self.declarations.push((start, end)),
        }
    }

    /// A router's route of a path that names nothing by itself (see [`relative_path`]).
    fn add_relative(&mut self, start: usize, end: usize, methods: &[String], path: String) {
        self.push(start, end, methods, path, true);
    }

    /// The routes of a declaration, one per method it serves (`ALL` and `*` are `ANY`).
    fn push(&mut self, start: usize, end: usize, methods: &[String], path: String, relative: bool) {
        self.declarations.push((start, end));
        for method in methods {
            let method = match method.as_str() {
                "ALL" | "ANY" | "*" => "ANY",
                "GET" | "POST" | "PUT" | "DELETE" | "PATCH" => method.as_str(),
                _ => continue,
            };
            self.routes.push(Route { offset: start, method: method.to_string(), path: path.clone(), mount: false, relative });
        }
    }

    fn add_mount(&mut self, start: usize, end: usize, path: &str) {
        self.declarations.push((start, end));
        if let Some(path) = normalize(path) {
            self.routes.push(Route { offset: start, method: "ANY".to_string(), path, mount: true, relative: false });
        }
    }
}

impl Place {
    /// Whether a call starting at `offset` (its `.` or first word) stands where it may.
    fn admits(self, text: &str, offset: usize) -> bool {
        match self {
            Place::Anywhere => true,
            Place::OnRouter(names) => {
                // The receiver ends just before the `.` the match starts with.
                let receiver = receiver(text, offset + 1).to_lowercase();
                names.iter().any(|name| match name.strip_prefix('*') {
                    Some(suffix) => receiver.ends_with(suffix),
                    None => receiver == *name,
                })
            }
            Place::LineStart => starts_line(text, offset),
        }
    }
}

/// Flask's `methods=["GET", "POST"]` on the decorator's line; `GET` without it.
fn listed_methods(line: &str) -> Vec<String> {
    let Some(list) = FLASK_METHODS.captures(line) else { return vec!["GET".to_string()] };
    list[1].split(',').filter_map(|method| string_literal(method.trim())).map(str::to_uppercase).collect()
}

/// Django's `path("orders/<int:pk>/", view)` in a `urls.py`.
static DJANGO_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bpath\s*\(\s*['"](?P<path>[^'"]*)['"]\s*,"#).expect("a valid regex"));

fn django_routes(text: &str, lines: &Lines<'_>, found: &mut Routes) {
    for captures in DJANGO_PATH.captures_iter(text) {
        let (Some(whole), Some(path)) = (captures.get(0), captures.name("path")) else { continue };
        if !lines.is_comment(whole.start()) {
            found.add(whole.start(), whole.end(), &["ANY".to_string()], path.as_str());
        }
    }
}

/// One annotation the annotated frameworks use, in file order.
enum Annotated {
    /// A class and its name.
    Class { name: String },
    /// A prefix for the routes of the class it annotates (the next class).
    Prefix { path: String },
    /// A route of a method, relative to its class's prefix; `path` is `None` where JAX-RS pairs
    /// the method with a `@Path` of the same method.
    Method { offset: usize, end: usize, method: String, path: Option<String> },
    /// A JAX-RS `@Path` or an ASP.NET `[Route(...)]` on a method.
    MethodPath { offset: usize, end: usize, path: String },
}

fn annotated_routes(extension: &str, text: &str, lines: &Lines<'_>, found: &mut Routes) {
    // Declarative HTTP clients (Feign, MicroProfile, Retrofit, Spring's `@HttpExchange`) use the
    // same annotations for the calls they make.
    if CLIENT_INTERFACES.iter().any(|marker| text.contains(marker)) {
        return;
    }
    let mut annotated = Vec::new();
    for captures in ANNOTATION.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        if let Some(name) = captures.name("class_name") {
            annotated.push(Annotated::Class { name: name.as_str().to_string() });
            continue;
        }
        // The annotation's arguments, when it has some.
        let after = &text[whole.end()..];
        let open = if whole.as_str().ends_with('(') {
            Some(whole.end() - 1)
        } else if after.trim_start().starts_with('(') {
            after.find('(').map(|at| whole.end() + at)
        } else {
            None
        };
        let (arguments, end) = match open.and_then(|open| arguments(text, open)) {
            Some((arguments, end)) => (arguments, end),
            None => (Vec::new(), whole.end()),
        };
        // ASP.NET attributes close with `]`.
        let end = if text[end..].trim_start().starts_with(']') { end + text[end..].find(']').map_or(0, |at| at + 1) } else { end };
        let on_class = BEFORE_CLASS.is_match(&text[end..]);
        let first_path = || paths_of(&arguments).into_iter().next();
        if let Some(kind) = captures.name("spring") {
            let paths = paths_of(&arguments);
            if on_class {
                if let Some(path) = paths.into_iter().next() {
                    annotated.push(Annotated::Prefix { path });
                }
                found.declarations.push((whole.start(), end));
                continue;
            }
            let methods: Vec<String> = match kind.as_str() {
                "Request" => {
                    let listed: Vec<String> = arguments.iter().filter_map(|argument| named(argument, "method")).flat_map(|value| SPRING_METHOD.captures_iter(value).map(|method| method[1].to_string()).collect::<Vec<_>>()).collect();
                    if listed.is_empty() { vec!["ANY".to_string()] } else { listed }
                }
                method => vec![method.to_uppercase()],
            };
            let paths = if paths.is_empty() { vec![String::new()] } else { paths };
            for method in &methods {
                for path in &paths {
                    annotated.push(Annotated::Method { offset: whole.start(), end, method: method.clone(), path: Some(path.clone()) });
                }
            }
        } else if let Some(method) = captures.name("jaxrs_method") {
            // Retrofit's `@GET("users/{id}")` is a call.
            if open.is_some() {
                continue;
            }
            annotated.push(Annotated::Method { offset: whole.start(), end, method: method.as_str().to_string(), path: None });
        } else if captures.name("jaxrs_path").is_some() {
            let Some(path) = first_path() else { continue };
            if on_class {
                // A resource class's `@Path("/v1/image")` is served here, not called.
                annotated.push(Annotated::Prefix { path });
                found.declarations.push((whole.start(), end));
            } else {
                annotated.push(Annotated::MethodPath { offset: whole.start(), end, path });
            }
        } else if let Some(method) = captures.name("decorator") {
            // Micronaut and NestJS decorators: Spring has no `@Get`.
            let path = first_path().unwrap_or_default();
            annotated.push(Annotated::Method { offset: whole.start(), end, method: method.as_str().to_uppercase(), path: Some(path) });
        } else if let Some(method) = captures.name("attribute") {
            // ASP.NET: `[HttpGet]` without a template takes the method's `[Route(...)]`.
            annotated.push(Annotated::Method { offset: whole.start(), end, method: method.as_str().to_uppercase(), path: first_path() });
        } else if captures.name("controller").is_some() || captures.name("route_attribute").is_some() {
            // Spring's `@Controller("name")` names a bean, not a path.
            let Some(path) = first_path().filter(|path| extension != "java" && extension != "kt" || path.starts_with('/')) else { continue };
            if on_class {
                annotated.push(Annotated::Prefix { path });
                found.declarations.push((whole.start(), end));
            } else if captures.name("route_attribute").is_some() {
                annotated.push(Annotated::MethodPath { offset: whole.start(), end, path });
            }
        }
    }
    resolve_annotated(extension, text, &annotated, found);
}

/// Joins each method's route to its class's prefix, and JAX-RS methods to their `@Path`. In
/// ASP.NET a method's template starting with `/` or `~/` is the whole route, its controller's
/// prefix left out (`[HttpGet("/orders/{storeId}")]` under `[Route("[controller]")]`).
fn resolve_annotated(extension: &str, text: &str, annotated: &[Annotated], found: &mut Routes) {
    let mut prefix = String::new();
    let mut pending_prefix: Option<&str> = None;
    for item in annotated {
        match item {
            Annotated::Prefix { path } => pending_prefix = Some(path),
            Annotated::Class { name } => {
                // A prefix belongs to the first class after it: the one it annotates.
                prefix = pending_prefix.take().map(str::to_string).unwrap_or_default();
                let controller = name.strip_suffix("Controller").unwrap_or(name).to_lowercase();
                prefix = prefix.replace("[controller]", &controller);
            }
            Annotated::Method { offset, end, method, path } => {
                let path = match path {
                    Some(path) => Some(path.clone()),
                    // JAX-RS: the `@Path` among the same method's annotations.
                    None => annotated.iter().find_map(|other| match other {
                        Annotated::MethodPath { offset: other_offset, path, .. } if same_block(text, *offset, *other_offset) => Some(path.clone()),
                        _ => None,
                    }),
                };
                let path = path.as_deref().unwrap_or("");
                let absolute = (extension == "cs").then(|| path.strip_prefix('~').unwrap_or(path)).filter(|path| path.starts_with('/'));
                let full = match absolute {
                    Some(path) => join("", path),
                    None => join(&prefix, path),
                };
                found.add(*offset, *end, std::slice::from_ref(method), &full);
            }
            Annotated::MethodPath { offset, end, .. } => found.declarations.push((*offset, *end)),
        }
    }
}

/// Whether two annotations at these offsets annotate the same method: nothing between them
/// ends a declaration. Annotations' arguments, strings and braces included
/// (`@Consumes({"application/json"})`), are skipped whole.
fn same_block(text: &str, first: usize, second: usize) -> bool {
    let (start, end) = if first < second { (first, second) } else { (second, first) };
    if end - start >= 1000 {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for character in text[start..end].chars() {
        if let Some(open) = quote {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if character == open => quote = None,
                _ => {}
            }
            continue;
        }
        match character {
            '"' | '\'' => quote = Some(character),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '{' | '}' | ';' if depth == 0 => return false,
            _ => {}
        }
    }
    true
}

/// The paths of a mapping's arguments: the first positional one, or `value =`/`path =`, each
/// a literal or an array of literals.
fn paths_of(arguments: &[&str]) -> Vec<String> {
    let value = arguments
        .iter()
        .find_map(|argument| named(argument, "value").or_else(|| named(argument, "path")).or_else(|| named(argument, "template")))
        .or_else(|| arguments.first().copied().filter(|argument| !argument.contains('=')));
    let Some(value) = value else { return Vec::new() };
    if let Some(literal) = string_literal(value) {
        return vec![literal.to_string()];
    }
    let inner = value.trim().strip_prefix(['{', '[']).and_then(|rest| rest.strip_suffix(['}', ']'])).unwrap_or("");
    split_top_level(inner).into_iter().filter_map(string_literal).map(str::to_string).collect()
}

fn join(prefix: &str, path: &str) -> String {
    let path = path.strip_prefix('~').unwrap_or(path);
    format!("{}/{}", prefix.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// A router's `/` or `/:id` (every segment a parameter) as `/` or `/{id}`: what its mount's
/// prefix serves, or the prefix's item (cart-service's `router.get("/:id", ..)` mounted by
/// `app.use("/v1/carts", carts)` serves `/v1/carts/{id}`; a FastAPI router's `"/{order_id}"`
/// or `""` included by `app.include_router(orders.router, prefix="/v1/orders")`, a Flask
/// blueprint's `"/<int:id>"`). `None` for any other path.
fn relative_path(raw: &str) -> Option<String> {
    let segments: Vec<&str> = raw.trim().split('/').filter(|segment| !segment.is_empty()).collect();
    let parameters: Option<Vec<String>> = segments
        .iter()
        .map(|segment| {
            let name = segment.strip_prefix(':').or_else(|| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')).and_then(|inner| inner.split(':').next())).or_else(|| {
                segment.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')).and_then(|inner| inner.rsplit(':').next())
            });
            name.filter(|name| !name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_')).map(|name| format!("{{{name}}}"))
        })
        .collect();
    Some(format!("/{}", parameters?.join("/")))
}

/// `/orders/:id`, `/orders/<int:id>`, `/orders/{id:[0-9]+}` -> `/orders/{id}`; `None` for a
/// path that names no API of its own (see the module docs) or is a pattern.
pub(super) fn normalize(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.contains(['*', '(', ')', '$', '\\', '^', '?', ' ', '|', '%']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in raw.split('/').filter(|segment| !segment.is_empty()) {
        let parameter = segment.strip_prefix(':').map(|name| name.to_string()).or_else(|| {
            let inner = segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')).or_else(|| segment.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')))?;
            // `{id:int}` (ASP.NET, gorilla) and `<int:id>` (Flask, Django) both name `id`.
            let name = if segment.starts_with('<') { inner.rsplit(':').next() } else { inner.split(':').next() };
            name.map(str::to_string)
        });
        // ASP.NET API versioning's `v{version:apiVersion}` (Tailwind Traders' controllers): a
        // letter glued before one parameter, which a call's `v1` fills whole.
        let parameter = parameter.or_else(|| {
            let (glued, rest) = segment.split_once('{')?;
            let inner = rest.strip_suffix('}').filter(|inner| !inner.contains(['{', '}']))?;
            (!glued.is_empty() && glued.len() <= 2 && glued.chars().all(|character| character.is_ascii_alphabetic())).then(|| inner.split(':').next().unwrap_or(inner).to_string())
        });
        match parameter {
            Some(name) => segments.push(format!("{{{name}}}")),
            None if segment.contains(['{', '}', '<', '>', ':', '[', ']', '.']) => return None,
            None => segments.push(segment.to_string()),
        }
    }
    let literal: Vec<&String> = segments.iter().filter(|segment| !segment.starts_with('{')).collect();
    let first = literal.first()?;
    let generic = literal.iter().all(|segment| GENERIC_SEGMENTS.contains(&segment.to_lowercase().as_str()))
        || NOT_API_PREFIXES.contains(&first.to_lowercase().as_str())
        || literal.iter().any(|segment| ["health", "readiness", "liveness"].iter().any(|word| segment.to_lowercase().starts_with(word)));
    if generic {
        return None;
    }
    Some(format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_and_generic_ones_dropped() {
        let cases = [
            ("/orders/:id", Some("/orders/{id}")),
            ("/orders/<int:id>/", Some("/orders/{id}")),
            ("/orders/{id:[0-9]+}", Some("/orders/{id}")),
            ("v{version:apiVersion}/product/tag/{tag}", Some("/{version}/product/tag/{tag}")),
            ("/orders-{id}", None),
            ("api/[controller]", None),
            ("/", None),
            ("/health", None),
            ("/healthz/live", None),
            ("/api/v1/status", None),
            ("/metrics", None),
            ("/favicon.ico", None),
            ("/static/app.js", None),
            ("/swagger-ui/index", None),
            ("/files/*", None),
            ("/readiness-probe", None),
            ("/livestock", Some("/livestock")),
            ("/api/orders", Some("/api/orders")),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize(raw).as_deref(), expected, "{raw}");
        }
    }

    /// Red Dog's make-line controller: a method's template starting with `/` leaves its
    /// controller's prefix out, in ASP.NET only.
    #[test]
    fn an_aspnet_template_from_the_root_leaves_the_controller_out() {
        let controller = "[ApiController]\n[Route(\"[controller]\")]\npublic class MakelineController : ControllerBase\n{\n    [HttpGet(\"/orders/{storeId}\")]\n    public IActionResult Get(string storeId) => Ok();\n    [HttpDelete(\"~/orders/{storeId}/{orderId}\")]\n    public IActionResult Done(string storeId, string orderId) => Ok();\n    [HttpPost(\"orders\")]\n    public IActionResult Add() => Ok();\n}\n";
        let found = routes("cs", "MakelineController.cs", controller, &Lines::new(controller));
        let declared: Vec<String> = found.routes.iter().map(|route| format!("{} {}", route.method, route.path)).collect();
        assert_eq!(declared, ["GET /orders/{storeId}", "DELETE /orders/{storeId}/{orderId}", "POST /makeline/orders"]);
        let spring = "@RestController\n@RequestMapping(\"/api\")\npublic class OrdersController {\n    @GetMapping(\"/orders\")\n    public List<Order> all() { return null; }\n}\n";
        let found = routes("java", "OrdersController.java", spring, &Lines::new(spring));
        assert_eq!(found.routes.iter().map(|route| route.path.as_str()).collect::<Vec<_>>(), ["/api/orders"], "Spring joins them");
    }

    /// NGINX MRA's photo resizer: a JAX-RS resource class's `@Path("/v1/image")` is the prefix of
    /// its methods' routes, declared here and so no call of the path.
    #[test]
    fn a_jaxrs_resource_classs_path_is_declared_not_called() {
        let resource = "@Path(\"/v1/image\")\npublic class PhotoResizerResource {\n    @POST\n    @Consumes(MediaType.APPLICATION_JSON)\n    public Response resize(Request request) { return null; }\n}\n";
        let found = routes("java", "PhotoResizerResource.java", resource, &Lines::new(resource));
        assert_eq!(found.routes.iter().map(|route| format!("{} {}", route.method, route.path)).collect::<Vec<_>>(), ["POST /v1/image"]);
        assert!(found.declares(resource.find("\"/v1/image").unwrap_or_default()), "the class's path is part of a declaration");
    }

    /// wild-workouts's oapi-codegen chi server puts its base URL before each path; the route is
    /// declared, whatever the prefix. A call with no handler after it is no route.
    #[test]
    fn a_go_router_verb_with_a_prefixed_path_and_a_handler_is_a_route() {
        let text = "func HandlerWithOptions(si ServerInterface, options ChiServerOptions) http.Handler {\n\tr.Group(func(r chi.Router) {\n\t\tr.Get(options.BaseURL+\"/trainer/calendar\", wrapper.GetTrainerAvailableHours)\n\t})\n\tr.Put(options.BaseURL + \"/trainer/calendar/make-hour-available\", wrapper.MakeHourAvailable)\n\trouter.Post(base+\"/orders\", func(w http.ResponseWriter, r *http.Request) {})\n\tresp, err := client.Get(base + \"/payments\")\n}\n";
        let found = routes("go", "openapi_api.gen.go", text, &Lines::new(text));
        let declared: Vec<String> = found.routes.iter().map(|route| format!("{} {}", route.method, route.path)).collect();
        assert_eq!(declared, ["GET /trainer/calendar", "PUT /trainer/calendar/make-hour-available", "POST /orders"]);
    }

    #[test]
    fn a_webrick_mount_serves_its_path_and_every_path_below() {
        let text = "server.mount_proc '/details' do |req, res|\nend\nserver.mount('/stock', StockServlet)\nserver.mount_proc '/healthz' do\nend\n";
        let found = routes("rb", "server.rb", text, &Lines::new(text));
        let routes: Vec<(&str, &str, bool)> = found.routes.iter().map(|route| (route.method.as_str(), route.path.as_str(), route.mount)).collect();
        assert_eq!(routes, [("ANY", "/details", true), ("ANY", "/stock", true)]);
        assert_eq!(found.declarations.len(), 3, "the health mount is served here too");
    }
}

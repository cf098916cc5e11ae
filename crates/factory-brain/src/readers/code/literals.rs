//! One string literal of the code reader at a time: the hosts, env names, connection strings
//! and HTTP paths it names, read with the code around it on its line (a host's key before it,
//! a file path it is part of, a value glued on after it).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::env_hosts::EnvDefaults;
use super::Edges;
use crate::model::FileFacts;
use crate::net::{dsn_hosts, env_key_prefix, host_of, with_defaults};

/// A hole of an interpolated string: `${id}`, `{id}`, Ruby's `#{id}`, `$id`, `%s`, `:id`.
static INTERPOLATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[$#]?\{[^{}]*\}|\$[A-Za-z_]\w*|%[sd]|:\w+").expect("a valid regex"));
/// A Go struct tag naming an env var: `mapstructure:"CART_SERVICE_ADDR"`, `envconfig:"X"`, `env:"X"`.
static ENV_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b(?:mapstructure|envconfig|env):"([A-Z][A-Z0-9_]*)""#).expect("a valid regex"));
/// An env var's name in a template hole: `${SHIPPING_ADDR}/get-quote`, f"{ORDERS_URL}/x".
static ENV_HOLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$?\{\s*([A-Z][A-Z0-9_]*)\s*\}").expect("a valid regex"));

/// Whether `text` is an env var's name: `[A-Z][A-Z0-9_]*`.
pub(super) fn is_env_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_uppercase()) && bytes.all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
}

/// Whether the code before a literal puts it under a key or call that holds a host:
/// `{host: "session-db"}`, `host="cache"`, `setHost("x")`, `new Hostname("payment")`,
/// Spring AMQP's `new CachingConnectionFactory("rabbitmq")`; a gateway's route table naming
/// where a route goes, `UpstreamService: "catalog"` (rahlplx's polyglot platform's Go gateway),
/// `upstream: "orders"`.
fn names_a_host(before: &str) -> bool {
    let before = before.trim_ascii_end();
    let (key, call) = match before.strip_suffix('(') {
        Some(callee) => (callee, true),
        None => match before.strip_suffix(':').or_else(|| before.strip_suffix('=').filter(|rest| !rest.ends_with(['=', '!', '<', '>']))) {
            Some(key) => (key.strip_suffix(':').unwrap_or(key), false),
            None => return false,
        },
    };
    let key = key.trim_ascii_end().trim_end_matches(['"', '\'']);
    let ends_with = |suffix: &str| key.len() >= suffix.len() && key.as_bytes()[key.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes());
    ends_with("host") || ends_with("hostname") || (!call && (ends_with("upstream") || ends_with("upstreamservice") || ends_with("upstream_service"))) || (call && ends_with("connectionfactory"))
}

/// Whether what follows a bare word makes it a host: the next argument of a connecting call is
/// a port (`connect("media-mongodb", 27017)`, Lua's `connection(Client, "user-service" ..
/// suffix, 9090)`), or the word keys a config entry whose host is read
/// (`config["post-storage-service"]["addr"]`, DeathStarBench's services reading
/// `service-config.json`; never `["address"]`, as often a street's).
/// `offset` is where the literal starts in `text`.
fn followed_by_a_port_or_address_key(text: &str, offset: usize, after: &str) -> bool {
    static PORT_OR_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*(?:(?:\.\.|\+)\s*[A-Za-z_]\w*\s*)?,\s*(?P<port>\d{2,5})\s*[,)]|^\s*\]\s*\[\s*["'](?:addr|host|hostname)["']\s*\]"#).expect("a valid regex")
    });
    // Most bare words are followed by neither: only these characters can start either shape.
    if !after.trim_ascii_start().starts_with([',', ']', '.', '+']) {
        return false;
    }
    let Some(captures) = PORT_OR_ADDRESS.captures(after) else {
        return false;
    };
    let Some(port) = captures.name("port") else {
        return true;
    };
    // A port only of a call that connects (`expire("cart", 3600)` is a lifetime,
    // `Error(w, "unauthorized", 401)` a status).
    port.as_str().parse::<u32>().is_ok_and(|port| (80..=65_535).contains(&port)) && connecting_call(text, offset)
}

/// Whether the call whose arguments hold `offset` connects to something: its name says so
/// (`connect`, `dial`, `connection`, `pool`, `client`, `socket`, `channel`). Its `(` may be on
/// a line above.
fn connecting_call(text: &str, offset: usize) -> bool {
    let Some(open) = super::calls::open_call(text, offset, 200) else {
        return false;
    };
    let callee = super::calls::called_name(text, open).to_ascii_lowercase();
    ["connect", "dial", "connection", "pool", "client", "socket", "channel"].iter().any(|word| callee.contains(word))
}

/// What a URL-building helper's body holds: a scheme a value is glued to or placed after.
const HELPER_SCHEMES: &[&str] = &["://\" +", "://' +", "://\"+", "://'+", "://${", "://{"];

/// Whether a text holds what a URL-building helper's body does; only such a file is searched
/// for helpers.
pub(super) fn holds_url_helper(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"://").is_some() && HELPER_SCHEMES.iter().any(|scheme| text.contains(scheme))
}

/// Whether the literal is the first argument of a function this file defines that makes a
/// URL of its first parameter: `getServiceUrl("ts-station-service")` beside
/// `String getServiceUrl(String name) { return "http://" + name; }`, or Python's
/// `def url(name): return f"http://{name}:8080"`.
fn passed_to_url_helper(text: &str, before: &str) -> bool {
    let Some(callee) = before.trim_ascii_end().strip_suffix('(') else {
        return false;
    };
    let name = super::calls::called_name(callee, callee.len());
    if name.is_empty() {
        return false;
    }
    super::calls::word_offsets(text, name).any(|at| defines_url_helper(text, at, name))
}

/// Keywords before a name that make `name(..)` a call or a condition, not a definition.
const NOT_DEFINING: &[&str] = &["new", "return", "if", "elif", "while", "await", "yield", "not", "and", "or", "in", "print", "throw", "case", "else"];

/// Whether `name` at `at` in `text` is a function's definition (its parameters, then its body)
/// whose own body puts its first parameter after a URL scheme.
fn defines_url_helper(text: &str, at: usize, name: &str) -> bool {
    let before = text[..at].trim_end();
    // A call (`x.name(`, `= name(`, `(name(`, `if name(`) is not a definition; a type, `def`,
    // `func` or `function` before the name is.
    let last_word = before.rsplit(|character: char| !(character.is_alphanumeric() || character == '_')).next().unwrap_or("");
    if before.ends_with(['.', '=', '(', ',', '+', '!', '&', '|', ':', '?', '-', '*', '/', '<', '>', '[']) || NOT_DEFINING.contains(&last_word) {
        return false;
    }
    let rest = &text[at + name.len()..];
    let Some(parameters) = rest.strip_prefix('(') else {
        return false;
    };
    let Some(close) = parameters.get(..parameters.len().min(300)).and_then(|head| head.find(')')) else {
        return false;
    };
    // The first parameter's name: `String name`, `name: str`, Go's `name string`, `name`.
    let first = parameters[..close].split(',').next().unwrap_or("");
    let words: Vec<&str> = first.split(['=', ':']).next().unwrap_or("").split_whitespace().collect();
    // Go names the parameter before its type (`name string`); Java and C# after (`String name`).
    let go_style = words.len() == 2
        && !first.contains(':')
        && (matches!(words[1], "string" | "int" | "int64" | "int32" | "uint" | "any") || words[1].starts_with('*') || words[1].contains('.'));
    let Some(parameter) = (if first.contains(':') || go_style { words.first() } else { words.last() }) else {
        return false;
    };
    if parameter.is_empty() || !parameter.chars().all(|character| character.is_alphanumeric() || character == '_') {
        return false;
    }
    let after = parameters[close + 1..].trim_start();
    // A definition's body opens right after its parameters (a return type, `throws` or `->`
    // between them at most); a call's parameters are followed by anything else.
    let head = &after[..after.floor_char_boundary(80)];
    let Some(open) = head.find(['{', ':']).filter(|&open| !head[..open].contains([';', '(', ')', '"', '\''])) else {
        return false;
    };
    let body = match after.as_bytes()[open] {
        b'{' => super::calls::enclosed_within(after, open, 4000).map_or("", |(inner, _)| inner),
        // Python: the lines of the block, to the first blank line or the next definition.
        _ => {
            let block = &after[open + 1..];
            let end = ["\n\n", "\r\n\r\n", "\ndef ", "\n    def ", "\nclass "].iter().filter_map(|stop| block.find(stop)).min().unwrap_or(block.len());
            &block[..end]
        }
    };
    let body = &body[..body.floor_char_boundary(400)];
    body.match_indices("://").any(|(scheme_end, _)| {
        let after = &body[scheme_end + 3..];
        // `"http://" + name`, `'http://' + name`, `f"http://{name}`, `` `http://${name}` ``.
        let joined = after.trim_start_matches(['"', '\'', '`']).trim_start().strip_prefix('+').map(str::trim_start);
        let placed = after.strip_prefix("${").or_else(|| after.strip_prefix('{'));
        joined
            .or(placed)
            .is_some_and(|value| value.starts_with(parameter) && !value[parameter.len()..].starts_with(|character: char| character.is_alphanumeric() || character == '_'))
    })
}

/// What code builds file paths from: `__DIR__ . '/views/'`, `path.join(__dirname, '/public')`,
/// `os.path.join(BASE_DIR, ...)`, `filepath.Join(root, ...)`.
const FILE_PATH_MARKERS: &[&str] = &[
    "__DIR__",
    "__FILE__",
    "__dirname",
    "__filename",
    "__file__",
    "path.join(",
    "path.resolve(",
    "filepath.Join(",
    "Path.Combine(",
    "Paths.get(",
    "File.join(",
    "File.expand_path(",
    "dirname(",
];

/// Whether the code before a literal on its line makes it part of a file path: a file path
/// marker comes before it within the same expression (no `;`, `=`, `{` or `}` between).
fn is_file_path_operand(before: &str) -> bool {
    FILE_PATH_MARKERS.iter().any(|marker| before.rfind(marker).is_some_and(|at| !before[at..].contains([';', '=', '{', '}'])))
}

/// Calls and assignments that send a browser somewhere rather than make a request: a
/// server's redirect (`res.redirect('/login')`, `Redirect("/")`, `redirect_to "/"`), a client
/// router's route or navigation (`.when('/customer', ..)`, `router.push('/orders')`,
/// `navigate('/cart')`), a page's location (`window.location.href = '/x'`).
const NAVIGATION_MARKERS: &[&str] = &[
    "redirect(",
    "Redirect(",
    "redirect_to",
    "RedirectToPage(",
    ".when(",
    "navigate(",
    "navigateByUrl(",
    "router.push(",
    "router.replace(",
    "history.push(",
    "history.replace(",
    "location.href =",
    "location.href=",
    "location.assign(",
    "location.replace(",
];

/// Whether the literal is what the code just before it on its line navigates to (nothing
/// but blanks, quotes and brackets between the marker and the literal), or the `Location` a
/// response hands back to its client ([`sets_the_location`]).
fn is_navigation_target(before: &str) -> bool {
    let before = before.trim_end_matches(|character: char| character.is_whitespace() || matches!(character, '{' | '`'));
    NAVIGATION_MARKERS.iter().any(|marker| before.ends_with(marker) || before.ends_with(marker.trim_end_matches('('))) || sets_the_location(before)
}

/// Calls setting a response's header, by name (lowercase): `setHeader`, `header`, Go's
/// `Header().Set`, `Headers.Add`, `headers.append`.
const HEADER_SETTERS: &[&str] = &["setheader", "addheader", "header", "set", "add", "append", "put"];

/// Whether the literal is the URL a response hands back to its client in its `Location` header,
/// where the client goes next (as a redirect says), not a request the code makes:
/// `response.setHeader("Location", "http://deliveries/api/deliveries/" + id)`,
/// `.header("Location", ..)`, `headers.set(HttpHeaders.LOCATION, ..)`, `Headers["Location"] =
/// ..`, `Headers.Location = new Uri(..)`, `{ Location: .. }`, Express's `res.location(..)`,
/// ASP.NET's `Created(..)` and Spring's `ResponseEntity.created(URI.create(..))`.
fn sets_the_location(before: &str) -> bool {
    let before = before.trim_end();
    // The URL made a URI first: `new Uri(`, `URI.create(`.
    let before = ["new Uri(", "new URI(", "URI.create(", "Uri("].iter().find_map(|wrapper| before.strip_suffix(wrapper)).map_or(before, str::trim_end);
    let unquoted = |text: &str| text.trim_end().trim_end_matches(['"', '\'']).to_string();
    // The text before a word `location` (any case) it ends with.
    let before_location = |text: &str| -> Option<String> {
        let at = text.len().checked_sub(8).filter(|&at| text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case("location"))?;
        (!text[..at].ends_with(|character: char| character.is_alphanumeric() || character == '_')).then(|| text[..at].to_string())
    };
    // A header setter's first argument: `setHeader("Location", `, `Add(HeaderNames.Location, `.
    if let Some(head) = before.strip_suffix(',').map(unquoted).and_then(|rest| before_location(&rest)) {
        let call = head.trim_end_matches(['"', '\'']).trim_end_matches(|character: char| character.is_alphanumeric() || matches!(character, '_' | '.'));
        return call.strip_suffix('(').is_some_and(|callee| HEADER_SETTERS.contains(&super::calls::called_name(callee, callee.len()).to_ascii_lowercase().as_str()));
    }
    // `Headers["Location"] = `, `Headers[HeaderNames.Location] = `, C#'s `Headers.Location = `.
    if let Some(target) = before.strip_suffix('=').filter(|rest| !rest.ends_with(['=', '!', '<', '>'])).map(str::trim_end) {
        return match target.strip_suffix(']') {
            Some(inside) => before_location(&unquoted(inside)).is_some_and(|head| head.ends_with(['[', '"', '\'', '.'])),
            None => target.strip_suffix("Location").is_some_and(|head| head.ends_with('.')),
        };
    }
    // A headers object's `Location:` key, capitalised as a header's name is.
    let key = before.strip_suffix(':').map(unquoted);
    key.is_some_and(|key| key.strip_suffix("Location").is_some_and(|head| !head.ends_with(|character: char| character.is_alphanumeric() || character == '_')))
        || [".location(", "Created(", ".created("].iter().any(|marker| before.ends_with(marker))
}

/// Keys beside a `path:` that make its object a client router's route (Vue Router, Angular,
/// React Router's route objects): the page it shows, where it sends the browser on, the routes
/// below it.
const CLIENT_ROUTE_KEYS: &[&str] = &["component", "components", "redirect", "children", "loadChildren", "loadComponent", "element"];

/// Whether the literal is the `path:` of a client router's route object (`{ path: '/trainings',
/// component: TrainingsList }` in a Vue app's routes): a page the browser shows, no request.
fn is_client_route(text: &str, offset: usize, before: &str) -> bool {
    let Some(key) = before.trim_end().strip_suffix(':').map(str::trim_end) else {
        return false;
    };
    let is_path_key = key.strip_suffix("path").is_some_and(|rest| !rest.ends_with(|character: char| character.is_alphanumeric() || character == '_'));
    if !is_path_key {
        return false;
    }
    // The object's `{`: the first one before the literal that nothing in between closes.
    let bytes = text.as_bytes();
    let (mut depth, mut index) = (0usize, offset);
    let open = loop {
        if index == 0 || offset - index > 400 {
            return false;
        }
        index -= 1;
        match bytes[index] {
            b'}' | b')' | b']' => depth += 1,
            b'{' if depth == 0 => break index,
            b'(' | b'[' if depth == 0 => return false,
            b'{' | b'(' | b'[' => depth -= 1,
            _ => {}
        }
    };
    let Some((inner, _)) = super::calls::enclosed_within(text, open, 4000) else {
        return false;
    };
    super::calls::split_top_level(inner).iter().any(|entry| CLIENT_ROUTE_KEYS.iter().any(|key| super::calls::named(entry, key).is_some()))
}

/// Calls that take patterns of the requests a service answers, to guard, intercept, serve files
/// or allow from other origins: Spring Security's matchers (`.antMatchers(HttpMethod.POST,
/// "/users/**")`, `requestMatchers`, WebFlux's `pathMatchers`), Spring MVC's interceptor and
/// resource registries (`addPathPatterns("/api/**")`, `addResourceHandler("/static/**")`) and
/// CORS mappings (`addMapping("/**")`).
const OWN_REQUEST_PATTERNS: &[&str] = &[
    "antMatcher", "antMatchers", "mvcMatchers", "regexMatchers", "requestMatchers", "securityMatcher", "pathMatchers", "AntPathRequestMatcher",
    "addPathPatterns", "excludePathPatterns", "addResourceHandler", "addResourceLocations", "addViewController", "addMapping",
];

/// Whether the literal is an argument of a call taking patterns of the service's own requests
/// ([`OWN_REQUEST_PATTERNS`]): kbastani's services guard `/users/**` with `antMatchers`, which
/// calls no one.
fn matches_own_requests(text: &str, offset: usize) -> bool {
    super::calls::open_call(text, offset, 400).is_some_and(|open| OWN_REQUEST_PATTERNS.contains(&super::calls::called_name(text, open)))
}

/// Operators and calls that compare a value with the literal after them: `req.url === '/x'`,
/// `request.path != "/x"`, `url.startsWith('/x')`, `path.startswith("/x")`,
/// `Request.Path.StartsWithSegments("/x")`, `uri.equals("/x")`, `url.includes('/x')`.
const COMPARING: &[&str] = &[
    "==", "!=", ".startsWith(", ".startswith(", ".endsWith(", ".endswith(", ".StartsWith(", ".StartsWithSegments(", ".EndsWith(", ".equals(", ".Equals(",
    ".equalsIgnoreCase(", ".includes(", ".contains(", ".Contains(", ".indexOf(",
];

/// Go's `strings` functions that compare their first argument with the literal after it:
/// `strings.HasPrefix(r.URL.Path, "/x")`.
const COMPARING_FUNCTIONS: &[&str] = &["HasPrefix", "HasSuffix", "EqualFold", "TrimPrefix", "TrimSuffix"];

/// Whether the code compares a value with the literal rather than use it: an operator or test
/// before it (`req.url === '/config'`, `strings.HasPrefix(r.URL.Path, "/x")`), one after it
/// (`'/config' === req.url`, `"/x".equals(uri)`), or a `case` label (`switch (req.url) { case
/// '/config': ..}`, Kotlin's and Rust's `"/x" -> ..`, `"/x" => ..`). A server comparing the
/// request's own URL serves that path; a comparison never makes a request in any case.
fn is_compared(text: &str, offset: usize, before: &str, after: &str) -> bool {
    let before = before.trim_end();
    let after = after.trim_start();
    if COMPARING.iter().any(|operator| before.ends_with(operator)) || after.starts_with("==") || after.starts_with("!=") {
        return true;
    }
    if [".equals(", ".Equals(", ".equalsIgnoreCase("].iter().any(|call| after.starts_with(call)) {
        return true;
    }
    let label = before.trim_start();
    if label.strip_prefix("case").is_some_and(|rest| rest.is_empty() || (rest.starts_with(char::is_whitespace) && !rest.contains(['(', '=', ':']))) {
        return true;
    }
    if label.is_empty() && (after.starts_with("->") || after.starts_with("=>")) {
        return true;
    }
    before.ends_with(',')
        && COMPARING_FUNCTIONS.iter().any(|name| before.contains(name))
        && super::calls::open_call(text, offset, 200).is_some_and(|open| COMPARING_FUNCTIONS.contains(&super::calls::called_name(text, open)))
}

/// A string literal on its line.
pub(super) struct Literal<'line> {
    /// Without its quotes.
    pub(super) content: &'line str,
    /// The code before it on its line.
    pub(super) before: &'line str,
    /// The code after it on its line.
    pub(super) after: &'line str,
    /// The whole text, and where the literal starts in it.
    pub(super) text: &'line str,
    pub(super) offset: usize,
    /// Whether the text holds a URL-building body ([`holds_url_helper`]), found once per file.
    pub(super) url_helpers: bool,
    /// The file's variables holding an env read's default, found once per file.
    pub(super) env_defaults: &'line EnvDefaults,
}

/// What may follow a literal ending in `/` to make it a path's last segment, on the same line
/// and ending the expression: `+ sku`, `+ item.id`, `+ encodeURIComponent(id)`, PHP's `. $id`.
/// More text glued on after it (`+ sku + '/stock'`) makes another path, so it does not count.
static GLUED_LAST_SEGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\+\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\([^()]*\))?|\.\s*\$\w+(?:->\w+)*)\s*(?:[),;\]}]|$)").expect("a valid regex"));

/// Whether the code after a literal on its line glues a value on as the path's last segment
/// ([`GLUED_LAST_SEGMENT`]).
pub(super) fn glued_last_segment(after: &str) -> bool {
    GLUED_LAST_SEGMENT.is_match(after)
}

/// Whether a literal ending its line with `+` has the next line glue a value on as the path's
/// last segment ([`GLUED_LAST_SEGMENT`]): Publicitaki's front end writes `USERS_SERVER_DOMAIN +\n
/// "/subscriptions/pay-subscription/store/email/" +\n storeEmail` over three lines.
fn glued_on_the_next_line(text: &str, offset: usize, after: &str) -> bool {
    if after.trim() != "+" {
        return false;
    }
    let Some(line_end) = text[offset..].find('\n') else { return false };
    let next = text[offset + line_end + 1..].lines().next().unwrap_or("");
    glued_last_segment(&format!("+ {}", next.trim_start()))
}

/// The facts of one string literal on its line; the HTTP call it names, if any
/// (`http:POST /orders`).
pub(super) fn literal_facts(facts: &mut FileFacts, edges: &mut Edges<'_>, literal: Literal<'_>, line: &str, line_number: usize) -> Option<String> {
    let Literal { content, before, after, text, offset, url_helpers, env_defaults } = literal;
    if content.is_empty() || content.len() > 300 {
        return None;
    }
    // `"http:\/\/localhost:8080/handle"`: a script's escaped slashes are slashes.
    let unescaped;
    let content = if content.contains(":\\/\\/") {
        unescaped = content.replace("\\/", "/");
        unescaped.as_str()
    } else {
        content
    };
    if is_env_name(content) {
        if let Some(prefix) = env_key_prefix(content) {
            edges.push(facts, format!("env:{prefix}"), "depends_on", json!({"env": content}), line_number, 0.75);
        }
        return None;
    }
    // A Go struct tag binding a field to an env var (viper's `mapstructure:"CART_SERVICE_ADDR"`,
    // envconfig's and env's): the variable is read, as by `os.Getenv`.
    if content.contains(":\"") {
        let mut bound = false;
        for captures in ENV_TAG.captures_iter(content) {
            bound = true;
            if let Some(prefix) = env_key_prefix(&captures[1]) {
                edges.push(facts, format!("env:{prefix}"), "depends_on", json!({"env": &captures[1]}), line_number, 0.75);
            }
        }
        if bound {
            return None;
        }
    }
    // `new PDO("mysql:host=ratings-db;dbname=ratings")`, `"host=reports-db port=5432 ..."`.
    if content.as_bytes().contains(&b'=') {
        let hosts = dsn_hosts(content);
        for host in &hosts {
            edges.push(facts, format!("host:{host}"), "depends_on", json!({"literal": content}), line_number, 0.8);
        }
        if !hosts.is_empty() {
            return None;
        }
    }
    // A bare word is a host only under a host's key, and only a single label (or a
    // Kubernetes `.svc` name): a dotted name may be anyone's.
    if !content.bytes().any(|byte| matches!(byte, b'/' | b' ' | b':')) {
        if (!content.contains('.') || content.contains(".svc"))
            && (names_a_host(before) || followed_by_a_port_or_address_key(text, offset, after) || (url_helpers && passed_to_url_helper(text, before)))
            && let Some(host) = host_of(content, true)
        {
            edges.push(facts, format!("host:{host}"), "depends_on", json!({"literal": content}), line_number, 0.75);
        }
        return None;
    }
    // `req.url === '/config'`, `case '/health':`: a value the code matches, not one it calls;
    // `res.redirect(..)`, a `Location` header: where the client is sent, no request either.
    if is_compared(text, offset, before, after) || is_navigation_target(before) || matches_own_requests(text, offset) {
        return None;
    }
    // `${SHIPPING_ADDR}/get-quote`: the env var holds the base URL.
    if content.contains('{') {
        for hole in ENV_HOLE.captures_iter(content) {
            if let Some(prefix) = env_key_prefix(&hole[1]) {
                edges.push(facts, format!("env:{prefix}"), "depends_on", json!({"env": &hole[1]}), line_number, 0.7);
            }
        }
    }
    // Without a `/` there is neither an invoked app nor a path; without a `:` no host.
    let has_slash = content.as_bytes().contains(&b'/');
    // Dapr service invocation: `.../v1.0/invoke/orders/method/...` names the app `orders`.
    if has_slash && let Some(app) = content.split("/invoke/").nth(1).and_then(|rest| rest.split('/').next()).and_then(crate::net::normalize_host) {
        edges.push(facts, format!("host:{app}"), "depends_on", json!({"literal": content}), line_number, 0.8);
    }
    let mut named_host = None;
    if content.as_bytes().contains(&b':')
        && (content.contains("://") || !content.contains(' '))
        && let Some(host) = host_of(&with_defaults(content), false)
    {
        edges.push(facts, format!("host:{host}"), "depends_on", json!({"literal": content}), line_number, 0.8);
        // `cartsUrl: util.format("http://carts%s/carts", domain)`: the property holding the URL,
        // by which other files of the repo name it (`endpoints.cartsUrl`), one edge per property.
        if let Some(key) = property_key(line) {
            edges.push(facts, format!("{URL_PROPERTY_PREFIX}{key}"), URL_PROPERTY, json!({"host": host}), line_number, 0.8);
        }
        named_host = Some(host);
    }
    // `http://${GATEWAY}/rcmd` beside `GATEWAY = process.env.GATEWAY || 'gateway'`.
    if named_host.is_none()
        && let Some((host, env)) = super::env_hosts::filled_host(env_defaults, content, text, offset)
    {
        edges.push(facts, format!("host:{host}"), "depends_on", json!({"literal": content, "env": env}), line_number, 0.75);
        named_host = Some(host);
    }
    if !has_slash {
        return None;
    }
    let mut path_part = http_path(content).filter(|_| !is_file_path_operand(before) && !is_client_route(text, offset, before))?;
    // `'/product/' + sku`: the value glued on last is the path's last segment.
    if path_part.ends_with('/') && (glued_last_segment(after) || glued_on_the_next_line(text, offset, after)) {
        path_part.push_str("{}");
    }
    let lower = line.to_lowercase();
    let method = ["post", "put", "patch", "delete"]
        .iter()
        .find(|method| {
            lower.contains(&format!(".{method}("))
                || lower.contains(&format!("->{method}("))
                || lower.contains(&format!("\"{method}\""))
                || lower.contains(&format!("'{method}'"))
        })
        .map(|method| method.to_uppercase())
        .or_else(|| callee_method(text, offset).map(str::to_string))
        .unwrap_or_else(|| "ANY".to_string());
    let target = format!("http:{method} {path_part}");
    let mut props = json!({"literal": content});
    if is_direct_url(text, offset) {
        props["direct"] = json!(true);
    }
    // The host the URL names answers the call, whatever else serves the same path.
    if let Some(host) = named_host {
        props["host"] = json!(host);
    }
    edges.push(facts, target.clone(), "calls", props, line_number, 0.7);
    Some(target)
}

/// The edge from a file to `url-property:<key>` saying its object property `key` holds a URL
/// of the service named by the `host` prop.
pub(crate) const URL_PROPERTY: &str = "url_property";
pub(crate) const URL_PROPERTY_PREFIX: &str = "url-property:";

/// The key of an object property a line starts (`cartsUrl: util.format(..)`, `"ordersUrl": ..`).
fn property_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let quoted = line.starts_with(['"', '\'']);
    let rest = if quoted { &line[1..] } else { line };
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))?;
    let after = rest[end..].strip_prefix(['"', '\'']).filter(|_| quoted).unwrap_or(&rest[end..]);
    (end > 0 && !rest.starts_with(|c: char| c.is_ascii_digit()) && after.trim_start().starts_with(':') && !after.trim_start().starts_with("::")).then(|| &rest[..end])
}

/// Calls that build a URL from the literal rather than make a request with it.
const URL_BUILDERS: &[&str] = &["format", "sprintf", "join", "urljoin", "resolve", "create", "parse", "url", "uri", "string", "str", "encodeuri", "template"];

/// Whether the literal at `offset` is (part of) the URL a call makes its request with:
/// `requests.get(f"{API}/x")`, `http.Get(fmt.Sprintf("%s/x", base))`, `rest.getForObject(base +
/// "/x", T.class)`, rather than a base URL a constant holds for later calls to extend
/// (`CART_URL = String.format("http://%s/shipping/", host)`).
fn is_direct_url(text: &str, offset: usize) -> bool {
    let mut at = offset;
    for _ in 0..4 {
        let Some(open) = super::calls::open_call(text, at, 400) else {
            return false;
        };
        let name = super::calls::called_name(text, open);
        let lower = name.to_ascii_lowercase();
        // A builder's `.url(...)`/`.uri(...)` is the request's URL; `URI.create(...)` builds one.
        let builder_call = matches!(lower.as_str(), "url" | "uri") && text[..open - name.len()].trim_end().ends_with('.');
        if URL_BUILDERS.contains(&lower.as_str()) && !builder_call {
            at = open;
            continue;
        }
        let verb = ["get", "post", "put", "patch", "delete"].into_iter().find(|verb| lower.starts_with(verb));
        let verb_call = verb.is_some_and(|verb| name.len() == verb.len() || name[verb.len()..].starts_with(|character: char| character.is_ascii_uppercase()));
        return verb_call
            || builder_call
            || matches!(
                lower.as_str(),
                "fetch"
                    | "request"
                    | "urlopen"
                    | "axios"
                    | "ajax"
                    | "head"
                    | "exchange"
                    | "target"
                    | "newrequest"
                    | "newrequestwithcontext"
                    | "sendasync"
                    | "httpget"
                    | "httppost"
            );
    }
    false
}

/// The HTTP method the name of the call a literal is an argument of gives, for when its line
/// does not say: `POST` for `api.post<Order>(` (a type argument between the method and its
/// `(`), for `requests.post(` on the line before, for `PostAsJsonAsync(` and `postForObject(`,
/// and for WebClient's `.post()` before `.uri("/x")`.
fn callee_method(text: &str, offset: usize) -> Option<&'static str> {
    let open = super::calls::open_call(text, offset, 400)?;
    let mut name = super::calls::called_name(text, open);
    if matches!(name, "uri" | "url" | "path" | "Uri") {
        // A builder's chain: the call before `.uri(`.
        let before = text[..open - name.len()].trim_end().strip_suffix('.')?.trim_end();
        let close = before.len().checked_sub(1).filter(|_| before.ends_with(')'))?;
        let chained_open = super::calls::open_call(text, close, 400)?;
        name = super::calls::called_name(text, chained_open);
    }
    let lower = name.to_ascii_lowercase();
    let verb = ["post", "put", "patch", "delete"].into_iter().find(|verb| lower.starts_with(verb))?;
    // The verb alone or a word of a camel-cased name (`postForObject`, `PutAsJsonAsync`).
    let rest = &name[verb.len()..];
    let method = match verb {
        "post" => "POST",
        "put" => "PUT",
        "patch" => "PATCH",
        _ => "DELETE",
    };
    (rest.is_empty() || rest.starts_with(|character: char| character.is_ascii_uppercase())).then_some(method)
}

/// The HTTP path a literal names, after a base URL or an interpolated base: `/orders/{}` for
/// `${ORDERS}/orders/${id}`.
pub(super) fn http_path(content: &str) -> Option<String> {
    // A database's or broker's URL (`jdbc:mysql://db/ledger`) names no HTTP path.
    if let Some((scheme, _)) = content.split_once("://")
        && !(scheme.ends_with("http") || scheme.ends_with("https") || scheme.ends_with('}'))
    {
        return None;
    }
    // An RFC 6570 template's query or fragment expression (Kiota's
    // `{+baseurl}/catalog/products{?page*,size*}`) is no part of the path.
    let content = ["{?", "{&", "{#"].iter().filter_map(|expression| content.find(expression)).min().map_or(content, |at| &content[..at]);
    // Every interpolation holds a `{`, `$`, `%` or `:` (Kotlin's and PHP's `"$base/orders"`).
    let normalized =
        if content.bytes().any(|byte| matches!(byte, b'{' | b'$' | b'%' | b':')) { INTERPOLATION.replace_all(content, "{}") } else { Cow::Borrowed(content) };
    let path_part = match normalized.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|at| &rest[at..]).unwrap_or(""),
        None => normalized.trim_start_matches("{}"),
    };
    let path_part = path_part.split(['?', '#']).next().unwrap_or("");
    let literal_segments = path_part.split('/').filter(|segment| !segment.is_empty() && *segment != "{}").count();
    (path_part.starts_with('/') && !path_part.contains(' ') && literal_segments > 0 && !path_part.contains('.')).then(|| path_part.to_string())
}

#[cfg(test)]
mod tests {
    /// BlueCompute's web app: an Angular route table and an Express redirect send the browser
    /// to `/login` and `/customer`; a request to `/catalog` is a call.
    #[test]
    fn a_path_the_browser_is_sent_to_is_no_call() {
        let app = "app.config(function($routeProvider) {\n  $routeProvider.when('/login', { templateUrl: 'login.html' })\n    .when( \"/customer\", { templateUrl: 'customer.html' });\n});\nfunction back(res) {\n  res.redirect('/login');\n  window.location.href = '/home';\n}\nhttp.get('/catalog/items');\n";
        let facts = crate::read_file("public/app.js", app.as_bytes()).expect("reads");
        let calls: Vec<&str> = facts.edges.iter().filter(|edge| edge.kind == "calls").map(|edge| edge.to.as_str()).collect();
        assert_eq!(calls, ["http:ANY /catalog/items"]);
    }

    /// wild-workouts's Vue app: its router's route table (`{ path: '/trainings', component:
    /// TrainingsList }`, a `redirect:`, `children:`) names pages; a request's options object
    /// with a `path:` (`{ path: '/orders', method: 'POST' }`) still names a call.
    #[test]
    fn a_client_routers_route_table_names_no_call() {
        let app = "const routes = [\n    {\n        path: '/',\n        redirect: 'login'\n    },\n    {\n        path: '/trainings',\n        component: TrainingsList,\n        name: 'trainingsList',\n    },\n    { path: '/trainer', children: [{ path: 'hours', component: Hours }] },\n]\nhttp.request({ path: '/orders/items', method: 'POST' });\n";
        let facts = crate::read_file("web/src/main.js", app.as_bytes()).expect("reads");
        let calls: Vec<&str> = facts.edges.iter().filter(|edge| edge.kind == "calls").map(|edge| edge.to.as_str()).collect();
        assert_eq!(calls, ["http:POST /orders/items"]);
    }
}

//! Hostnames in config values and string literals: `http://orders-api:8080/x`,
//! `productcatalogservice:3550`, `dns:///cart:7070`, `cart.default.svc.cluster.local`,
//! `user:pw@tcp(orders-db:3306)/orders`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// `${NAME}`, the shell's `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}` and
/// Spring's `${name.with-dots:default}`. The shell forms are tried first, so `${HOST-orders}`
/// is the shell's default `orders` and not a Spring name with a hyphen.
static INTERPOLATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{(?:[A-Za-z_][A-Za-z0-9_]*(?::?[-=]([^}]*))?|[A-Za-z_][A-Za-z0-9_.-]*:([^}]*)|[A-Za-z_][A-Za-z0-9_.-]*)\}").expect("a valid regex")
});

/// What code fills in at run time inside a host: printf verbs (`%s`, `%v`), format holes
/// (`{}`, `{0}`, `{name}`), template holes (`${x}`, `#{x}`) and `$name`.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{[^{}]*\}|#\{[^{}]*\}|\{[^{}]*\}|%[-+ #0-9.]*[A-Za-z]|\$[A-Za-z_]\w*").expect("a valid regex"));

/// A value with each `${...}` replaced by its default (or nothing): `http://${ORDERS_HOST:-orders}`
/// and `http://${orders.host:orders}` stand for `http://orders`.
pub fn with_defaults(value: &str) -> Cow<'_, str> {
    if !value.contains("${") {
        return Cow::Borrowed(value);
    }
    INTERPOLATED.replace_all(value, |captures: &regex::Captures<'_>| {
        captures.get(1).or_else(|| captures.get(2)).map(|default| default.as_str().to_string()).unwrap_or_default()
    })
}

/// Hosts named by a config value. `key` is the variable's name: a bare word counts as a host
/// only when the key says it holds one (`*_HOST`, `*_ADDR`, `*_SERVICE`…).
///
/// The value is cut at `,`, `;` and spaces. A part that starts with a URL is that URL; in any
/// other part every URL counts wherever it starts (`-Dauth.keys=http://auth:9080/keys`), and
/// a flag's value (`-Dorders.host=orders`, `--cache-addr=cache:6379`) is read under the flag's
/// own key.
pub fn hosts_in_value(key: &str, value: &str) -> Vec<String> {
    if names_an_inbound_address(key) {
        return Vec::new();
    }
    // An issuer is as often a bare name of the token's issuer (`JWT_ISSUER=acme`) as a host.
    let upper = key.to_ascii_uppercase();
    let key_names_a_host = (env_key_prefix(key).is_some() && !upper.ends_with("_ISSUER") && !upper.ends_with("_AUTHORITY")) || names_a_discovered_service(&upper);
    let value = with_defaults(value);
    let dsn = dsn_hosts(&value);
    if !dsn.is_empty() {
        return dsn;
    }
    let mut hosts = Vec::new();
    for part in value.split([',', ' ', ';']).map(str::trim).filter(|part| !part.is_empty()) {
        for host in hosts_in_part(part, key_names_a_host) {
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
    }
    hosts
}

/// A setting's key as the env var MicroProfile Config and Spring bind it to: upper case, dots
/// and dashes as underscores (`quarkus.grpc.clients.locations.host` is
/// `QUARKUS_GRPC_CLIENTS_LOCATIONS_HOST`), so a key written either way is read by the env
/// rules. A key without a dot is kept as written.
pub fn setting_as_env(key: &str) -> Cow<'_, str> {
    if key.contains('.') && key.chars().all(|character| character.is_ascii_alphanumeric() || "._-".contains(character)) {
        Cow::Owned(key.to_ascii_uppercase().replace(['.', '-'], "_"))
    } else {
        Cow::Borrowed(key)
    }
}

/// Quarkus's Stork: `quarkus.stork.hero-service.service-discovery.application=rest-heroes`
/// (`QUARKUS_STORK_HERO_SERVICE_SERVICE_DISCOVERY_APPLICATION` as env) names the service a
/// `stork://hero-service` URL reaches, by its Kubernetes name. (Its `address-list` gives
/// `host:port` pairs, read as any.) `upper_key` is the key in upper case.
fn names_a_discovered_service(upper_key: &str) -> bool {
    upper_key.starts_with("QUARKUS") && upper_key.contains("STORK") && upper_key.replace(['.', '-'], "_").ends_with("_SERVICE_DISCOVERY_APPLICATION")
}

/// The hosts of one part of a value (see [`hosts_in_value`]).
fn hosts_in_part(part: &str, bare_allowed: bool) -> Vec<String> {
    let starts = url_starts(part);
    if starts.first().is_some_and(|&start| start > 0) {
        let ends = starts.iter().skip(1).copied().chain([part.len()]);
        return starts.iter().zip(ends).filter_map(|(&start, end)| host_of(&part[start..end], false)).collect();
    }
    if starts.is_empty()
        && let Some((flag_key, flag_value)) = flag(part)
    {
        let env_key = flag_key.to_uppercase().replace(['.', '-', '/'], "_");
        return host_of(flag_value, env_key_prefix(&env_key).is_some()).into_iter().collect();
    }
    host_of(part, bare_allowed).into_iter().collect()
}

/// Where each URL of `text` starts: the first letter of the scheme before each `://`.
fn url_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let at = from + found;
        let scheme_start = text[..at]
            .rfind(|character: char| !(character.is_ascii_alphanumeric() || "+.-:".contains(character)))
            .map_or(0, |before| before + 1);
        if let Some(letter) = text[scheme_start..at].find(|character: char| character.is_ascii_alphabetic()) {
            starts.push(scheme_start + letter);
        }
        from = at + 3;
    }
    starts
}

/// `-Dorders.host=orders`, `--orders-url=x`, `ORDERS_HOST=orders`: the flag's key and value.
fn flag(part: &str) -> Option<(&str, &str)> {
    let (key, value) = part.split_once('=')?;
    let key = key.strip_prefix("-D").unwrap_or_else(|| key.trim_start_matches('-'));
    let valid = key.starts_with(|character: char| character.is_ascii_alphabetic())
        && key.chars().all(|character| character.is_ascii_alphanumeric() || "_.-/".contains(character));
    valid.then_some((key, value))
}

/// Keys of a keyword connection string that hold the server's address.
const DSN_HOST_KEYS: &[&str] = &["host", "hostname", "server", "data source", "datasource", "address", "addr", "network address"];

/// The hosts of a keyword connection string: PDO's `mysql:host=ratings-db;dbname=ratings`,
/// ADO.NET's `Server=tcp:ledger-sql,1433;Database=ledger`, libpq's `host=reports-db port=5432
/// dbname=reports`. Empty for text that is not one: every `;`-separated (else
/// space-separated) item must be `key=value`, and there must be two of them, or one after a
/// PDO driver's prefix.
pub fn dsn_hosts(text: &str) -> Vec<String> {
    let text = text.trim();
    let (has_driver, rest) = match text.split_once(':') {
        Some((driver, rest)) if !driver.is_empty() && driver.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') && !rest.starts_with('/') => {
            (true, rest)
        }
        _ => (false, text),
    };
    let separators: &[char] = if rest.contains(';') { &[';'] } else { &[' ', '\t'] };
    let mut pairs = Vec::new();
    for item in rest.split(separators).map(str::trim).filter(|item| !item.is_empty()) {
        let Some((key, value)) = item.split_once('=') else { return Vec::new() };
        pairs.push((key.trim().to_lowercase(), value.trim().trim_matches(['"', '\''])));
    }
    if pairs.len() < if has_driver { 1 } else { 2 } {
        return Vec::new();
    }
    let mut hosts = Vec::new();
    for (_, value) in pairs.iter().filter(|(key, _)| DSN_HOST_KEYS.contains(&key.as_str())) {
        let value = value.strip_prefix("tcp:").unwrap_or(value);
        // `host=a,b` lists hosts; `Server=sql,1433` gives the port after a comma.
        for address in value.split(',').filter(|address| !address.chars().all(|character| character.is_ascii_digit())) {
            // SQL Server's `ledger-sql\\INSTANCE` names an instance of the host.
            let address = address.split('\\').next().unwrap_or(address);
            if let Some(host) = host_of(address, true).filter(|host| !hosts.contains(host)) {
                hosts.push(host);
            }
        }
    }
    hosts
}

/// Schemes of URLs that name something on the machine itself (a file, a socket, a PHP
/// stream, data inline), never another host: `php://stdout`, `file:///etc/app.conf`.
const LOCAL_SCHEMES: &[&str] = &[
    "file", "unix", "npipe", "php", "phar", "zip", "rar", "glob", "data", "blob", "about", "vfs", "compress.zlib", "compress.bzip2", "classpath",
    "resource", "chrome", "chrome-extension", "moz-extension",
];

/// gRPC's name resolvers, whose targets put the host after an empty authority (`dns:///cart:7070`).
const GRPC_RESOLVERS: [&str; 4] = ["dns", "xds", "passthrough", "ipv4"];

/// A DNS name written without scheme or port (`cart-service.default`): a letter first, then
/// letters, digits, `.`, `-` and `_`; `localhost` names the machine itself.
pub fn is_bare_host(value: &str) -> bool {
    value.starts_with(|character: char| character.is_ascii_alphabetic())
        && value.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_'))
        && !value.eq_ignore_ascii_case("localhost")
}

/// The host of one URL, `host:port`, or (when `bare_allowed`) a bare hostname.
pub fn host_of(text: &str, bare_allowed: bool) -> Option<String> {
    let text = text.trim_matches(|character: char| character == '"' || character == '\'');
    let (rest, had_scheme) = match text.split_once("://") {
        // Compound schemes name the driver too: `jdbc:mysql://`, `configserver:http://`.
        Some((scheme, rest)) if scheme.chars().all(|character| character.is_ascii_alphanumeric() || "+.-:".contains(character)) => {
            let last = scheme.rsplit(':').next().unwrap_or(scheme).to_lowercase();
            if LOCAL_SCHEMES.contains(&last.as_str()) {
                return None;
            }
            // An empty authority: gRPC's resolvers name the host after it (`dns:///cart:7070`);
            // in any other URL it is a host left out, or filled in at run time and taken out
            // (`http://${GATEWAY}/rcmd`): the path after it names nothing.
            if rest.starts_with('/') && !GRPC_RESOLVERS.contains(&last.as_str()) {
                return None;
            }
            (rest, true)
        }
        // A path (`STATIC_MEDIA_URL=/assets`, a prefix the browser is given) names no host.
        _ if text.starts_with('/') && !text.starts_with("//") => return None,
        _ => (text, false),
    };
    let rest = rest.trim_start_matches('/');
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    // Go's MySQL DSN wraps the address in its protocol: `tcp(orders-db:3306)`.
    let address = ["tcp(", "udp("]
        .iter()
        .find_map(|protocol| authority.strip_prefix(protocol).and_then(|inner| inner.strip_suffix(')')))
        .unwrap_or(authority);
    // `http://carts%s/carts`: what code glues to the host at run time (a domain suffix) is
    // not part of its name. Only a URL says enough for a host with a hole in it.
    let filled = PLACEHOLDER.is_match(address);
    if filled && !had_scheme {
        return None;
    }
    let address = if filled { PLACEHOLDER.replace_all(address, "") } else { Cow::Borrowed(address) };
    let address = if filled { address.trim_end_matches([':', '.', '-']) } else { &address };
    let (host, port) = match address.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (address, None),
    };
    let has_port = port.is_some_and(|port| !port.is_empty() && port.chars().all(|character| character.is_ascii_digit()));
    if port.is_some() && !has_port {
        return None;
    }
    if !(had_scheme || has_port || bare_allowed) {
        return None;
    }
    if !had_scheme && !has_port && rest.len() != authority.len() {
        return None;
    }
    normalize_host(host)
}

/// `props` with the path of the URL in `value` that names `host` (`/customer` for
/// `http://gateway/customer`), so that a call through a proxy can be routed by it.
pub fn with_url_path(mut props: serde_json::Value, value: &str, host: &str) -> serde_json::Value {
    if let Some(path) = url_path(value, host) {
        props["url_path"] = serde_json::Value::String(path);
    }
    props
}

/// The path of the first HTTP URL in `value` whose host is `host`, when it has one.
fn url_path(value: &str, host: &str) -> Option<String> {
    let value = with_defaults(value);
    value.split([',', ' ', ';', '=', '"', '\'']).filter(|part| part.starts_with("http://") || part.starts_with("https://")).find_map(|url| {
        let rest = &url[url.find("://")? + 3..];
        let path = &rest[rest.find('/')?..];
        let path = path.split(['?', '#']).next().unwrap_or(path);
        (path.len() > 1 && host_of(url, false).as_deref() == Some(host)).then(|| path.to_string())
    })
}

/// Lowercases a hostname and strips Kubernetes DNS suffixes; `None` for IPs, localhost,
/// placeholders and things that are not hostnames.
pub fn normalize_host(host: &str) -> Option<String> {
    let host = host.to_lowercase();
    let valid = !host.is_empty()
        && host.chars().all(|character| character.is_ascii_alphanumeric() || character == '-' || character == '.' || character == '_')
        && host.chars().next().is_some_and(|character| character.is_ascii_alphabetic());
    if !valid || matches!(host.as_str(), "localhost" | "0.0.0.0" | "host.docker.internal") {
        return None;
    }
    if let Some(index) = host.find(".svc") {
        return host[..index].split('.').next().map(str::to_string);
    }
    Some(host)
}

/// Spring Boot's `endpoints.<id>` settings (the actuator's endpoint ids, and its switches).
const ACTUATOR_ENDPOINTS: &[&str] = &[
    "ENABLED", "SENSITIVE", "HEALTH", "INFO", "SHUTDOWN", "ENV", "METRICS", "BEANS", "MAPPINGS", "TRACE", "DUMP", "AUTOCONFIG", "CONFIGPROPS",
    "LOGGERS", "PROMETHEUS", "JOLOKIA", "HEAPDUMP", "FLYWAY", "LIQUIBASE", "AUDITEVENTS", "HTTPTRACE", "THREADDUMP", "SESSIONS",
    "SCHEDULEDTASKS", "CACHES", "CONDITIONS", "WEB", "JMX", "CORS",
];

/// The words of a setting's key, lowercase: `ApiGatewayUrlExternal` is `api`, `gateway`,
/// `url`, `external`; `IDENTITY_URL_PUBLIC` and `ApiURLExternal` split likewise.
pub fn key_words(key: &str) -> Vec<String> {
    let characters: Vec<char> = key.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (index, &character) in characters.iter().enumerate() {
        if !character.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|at| characters[at]);
        let next = characters.get(index + 1);
        // `yU` starts a word, and so does the `E` of `URLExternal`.
        let starts = character.is_uppercase()
            && previous.is_some_and(|previous| previous.is_lowercase() || previous.is_ascii_digit() || (previous.is_uppercase() && next.is_some_and(|next| next.is_lowercase())));
        if starts && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(character.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether a key holds an address of this service handed to others, to call it back or send a
/// browser back to it, rather than one it calls: `YAS_PUBLIC_URL`, `CALLBACK_URL`,
/// `RedirectUri`, `RETURN_URL`. (`NEXT_PUBLIC_API_URL` is the API a browser app calls.) Also
/// the origins a service lets call it (`App__CorsOrigins`, `ALLOWED_ORIGINS`), and the clients
/// an identity provider registers (`IdentityServerClients__Web__RootUrl`): they name callers.
pub fn names_an_inbound_address(key: &str) -> bool {
    let words = key_words(key);
    let origins = words.iter().any(|word| word == "cors") || words.last().is_some_and(|last| last == "origins" || last == "origin");
    let registered_client = words.iter().any(|word| word == "clients") && words.ends_with(&["root".to_string(), "url".to_string()]);
    origins
        || registered_client
        || match words.as_slice() {
            [.., before, last] => matches!(last.as_str(), "url" | "uri" | "address" | "endpoint") && matches!(before.as_str(), "public" | "callback" | "redirect" | "return"),
            _ => false,
        }
}

/// Prefixes client bundlers require of the env vars they build into a browser app.
const BUNDLER_PREFIXES: &[&str] = &["REACT_APP_", "VUE_APP_", "NEXT_PUBLIC_", "VITE_", "NG_APP_", "EXPO_PUBLIC_", "GATSBY_", "NUXT_PUBLIC_"];

/// `PRODUCT_CATALOG_SERVICE_ADDR` -> `PRODUCT_CATALOG_SERVICE`: the service an env var's name
/// points at, when its suffix says it holds an address (an OpenID Connect client's
/// `IDENTITY_AUTHORITY` or `AUTH_ISSUER` its identity provider's).
pub fn env_key_prefix(key: &str) -> Option<&str> {
    const SUFFIXES: &[&str] = &[
        "_SERVICE_ADDR", "_ADDR", "_ADDRESS", "_URL", "_URI", "_HOST", "_HOSTNAME", "_ENDPOINT", "_BASE_URL", "_API_URL",
        "_SERVICE_HOST", "_SERVICE_URL", "_SVC", "_AUTHORITY", "_ISSUER",
    ];
    let upper = key.to_uppercase();
    if upper != key {
        return None;
    }
    // What a browser bundle's build exposes (`REACT_APP_ORDERS_URL`, `VUE_APP_MAKELINE_BASE_URL`,
    // `NEXT_PUBLIC_API_URL`) is named after its prefix.
    let key = BUNDLER_PREFIXES.iter().find_map(|prefix| key.strip_prefix(prefix)).filter(|rest| !rest.is_empty()).unwrap_or(key);
    let mut best: Option<&str> = None;
    for suffix in SUFFIXES {
        if let Some(prefix) = key.strip_suffix(suffix)
            && !prefix.is_empty() && best.is_none_or(|best| prefix.len() > best.len()) {
                best = Some(prefix);
            }
    }
    // `ORDERS_BASE_URL` names `ORDERS`.
    let best = best.map(|prefix| prefix.strip_suffix("_BASE").filter(|rest| !rest.is_empty()).unwrap_or(prefix));
    // `_SERVICE_ADDR` keeps `_SERVICE` in the prefix so `PRODUCT_CATALOG_SERVICE` matches
    // `productcatalogservice`; resolution also tries without it.
    if let Some(prefix) = key.strip_suffix("_ADDR").filter(|prefix| prefix.ends_with("_SERVICE")) {
        return Some(prefix);
    }
    // A map of endpoints by service, bound from env (`RETAIL_UI_ENDPOINTS_CATALOG` is Spring's
    // `retail.ui.endpoints.catalog`): the one word after `ENDPOINTS_`. Spring Boot's actuator
    // settings (`endpoints.health.enabled`, `endpoints.enabled`) name no service.
    best.or_else(|| address_word_first(key)).or_else(|| {
        let at = key.rfind("ENDPOINTS_").filter(|&at| at == 0 || key.as_bytes()[at - 1] == b'_')?;
        let name = &key[at + "ENDPOINTS_".len()..];
        let actuator = key[..at].ends_with("MANAGEMENT_") || ACTUATOR_ENDPOINTS.contains(&name);
        (!name.is_empty() && !name.contains('_') && !name.bytes().all(|byte| byte.is_ascii_digit()) && !actuator).then_some(name)
    })
}

/// Words after a leading address word that name a part of the address, not a service
/// (`SERVICE_URL_PREFIX`, `API_ENDPOINT_TIMEOUT`).
const ADDRESS_PARTS: &[&str] = &["PATH", "PREFIX", "SUFFIX", "PORT", "SCHEME", "PROTOCOL", "TIMEOUT", "VERSION", "BASE", "HOST", "DEFAULT", "TEMPLATE"];

/// `SERVICE_URI_DELIVERY` -> `DELIVERY`: a key of one word, then an address word (`URL`, `URI`,
/// `ENDPOINT`), then the service's name (Fabrikam Drone Delivery's workflow reads
/// `SERVICE_URI_DELIVERY`, `SERVICE_URI_PACKAGE`); resolution still wants exactly one
/// component named so.
fn address_word_first(key: &str) -> Option<&str> {
    let (lead, rest) = key.split_once('_')?;
    let (address, name) = rest.split_once('_')?;
    let names_a_service = !name.is_empty()
        && name.split('_').all(|word| !word.is_empty())
        && !name.bytes().all(|byte| byte.is_ascii_digit() || byte == b'_')
        && !ADDRESS_PARTS.contains(&name.split('_').next_back().unwrap_or(name));
    (!lead.is_empty() && matches!(address, "URL" | "URI" | "ENDPOINT") && names_a_service).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each (key, value) names the hosts expected.
    fn check_hosts(cases: &[(&str, &str, Vec<&str>)]) {
        for (key, value, expected) in cases {
            assert_eq!(&hosts_in_value(key, value), expected, "{key}={value}");
        }
    }

    /// eShopOnAbp: the origins a service lets call it and the clients its identity provider
    /// registers are its callers, never services it calls.
    #[test]
    fn allowed_origins_and_registered_clients_name_callers() {
        check_hosts(&[
            ("App__CorsOrigins", "https://eshop-st-web,https://eshop-st-public-web", vec![]),
            ("ALLOWED_ORIGINS", "http://web:4200", vec![]),
            ("IdentityServerClients__Web__RootUrl", "https://eshop-st-web", vec![]),
            ("IdentityServerClients__Web__PostLogoutRedirectUri", "https://eshop-st-web/signout", vec![]),
            ("RemoteServices__Default__BaseUrl", "http://eshop-st-gateway-web", vec!["eshop-st-gateway-web"]),
            ("AuthServer__Authority", "http://eshop-st-authserver", vec!["eshop-st-authserver"]),
        ]);
    }

    #[test]
    fn hosts_are_found_in_urls_and_addresses_only() {
        let cases = [
            ("ORDERS_API_URL", "http://orders-api:8080", vec!["orders-api"]),
            ("PRODUCT_CATALOG_SERVICE_ADDR", "productcatalogservice:3550", vec!["productcatalogservice"]),
            ("CART_ADDR", "dns:///cartservice.default.svc.cluster.local:7070", vec!["cartservice"]),
            ("REDIS_HOST", "redis", vec!["redis"]),
            ("PORT", "8080", vec![]),
            ("MODE", "production", vec![]),
            ("LOG", "http://localhost:9000/x", vec![]),
            ("X", "10.0.0.1:80", vec![]),
            ("BROKERS", "kafka-1:9092,kafka-2:9092", vec!["kafka-1", "kafka-2"]),
            ("ORDERS_URL", "http://${ORDERS_HOST:-orders}:8080", vec!["orders"]),
            ("ORDERS_URL", "${ORDERS_URL}", vec![]),
            ("ORDERS_URL", "http://${ORDERS_HOST-orders}:8080", vec!["orders"]),
            // Spring's `${name:default}`.
            ("SPRING_DATA_MONGODB_URI", "mongodb://${db:carts-db}:27017/data", vec!["carts-db"]),
            ("SPRING_ZIPKIN_BASEURL", "http://${zipkin.host:zipkin}:9411/", vec!["zipkin"]),
            ("ORDERS_URL", "${orders.url:http://orders:8080}", vec!["orders"]),
            ("ORDERS_URL", "${orders.url}", vec![]),
        ];
        check_hosts(&cases);
        assert_eq!(env_key_prefix("PRODUCT_CATALOG_SERVICE_ADDR"), Some("PRODUCT_CATALOG_SERVICE"));
        assert_eq!(env_key_prefix("ORDERS_API_URL"), Some("ORDERS_API"));
        assert_eq!(env_key_prefix("PORT"), None);
        assert_eq!(env_key_prefix("VUE_APP_MAKELINE_BASE_URL"), Some("MAKELINE"));
        assert_eq!(env_key_prefix("REACT_APP_ORDERS_SERVICE_URL"), Some("ORDERS_SERVICE"));
        assert_eq!(env_key_prefix("REACT_APP_URL"), None, "no service named after the prefix");
        assert_eq!(env_key_prefix("RETAIL_CHECKOUT_ENDPOINTS_ORDERS"), Some("ORDERS"));
        assert_eq!(env_key_prefix("ENDPOINTS_CATALOG"), Some("CATALOG"));
        assert_eq!(env_key_prefix("ENDPOINTS_"), None);
        assert_eq!(env_key_prefix("MY_ENDPOINTS"), None);
        assert_eq!(env_key_prefix("IDENTITY_AUTHORITY"), Some("IDENTITY"), "an OpenID Connect client's identity provider");
        assert!(hosts_in_value("JWT_ISSUER", "acme").is_empty(), "a bare issuer is a name, not a host");
        assert_eq!(hosts_in_value("JWT_ISSUER", "http://auth:8080/realms/acme"), ["auth"]);
        assert_eq!(env_key_prefix("ENDPOINTS_HEALTH_ENABLED"), None, "Spring Boot's `endpoints.health.enabled`");
        assert_eq!(env_key_prefix("ENDPOINTS_ENABLED"), None);
        assert_eq!(env_key_prefix("ENDPOINTS_HEALTH"), None);
        assert_eq!(env_key_prefix("APP_ENDPOINTS_0"), None, "a list's index");
        assert_eq!(env_key_prefix("MANAGEMENT_ENDPOINTS_WEB"), None);
        assert_eq!(env_key_prefix("SERVICE_URI_DELIVERY"), Some("DELIVERY"), "the address word first");
        assert_eq!(env_key_prefix("API_ENDPOINT_ORDER_HISTORY"), Some("ORDER_HISTORY"));
        assert_eq!(env_key_prefix("SERVICE_URL_PREFIX"), None, "a part of the address");
        assert_eq!(env_key_prefix("SERVICE_URL_0"), None);
        assert_eq!(env_key_prefix("MY_SERVICE_URL_ORDERS"), None, "one word before the address word");
    }

    /// Evaluation of Kubernetes manifests (Acme Air, bookinfo-like JVM services): URLs inside
    /// `JVM_ARGS` and `JAVA_OPTS` flags were missed because the "scheme" held the flag's `=`.
    #[test]
    fn urls_and_flag_values_inside_longer_values_name_their_hosts() {
        let cases = [
            ("JVM_ARGS", "-Dmp.jwt.verify.publickey.location=http://keys-service:9080/keys/jwk", vec!["keys-service"]),
            ("JAVA_OPTS", "-Dcom.acme.LedgerClient/mp-rest/url=http://ledger:9080/ledger -Xmx1g", vec!["ledger"]),
            ("ARGS", "--upstream=http://quotes:8080", vec!["quotes"]),
            ("ARGS", "--db=jdbc:mysql://stock-db:3306/stock", vec!["stock-db"]),
            ("ARGS", "--callback=http://a-svc:80/x|http://b-svc:80/y", vec!["a-svc", "b-svc"]),
            // A part that is one URL is read as today: a URL in its query is a link it carries.
            ("LOGIN_URL", "http://gateway:80/login?next=http://portal:8080/home", vec!["gateway"]),
            ("YAS_PUBLIC_URL", "http://storefront/complete-payment", vec![]),
            ("NEXT_PUBLIC_API_URL", "http://api:8080", vec!["api"]),
            ("RedirectUri", "http://portal:8080/signin", vec![]),
            // A flag's bare value is a host only when the flag's own key says so.
            ("JAVA_OPTS", "-Dorders.host=orders -Dspring.profiles.active=prod -Xmx1g", vec!["orders"]),
            ("ARGS", "--cache-addr=cache:6379 --mode=fast", vec!["cache"]),
            ("REDIS_HOST", "mode=fast", vec![]),
            ("JAVA_OPTS", "-Duser.timezone=UTC", vec![]),
        ];
        check_hosts(&cases);
    }

    /// Evaluation of PHP, .NET and Python services: keyword connection strings named their
    /// database only in forms no URL reading sees.
    #[test]
    fn keyword_connection_strings_name_their_hosts() {
        let cases = [
            ("mysql:host=ratings-db;dbname=ratings", vec!["ratings-db"]),
            ("pgsql:host=reports-db;port=5432;dbname=reports", vec!["reports-db"]),
            ("Server=ledger-sql;Database=ledger;User Id=app;Password=x", vec!["ledger-sql"]),
            ("Data Source=tcp:ledger-sql,1433;Initial Catalog=ledger", vec!["ledger-sql"]),
            ("Server=ledger-sql\\REPORTS;Database=ledger", vec!["ledger-sql"]),
            ("host=reports-db port=5432 dbname=reports", vec!["reports-db"]),
            ("host=primary-db,replica-db port=5432 dbname=reports", vec!["primary-db", "replica-db"]),
            ("host=%s port=%d dbname=reports", vec![]),
            ("host=localhost port=5432", vec![]),
            ("host=reports-db", vec![]),
            ("sqlsrv:Server=localhost,1433;Database=x", vec![]),
            ("mode=fast retries=3", vec![]),
            ("host=reports-db is down", vec![]),
            ("http://orders:8080/x?host=a;b=c", vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(dsn_hosts(text), expected, "{text}");
        }
        assert_eq!(hosts_in_value("DATABASE_DSN", "host=reports-db port=5432 dbname=reports"), ["reports-db"]);
    }

    #[test]
    fn a_hole_glued_to_a_host_is_not_part_of_its_name() {
        let cases = [
            ("http://carts%s/carts", Some("carts")),
            ("http://catalogue%v", Some("catalogue")),
            ("http://orders{}/orders", Some("orders")),
            ("http://orders{0}:8080/orders", Some("orders")),
            ("http://user${domain}/login", Some("user")),
            ("http://payment.%s/paymentAuth", Some("payment")),
            ("http://%s:%d/x", None),
            ("http://{host}/x", None),
            ("%s.orders:80", None),
            ("carts%s:80", None),
            ("app:pw@tcp(stock-db:3306)/stock", Some("stock-db")),
            ("tcp(stock-db:3306)/stock", Some("stock-db")),
            ("app:pw@tcp(localhost:3306)/stock", None),
            // Evaluation of PHP services: stream wrappers are no hosts.
            ("php://stdout", None),
            ("php://input", None),
            ("file:///etc/app.conf", None),
            ("jar:file://app.jar", None),
            ("unix:///var/run/docker.sock", None),
            // skywalking-showcase: `http://${GATEWAY}/rcmd` with its hole taken out names no
            // host (not `rcmd`); gRPC's resolvers name theirs after the empty authority.
            (&with_defaults("http://${GATEWAY}/rcmd"), None),
            ("http:///songs/top", None),
            ("dns:///cart:7070", Some("cart")),
            ("xds:///orders", Some("orders")),
            // MuShop: `STATIC_MEDIA_URL=${STATIC_MEDIA_URL:-/assets}` is a path.
            ("/assets", None),
        ];
        for (text, expected) in cases {
            assert_eq!(host_of(text, false).as_deref(), expected, "{text}");
        }
    }
}

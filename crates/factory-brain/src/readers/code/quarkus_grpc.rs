//! Quarkus's gRPC, in Java and Kotlin: a class annotated `@GrpcService` serves the service
//! whose generated interface it implements (Mutiny's `implements Locations`, grpc-java's
//! `implements LocationsGrpc.AsyncService`); a field or parameter injected with
//! `@GrpcClient("locations")` is a client of the service its type names (`Locations`,
//! `MutinyLocationsGrpc.MutinyLocationsStub`, `LocationsGrpc.LocationsBlockingStub`), and the
//! rpcs called on it are that service's. A class extending a generated base
//! (`LocationsImplBase`) is read by the line pattern of `GRPC_SERVER`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, enclosed, split_top_level};

/// Words of which a file serving or calling a service this way holds one.
const GATE_WORDS: &[&str] = &["@GrpcService", "@GrpcClient"];

/// `@GrpcClient`, with or without the client's name, and the declaration it annotates: other
/// annotations, modifiers, then Java's `Type name` or Kotlin's `name: Type`.
static INJECTED_CLIENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"@GrpcClient\b(?:\s*\(\s*(?:value\s*=\s*)?"(?P<client>[^"]*)"\s*\))?\s*(?:@[\w.]+(?:\s*\([^()]*\))?\s*)*"#,
        r"(?:(?:private|protected|public|internal|final|lateinit|val|var)\s+)*",
        r"(?:(?P<kotlin_name>[a-z_]\w*)\s*:\s*(?P<kotlin_type>[\w.]+)|(?P<java_type>[\w.]+)\s+(?P<java_name>[a-z_]\w*))"
    ))
    .expect("a valid regex")
});

/// `class Name` after `@GrpcService`, Java or Kotlin.
static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bclass\s+\w+\s*").expect("a valid regex"));

/// Types a client may be injected as that name no service.
const NOT_SERVICES: &[&str] = &["Channel", "ManagedChannel"];

/// Whether the file may serve or call a service through Quarkus's annotations.
fn may_declare(extension: &str, text: &str) -> bool {
    matches!(extension, "java" | "kt") && GATE_WORDS.iter().any(|word| text.contains(word))
}

/// Each service a `@GrpcService` class implements the generated interface of: where the
/// interface is named, and the service.
pub(super) fn served(text: &str, lines: &Lines<'_>) -> Vec<(usize, String)> {
    let mut services = Vec::new();
    for (at, _) in text.match_indices("@GrpcService") {
        if lines.is_comment(at) {
            continue;
        }
        let Some(class) = CLASS.find(&text[at..]).filter(|class| class.start() < 400) else { continue };
        let header_start = at + class.end();
        let Some(body) = text[header_start..].find('{').map(|body| header_start + body) else { continue };
        let mut header = &text[header_start..body];
        // Kotlin's primary constructor: `class X(private val service: S) : Locations`.
        if header.starts_with('(') {
            let Some((_, end)) = enclosed(text, header_start) else { continue };
            header = text.get(end..body).unwrap_or("");
        }
        let header = header.trim();
        let supertypes = header.strip_prefix(':').or_else(|| header.find("implements").map(|found| &header[found + "implements".len()..]));
        let Some(supertypes) = supertypes else { continue };
        for supertype in split_top_level(supertypes) {
            let written = supertype.split(['<', '(']).next().unwrap_or("").trim();
            if let Some(service) = implemented_service(written) {
                let offset = header_start + text[header_start..body].find(written).unwrap_or(0);
                services.push((offset, service));
            }
        }
    }
    services
}

/// The service a generated interface serves: Mutiny's `Locations`, grpc-java's
/// `LocationsGrpc.AsyncService`. A base class (`LocationsImplBase`) is the line pattern's.
fn implemented_service(written: &str) -> Option<String> {
    let (qualifier, name) = written.rsplit_once('.').map_or(("", written), |(qualifier, name)| (qualifier, name));
    if name == "AsyncService" {
        let outer = qualifier.rsplit('.').next().unwrap_or(qualifier);
        return outer.strip_suffix("Grpc").filter(|service| service.starts_with(|first: char| first.is_ascii_uppercase())).map(str::to_string);
    }
    let excluded = name.ends_with("ImplBase") || name == "BindableService" || name.is_empty();
    (!excluded && name.starts_with(|first: char| first.is_ascii_uppercase()) && name.chars().all(|character| character.is_ascii_alphanumeric())).then(|| name.to_string())
}

/// Each client injected with `@GrpcClient`: where it is declared, its variable and the service
/// its type names.
pub(super) fn injected_clients(text: &str, lines: &Lines<'_>) -> Vec<(usize, String, String)> {
    injected(text, lines).into_iter().map(|(at, variable, service, _)| (at, variable, service)).collect()
}

/// [`injected_clients`], with the name the annotation gives the client (`""` when none).
fn injected<'text>(text: &'text str, lines: &Lines<'_>) -> Vec<(usize, String, String, &'text str)> {
    let mut clients = Vec::new();
    for captures in INJECTED_CLIENT.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        let (Some(name), Some(written)) = (captures.name("java_name").or(captures.name("kotlin_name")), captures.name("java_type").or(captures.name("kotlin_type"))) else { continue };
        if let Some(service) = client_service(written.as_str()) {
            clients.push((whole.start(), name.as_str().to_string(), service, captures.name("client").map_or("", |client| client.as_str())));
        }
    }
    clients
}

/// The service a client's type names: `MutinyLocationsGrpc.MutinyLocationsStub`,
/// `LocationsGrpc.LocationsBlockingStub` and Mutiny's `Locations` are `Locations`.
pub(super) fn client_service(written: &str) -> Option<String> {
    let name = written.rsplit('.').next().unwrap_or(written);
    let mut service = name;
    for suffix in ["BlockingV2Stub", "BlockingStub", "FutureStub", "Stub"] {
        if let Some(stripped) = service.strip_suffix(suffix) {
            service = stripped;
            break;
        }
    }
    let service = without_mutiny(service);
    (service.starts_with(|first: char| first.is_ascii_uppercase()) && !NOT_SERVICES.contains(&service)).then(|| service.to_string())
}

/// A name without Mutiny's prefix: `MutinyLocations` is `Locations`.
pub(super) fn without_mutiny(name: &str) -> &str {
    name.strip_prefix("Mutiny").filter(|rest| rest.starts_with(|first: char| first.is_ascii_uppercase())).unwrap_or(name)
}

/// The services the file serves and the clients it is injected with, as the line patterns'
/// gRPC edges.
pub(super) fn facts(facts: &mut crate::model::FileFacts, edges: &mut super::Edges<'_>, extension: &str, text: &str, lines: &Lines<'_>) {
    if !may_declare(extension, text) {
        return;
    }
    for (offset, service) in served(text, lines) {
        edges.push(facts, format!("grpc:{service}"), "provides", serde_json::json!({"via": "grpc server"}), lines.number(offset), 0.9);
    }
    for (offset, _, service, client) in injected(text, lines) {
        edges.push(facts, format!("grpc:{service}"), "consumes", serde_json::json!({"via": "grpc client"}), lines.number(offset), 0.9);
        // grpc-spring-boot-starter's and Quarkus's client name keys its address in config
        // (`grpc.client.cart-service.address: static://cart-service:50051`), and is most often
        // the service's own (ecmsp's gateway, `@GrpcClient("cart-service")`): a host, where a
        // service goes by it, when the service's contract is in no repo of the org.
        if crate::net::normalize_host(client).is_some_and(|host| host == client) {
            edges.push(facts, format!("host:{client}"), "depends_on", serde_json::json!({"via": "grpc client", "client": client}), lines.number(offset), 0.8);
        }
    }
}

/// The injected clients' variables, for the rpcs called on them.
pub(super) fn injected_stubs(text: &str, lines: &Lines<'_>, stubs: &mut BTreeMap<String, String>) {
    if !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return;
    }
    for (_, variable, service) in injected_clients(text, lines) {
        stubs.entry(variable).or_insert(service);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_services_and_clients_by_quarkus_annotations() {
        let java = "@GrpcService\npublic class HelloService implements Greeter, Other<String> {\n}\n@GrpcService\n@Singleton\nclass Async implements io.x.LocationsGrpc.AsyncService {}\n// @GrpcService class Old implements Old {}\n";
        let served: Vec<String> = served(java, &Lines::new(java)).into_iter().map(|(_, service)| service).collect();
        assert_eq!(served, ["Greeter", "Other", "Locations"]);
        let kotlin = "@GrpcService\nclass LocationGrpcService(private val service: LocationService) : MutinyLocationsGrpc.LocationsImplBase() {\n}\n";
        assert!(super::served(kotlin, &Lines::new(kotlin)).is_empty(), "a base class is the line pattern's");
        let clients = "class C {\n  public C(@GrpcClient(\"locations\") Locations locationClient) {}\n  @GrpcClient MutinyLocationsGrpc.MutinyLocationsStub hello;\n  @GrpcClient(\"x\") LocationsGrpc.LocationsBlockingStub blocking;\n  @GrpcClient(\"raw\") Channel channel;\n}\nclass K(@GrpcClient(\"hello\") private val greeter: Greeter)\n";
        let found: Vec<String> = injected_clients(clients, &Lines::new(clients)).into_iter().map(|(_, name, service)| format!("{name} {service}")).collect();
        assert_eq!(found, ["locationClient Locations", "hello Locations", "blocking Locations", "greeter Greeter"]);
    }
}

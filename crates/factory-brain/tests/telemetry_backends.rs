//! Observability backends are reported to, not depended on: the OpenTelemetry demo's compose
//! file (open-telemetry/opentelemetry-demo, rebuilt from its public files for the eighth
//! session's real-system measurement) has every service `depends_on: otel-collector` and sets
//! each one's `OTEL_EXPORTER_OTLP_ENDPOINT`, and runs the collector from an image its `.env`
//! names (`COLLECTOR_CONTRIB_IMAGE`); read as dependencies, the collector seemed every
//! service's, 22 of the 58 `depends_on` edges.

mod support;

use support::org;

/// The shop's `depends_on` and `reports_to` edges between its services and resources, when
/// the collector runs `collector_image`.
fn edges(collector_image: &str) -> Vec<String> {
    edge_lines(&shop(collector_image))
}

/// The shop resolved, its collector running `collector_image`.
fn shop(collector_image: &str) -> factory_brain::Resolved {
    let compose = "services:\n  checkout:\n    build: ./src/checkout\n    environment:\n      - OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317\n      - VALKEY_ADDR=valkey-cart:6379\n    depends_on:\n      otel-collector:\n        condition: service_started\n      valkey-cart:\n        condition: service_started\n  valkey-cart:\n    image: ${VALKEY_IMAGE}\n  otel-collector:\n    image: ${COLLECTOR_CONTRIB_IMAGE}\n    depends_on:\n      - jaeger\n  jaeger:\n    image: ${JAEGERTRACING_IMAGE}\n";
    let env = format!("VALKEY_IMAGE=valkey/valkey:7.2-alpine\nCOLLECTOR_CONTRIB_IMAGE={collector_image}\nJAEGERTRACING_IMAGE=quay.io/jaegertracing/jaeger:2.19.0\n");
    org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            (".env", env.as_str()),
            ("src/checkout/main.go", "package main\n\nimport \"os\"\n\nfunc main() {\n\t_ = os.Getenv(\"VALKEY_ADDR\")\n}\n"),
            ("src/checkout/go.mod", "module example.com/checkout\n\ngo 1.22\n"),
            ("src/checkout/Dockerfile", "FROM golang:1.22\n"),
            ("src/checkout/openapi.yaml", "openapi: 3.0.3\ninfo: {title: Checkout, version: 1.0.0}\npaths:\n  /checkout:\n    post:\n      responses:\n        '200': {description: ok}\n"),
        ],
    )])
}

/// `from -kind-> to` of the `depends_on` and `reports_to` edges.
fn edge_lines(resolved: &factory_brain::Resolved) -> Vec<String> {
    let mut lines: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| matches!(edge.kind.as_str(), "depends_on" | "reports_to"))
        .map(|edge| format!("{} -{}-> {}", edge.from, edge.kind, edge.to))
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// The collector and Jaeger are reported to; the cache is depended on.
#[test]
fn a_collector_and_tracing_backend_are_reported_to() {
    assert_eq!(
        edges("ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.157.0"),
        [
            "component:checkout -depends_on-> resource:valkey-cart",
            "component:checkout -reports_to-> resource:otel-collector",
            "resource:otel-collector -reports_to-> resource:jaeger",
        ]
    );
}

/// Near miss: a service named `otel-collector` running some other image is depended on as any.
#[test]
fn a_backend_is_told_by_its_image_not_its_name() {
    let edges = edges("acme/event-relay:1.4");
    assert!(edges.iter().any(|edge| edge.starts_with("component:checkout -depends_on-> ") && edge.ends_with(":otel-collector")), "{edges:?}");
}

/// `impact` of the collector names who reports to it, but not their own contracts or their
/// consumers: their function is not what changes.
#[test]
fn impact_on_a_backend_lists_its_reporters_only() {
    let graph = support::as_graph(&shop("otel/opentelemetry-collector-contrib:0.108.0"));
    let impact = factory_brain::query::impact(&graph, &["resource:otel-collector".to_string()]);
    assert_eq!(impact.components, ["component:checkout"]);
    assert!(impact.contracts.is_empty(), "{:?}", impact.contracts);
}

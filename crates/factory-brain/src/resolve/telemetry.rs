//! Observability backends: a service sending traces, metrics or logs to an OpenTelemetry
//! collector, Jaeger, Zipkin, Prometheus, Grafana's Tempo or Loki works the same when the
//! backend is down, and the backend need not start first. Its edge to such a backend is
//! `reports_to`, not `depends_on`: the OpenTelemetry demo's compose file has every service
//! `depends_on: otel-collector` and hands each its `OTEL_EXPORTER_OTLP_ENDPOINT`, which read as
//! dependencies made the collector look like every service's. A backend is told by the image
//! its compose service runs (`otel/opentelemetry-collector-contrib`, `jaegertracing/all-in-one`,
//! `openzipkin/zipkin`, `prom/prometheus`, `grafana/tempo`); what it is called does not count.

use std::collections::BTreeSet;

use serde_json::json;

use super::components::Components;
use super::config::Settings;
use super::{GraphBuilder, ScannedFacts};

/// Image namespaces that publish only observability backends.
const NAMESPACES: &[&str] = &["otel", "jaegertracing", "openzipkin", "prom", "grafana", "signoz", "openobserve"];
/// Images' names (after any namespace) of observability backends.
const NAMES: &[&str] = &["opentelemetry-collector", "opentelemetry-collector-contrib", "otel-collector", "otelcol", "jaeger", "zipkin", "prometheus", "tempo", "loki", "grafana", "otel-lgtm"];

/// The edge a component's telemetry takes to an observability backend.
pub(crate) const REPORTS_TO: &str = "reports_to";

/// Whether `image` runs an observability backend.
pub(crate) fn is_telemetry_image(image: &str) -> bool {
    let name = image.split(['@']).next().unwrap_or(image);
    let mut segments: Vec<&str> = name.split('/').collect();
    let base = segments.pop().unwrap_or("").split(':').next().unwrap_or("").to_lowercase();
    let namespace = segments.last().map(|namespace| namespace.to_lowercase()).unwrap_or_default();
    NAMESPACES.contains(&namespace.as_str()) || NAMES.contains(&base.as_str())
}

/// Turns each `depends_on` edge to an observability backend (a resource some compose file runs
/// from such an image) into `reports_to`, and marks the backend `telemetry`.
pub(crate) fn report_edges(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components, settings: &Settings) {
    let mut backends: BTreeSet<String> = BTreeSet::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "runs") {
            let (Some(host), Some(image)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("image:")) else { continue };
            // An image the `.env` fills in (`image: ${COLLECTOR_CONTRIB_IMAGE}`).
            let Some(image) = settings.expand(&file.repo, &file.path, image) else { continue };
            if let Some(component) = components.by_host(host).filter(|component| component.node_ref.starts_with("resource:") && is_telemetry_image(&image)) {
                backends.insert(component.node_ref.clone());
            }
        }
    }
    if backends.is_empty() {
        return;
    }
    let reporting: Vec<super::ResolvedEdge> = graph.edges().filter(|edge| edge.kind == "depends_on" && backends.contains(&edge.to)).cloned().collect();
    for edge in reporting {
        graph.remove_edge(&edge);
        graph.edge(&edge.from, &edge.to, REPORTS_TO, serde_json::Value::Object(edge.props.clone()), edge.source.clone(), edge.method, edge.confidence);
    }
    for backend in backends {
        if let Some(node) = graph.nodes.get_mut(&backend) {
            node.props.insert("telemetry".into(), json!(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observability_backends_are_told_by_their_images() {
        for (image, expected) in [
            ("otel/opentelemetry-collector-contrib:0.108.0", true),
            ("jaegertracing/all-in-one:1.57", true),
            ("openzipkin/zipkin", true),
            ("prom/prometheus:v2.52.0", true),
            ("grafana/tempo:latest", true),
            ("docker.io/grafana/grafana:11.0.0", true),
            ("ghcr.io/open-feature/flagd:v0.10.1", false),
            ("valkey/valkey:7.2-alpine", false),
            ("opensearchproject/opensearch:2.15.0", false),
            ("rabbitmq:3-management", false),
            ("acme/orders", false),
        ] {
            assert_eq!(is_telemetry_image(image), expected, "{image}");
        }
    }
}

//! Kubernetes manifests: workloads are units (with their pod labels), Services give them
//! hostnames through their selectors, and container env vars whose value names another
//! service (`PRODUCT_CATALOG_SERVICE_ADDR: productcatalogservice:3550`) become dependencies.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::net::hosts_in_value;
use crate::yaml::text;

const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod", "DeploymentConfig", "Rollout"];

/// Third-party images that are infrastructure (resources), not the org's services.
const INFRASTRUCTURE: &[&str] = &[
    "postgres", "mysql", "mariadb", "redis", "valkey", "mongo", "memcached", "rabbitmq", "kafka", "zookeeper", "elasticsearch",
    "opensearch", "cassandra", "nats", "minio", "localstack", "etcd", "consul", "jaeger", "prometheus", "grafana",
    "otel", "opentelemetry", "busybox", "alpine", "spanner", "alloydb", "cockroach", "clickhouse", "influxdb", "neo4j",
    "couchdb", "dynamodb", "azurite", "mailhog", "wiremock", "vault", "pulsar", "redpanda", "sqlserver", "mssql", "oracle",
];

pub fn is_infrastructure_image(image: &str) -> bool {
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split([':', '@']).next().unwrap_or(base).to_lowercase();
    !base.is_empty() && INFRASTRUCTURE.iter().any(|word| base == *word || base.starts_with(&format!("{word}-")) || base.starts_with(&format!("cp-{word}")) || base.ends_with(&format!("-{word}")))
}

pub fn read(index: usize, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(kind) = text(document, "kind") else { return facts };
    if kind == "List" {
        if let Some(items) = document.get("items").and_then(Value::as_array) {
            for item in items {
                facts.merge(read(index, item));
            }
        }
        return facts;
    }
    let Some(name) = document.pointer("/metadata/name").and_then(Value::as_str) else { return facts };
    let pointer = format!("/{index}");
    if kind == "Service" {
        let selector: BTreeMap<String, String> = document
            .pointer("/spec/selector")
            .and_then(Value::as_object)
            .map(|map| map.iter().filter_map(|(key, value)| value.as_str().map(|value| (key.clone(), value.to_string()))).collect())
            .unwrap_or_default();
        if !selector.is_empty() {
            let selector_text: Vec<String> = selector.iter().map(|(key, value)| format!("{key}={value}")).collect();
            facts.edge(&format!("host:{}", name.to_lowercase()), &format!("selector:{}", selector_text.join(",")), "selects", Value::Null, &pointer, Method::Parsed);
        }
        return facts;
    }
    if kind == "ConfigMap" {
        // Hosts in a ConfigMap count for every workload that takes its env from it.
        let this = format!("configmap:{}", name.to_lowercase());
        for (key, value) in document.get("data").and_then(Value::as_object).into_iter().flatten() {
            let Some(value) = value.as_str() else { continue };
            for host in hosts_in_value(key, value) {
                facts.edge(&this, &format!("host:{host}"), "depends_on", json!({"env": key}), &format!("{pointer}/data/{key}"), Method::Parsed);
            }
        }
        return facts;
    }
    if !WORKLOADS.contains(&kind) {
        return facts;
    }
    let pod = if kind == "CronJob" {
        document.pointer("/spec/jobTemplate/spec/template")
    } else if kind == "Pod" {
        Some(document)
    } else {
        document.pointer("/spec/template")
    };
    let Some(pod) = pod else { return facts };
    let labels: BTreeMap<String, String> = pod
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|map| map.iter().filter_map(|(key, value)| value.as_str().map(|value| (key.clone(), value.to_string()))).collect())
        .unwrap_or_default();
    let containers: Vec<&Value> = pod.pointer("/spec/containers").and_then(Value::as_array).map(|items| items.iter().collect()).unwrap_or_default();
    let infrastructure = !containers.is_empty() && containers.iter().all(|container| is_infrastructure_image(text(container, "image").unwrap_or("")));
    let aliases = containers.iter().filter_map(|container| text(container, "image")).filter_map(image_name).filter(|image| image != &name.to_lowercase()).collect();
    facts.units.push(UnitFact {
        name: name.to_string(),
        origin: UnitOrigin::Kubernetes,
        root: None,
        aliases,
        infrastructure,
        labels,
        pointer: pointer.clone(),
    });
    let this = format!("host:{}", name.to_lowercase());
    for (container_index, container) in containers.iter().enumerate() {
        let from_config_maps = container
            .get("envFrom")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|source| source.pointer("/configMapRef/name").and_then(Value::as_str));
        for config_map in from_config_maps {
            facts.edge(&this, &format!("configmap:{}", config_map.to_lowercase()), "uses_config", Value::Null, &format!("{pointer}/spec/template/spec/containers/{container_index}/envFrom"), Method::Parsed);
        }
        let Some(env) = container.get("env").and_then(Value::as_array) else { continue };
        for variable in env {
            let (Some(key), Some(value)) = (text(variable, "name"), text(variable, "value")) else { continue };
            for host in hosts_in_value(key, value) {
                facts.edge(
                    &this,
                    &format!("host:{host}"),
                    "depends_on",
                    json!({"env": key}),
                    &format!("{pointer}/spec/template/spec/containers/{container_index}/env/{key}"),
                    Method::Parsed,
                );
            }
        }
    }
    facts
}

/// `gcr.io/x/cartservice:v1` -> `cartservice`.
fn image_name(image: &str) -> Option<String> {
    let base = image.rsplit('/').next()?;
    let base = base.split([':', '@']).next()?;
    (!base.is_empty()).then(|| base.to_lowercase())
}

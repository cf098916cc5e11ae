//! Kubernetes manifests: workloads are units (with their pod labels), Services give them
//! hostnames through their selectors, and container env vars whose value names another
//! service (`PRODUCT_CATALOG_SERVICE_ADDR: productcatalogservice:3550`) become dependencies,
//! as do the workloads OpenShift's `app.openshift.io/connects-to` annotation names. What a
//! workload takes of a ConfigMap (all of it, or the keys it names) is joined in resolution.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::net::{hosts_in_value, setting_as_env, with_url_path};
use crate::readers::consul;
use crate::yaml::text;

/// The prop of a `uses_config` edge naming the one key of the ConfigMap a workload takes
/// (`configMapKeyRef`, a volume's `items`); without it, the workload takes every key.
pub const CONFIG_KEY: &str = "key";

/// OpenShift's topology annotation: the workloads a workload connects to, drawn as arrows in
/// its console (`app.openshift.io/connects-to: "orders-db,rest-heroes"`, or a JSON array of
/// `{"apiVersion":"apps/v1","kind":"Deployment","name":"notification-slack"}`).
pub const CONNECTS_TO: &str = "app.openshift.io/connects-to";

const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod", "DeploymentConfig", "Rollout"];

/// Third-party images that back services rather than being one: data stores, brokers,
/// tracing, metrics and log stacks, identity providers, service registries and secret
/// stores. Matched on the image's last path segment (`quay.io/prometheus/prometheus` is
/// `prometheus`). Only products' names: an org names its own registry or identity service with
/// words of its own (`discovery-service`, `eureka-server`, `idp-service`), which would match.
const BACKING_SERVICES: &[&str] = &[
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "mongo",
    "mongodb",
    "memcached",
    "rabbitmq",
    "kafka",
    "zookeeper",
    // Apicurio's schema registry (`quay.io/apicurio/apicurio-registry-mem`), beside Kafka.
    "apicurio",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "scylla",
    "nats",
    "minio",
    "localstack",
    "etcd",
    "consul",
    "jaeger",
    "zipkin",
    "prometheus",
    "grafana",
    "loki",
    "tempo",
    "mimir",
    "alertmanager",
    "kibana",
    "logstash",
    "fluentd",
    "fluent-bit",
    "otel",
    "opentelemetry",
    "spanner",
    "alloydb",
    "cockroach",
    "clickhouse",
    "influxdb",
    "neo4j",
    "couchdb",
    "dynamodb",
    "azurite",
    "mailhog",
    "wiremock",
    "vault",
    "pulsar",
    "redpanda",
    "sqlserver",
    "mssql",
    "oracle",
    "activemq",
    "mosquitto",
    "timescaledb",
    "postgis",
    "pgvector",
    "solr",
    "maildev",
    "mailpit",
    "smtp4dev",
    "greenmail",
    "keycloak",
    "zitadel",
    "jhipster-registry",
    "openbao",
    // Alibaba's registry and config server, and its transaction coordinator.
    "nacos",
    "seata",
    // Event stores and schema registries beside a broker (`eventstore/eventstore`,
    // `confluentinc/cp-schema-registry`, `axoniq/axonserver`).
    "eventstore",
    "eventstoredb",
    "schema-registry",
    "ksqldb",
    "axonserver",
    // Consoles and monitors of the stack (`portainer/portainer-ce`, `gcr.io/cadvisor/cadvisor`,
    // `dpage/pgadmin4`, `obsidiandynamics/kafdrop`): tools beside the system, no part of it.
    "portainer",
    "cadvisor",
    "pgadmin",
    "pgadmin4",
    "adminer",
    "phpmyadmin",
    "kafdrop",
    "akhq",
    "redisinsight",
    "dozzle",
    "mongo-express",
    // Redis's forks and the search and vector stores beside a service (rahlplx's polyglot
    // platform runs `eqalpha/keydb` and `getmeili/meilisearch`).
    "keydb",
    "dragonfly",
    "dragonflydb",
    "meilisearch",
    "typesense",
    "qdrant",
    "weaviate",
    "milvus",
    "memgraph",
    "arangodb",
    "couchbase",
    "rethinkdb",
    "surrealdb",
    "questdb",
    "victoria-metrics",
    "victoriametrics",
    "nsqd",
    "nsqlookupd",
    "emqx",
    "hazelcast",
    "mailcatcher",
    "azure-sql-edge",
];
/// Name endings of an org's own database images (`weaveworksdemos/user-db`), after any word
/// separator.
const DATABASE_SUFFIXES: &[&str] = &["db", "database"];
/// What separates the words of an image's name: `kiali/demo_travels_mysqldb` is as much a
/// database's image as `acme/shop-mysqldb`.
const WORD_SEPARATORS: [char; 3] = ['-', '_', '.'];
/// Image namespaces (`jaegertracing/all-in-one`, `otel/opentelemetry-collector-contrib`)
/// that publish only such images.
/// Confluent's and Bitnami's namespaces hold only third parties' products.
const BACKING_SERVICE_NAMESPACES: &[&str] =
    &["jaegertracing", "openzipkin", "otel", "prom", "grafana", "opensearchproject", "elastic", "mssql", "datalust", "confluentinc", "bitnami", "debezium", "temporalio"];
/// Images that only run a shell: in a pod they are utilities, never the org's service.
const UTILITY_IMAGES: &[&str] = &["busybox", "alpine"];

/// Images that run beside an app in its pod: proxies, agents and log shippers.
const SIDECAR_IMAGES: &[&str] =
    &["daprd", "proxyv2", "linkerd-proxy", "proxy", "envoy", "jaeger-agent", "cloud-sql-proxy", "cloudsql-proxy", "fluent-bit", "fluentd", "oauth2-proxy", "vault-agent"];

/// Whether `image` is a sidecar's (`daprio/daprd`, `istio/proxyv2`, `envoyproxy/envoy`).
fn is_sidecar_image(image: &str) -> bool {
    SIDECAR_IMAGES.contains(&image_base(image).as_str())
}

/// Words of an image's name that say it runs a shell tool (`ibmcase/bluecompute-bash-curl-ssl`,
/// `curlimages/curl`, `bitnami/kubectl`): a job's utility, never the org's service.
const TOOL_WORDS: &[&str] = &["curl", "kubectl", "bash", "wget", "jq"];

/// Whether a workload running only `image` is infrastructure (a resource), not a service.
pub fn is_infrastructure_image(image: &str) -> bool {
    let base = image_base(image);
    UTILITY_IMAGES.iter().any(|word| base == *word || base.starts_with(&format!("{word}-")))
        || base.split(['-', '_', '.']).any(|word| TOOL_WORDS.contains(&word))
        || is_backing_service_image(image)
}

/// Whether `image` is a database, broker or observability image (`mysql:5.7`,
/// `openzipkin/zipkin`, `acme/user-db`, an org's `acme/shop-mysqldb` or
/// `kiali/demo_travels_mysqldb`). Shell base images (`alpine`) are not.
pub fn is_backing_service_image(image: &str) -> bool {
    let base = image_base(image);
    let namespace = image.split([':', '@']).next().unwrap_or(image).rsplit('/').nth(1).unwrap_or("").to_lowercase();
    // `shop-mysqldb` is the org's own build of `mysql`, like `shop-mysql`.
    let database_stem = base.strip_suffix("db").filter(|stem| !stem.is_empty());
    !base.is_empty()
        && (BACKING_SERVICE_NAMESPACES.contains(&namespace.as_str())
            || DATABASE_SUFFIXES.iter().any(|suffix| base.strip_suffix(suffix).is_some_and(|rest| rest.ends_with(WORD_SEPARATORS)))
            || BACKING_SERVICES.iter().any(|word| {
                // `word` or `..-word`, `word-..`, `cp-word..`, and the stem of a `..db` name the
                // same; `_` and `.` part words as `-` does.
                let ends_as_word = |name: &str| name.strip_suffix(word).is_some_and(|rest| rest.is_empty() || rest.ends_with(WORD_SEPARATORS));
                ends_as_word(&base)
                    || base.strip_prefix(word).is_some_and(|rest| rest.starts_with(WORD_SEPARATORS))
                    || base.strip_prefix("cp-").is_some_and(|rest| rest.starts_with(word))
                    || database_stem.is_some_and(ends_as_word)
            }))
}

/// Whether `word` (lowercase) names a backing service (`postgresql`, `cassandra`).
pub fn is_backing_service_word(word: &str) -> bool {
    BACKING_SERVICES.contains(&word)
}

/// Whether a word of an image's name, wherever it stands, is a backing service's
/// (`moeenz/docker-kafka-kraft`): said only of a third-party image no folder of the org is
/// named like, since an org names its own services so too (`kafka-consumer-service`). The
/// namespace is no part of it (`sample-spring-kafka-microservices/order-service`).
pub fn names_backing_service(image: &str) -> bool {
    image_base(image).split(['-', '_']).any(is_backing_service_word)
}

/// `gcr.io/x/cartservice:v1` -> `cartservice`; "" for an image named by a variable.
/// Reverse proxies and gateways run from their stock image, configured by the files mounted
/// into them.
const PROXY_IMAGES: &[&str] = &["nginx", "openresty", "httpd", "haproxy", "envoy", "traefik", "caddy", "kong", "krakend"];

/// Whether `image` is a stock reverse proxy's (`nginx:1.25`, `envoyproxy/envoy`).
pub fn is_proxy_image(image: &str) -> bool {
    let base = image_base(image);
    PROXY_IMAGES.iter().any(|proxy| base == *proxy || base.strip_prefix(proxy).is_some_and(|rest| rest.starts_with('-')))
}

fn image_base(image: &str) -> String {
    // A registry or tag named by a variable leaves the name itself (Storedog's
    // `${REGISTRY_URL}/nginx:${SD_TAG}`); a name with a variable in it is none.
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split([':', '@']).next().unwrap_or(base);
    if base.contains(['$', '{', '}']) {
        return String::new();
    }
    base.to_lowercase()
}

/// Names a workload may have that say nothing of what it runs, and that two workloads of one
/// namespace would not both have: with one namespace per service, every Deployment can be
/// `app` (mercari's example). (`api` or `web` may well sit beside each other in a namespace.)
const GENERIC_WORKLOAD_NAMES: &[&str] = &["app", "deployment", "workload", "application"];

/// Whether a workload's or compose service's name is one of [`GENERIC_WORKLOAD_NAMES`].
pub fn is_generic_workload_name(name: &str) -> bool {
    GENERIC_WORKLOAD_NAMES.contains(&name.to_lowercase().as_str())
}

/// The name a workload goes by: its own, unless that is a generic word (one only a workload
/// alone in its namespace would have), where its pod's naming label (`app`,
/// `app.kubernetes.io/name`, `name`) or else the namespace names it.
fn workload_name(name: &str, document: &Value, labels: &BTreeMap<String, String>) -> String {
    let namespace = document.pointer("/metadata/namespace").and_then(Value::as_str).filter(|namespace| !matches!(*namespace, "" | "default") && !namespace.contains('{'));
    let Some(namespace) = namespace.filter(|_| GENERIC_WORKLOAD_NAMES.contains(&name.to_lowercase().as_str())) else {
        return name.to_string();
    };
    let label = ["app", "app.kubernetes.io/name", "name"]
        .iter()
        .find_map(|key| labels.get(*key))
        .filter(|value| !value.is_empty() && !value.contains('{') && !GENERIC_WORKLOAD_NAMES.contains(&value.to_lowercase().as_str()));
    label.map_or(namespace, String::as_str).to_string()
}

/// Words that name a Kubernetes object's kind, not which service it runs: what a Helm
/// template's `name: "{{ .Chart.Name }}-deployment"` leaves once its actions are out.
const KIND_WORDS: &[&str] =
    &["deployment", "deploy", "statefulset", "daemonset", "job", "cronjob", "pod", "replicaset", "rollout", "deploymentconfig", "service", "svc"];

/// Whether an object's name, its template actions out, names nothing: empty, no letter or
/// digit left (`$`), or only its kind (`deployment`, `service`). A workload so named is
/// declared unnamed (its chart names it: `resolve/components/charts.rs`), a Service so named
/// gives no workload a name.
pub fn is_unnamed(name: &str) -> bool {
    let key: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    key.is_empty() || KIND_WORDS.contains(&key.as_str())
}

/// The alias marking a workload of a template under `charts/<sub>/templates/` whose images only
/// its templates name (a vendored bitnami chart's `{{ include "common.images.image" .. }}`): a
/// third party's when `charts/` sits in a chart, which only resolution can tell
/// (`resolve/subcharts.rs` drops the document or takes the mark off).
pub const IMAGELESS_SUBCHART: &str = "helm:imageless-subchart";

/// `in_subchart`: the document is a template of a `charts/<sub>/templates/` folder
/// ([`super::helm::subchart_parent`]).
pub fn read(index: usize, document: &Value, in_subchart: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(kind) = text(document, "kind") else {
        return facts;
    };
    if kind == "List" {
        if let Some(items) = document.get("items").and_then(Value::as_array) {
            for item in items {
                facts.merge(read(index, item, in_subchart));
            }
        }
        return facts;
    }
    // A workload's template may leave it no name (`name: {{ include "orders.fullname" . }}`):
    // it is still declared, unnamed.
    let name = match document.pointer("/metadata/name").and_then(Value::as_str) {
        Some(name) => name,
        None if WORKLOADS.contains(&kind) && document.pointer("/metadata").is_some_and(Value::is_object) => "",
        None => return facts,
    };
    let pointer = format!("/{index}");
    if kind == "Service" && is_unnamed(name) {
        return facts;
    }
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
        // Hosts in a ConfigMap count for every workload that takes its env from it, or mounts
        // it: a key holding a config file (`default.json: |`) is read as that file, and so is
        // a key of no extension holding lines of YAML settings (`cart-app-config: |`, mounted
        // as `conf.yaml`).
        let this = format!("configmap:{}", name.to_lowercase());
        // Keys holding Kong's or KrakenD's config: its routes say where each address is sent, which the
        // value's hosts read as settings would not.
        let mut routing_keys: BTreeSet<&str> = BTreeSet::new();
        for (key, value) in document.get("data").and_then(Value::as_object).into_iter().flatten() {
            let Some(value) = value.as_str() else {
                continue;
            };
            let lower = key.to_lowercase();
            let documents = crate::yaml::documents(value).unwrap_or_default();
            let config_file = [".json", ".yaml", ".yml"].iter().any(|extension| lower.ends_with(extension))
                || (!lower.contains('.') && value.trim().contains('\n') && !documents.is_empty() && documents.iter().all(Value::is_object));
            if !config_file {
                continue;
            }
            for embedded in documents {
                // Kong's declarative config (`kong.yml: |`, DB-less Kong mounting it) and
                // KrakenD's (`krakend.json: |`) route.
                let kong = super::kong::looks_like_kong(&embedded);
                let krakend = super::krakend::looks_like_krakend(&embedded);
                if kong || krakend {
                    routing_keys.insert(key);
                }
                let read = if kong {
                    super::kong::read(&embedded)
                } else if krakend {
                    super::krakend::read(&embedded)
                } else {
                    super::config_values(&embedded)
                };
                for mut edge in read.edges {
                    edge.from = this.clone();
                    edge.pointer = format!("{pointer}/data/{key}{}", edge.pointer);
                    facts.edges.push(edge);
                }
            }
        }
        for (key, value) in document.get("data").and_then(Value::as_object).into_iter().flatten() {
            let Some(value) = value.as_str().filter(|_| !routing_keys.contains(key.as_str())) else {
                continue;
            };
            crate::readers::code::env_channel(&mut facts, &this, key, value, &format!("{pointer}/data/{key}"));
            // A Quarkus or Spring setting's dotted key (`quarkus.grpc.clients.locations.host`)
            // is read as the env var it is bound to.
            for host in hosts_in_value(&setting_as_env(key), value) {
                facts.edge(
                    &this,
                    &format!("host:{host}"),
                    "depends_on",
                    with_url_path(json!({"env": key}), value, &host),
                    &format!("{pointer}/data/{key}"),
                    Method::Parsed,
                );
            }
        }
        return facts;
    }
    if kind == "NetworkPolicy" {
        return network_policy(&pointer, document);
    }
    if !WORKLOADS.contains(&kind) {
        return facts;
    }
    // A Helm hook (a Job seeding a database on install) runs once around a release: a step of
    // deploying, not a service of the org.
    if document.pointer("/metadata/annotations").and_then(Value::as_object).is_some_and(|annotations| annotations.contains_key("helm.sh/hook")) {
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
    let name = workload_name(name, document, &labels);
    // Unnamed (`{{ .Chart.Name }}-deployment`): resolution names it after the chart holding
    // the template, and what it calls is the file's owner's, as a config file's is.
    let name = if is_unnamed(&name) { "" } else { name.as_str() };
    let containers: Vec<&Value> = pod.pointer("/spec/containers").and_then(Value::as_array).map(|items| items.iter().collect()).unwrap_or_default();
    // A subchart's workload whose images only its templates name (a vendored bitnami chart's
    // `{{ include "common.images.image" .. }}`) is a third party's, not the org's: the org's own
    // subcharts name their images (`ibmcase/bluecompute-auth:{{ .Values.image.tag }}`). Unless
    // `charts/` is only the repo's folder of charts: marked, for resolution to tell.
    let imageless_subchart = in_subchart && containers.iter().all(|container| text(container, "image").and_then(image_name).is_none());
    // A Job runs to completion (a schema migration, a seed): a task, not a service, as compose's
    // one-shot jobs are.
    let infrastructure = !containers.is_empty() && containers.iter().all(|container| is_infrastructure_image(text(container, "image").unwrap_or("")))
        || sets_up_a_database(&containers)
        || kind == "Job";
    // The images it runs are its other names, a sidecar's (`jaegertracing/jaeger-agent`,
    // `daprio/daprd`) never where the pod runs an image of its own.
    let images: Vec<&str> = containers.iter().filter_map(|container| text(container, "image")).collect();
    let own: Vec<&str> = images.iter().copied().filter(|image| !is_infrastructure_image(image) && !is_sidecar_image(image)).collect();
    let mut aliases: Vec<String> = (if own.is_empty() { images } else { own }).into_iter().filter_map(image_name).filter(|image| image != &name.to_lowercase()).collect();
    if imageless_subchart {
        aliases.push(IMAGELESS_SUBCHART.to_string());
    }
    // The app id its Dapr sidecar answers to, which other apps invoke it by (dapr/quickstarts'
    // distributed calculator: `dapr.io/app-id: "addapp"`), names the pod as a Service picking it
    // by its labels does.
    if let Some(app_id) = pod.pointer("/metadata/annotations/dapr.io~1app-id").and_then(Value::as_str).and_then(crate::net::normalize_host).filter(|app_id| *app_id != name.to_lowercase() && !labels.is_empty()) {
        let selector: Vec<String> = labels.iter().map(|(key, value)| format!("{key}={value}")).collect();
        let pod_at = match kind {
            "Pod" => "",
            "CronJob" => "/spec/jobTemplate/spec/template",
            _ => "/spec/template",
        };
        facts.edge(&format!("host:{app_id}"), &format!("selector:{}", selector.join(",")), "selects", Value::Null, &format!("{pointer}{pod_at}/metadata/annotations"), Method::Parsed);
    }
    facts.units.push(UnitFact { name: name.to_string(), origin: UnitOrigin::Kubernetes, root: None, aliases, infrastructure, labels, pointer: pointer.clone() });
    let this = if name.is_empty() { "self".to_string() } else { format!("host:{}", name.to_lowercase()) };
    for (at, annotations) in [("/spec/template/metadata/annotations", pod.pointer("/metadata/annotations")), ("/metadata/annotations", document.pointer("/metadata/annotations"))] {
        // Consul's service mesh: the upstreams its sidecar connects the pod to.
        if let Some(upstreams) = annotations.and_then(|annotations| annotations.get(consul::UPSTREAMS_ANNOTATION)).and_then(Value::as_str) {
            for upstream in consul::annotation_upstreams(upstreams) {
                consul::upstream_edge(&mut facts, &this, &upstream, &format!("{pointer}{at}"));
            }
        }
        // OpenShift's topology: the workloads it says this one calls.
        if let Some(targets) = annotations.and_then(|annotations| annotations.get(CONNECTS_TO)).and_then(Value::as_str) {
            for target in connects_to(targets).into_iter().filter(|target| *target != name.to_lowercase()) {
                facts.edge(&this, &format!("host:{target}"), "depends_on", json!({"annotation": CONNECTS_TO}), &format!("{pointer}{at}"), Method::Declared);
            }
        }
    }
    for (container_index, container) in containers.iter().enumerate() {
        let from_config_maps =
            container.get("envFrom").and_then(Value::as_array).into_iter().flatten().filter_map(|source| source.pointer("/configMapRef/name").and_then(Value::as_str));
        for config_map in from_config_maps {
            facts.edge(
                &this,
                &format!("configmap:{}", config_map.to_lowercase()),
                "uses_config",
                Value::Null,
                &format!("{pointer}/spec/template/spec/containers/{container_index}/envFrom"),
                Method::Parsed,
            );
        }
        // A ConfigMap mounted as a volume this container mounts: its files are the container's,
        // only those its `items` list where it lists some (`items: [{key: cart-app-config, path:
        // conf.yaml}]`: one ConfigMap holding every service's config file, each mounting its own).
        let mounted: Vec<&str> = container.get("volumeMounts").and_then(Value::as_array).into_iter().flatten().filter_map(|mount| text(mount, "name")).collect();
        let volumes = pod.pointer("/spec/volumes").and_then(Value::as_array).into_iter().flatten();
        for (volume_index, volume) in volumes.enumerate() {
            let (Some(volume_name), Some(config_map)) = (text(volume, "name"), volume.pointer("/configMap/name").and_then(Value::as_str)) else {
                continue;
            };
            if !mounted.contains(&volume_name) {
                continue;
            }
            let to = format!("configmap:{}", config_map.to_lowercase());
            let at = format!("{pointer}/spec/template/spec/volumes/{volume_index}");
            let items: Vec<&str> = volume.pointer("/configMap/items").and_then(Value::as_array).into_iter().flatten().filter_map(|item| text(item, "key")).collect();
            if items.is_empty() {
                facts.edge(&this, &to, "uses_config", Value::Null, &at, Method::Parsed);
            }
            for key in items {
                facts.edge(&this, &to, "uses_config", json!({CONFIG_KEY: key}), &at, Method::Parsed);
            }
        }
        // An address the container is started with (`args: ["-initial-delay=30s", "webapp:7000"]`,
        // `--orders=http://orders:8080`): a URL or `host:port`, a bare word only as the value of
        // a flag naming a host (Bajocode's webshop starts Locust with
        // `--host=gateway.{{ .Release.Namespace }}`).
        for key in ["command", "args"] {
            let items = container.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
            for (index, item) in items.enumerate() {
                for word in item.split_whitespace() {
                    let value = if word.starts_with('-') { word.split_once('=').map_or("", |(_, value)| value) } else { word };
                    let flagged = word.split_once('=').filter(|(flag, _)| names_a_host(flag)).map(|(_, value)| value.trim_matches(['"', '\'']).trim_end_matches('.')).filter(|value| crate::net::is_bare_host(value));
                    if let Some(host) = crate::net::host_of(value, false).or_else(|| flagged.and_then(|value| crate::net::host_of(&format!("http://{value}"), false))) {
                        let at = format!("{pointer}/spec/template/spec/containers/{container_index}/{key}/{index}");
                        facts.edge(&this, &format!("host:{host}"), "depends_on", with_url_path(json!({key: item}), value, &host), &at, Method::Parsed);
                    }
                }
            }
        }
        let Some(env) = container.get("env").and_then(Value::as_array) else {
            continue;
        };
        for variable in env {
            // One key of a ConfigMap (`valueFrom: {configMapKeyRef: {name: app-config, key:
            // broker.url}}`): only that key's value is the container's.
            if let (Some(name), Some(config_map), Some(key)) = (
                text(variable, "name"),
                variable.pointer("/valueFrom/configMapKeyRef/name").and_then(Value::as_str),
                variable.pointer("/valueFrom/configMapKeyRef/key").and_then(Value::as_str),
            ) {
                let at = format!("{pointer}/spec/template/spec/containers/{container_index}/env/{name}");
                facts.edge(&this, &format!("configmap:{}", config_map.to_lowercase()), "uses_config", json!({CONFIG_KEY: key}), &at, Method::Parsed);
            }
            let (Some(key), Some(value)) = (text(variable, "name"), text(variable, "value")) else {
                continue;
            };
            crate::readers::code::env_channel(&mut facts, &this, key, value, &format!("{pointer}/spec/template/spec/containers/{container_index}/env/{key}"));
            for host in hosts_in_value(key, value) {
                facts.edge(
                    &this,
                    &format!("host:{host}"),
                    "depends_on",
                    with_url_path(json!({"env": key}), value, &host),
                    &format!("{pointer}/spec/template/spec/containers/{container_index}/env/{key}"),
                    Method::Parsed,
                );
            }
        }
    }
    facts
}

/// The workloads a [`CONNECTS_TO`] annotation names, lowercase: a comma-separated list of
/// names, or a JSON array of objects naming each (or of names). A Helm template's
/// `{{ .Release.Name }}-broker` may leave `-broker`: the release's prefix goes with its glue.
/// A name an action left unreadable (`$`) names nothing.
fn connects_to(value: &str) -> Vec<String> {
    let value = value.trim();
    let names: Vec<String> = if value.starts_with('[') {
        let items = serde_json::from_str::<Value>(value).ok().and_then(|items| items.as_array().cloned()).unwrap_or_default();
        items.iter().filter_map(|item| item.as_str().or_else(|| text(item, "name"))).map(str::to_string).collect()
    } else {
        value.split(',').map(str::to_string).collect()
    };
    let plain = |name: &String| !name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | '.' | '_'));
    names.iter().map(|name| name.trim().trim_start_matches(['-', '.', '_']).to_lowercase()).filter(plain).collect()
}

/// Words of an env key that say where a client connects (`MYSQL_HOST`, `MYSQL_SERVICE`): no
/// database's own setup.
const ADDRESS_WORDS: &[&str] = &["HOST", "HOSTNAME", "SERVICE", "URL", "URI", "ADDR", "ADDRESS", "SERVER", "DSN", "ENDPOINT"];

/// Whether a workload runs a database of the org's own image (`acme/orders-store` with only
/// `MYSQL_ROOT_PASSWORD` and `MYSQL_DATABASE` set), as compose's reader tells one: the env of
/// each container (sidecars and utilities aside) holds a database image's setup keys and
/// nothing else, none saying where to connect and no value naming a host, and takes no
/// ConfigMap's keys unseen. A client sets its database's keys beside others (`MYSQL_USER`
/// beside `MYSQL_SERVICE: mysqldb:3306` and `CURRENT_SERVICE`) and stays a service.
fn sets_up_a_database(containers: &[&Value]) -> bool {
    let own: Vec<&&Value> = containers.iter().filter(|container| text(container, "image").is_none_or(|image| !is_infrastructure_image(image) && !is_sidecar_image(image))).collect();
    let setup_only = |container: &Value| {
        let env = container.get("env").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let setup_key = |key: &str| {
            let upper = key.to_ascii_uppercase();
            // A database image's setup keys, as compose's reader knows them (`MYSQL_ROOT_PASSWORD`), and Postgres's `PGDATA`.
            let setup = crate::readers::compose::DATABASE_ENV_PREFIXES.iter().any(|prefix| upper.starts_with(prefix)) || upper.starts_with("PGDATA");
            setup && !upper.split('_').any(|word| ADDRESS_WORDS.contains(&word))
        };
        let calls = |variable: &Value| text(variable, "value").is_some_and(|value| !hosts_in_value(text(variable, "name").unwrap_or(""), value).is_empty());
        let config_maps = container.get("envFrom").and_then(Value::as_array).into_iter().flatten().any(|source| source.get("configMapRef").is_some());
        !env.is_empty() && !config_maps && env.iter().all(|variable| text(variable, "name").is_some_and(setup_key) && !calls(variable))
    };
    !own.is_empty() && own.iter().all(|container| setup_only(container))
}

/// `gcr.io/x/cartservice:v1` -> `cartservice`; `None` for an image named by a variable.
pub fn image_name(image: &str) -> Option<String> {
    let base = image_base(image);
    (!base.is_empty()).then_some(base)
}

/// Whether a command-line flag names the host a program talks to (`--host`, `-target`,
/// `--orders-addr`, `--api_url`).
fn names_a_host(flag: &str) -> bool {
    let name = flag.trim_start_matches('-').to_ascii_lowercase();
    matches!(name.as_str(), "host" | "target" | "server" | "addr" | "address" | "url" | "endpoint")
        || ["-host", "_host", "-addr", "_addr", "-address", "_address", "-url", "_url", "-endpoint", "_endpoint"].iter().any(|suffix| name.ends_with(suffix))
}

/// A NetworkPolicy lists who may call whom: the pods its `podSelector` picks accept traffic
/// from the pods of each `ingress[].from[].podSelector`, and send it to the pods of each
/// `egress[].to[].podSelector`. Each pair becomes a declared dependency between label
/// selectors, which resolution maps to the one workload carrying those labels. Rules on
/// namespaces or IP blocks alone, and selectors picking every pod, name no workload.
fn network_policy(pointer: &str, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let name = document.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    let Some(target) = document.pointer("/spec/podSelector").and_then(selector) else {
        return facts;
    };
    for (direction, peers_key) in [("ingress", "from"), ("egress", "to")] {
        let rules = document.pointer(&format!("/spec/{direction}")).and_then(Value::as_array).into_iter().flatten();
        for (rule_index, rule) in rules.enumerate() {
            let peers = rule.get(peers_key).and_then(Value::as_array).into_iter().flatten();
            for (peer_index, peer) in peers.enumerate() {
                let Some(peer_selector) = peer.get("podSelector").and_then(selector) else {
                    continue;
                };
                let (caller, callee) = if direction == "ingress" { (&peer_selector, &target) } else { (&target, &peer_selector) };
                // Pods of other namespaces (`namespaceSelector` beside the `podSelector`).
                let mut props = json!({"network_policy": name});
                if peer.get("namespaceSelector").is_some() {
                    props["other_namespaces"] = json!(true);
                }
                facts.edge(caller, callee, "depends_on", props, &format!("{pointer}/spec/{direction}/{rule_index}/{peers_key}/{peer_index}"), Method::Declared);
            }
        }
    }
    facts
}

/// `{matchLabels: {app: ledger}}` -> `selector:app=ledger`; `None` for a selector that picks
/// every pod or uses expressions only.
fn selector(value: &Value) -> Option<String> {
    let labels = value.get("matchLabels").and_then(Value::as_object)?;
    let pairs: Vec<String> = labels.iter().filter_map(|(key, value)| value.as_str().map(|value| format!("{key}={value}"))).collect();
    (!pairs.is_empty() && pairs.len() == labels.len()).then(|| format!("selector:{}", pairs.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IBM's StockTrader chart writes the annotation as a JSON array whose names keep the glue
    /// of a Helm release's prefix; Quarkus's generated manifests write a list.
    #[test]
    fn connects_to_names_a_list_or_a_json_arrays_workloads() {
        assert_eq!(connects_to("fights-db, Rest-Villains"), ["fights-db", "rest-villains"]);
        assert_eq!(connects_to(r#"[{"kind":"Deployment","name":"-notification-slack"},{"name":"$"},"broker"]"#), ["notification-slack", "broker"]);
        assert!(connects_to("[{\"name\": ").is_empty());
    }

    /// Bookinfo-like demos publish their databases as `<org>/<demo>-mysqldb`; SQL Server comes
    /// as `mcr.microsoft.com/mssql/server`.
    #[test]
    fn backing_service_images_are_infrastructure_and_the_orgs_own_images_are_not() {
        let cases = [
            ("mysql:5.7", true),
            ("postgres", true),
            ("openzipkin/zipkin", true),
            ("quay.io/prometheus/prometheus:v2", true),
            ("confluentinc/cp-kafka:7.5.0", true),
            ("otel/opentelemetry-collector-contrib", true),
            ("weaveworksdemos/user-db", true),
            ("acme/shop-mysql:1.0", true),
            ("acme/examples-shop-mysqldb:1.15.0", true),
            ("acme/examples-shop-mongodb:1.15.0", true),
            ("mysqldb", true),
            ("kiali/demo_travels_mysqldb:v1", true),
            ("acme/shop_mongo:1", true),
            ("acme/orders_db", true),
            ("acme/demo_travels_cars:v1", false),
            ("mcr.microsoft.com/mssql/server:2022-latest", true),
            ("bitnami/postgresql:16", true),
            ("quay.io/keycloak/keycloak:26.5.5", true),
            ("jhipster/jhipster-registry:v7.5.0", true),
            ("piomin/discovery-service:1.1", false),
            ("vndg/cs-idp-service", false),
            ("busybox:1.36", true),
            ("alpine", true),
            ("acme/examples-shop-ratings:1.15.0", false),
            ("acme/cartservice:v1", false),
            ("acme/feedb", false),
            ("db", false),
            ("${CART_IMAGE}", false),
            ("confluentinc/cp-schema-registry:7.7.1", true),
            ("confluentinc/cp-enterprise-control-center:7.7.1", true),
            ("eventstore/eventstore:21.10.5-buster-slim", true),
            ("portainer/portainer-ce:latest", true),
            ("gcr.io/cadvisor/cadvisor:latest", true),
            ("dpage/pgadmin4", true),
            ("debezium/connect:2.5", true),
            // Temporal's workflow server (duynhlab's checkout and order services call it).
            ("temporalio/auto-setup:1.24", true),
            ("temporalio/server", true),
            ("acme/schema-service", false),
            ("acme/event-store-api", false),
        ];
        for (image, expected) in cases {
            assert_eq!(is_infrastructure_image(image), expected, "{image}");
        }
        assert!(!is_backing_service_image("alpine:3"), "a shell base image is no backing service");
    }
}

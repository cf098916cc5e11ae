//! What a workload takes of a ConfigMap, and whom OpenShift's topology says it calls, as the
//! seventeenth round of unseen systems showed (issue #3's reports of 2026-12-06: IBM's
//! StockTrader, gomall, Quarkus Super Heroes).

mod support;

use support::{edge_lines, org, summary};

/// A Deployment of one container named like its image, with its pod's extra spec (`env`,
/// `volumeMounts`, and `volumes` beside the containers) and its metadata's annotations.
fn deployment(name: &str, annotations: &str, container: &str, volumes: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{annotations}spec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n{volumes}      containers:\n      - name: {name}\n        image: acme/{name}:1.0\n{container}---\n"
    )
}

/// IBM's StockTrader: every address sits in one ConfigMap (`broker.url`, `portfolio.url`), and
/// each Deployment takes the keys it needs one by one (`BROKER_URL` from `configMapKeyRef`
/// `broker.url`). Such a workload depends on what its keys name, never on the other keys'
/// services; a key naming no service (`auth.type`) makes no edge.
#[test]
fn a_config_map_key_reference_takes_only_that_keys_address() {
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stocktrader-config\ndata:\n  auth.type: basic\n  broker.url: http://broker-service:9080/broker\n  portfolio.url: http://portfolio-service:9080/portfolio\n---\n";
    let key_ref = |variable: &str, key: &str| {
        format!("        - name: {variable}\n          valueFrom:\n            configMapKeyRef:\n              name: stocktrader-config\n              key: {key}\n")
    };
    let trader = deployment("trader", "", &format!("        env:\n{}{}", key_ref("AUTH_TYPE", "auth.type"), key_ref("BROKER_URL", "broker.url")), "");
    let collector = deployment("collector", "", &format!("        env:\n{}", key_ref("AUTH_TYPE", "auth.type")), "");
    let service = |name: &str| format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-service\nspec:\n  selector:\n    app: {name}\n---\n");
    let manifests = [config_map.to_string(), trader, collector, deployment("broker", "", "", ""), deployment("portfolio", "", "", ""), service("broker"), service("portfolio")];
    let resolved = org(&[("stocktrader", &[("manifests/stocktrader.yaml", &manifests.concat())])]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:broker repo=- root=-
    component:collector repo=- root=-
    component:portfolio repo=- root=-
    component:trader repo=- root=-
    component:trader -depends_on-> component:broker
    ");
}

/// gomall: one ConfigMap holds every service's `conf.yaml` under a key of its own
/// (`cart-app-config`, `checkout-app-config`), and each Deployment mounts only its own through
/// the volume's `items`. Every service took the NATS address only checkout's file names; a
/// mount listing no items still takes every key. Such a key's YAML is read as the file it is
/// mounted as (both of checkout's addresses, not only the last line's).
#[test]
fn a_mounted_config_map_volume_with_items_brings_in_only_the_listed_keys() {
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gomall-config\ndata:\n  cart-app-config: |\n    redis:\n      address: \"redis-svc:6379\"\n  checkout-app-config: |\n    redis:\n      address: \"redis-svc:6379\"\n    nats:\n      address: \"nats-svc:4222\"\n---\n";
    let mounting = |name: &str, items: &str| {
        let volumes = format!("      volumes:\n      - name: {name}-config\n        configMap:\n          name: gomall-config\n{items}");
        deployment(name, "", &format!("        volumeMounts:\n        - name: {name}-config\n          mountPath: /opt/gomall/{name}/conf/dev\n"), &volumes)
    };
    let items = |key: &str| format!("          items:\n          - key: {key}\n            path: conf.yaml\n");
    let backing = |name: &str, image: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: {name}\n        image: {image}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-svc\nspec:\n  selector:\n    app: {name}\n---\n"
        )
    };
    let manifests = [
        config_map.to_string(),
        mounting("cart", &items("cart-app-config")),
        mounting("checkout", &items("checkout-app-config")),
        mounting("ops", ""),
        backing("redis", "redis:7"),
        backing("nats", "nats:2.10"),
    ];
    let resolved = org(&[("gomall", &[("deploy/gomall-dev-app.yaml", &manifests.concat())])]);
    let mut edges: Vec<String> = edge_lines(&resolved, &["depends_on"]).into_iter().map(|line| line.split("  [").next().unwrap_or("").to_string()).collect();
    edges.dedup();
    insta::assert_snapshot!(edges.join("\n"), @r"
    component:cart -depends_on-> resource:redis
    component:checkout -depends_on-> resource:nats
    component:checkout -depends_on-> resource:redis
    component:ops -depends_on-> resource:nats
    component:ops -depends_on-> resource:redis
    ");
}

/// IBM's StockTrader: its operator's chart says on each Deployment whom it calls with
/// OpenShift's `app.openshift.io/connects-to`, a JSON array whose names carry the release's
/// prefix (`{{ .Release.Name }}-portfolio`) and whose optional targets sit in `if` actions;
/// Quarkus Super Heroes' generated manifests say it as a comma-separated list. A name no
/// workload of the org has (`fights-db`, `otel-collector`) is no dependency, nor is the
/// workload's own name in its list.
#[test]
fn openshifts_connects_to_annotation_declares_whom_a_workload_calls() {
    let chart = "apiVersion: v2\nname: stocktrader\nversion: 1.0.0\n";
    let named = |name: &str| format!("{{{{ .Release.Name }}}}-{name}");
    let target = |name: &str| format!("{{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"{}\"}}", named(name));
    let connects = format!(
        "  annotations:\n    app.openshift.io/connects-to: '[{}{{{{- if .Values.account.enabled }}}}, {}{{{{- end }}}}]'\n    prism.subkind: Liberty\n",
        target("portfolio"),
        target("account")
    );
    let broker = deployment(&named("broker"), &connects, "", "");
    let (portfolio, account) = (deployment(&named("portfolio"), "", "", ""), deployment(&named("account"), "", "", ""));
    let fights_annotation = "  annotations:\n    app.openshift.io/connects-to: \"fights-db,rest-villains,otel-collector,rest-fights\"\n";
    let heroes = [deployment("rest-fights", fights_annotation, "", ""), deployment("rest-villains", "", "", "")].concat();
    let resolved = org(&[
        (
            "stocktrader-operator",
            &[
                ("helm-charts/stocktrader/Chart.yaml", chart),
                ("helm-charts/stocktrader/templates/broker.yaml", &broker),
                ("helm-charts/stocktrader/templates/portfolio.yaml", &portfolio),
                ("helm-charts/stocktrader/templates/account.yaml", &account),
            ],
        ),
        ("superheroes", &[("deploy/k8s/kubernetes.yml", &heroes)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:account repo=- root=-
    component:broker repo=- root=-
    component:portfolio repo=- root=-
    component:rest-fights repo=- root=-
    component:rest-villains repo=- root=-
    component:broker -depends_on-> component:account
    component:broker -depends_on-> component:portfolio
    component:rest-fights -depends_on-> component:rest-villains
    ");
}

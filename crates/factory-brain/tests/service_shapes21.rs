//! The ticketing platform (grpc-polyglot-ticketing): a Kong gateway whose declarative config
//! is a template filled from per-environment values, and a Helm umbrella chart of the org's own
//! subcharts, installed as a release whose name prefixes every host.

mod support;

use support::{borrowed, gateway_edges, org, summary};

const DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

/// The services' own folders: `<name>/Dockerfile` and `<name>/index.js` for each.
fn services(names: &[&str]) -> Vec<(String, String)> {
    names.iter().flat_map(|name| [(format!("{name}/Dockerfile"), DOCKERFILE.to_string()), (format!("{name}/index.js"), format!("console.log('{name}')\n"))]).collect()
}

const KONG: &str = concat!(
    "_format_version: \"3.0\"\n_transform: true\n",
    "consumers:\n  - username: orders-issuer\n    jwt_secrets:\n      - key: orders\n        algorithm: RS256\n",
    "upstreams:\n  - name: web.v1\n    targets:\n      - target: web:3000\n",
    "services:\n  - name: orders\n    url: http://orders:8080\n    routes:\n      - name: orders-read\n        paths:\n          - ~/api/orders$\n          - ~/api/orders/[^/]+$\n        strip_path: false\n",
    "  - name: users\n    host: users\n    port: 3000\n    protocol: http\n",
    "  - name: web\n    host: web.v1\n    routes:\n      - paths: [/]\n",
    "  - name: admin\n    url: http://localhost:8001\n    routes:\n      - paths: [/admin]\n",
    "routes:\n  - name: users-route\n    service:\n      name: users\n    paths: [/api/users]\n",
);

/// Kong in DB-less mode runs from the stock image with its declarative config mounted
/// (`./kong:/kong/declarative`): each service's `url` (or `host` and `port`, or the targets of
/// the upstream its `host` names) is the gateway's call, with the path prefix of each route
/// sending traffic there, nested (`services[].routes`) or at the top (`routes[].service`); a
/// regular expression path (`~/api/orders/[^/]+$`) gives its plain prefix. A consumer's JWT
/// `key: orders` and a service on `localhost` (Kong's own admin API) name no dependency.
#[test]
fn kongs_declarative_config_routes_the_gateway_that_mounts_it() {
    let compose = "services:\n  kong:\n    image: kong:3.6\n    environment:\n      KONG_DATABASE: \"off\"\n      KONG_DECLARATIVE_CONFIG: /kong/declarative/kong.yml\n    volumes:\n      - ./kong:/kong/declarative\n  \
                   orders:\n    build: ./orders\n  users:\n    build: ./users\n  web:\n    build: ./web\n";
    let mut files = vec![("docker-compose.yml".to_string(), compose.to_string()), ("kong/kong.yml".to_string(), KONG.to_string())];
    files.extend(services(&["orders", "users", "web"]));
    let resolved = org(&[("shop", &borrowed(&files))]);
    insta::assert_snapshot!(gateway_edges(&resolved, "kong"), @r"
    component:kong -> component:orders location=/api/orders kong/kong.yml#/services/0/url
    component:kong -> component:orders location=/api/orders/ kong/kong.yml#/services/0/routes/0/paths
    component:kong -> component:users location=/api/users kong/kong.yml#/services/1/host
    component:kong -> component:web location=/ kong/kong.yml#/upstreams/0/targets/0/target
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:kong repo="shop" root="kong"
    component:orders repo="shop" root="orders"
    component:users repo="shop" root="users"
    component:web repo="shop" root="web"
    component:kong -depends_on-> component:orders
    component:kong -depends_on-> component:users
    component:kong -depends_on-> component:web
    "#);
}

/// The same config embedded in a ConfigMap (`kong.yml: |`) routes the Kong Deployment that
/// mounts it; a ConfigMap of Kong's config that no workload mounts routes none.
#[test]
fn kongs_config_in_a_configmap_routes_the_kong_deployment_mounting_it() {
    let indented: String = KONG.lines().map(|line| format!("    {line}\n")).collect();
    let configmap = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  kong.yml: |\n{indented}");
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gateway\nspec:\n  template:\n    spec:\n      containers:\n        - name: kong\n          image: kong:3.6\n          volumeMounts:\n            - name: config\n              mountPath: /kong/declarative\n      volumes:\n        - name: config\n          configMap:\n            name: kong-config\n";
    let workload = |name: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: acme/{name}:1.0\n");
    let mut files = vec![
        ("k8s/gateway.yaml".to_string(), deployment.to_string()),
        ("k8s/kong-config.yaml".to_string(), configmap("kong-config")),
        ("k8s/unused-kong-config.yaml".to_string(), configmap("kong-config-next").replace("http://orders:8080", "http://billing:8080")),
    ];
    for name in ["orders", "users", "web", "billing"] {
        files.push((format!("k8s/{name}.yaml"), workload(name)));
    }
    let resolved = org(&[("shop", &borrowed(&files))]);
    insta::assert_snapshot!(gateway_edges(&resolved, "gateway"), @r"
    component:gateway -> component:orders location=/api/orders k8s/kong-config.yaml#/0/data/kong.yml/services/0/url
    component:gateway -> component:orders location=/api/orders/ k8s/kong-config.yaml#/0/data/kong.yml/services/0/routes/0/paths
    component:gateway -> component:users location=/api/users k8s/kong-config.yaml#/0/data/kong.yml/services/1/host
    component:gateway -> component:web location=/ k8s/kong-config.yaml#/0/data/kong.yml/upstreams/0/targets/0/target
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:billing repo=- root=-
    component:gateway repo=- root=-
    component:orders repo=- root=-
    component:users repo=- root=-
    component:web repo=- root=-
    component:gateway -depends_on-> component:orders
    component:gateway -depends_on-> component:users
    component:gateway -depends_on-> component:web
    "#);
}

/// The ticketing platform's `services/kong-gateway/config/kong.base.yml` is rendered by its own
/// script from `values/<env>.yml` (`url: http://{{HOST_AUTH}}`, `HOST_AUTH:
/// auth-service:3000`): the gateway calls the one component each placeholder's values name,
/// from the values nearest the template (a map elsewhere in the repo naming another service
/// is not its). A placeholder whose values name no component (`HOST_LEGACY:
/// legacy.example.com`), or two (`HOST_SPLIT` naming payments here and orders there), gives none.
#[test]
fn a_templates_placeholders_are_filled_from_the_values_beside_it() {
    let template = concat!(
        "_format_version: \"3.0\"\n",
        "services:\n  - name: auth-service\n    url: http://{{HOST_AUTH}}\n    read_timeout: {{READ_TIMEOUT_MS}}\n    routes:\n      - paths: [/api/users]\n",
        "        plugins:\n          - name: jwt\n            config:\n              cookie_names: [{{JWT_COOKIE_NAME}}]\n",
        "  - name: order-service\n    url: http://{{HOST_ORDERS}}/\n    routes:\n      - paths: [/api/orders]\n",
        "  - name: legacy\n    url: http://{{HOST_LEGACY}}\n    routes:\n      - paths: [/legacy]\n",
        "  - name: split\n    url: http://{{HOST_SPLIT}}\n    routes:\n      - paths: [/split]\n",
    );
    let defaults = "# defaults\nHOST_AUTH: auth-service:3000\nHOST_ORDERS: order-service:8082\nHOST_LEGACY: legacy.example.com\nHOST_SPLIT: payment-service:3002\nREAD_TIMEOUT_MS: 10000\nJWT_COOKIE_NAME: token\n";
    let dev = "HOST_AUTH: auth-service.ticketing-dev.svc.cluster.local:3000\nHOST_SPLIT: order-service:8082\n";
    let elsewhere = "HOST_AUTH: payment-service:3002\nHOST_LEGACY: payment-service:3002\n";
    let compose = "services:\n  kong:\n    build: ./services/kong-gateway\n  auth-service:\n    build: ./services/auth-service\n  order-service:\n    build: ./services/order-service\n  payment-service:\n    build: ./services/payment-service\n";
    let mut files = vec![
        ("docker-compose.yml".to_string(), compose.to_string()),
        ("services/kong-gateway/Dockerfile".to_string(), "FROM kong:3.6\nCOPY config /etc/kong/\n".to_string()),
        ("services/kong-gateway/config/kong.base.yml".to_string(), template.to_string()),
        ("services/kong-gateway/values/_defaults.yml".to_string(), defaults.to_string()),
        ("services/kong-gateway/values/dev.yml".to_string(), dev.to_string()),
        ("tools/loadtest/values/targets.yml".to_string(), elsewhere.to_string()),
    ];
    files.extend(services(&["services/auth-service", "services/order-service", "services/payment-service"]));
    let resolved = org(&[("ticketing", &borrowed(&files))]);
    insta::assert_snapshot!(gateway_edges(&resolved, "kong"), @r"
    component:kong -> component:auth-service location=/api/users services/kong-gateway/config/kong.base.yml#/services/0/url
    component:kong -> component:order-service location=/api/orders services/kong-gateway/config/kong.base.yml#/services/1/url
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth-service repo="ticketing" root="services/auth-service"
    component:kong repo="ticketing" root="services/kong-gateway"
    component:order-service repo="ticketing" root="services/order-service"
    component:payment-service repo="ticketing" root="services/payment-service"
    component:kong -depends_on-> component:auth-service
    component:kong -depends_on-> component:order-service
    "#);
}

fn chart_yaml(name: &str, extra: &str) -> String {
    format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n{extra}")
}

/// A subchart's Deployment as `helm create` writes it: its name and image only its helpers give.
fn subchart_deployment(name: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{{{ include \"{name}.fullname\" . }}}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {{{{ .Chart.Name }}}}\n          image: {{{{ include \"{name}.image\" . | quote }}}}\n"
    )
}

/// The ticketing platform's umbrella chart `infra/helm/Chart.yaml` lists its services'
/// subcharts from its own folder (`repository: "file://charts/auth-service"`) beside Bitnami's
/// charts: those subcharts are the org's own, their workloads services even though only their
/// helpers name their images. A chart unpacked beside them that names an upstream (`home:`,
/// `sources:`), and the subcharts of a chart listing none from its folder, stay a third party's.
#[test]
fn an_umbrella_charts_local_subcharts_are_the_orgs_own() {
    let umbrella = chart_yaml(
        "ticketing-platform",
        "dependencies:\n  - name: auth-service\n    version: \"0.1.0\"\n    repository: \"file://charts/auth-service\"\n  - name: order-service\n    version: \"0.1.0\"\n    repository: \"file://charts/order-service\"\n  \
         - name: postgresql\n    alias: postgres-auth\n    version: \"16.7.5\"\n    repository: \"oci://registry-1.docker.io/bitnamicharts\"\n",
    );
    let files: Vec<(String, String)> = vec![
        ("infra/helm/Chart.yaml".into(), umbrella),
        ("infra/helm/charts/auth-service/Chart.yaml".into(), chart_yaml("auth-service", "")),
        ("infra/helm/charts/auth-service/templates/deployment.yaml".into(), subchart_deployment("auth-service")),
        ("infra/helm/charts/order-service/Chart.yaml".into(), chart_yaml("order-service", "")),
        ("infra/helm/charts/order-service/templates/deployment.yaml".into(), subchart_deployment("order-service")),
        ("infra/helm/charts/apollo-router/Chart.yaml".into(), chart_yaml("apollo-router", "")),
        ("infra/helm/charts/apollo-router/templates/deployment.yaml".into(), subchart_deployment("apollo-router")),
        ("infra/helm/charts/opensearch/Chart.yaml".into(), chart_yaml("opensearch", "")),
        ("infra/helm/charts/opensearch/templates/statefulset.yaml".into(), subchart_deployment("opensearch").replace("Deployment", "StatefulSet")),
        ("infra/helm/charts/redis/Chart.yaml".into(), chart_yaml("redis", "home: https://bitnami.com\nsources:\n  - https://github.com/bitnami/charts\n")),
        ("infra/helm/charts/redis/templates/master.yaml".into(), subchart_deployment("redis")),
        ("infra/helm/charts/postgresql/Chart.yaml".into(), chart_yaml("postgresql", "")),
        ("infra/helm/charts/postgresql/templates/primary.yaml".into(), subchart_deployment("postgresql")),
        ("legacy/helm/Chart.yaml".into(), chart_yaml("legacy", "")),
        ("legacy/helm/charts/audit/Chart.yaml".into(), chart_yaml("audit", "")),
        ("legacy/helm/charts/audit/templates/deployment.yaml".into(), subchart_deployment("audit")),
    ];
    let resolved = org(&[("ticketing", &borrowed(&files))]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:apollo-router repo=- root=-
    component:auth-service repo=- root=-
    component:order-service repo=- root=-
    resource:opensearch repo=- root=-
    ");
}

/// The ticketing platform installs its umbrella chart as the release `ticketing` into the
/// namespace of that name (`global.namespace: ticketing` in `infra/helm/values.yaml`), so config
/// written for the cluster names `ticketing-order-service`: the order service, as nothing is
/// named so itself. The Kong chart it depends on (`repository: https://charts.konghq.com`) names
/// its proxy `ticketing-kong-proxy`: the Kong that compose runs. A host prefixed by a name no
/// values give (`staging-order-service`) names nothing, a service named with the prefix
/// (`ticketing-audit`) keeps its own name, and a chart's name run into a word (`kongproxy`) is
/// no role of it.
#[test]
fn hosts_named_after_a_helm_release_name_the_service() {
    let compose = concat!(
        "services:\n  kong:\n    image: kong:3.6\n    volumes:\n      - ./kong:/kong/declarative\n  order-service:\n    build: ./order-service\n",
        "  ticketing-audit:\n    build: ./ticketing-audit\n  audit:\n    build: ./audit\n",
        "  payment-service:\n    build: ./payment-service\n    environment:\n      ORDER_SERVICE_URL: http://ticketing-order-service:8082\n      AUDIT_URL: http://ticketing-audit:8080\n",
        "  client:\n    build: ./client\n    environment:\n      ORDERS_URL: http://staging-order-service:8082\n      GATEWAY_URL: http://ticketing-kong-proxy:80\n",
        "  worker:\n    build: ./worker\n    environment:\n      GATEWAY_URL: http://kongproxy:80\n",
    );
    let chart = chart_yaml("ticketing-platform", "dependencies:\n  - name: kong\n    version: \"2.48.0\"\n    repository: \"https://charts.konghq.com\"\n");
    let mut files = vec![
        ("docker-compose.yml".to_string(), compose.to_string()),
        ("kong/kong.yml".to_string(), "_format_version: \"3.0\"\nservices:\n  - name: orders\n    url: http://order-service:8082\n".to_string()),
        ("infra/helm/Chart.yaml".to_string(), chart),
        ("infra/helm/values.yaml".to_string(), "global:\n  namespace: ticketing\n  imagePullPolicy: IfNotPresent\n".to_string()),
    ];
    files.extend(services(&["order-service", "ticketing-audit", "audit", "payment-service", "client", "worker"]));
    let resolved = org(&[("ticketing", &borrowed(&files))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="ticketing" root="audit"
    component:client repo="ticketing" root="client"
    component:kong repo="ticketing" root="kong"
    component:order-service repo="ticketing" root="order-service"
    component:payment-service repo="ticketing" root="payment-service"
    component:ticketing-audit repo="ticketing" root="ticketing-audit"
    component:worker repo="ticketing" root="worker"
    component:client -depends_on-> component:kong
    component:kong -depends_on-> component:order-service
    component:payment-service -depends_on-> component:order-service
    component:payment-service -depends_on-> component:ticketing-audit
    "#);
}

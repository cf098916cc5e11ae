//! How services are told apart and where their code is, in shapes the brain misread on real
//! systems (DeathStarBench's hotelReservation, Istio's Bookinfo, Bank of Anthos, Acme Air; see
//! the evaluation reports of issue #3), rebuilt with our own names: services built from one
//! shared context and told apart by their entrypoint, versions of one app, a Dockerfile in one
//! module of a service's build, images built without a Dockerfile (Jib), a ConfigMap of every
//! service's address shared by all, repos named after their language, Spring modules no deploy
//! file names, and callees named by a service enum (Spring Petclinic, TeaStore).

mod support;

use support::{org, summary};

const GO_MAIN: &str = "package main\n\nfunc main() {}\n";

/// hotelReservation (its report): every compose service is `build: .` told apart by its
/// `entrypoint`, so all ten were one component (the first name) that provided every gRPC API,
/// and no call between them was left. Each is now its own component, rooted at the folders
/// named like it, and the shared Dockerfile is the image they share.
#[test]
fn services_sharing_one_build_context_are_told_apart_by_their_folders() {
    let compose = "services:\n  gateway:\n    build: .\n    entrypoint: gateway\n  finder:\n    build: .\n    entrypoint: finder\n  maps:\n    build: .\n    entrypoint: maps\n  maps-db:\n    image: mongo:6\n";
    let gateway = "package gateway\n\nimport pb \"acme/travel/services/finder/proto\"\n\nfunc (s *Server) init(conn *grpc.ClientConn) {\n\ts.finder = pb.NewFinderClient(conn)\n}\n";
    let finder = "package finder\n\nimport maps \"acme/travel/services/maps/proto\"\n\nfunc (s *Server) Run() {\n\tpb.RegisterFinderServer(srv, s)\n\ts.maps = maps.NewMapsClient(conn)\n}\n";
    let maps = "package maps\n\nfunc (s *Server) Run() {\n\tpb.RegisterMapsServer(srv, s)\n}\n";
    let finder_proto = "syntax = \"proto3\";\npackage finder;\nservice Finder {\n  rpc Nearby(Request) returns (Result);\n}\nmessage Request { float lat = 1; }\nmessage Result { repeated string ids = 1; }\n";
    let maps_proto = "syntax = \"proto3\";\npackage maps;\nservice Maps {\n  rpc Near(Point) returns (Places);\n}\nmessage Point { float lat = 1; }\nmessage Places { repeated string ids = 1; }\n";
    let resolved = org(&[(
        "travel",
        &[
            ("docker-compose.yml", compose),
            ("Dockerfile", "FROM golang:1.22\nCOPY . /src\nRUN go install ./cmd/...\n"),
            ("go.mod", "module acme/travel\n\ngo 1.22\n"),
            ("cmd/gateway/main.go", GO_MAIN),
            ("cmd/finder/main.go", GO_MAIN),
            ("cmd/maps/main.go", GO_MAIN),
            ("services/gateway/server.go", gateway),
            ("services/finder/server.go", finder),
            ("services/finder/proto/finder.proto", finder_proto),
            ("services/maps/server.go", maps),
            ("services/maps/proto/maps.proto", maps_proto),
            ("registry/registry.go", "package registry\n"),
        ],
    )]);
    insta::assert_snapshot!("shared_build_context", summary(&resolved));
}

/// Bookinfo (its report): `quotes-v1` and `quotes-v2` (labels `app: quotes`, `version: vN`)
/// were two components and the Service `quotes` picking both named neither, and the
/// Dockerfile in `src/quotes/quotes-packaging/` made a component of that folder, so the code
/// in `src/quotes/quotes-core/` belonged to nobody: both calls to and from quotes were lost.
/// Versions of one app are that app, and a Dockerfile in a module named after its parent
/// folder builds the parent's service.
#[test]
fn versions_of_one_app_are_one_component_built_from_the_parent_folder() {
    let manifests = "apiVersion: v1\nkind: Service\nmetadata:\n  name: quotes\nspec:\n  selector:\n    app: quotes\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: quotes-v1\nspec:\n  template:\n    metadata:\n      labels:\n        app: quotes\n        version: v1\n    spec:\n      containers:\n      - name: quotes\n        image: acme/shop-quotes-v1:1.0\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: quotes-v2\nspec:\n  template:\n    metadata:\n      labels:\n        app: quotes\n        version: v2\n    spec:\n      containers:\n      - name: quotes\n        image: acme/shop-quotes-v2:1.0\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scores-v1\nspec:\n  template:\n    metadata:\n      labels:\n        app: scores\n        version: v1\n    spec:\n      containers:\n      - name: scores\n        image: acme/shop-scores:1.0\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: storefront-v1\nspec:\n  template:\n    metadata:\n      labels:\n        app: storefront\n        version: v1\n    spec:\n      containers:\n      - name: storefront\n        image: acme/shop-storefront:1.0\n";
    let storefront = "import os\nimport requests\n\nquotesHostname = \"quotes\" if os.environ.get(\"QUOTES_HOSTNAME\") is None else os.environ.get(\"QUOTES_HOSTNAME\")\n\ndef quote(item):\n    return requests.get(\"http://\" + quotesHostname + \":9080/quotes/\" + item)\n";
    let quotes = "package acme.quotes;\n\npublic class QuoteResource {\n    private static final String scoresHost = System.getenv(\"SCORES_HOSTNAME\") == null ? \"scores\" : System.getenv(\"SCORES_HOSTNAME\");\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("platform/kube/shop.yaml", manifests),
            ("src/storefront/Dockerfile", "FROM python:3.12\nCOPY . /app\n"),
            ("src/storefront/storefront.py", storefront),
            ("src/quotes/quotes-packaging/Dockerfile", "FROM open-liberty:full\nCOPY server.xml /config/\n"),
            ("src/quotes/quotes-core/build.gradle", "apply plugin: 'war'\n"),
            ("src/quotes/quotes-core/src/main/java/acme/quotes/QuoteResource.java", quotes),
            ("src/scores/Dockerfile", "FROM node:20\nCOPY . /app\n"),
            ("src/scores/scores.js", "const http = require('http');\nhttp.createServer(handler).listen(process.argv[2]);\n"),
        ],
    )]);
    insta::assert_snapshot!("app_versions", summary(&resolved));
}

/// Bank of Anthos (its report): the Java services are built by Jib from `src/<svc>/pom.xml`
/// with no Dockerfile, so their workloads had no code and no owners; and each workload taking
/// the ConfigMap of every service's address through `envFrom` depended on every service in it.
/// A workload without code is built from the folder named like it, and where a workload's
/// code reads some keys of such a ConfigMap, only those count.
#[test]
fn jib_built_workloads_find_their_folders_and_read_only_the_addresses_they_use() {
    let manifests = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: service-addresses\ndata:\n  TELLER_API_ADDR: \"teller:8080\"\n  SAFE_API_ADDR: \"safe:8080\"\n  AUDIT_API_ADDR: \"audit:8080\"\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: teller\nspec:\n  template:\n    metadata:\n      labels:\n        app: teller\n    spec:\n      containers:\n      - name: teller\n        image: acme/teller\n        envFrom:\n        - configMapRef:\n            name: service-addresses\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: safe\nspec:\n  template:\n    metadata:\n      labels:\n        app: safe\n    spec:\n      containers:\n      - name: safe\n        image: acme/safe\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: audit\nspec:\n  template:\n    metadata:\n      labels:\n        app: audit\n    spec:\n      containers:\n      - name: audit\n        image: acme/audit\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: counter\nspec:\n  template:\n    metadata:\n      labels:\n        app: counter\n    spec:\n      containers:\n      - name: counter\n        image: acme/counter\n        envFrom:\n        - configMapRef:\n            name: service-addresses\n";
    let pom = |name: &str| format!("<project>\n  <artifactId>{name}</artifactId>\n  <build><plugins><plugin><artifactId>jib-maven-plugin</artifactId></plugin></plugins></build>\n</project>\n");
    let teller = "package acme.teller;\n\npublic class TellerController {\n    @Value(\"http://${SAFE_API_ADDR}/safe\")\n    private String safeUri;\n}\n";
    let counter = "import os\nimport requests\n\nTELLER = os.environ[\"TELLER_API_ADDR\"]\nSAFE = os.environ[\"SAFE_API_ADDR\"]\nAUDIT = os.environ[\"AUDIT_API_ADDR\"]\n";
    let (teller_pom, safe_pom, audit_pom) = (pom("teller"), pom("safe"), pom("audit"));
    let resolved = org(&[(
        "bank",
        &[
            (".github/CODEOWNERS", "* @acme/bank-team\n"),
            ("kubernetes-manifests/bank.yaml", manifests),
            ("src/teller/pom.xml", &teller_pom),
            ("src/teller/src/main/java/acme/teller/TellerController.java", teller),
            ("src/safe/pom.xml", &safe_pom),
            ("src/safe/src/main/java/acme/safe/SafeController.java", "package acme.safe;\n"),
            ("src/audit/pom.xml", &audit_pom),
            ("src/audit/src/main/java/acme/audit/AuditController.java", "package acme.audit;\n"),
            ("src/counter/Dockerfile", "FROM python:3.12\nCOPY . /app\n"),
            ("src/counter/counter.py", counter),
        ],
    )]);
    insta::assert_snapshot!("jib_and_shared_config_map", summary(&resolved));
}

/// Acme Air (its report): each service's repo is named after its language
/// (`booking-service-java`) and deploys itself as `booking-service`, so every service was two
/// components, and the calls its manifest declares started from the one without code. A name
/// plus the language's name is the same service.
#[test]
fn a_workload_is_the_service_of_the_repo_named_like_it_plus_its_language() {
    let deployment = |name: &str, env: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: {name}\n        image: acme/{name}\n        env:\n{env}")
    };
    let booking = deployment("booking-service", "        - name: PRICING_URL\n          value: http://pricing-service:9080/pricing\n");
    let pricing = deployment("pricing-service", "        - name: LOG_LEVEL\n          value: info\n");
    let code = "package acme;\n\npublic class Main {}\n";
    let resolved = org(&[
        ("booking-service-java", &[("Dockerfile", "FROM open-liberty\n"), ("manifests/deploy.yaml", &booking), ("src/main/java/acme/Main.java", code)]),
        ("pricing-service-java", &[("Dockerfile", "FROM open-liberty\n"), ("manifests/deploy.yaml", &pricing), ("src/main/java/acme/Main.java", code)]),
    ]);
    insta::assert_snapshot!("language_named_repos", summary(&resolved));
}

/// Acme Air (its report): every service reached the others through the nginx gateway
/// (`http://air-proxy/pricing`), so each depended on the gateway instead of the service its
/// `location /pricing` sends the call to; and a manifest deploying the services under their
/// short names (`booking`, with a placeholder image) made each service a second component.
/// A call through a gateway depends on the service the path's location routes to, and a
/// short name matches the service named like it after the prefix every service shares.
#[test]
fn calls_through_a_gateway_reach_the_service_its_location_routes_to() {
    let compose = "services:\n  air-proxy:\n    build: ./proxy\n  air-booking-java:\n    build: ../air-booking-java\n    environment:\n      - PRICING_URL=http://air-proxy/pricing\n      - HELP_PAGE_URL=http://air-proxy/help/index.html\n      - PROXY_HOST=air-proxy\n  air-pricing-java:\n    build: ../air-pricing-java\n  air-web-java:\n    build: ../air-web-java\n";
    let nginx = "events {}\nhttp {\n  upstream bookings {\n    server air-booking-java:9080;\n  }\n  upstream prices {\n    server air-pricing-java:9080;\n  }\n  server {\n    listen 80;\n    location / { proxy_pass http://air-web-java:9080; }\n    location /booking {\n      proxy_pass http://bookings;\n    }\n    location ^~ /pricing {\n      proxy_pass http://prices;\n      proxy_http_version 1.1;\n    }\n  }\n}\n";
    let istio = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: booking\nspec:\n  template:\n    metadata:\n      labels:\n        app: booking\n    spec:\n      containers:\n      - name: booking\n        image: IMAGE_NAME\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pricing\nspec:\n  template:\n    metadata:\n      labels:\n        app: pricing\n    spec:\n      containers:\n      - name: pricing\n        image: IMAGE_NAME\n";
    let code = "package acme;\n\npublic class Main {}\n";
    let resolved = org(&[
        ("air-main", &[("docker-compose.yml", compose), ("proxy/Dockerfile", "FROM nginx\nADD conf /etc/nginx/\n"), ("proxy/conf/nginx.conf", nginx), ("manifests/mesh.yaml", istio)]),
        ("air-booking-java", &[("Dockerfile", "FROM open-liberty\n"), ("src/main/java/acme/Main.java", code)]),
        ("air-pricing-java", &[("Dockerfile", "FROM open-liberty\n"), ("src/main/java/acme/Main.java", code)]),
        ("air-web-java", &[("Dockerfile", "FROM open-liberty\n"), ("src/main/java/acme/Main.java", code)]),
    ]);
    insta::assert_snapshot!("gateway", summary(&resolved));
}

/// PiggyMetrics (its report): the config server's `shared/` folder holds every service's
/// config (`statistics.yml` names the auth service it calls, `application.yml` the registry
/// every client registers with), and all of it was credited to the config server. Each file
/// is the config of the service it is named after; `application.yml` of every service that
/// takes its config from the server. The gateway's Zuul routes name services by their
/// registry names (`serviceId: accounts`).
#[test]
fn a_config_servers_shared_files_belong_to_the_services_they_configure() {
    let server = "spring:\n  application:\n    name: config\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\n";
    let client = |name: &str| format!("spring:\n  application:\n    name: {name}\n  cloud:\n    config:\n      uri: http://config:8888\n");
    let (statistics, accounts, registry, gateway) = (client("statistics"), client("accounts"), client("registry"), client("gateway"));
    let shared_gateway = "zuul:\n  routes:\n    auth:\n      path: /uaa/**\n      url: http://auth:5000\n    accounts:\n      path: /accounts/**\n      serviceId: accounts\n";
    let shared_app = "eureka:\n  client:\n    serviceUrl:\n      defaultZone: http://registry:8761/eureka/\n";
    let shared_statistics = "security:\n  oauth2:\n    client:\n      accessTokenUri: http://auth:5000/uaa/oauth/token\n";
    let resolved = org(&[(
        "piggy",
        &[
            ("config/Dockerfile", "FROM java:8\n"),
            ("config/src/main/resources/application.yml", server),
            ("config/src/main/resources/shared/application.yml", shared_app),
            ("config/src/main/resources/shared/statistics.yml", shared_statistics),
            ("config/src/main/resources/shared/accounts-docker.yml", "accounts:\n  statistics-url: http://statistics:7000/\n"),
            ("statistics/Dockerfile", "FROM java:8\n"),
            ("statistics/src/main/resources/bootstrap.yml", &statistics),
            ("accounts/Dockerfile", "FROM java:8\n"),
            ("accounts/src/main/resources/bootstrap.yml", &accounts),
            ("auth/Dockerfile", "FROM java:8\n"),
            ("registry/Dockerfile", "FROM java:8\n"),
            ("registry/src/main/resources/bootstrap.yml", &registry),
            ("config/src/main/resources/shared/gateway.yml", shared_gateway),
            ("gateway/Dockerfile", "FROM java:8\n"),
            ("gateway/src/main/resources/bootstrap.yml", &gateway),
        ],
    )]);
    insta::assert_snapshot!("config_server", summary(&resolved));
}

/// Spring Petclinic (microservices): its modules are compose services that only run images
/// (`acme/clinic-customers-service`), built by one shared `docker/Dockerfile`; `genai-service`
/// is left out of compose but is a module like its siblings, named by its
/// `spring.application.name`, and its calls were the whole repo's. The config server's git
/// backend is another repo, whose `<service>.yml` files are those services' config.
#[test]
fn a_spring_module_no_deploy_file_names_and_a_config_servers_git_repo() {
    insta::assert_snapshot!("spring_modules", summary(&clinic("clinic-config")));
}

/// The config repo cloned under another name (`clinic-settings`, not the git URI's
/// `clinic-config`) is still the git backend's: the one repo of config only whose files are
/// named after the org's services (Spring Petclinic's config repo registered as
/// `petclinic-config` lost its 5 Eureka edges).
#[test]
fn a_config_servers_git_repo_registered_under_another_name() {
    let renamed = summary(&clinic("clinic-settings"));
    assert!(renamed.contains("component:api-gateway -depends_on-> component:discovery-server"), "{renamed}");
    assert_eq!(renamed.replace("clinic-settings", "clinic-config"), summary(&clinic("clinic-config")));
}

/// Spring Petclinic's shape, its config server's git repo registered as `config_repo`.
fn clinic(config_repo: &str) -> factory_brain::Resolved {
    let pom = |name: &str| format!("<project><modelVersion>4.0.0</modelVersion><artifactId>{name}</artifactId></project>\n");
    let app = |name: &str| format!("spring:\n  application:\n    name: {name}\n  config:\n    import: configserver:http://config-server:8888\n");
    let compose = "services:\n  config-server:\n    image: acme/clinic-config-server\n  discovery-server:\n    image: acme/clinic-discovery-server\n  customers-service:\n    image: acme/clinic-customers-service\n  api-gateway:\n    image: acme/clinic-api-gateway\n";
    let server = "spring:\n  application:\n    name: config-server\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://github.com/acme/clinic-config\n";
    let client = |class: &str, url: &str| format!("package clinic;\n\npublic class {class} {{\n    private static final String BASE = \"{url}\";\n}}\n");
    let (gateway_client, genai_client) = (client("CustomersClient", "http://customers-service/owners/"), client("AIDataProvider", "http://customers-service/"));
    let (pom_server, pom_discovery, pom_customers, pom_gateway, pom_genai) = (pom("clinic-config-server"), pom("clinic-discovery-server"), pom("clinic-customers-service"), pom("clinic-api-gateway"), pom("clinic-genai-service"));
    let (app_discovery, app_customers, app_gateway, app_genai) = (app("discovery-server"), app("customers-service"), app("api-gateway"), app("genai-service"));
    let eureka = "eureka:\n  client:\n    serviceUrl:\n      defaultZone: http://discovery-server:8761/eureka/\n";
    org(&[
        (
            "clinic",
            &[
                ("pom.xml", &pom("clinic")),
                ("docker-compose.yml", compose),
                ("docker/Dockerfile", "FROM eclipse-temurin:17\nARG ARTIFACT_NAME\nCOPY ${ARTIFACT_NAME}.jar application.jar\n"),
                ("clinic-config-server/pom.xml", &pom_server),
                ("clinic-config-server/src/main/resources/application.yml", server),
                ("clinic-discovery-server/pom.xml", &pom_discovery),
                ("clinic-discovery-server/src/main/resources/application.yml", &app_discovery),
                ("clinic-customers-service/pom.xml", &pom_customers),
                ("clinic-customers-service/src/main/resources/application.yml", &app_customers),
                ("clinic-customers-service/src/main/java/clinic/OwnerResource.java", "package clinic;\n\npublic class OwnerResource {}\n"),
                ("clinic-api-gateway/pom.xml", &pom_gateway),
                ("clinic-api-gateway/src/main/resources/application.yml", &app_gateway),
                ("clinic-api-gateway/src/main/java/clinic/CustomersClient.java", &gateway_client),
                ("clinic-genai-service/pom.xml", &pom_genai),
                ("clinic-genai-service/src/main/resources/application.yml", &app_genai),
                ("clinic-genai-service/src/main/java/clinic/AIDataProvider.java", &genai_client),
            ],
        ),
        (config_repo, &[("api-gateway.yml", eureka), ("genai-service.yml", eureka), ("README.md", "Config for the clinic.\n")]),
    ])
}

/// TeaStore: compose runs images (`acme/tea-webui`) built in Java-named module folders
/// (`services/tools.acme.tea.webui/`), and the services call each other through a registry
/// client, naming the callee by a constant of a shared enum (`Service.PERSISTENCE`, whose value
/// is the callee's folder name).
#[test]
fn modules_named_like_java_packages_and_callees_named_by_a_service_enum() {
    let compose = "services:\n  registry:\n    image: acme/tea-registry\n  persistence:\n    image: acme/tea-persistence\n    environment:\n      REGISTRY_HOST: registry\n  webui:\n    image: acme/tea-webui\n    environment:\n      REGISTRY_HOST: registry\n";
    let service_enum = "package tools.acme.tea.registryclient;\n\npublic enum Service {\n  PERSISTENCE(\"tools.acme.tea.persistence\"),\n  WEBUI(\"tools.acme.tea.webui\"),\n  REGISTRY(\"tools.acme.tea.registry\");\n\n  private final String name;\n  Service(String name) { this.name = name; }\n}\n";
    let servlet = "package tools.acme.tea.webui;\n\npublic class IndexServlet {\n  void handle() {\n    categories = LoadBalancedCRUDOperations.getEntities(Service.PERSISTENCE, \"categories\", Category.class);\n  }\n}\n";
    let pom = |name: &str| format!("<project><artifactId>{name}</artifactId></project>\n");
    let (pom_webui, pom_persistence, pom_registry, pom_client) = (pom("webui"), pom("persistence"), pom("registry"), pom("registryclient"));
    let dockerfile = "FROM acme/tea-base:latest\nCOPY target/*.war /usr/local/tomcat/webapps/\n";
    let resolved = org(&[(
        "tea",
        &[
            ("pom.xml", "<project><artifactId>parent</artifactId></project>\n"),
            ("examples/docker/docker-compose.yaml", compose),
            ("services/tools.acme.tea.webui/Dockerfile", dockerfile),
            ("services/tools.acme.tea.webui/pom.xml", &pom_webui),
            ("services/tools.acme.tea.webui/src/main/java/tools/acme/tea/webui/IndexServlet.java", servlet),
            ("services/tools.acme.tea.persistence/Dockerfile", dockerfile),
            ("services/tools.acme.tea.persistence/pom.xml", &pom_persistence),
            ("services/tools.acme.tea.registry/Dockerfile", dockerfile),
            ("services/tools.acme.tea.registry/pom.xml", &pom_registry),
            ("utilities/tools.acme.tea.registryclient/pom.xml", &pom_client),
            ("utilities/tools.acme.tea.registryclient/src/main/java/tools/acme/tea/registryclient/Service.java", service_enum),
        ],
    )]);
    insta::assert_snapshot!("service_enum", summary(&resolved));
}

/// PiggyMetrics (its report): the config server's shared `application.yml` sets
/// `security.oauth2.resource.user-info-uri: http://auth:5000/...` for every client, and the
/// brain had every client call auth, the Turbine and monitoring services too, which are not
/// built with Spring Security OAuth2. Such keys configure only services whose build declares
/// the library (a `pom.xml`, a parent POM above it, a `build.gradle`); a service whose build
/// is not read keeps them. (Turbine is built as a monitoring server: infrastructure.)
#[test]
fn a_shared_configs_library_keys_apply_to_the_services_built_with_the_library() {
    let server = "spring:\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\n";
    let client = |name: &str| format!("spring:\n  application:\n    name: {name}\n  cloud:\n    config:\n      uri: http://config:8888\n");
    let pom = |artifact: &str, dependencies: &[&str]| {
        let dependencies: String = dependencies.iter().map(|dependency| format!("<dependency><groupId>org.springframework.cloud</groupId><artifactId>{dependency}</artifactId></dependency>")).collect();
        format!("<project><groupId>com.example</groupId><artifactId>{artifact}</artifactId><dependencies>{dependencies}</dependencies></project>\n")
    };
    let (accounts, turbine, monitoring) = (client("accounts"), client("turbine"), client("monitoring"));
    let (accounts_pom, turbine_pom) = (pom("accounts", &["spring-cloud-starter-oauth2", "spring-boot-starter-web"]), pom("turbine", &["spring-cloud-starter-netflix-turbine-stream"]));
    let shared_app = "security:\n  oauth2:\n    resource:\n      user-info-uri: http://auth:5000/uaa/users/current\nspring:\n  zipkin:\n    base-url: http://tracing:9411\n";
    let (reports, orders) = (client("reports"), client("orders"));
    let gradle = "dependencies {\n    implementation 'org.springframework.cloud:spring-cloud-starter-oauth2'\n}\n";
    let (parent, module) = (pom("shop", &["spring-cloud-starter-oauth2"]), pom("orders", &["spring-boot-starter-web"]));
    let resolved = org(&[(
        "shop",
        &[("pom.xml", &parent), ("orders/Dockerfile", "FROM java:8\n"), ("orders/pom.xml", &module), ("orders/src/main/resources/bootstrap.yml", &orders)],
    ), (
        "piggy",
        &[
            ("config/Dockerfile", "FROM java:8\n"),
            ("config/src/main/resources/application.yml", server),
            ("config/src/main/resources/shared/application.yml", shared_app),
            ("reports/Dockerfile", "FROM java:8\n"),
            ("reports/build.gradle", gradle),
            ("reports/src/main/resources/bootstrap.yml", &reports),
            ("accounts/Dockerfile", "FROM java:8\n"),
            ("accounts/pom.xml", &accounts_pom),
            ("accounts/src/main/resources/bootstrap.yml", &accounts),
            ("turbine/Dockerfile", "FROM java:8\n"),
            ("turbine/pom.xml", &turbine_pom),
            ("turbine/src/main/resources/bootstrap.yml", &turbine),
            ("monitoring/Dockerfile", "FROM java:8\n"),
            ("monitoring/src/main/resources/bootstrap.yml", &monitoring),
            ("auth/Dockerfile", "FROM java:8\n"),
            ("tracing/Dockerfile", "FROM java:8\n"),
        ],
    )]);
    let depends_on: Vec<String> = summary(&resolved).lines().filter(|line| line.contains("-depends_on->")).map(str::to_string).collect();
    assert_eq!(
        depends_on,
        [
            "component:accounts -depends_on-> component:auth",
            "component:accounts -depends_on-> component:config",
            "component:accounts -depends_on-> component:tracing",
            "component:monitoring -depends_on-> component:auth",
            "component:monitoring -depends_on-> component:config",
            "component:monitoring -depends_on-> component:tracing",
            "component:orders -depends_on-> component:auth",
            "component:orders -depends_on-> component:config",
            "component:orders -depends_on-> component:tracing",
            "component:reports -depends_on-> component:auth",
            "component:reports -depends_on-> component:config",
            "component:reports -depends_on-> component:tracing",
        ]
    );
    // Turbine, built on `spring-cloud-starter-netflix-turbine-stream`, only watches the others.
    assert!(summary(&resolved).contains("resource:turbine repo=\"piggy\""));
}

/// dotnet/eShop (its report): a .NET Aspire app host declares every service
/// (`AddProject<Projects.Catalog_API>("catalog-api")`) and resource, and wires them with
/// `WithReference` and endpoint variables; without it the repo was one component with no
/// edges. The app host's services are rooted at their projects; an endpoint handed over only
/// as a redirect target (`WebAppClient`) is no call.
#[test]
fn an_aspire_app_host_declares_services_resources_and_their_references() {
    let app_host = r#"var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddRedis("cache");
var bus = builder.AddRabbitMQ("eventbus");
var postgres = builder.AddPostgres("postgres");
var stockDb = postgres.AddDatabase("stockdb"); // the stock's own database

var identityApi = builder.AddProject<Projects.Identity_API>("identity-api");
var identityEndpoint = identityApi.GetEndpoint("http");

var stockApi = builder.AddProject<Projects.Stock_API>("stock-api")
    .WithReference(stockDb)
    .WithReference(bus)
    .WithEnvironment("Identity__Url", identityEndpoint);

var shop = builder.AddProject<Projects.Shop_Web>("shop")
    .WithReference(stockApi)
    .WithReference(cache);

builder.AddNpmApp("storefront", "../storefront")
    .WithReference(stockApi);

// Identity sends users back to the shop.
identityApi.WithEnvironment("ShopClient", shop.GetEndpoint("http"));

builder.Build().Run();
"#;
    let csproj = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n";
    let resolved = org(&[(
        "market",
        &[
            ("src/Market.AppHost/Program.cs", app_host),
            ("src/Market.AppHost/Market.AppHost.csproj", "<Project Sdk=\"Aspire.AppHost.Sdk/9.0.0\">\n</Project>\n"),
            ("src/Identity.API/Identity.API.csproj", csproj),
            ("src/Identity.API/Program.cs", "var app = WebApplication.Create();\n"),
            ("src/Stock.API/Stock.API.csproj", csproj),
            ("src/Stock.API/Program.cs", "var app = WebApplication.Create();\n"),
            ("src/Shop.Web/Shop.Web.csproj", csproj),
            ("src/Shop.Web/Program.cs", "builder.Services.AddHttpClient<StockClient>(c => c.BaseAddress = new(\"http://stock-api\"));\n"),
            ("src/storefront/package.json", "{\"name\": \"storefront\"}\n"),
            ("src/storefront/index.js", "fetch(process.env.STOCK_URL + '/items');\n"),
        ],
    )]);
    insta::assert_snapshot!("aspire", summary(&resolved));
}

/// The OpenTelemetry demo (its report): compose's `depends_on` lists services a service only
/// waits for (its callee's own callees), the feature-flag server runs a third-party image
/// from another registry than the images the file builds, and the servers' code was not read,
/// so the gRPC clients named services nobody provided. A service whose env or code names its
/// callees keeps only those; a foreign image is a resource; a gRPC service nobody serves is
/// provided by the one component named like it.
#[test]
fn start_order_foreign_images_and_unserved_grpc_services() {
    let compose = concat!(
        "services:\n",
        "  storefront:\n    image: ghcr.io/acme/shop:1.0-storefront\n    build:\n      context: ./src/storefront\n",
        "    environment:\n      - BASKET_ADDR=basket:7070\n    depends_on:\n      - basket\n      - pricing\n      - flags\n",
        "  basket:\n    image: ghcr.io/acme/shop:1.0-basket\n    build:\n      context: ./src/basket\n    depends_on:\n      - pricing\n",
        "  pricing:\n    image: ghcr.io/acme/shop:1.0-pricing\n    build:\n      context: ./src/pricing\n",
        "  flags:\n    image: ghcr.io/open-feature/flagd:v0.11\n",
    );
    let proto = "syntax = \"proto3\";\npackage shop;\nservice BasketService {\n  rpc GetBasket(BasketRequest) returns (Basket);\n}\nmessage BasketRequest { string user_id = 1; }\nmessage Basket { repeated string items = 1; }\n";
    let storefront = "package main\n\nimport pb \"acme/shop/genproto\"\n\nfunc connect(conn *grpc.ClientConn) {\n\tbasket := pb.NewBasketServiceClient(conn)\n\t_ = basket\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("pb/shop.proto", proto),
            ("src/storefront/Dockerfile", "FROM golang:1.22\n"),
            ("src/storefront/main.go", storefront),
            ("src/basket/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"),
            ("src/pricing/Dockerfile", "FROM node:20\n"),
        ],
    )]);
    insta::assert_snapshot!("otel_shapes", summary(&resolved));
    let provides: Vec<String> = support::edge_lines(&resolved, &["provides"]).into_iter().map(|line| line.split("  [").next().unwrap_or("").to_string()).collect();
    assert_eq!(provides, ["component:basket -provides-> api:shop.basketservice"], "the server nobody saw is the component named like it");
}

/// The OpenTelemetry demo (its report): the checkout service publishes to the topic another
/// file of its package names (`Topic: kafka.Topic` beside `var Topic = "orders"` in
/// `kafka/producer.go`), so no publisher met the accounting and fraud subscribers. A channel
/// named by another file's constant takes that constant's value; so does a Java constants
/// class (`Topics.ORDERS`).
#[test]
fn a_channel_named_by_another_files_constant_takes_its_value() {
    let producer = "package kafka\n\nvar (\n\tTopic           = \"orders\"\n\tProtocolVersion = sarama.V3_0_0_0\n)\n";
    let main = "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc send(p sarama.AsyncProducer) {\n\tmsg := sarama.ProducerMessage{\n\t\tTopic: kafka.Topic,\n\t}\n\tp.Input() <- &msg\n}\n";
    let topics = "package acme.audit;\n\npublic final class Topics {\n    public static final String ORDERS = \"orders\";\n}\n";
    let listener = "package acme.audit;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class OrdersListener {\n    @KafkaListener(topics = Topics.ORDERS)\n    public void on(String order) {}\n}\n";
    let resolved = org(&[
        ("checkout", &[("Dockerfile", "FROM golang:1.22\n"), ("kafka/producer.go", producer), ("main.go", main)]),
        ("audit", &[("Dockerfile", "FROM eclipse-temurin:21\n"), ("src/main/java/acme/audit/Topics.java", topics), ("src/main/java/acme/audit/OrdersListener.java", listener)]),
    ]);
    insta::assert_snapshot!("channel_constants", summary(&resolved));
}

/// mercari's example (its report): one namespace per service, each Deployment named `app`,
/// so all six were one component `app` with the others' names as aliases. A workload with a
/// generic name in a namespace of its own goes by its pod's `app` label (or else the
/// namespace), and joins the service its folder builds; a specific name stays as it is.
#[test]
fn generic_workload_names_in_their_own_namespaces_go_by_their_label() {
    let manifest = |service: &str, label: bool| {
        let labels = if label { format!("      labels:\n        app: {service}\n") } else { String::new() };
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: {service}\nspec:\n  template:\n    metadata:\n{labels}    spec:\n      containers:\n        - name: {service}\n          image: acme/{service}:latest\n          env:\n            - name: ITEMS_ADDR\n              value: items.items.svc.cluster.local:5000\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {service}\n  namespace: {service}\nspec:\n  selector:\n    app: {service}\n"
        )
    };
    let (catalog, items) = (manifest("catalog", true), manifest("items", false));
    let ledger = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger-writer\n  namespace: money\nspec:\n  template:\n    metadata:\n      labels:\n        app: ledger\n    spec:\n      containers:\n        - name: writer\n          image: acme/ledger-writer:1\n";
    let resolved = org(&[(
        "shop",
        &[
            ("services/catalog/Dockerfile", "FROM golang:1.22\n"),
            ("services/catalog/main.go", GO_MAIN),
            ("services/catalog/deployment.yaml", &catalog),
            ("services/items/Dockerfile", "FROM golang:1.22\n"),
            ("services/items/main.go", GO_MAIN),
            ("services/items/deployment.yaml", &items),
            ("services/ledger/deployment.yaml", ledger),
        ],
    )]);
    insta::assert_snapshot!("generic_workload_names", summary(&resolved));
}

/// FTGO (its report): the compose file builds every service from its folder and pulls Kafka
/// and ZooKeeper from the vendor `eventuateio`, whose CDC service was then taken for one of
/// the org's services that every other waited for; and the delivery service's config copied
/// `spring.application.name=ftgo-order-service`, another component's name, which it then
/// listed as its alias. The vendor's other image is a resource (not an org's own image beside
/// its own build of a broker: `acme/payment` beside `acme/shop-rabbitmq`), and a name another
/// component has is not an alias.
#[test]
fn a_vendors_other_images_are_resources_and_another_components_name_is_no_alias() {
    let compose = concat!(
        "services:\n",
        "  kafka:\n    image: eventuateio/eventuate-kafka:0.3.0\n",
        "  cdc-service:\n    image: eventuateio/eventuate-cdc-service:0.4.0\n    depends_on:\n      - kafka\n",
        "  order-service:\n    build: ./order-service\n    depends_on:\n      - kafka\n      - cdc-service\n",
        "  delivery-service:\n    build: ./delivery-service\n    depends_on:\n      - kafka\n      - cdc-service\n",
        "  gateway:\n    build: ./gateway\n    environment:\n      ORDER_URL: http://order-service:8080\n      PAYMENT_URL: http://payment:8080\n",
        "  queue:\n    image: acme/shop-rabbitmq:1.0\n",
        "  payment:\n    image: acme/payment:1.0\n",
    );
    let resolved = org(&[(
        "ftgo",
        &[
            ("docker-compose.yml", compose),
            ("order-service/Dockerfile", "FROM eclipse-temurin:21\n"),
            ("order-service/src/main/resources/application.properties", "spring.application.name=order-service\n"),
            ("delivery-service/Dockerfile", "FROM eclipse-temurin:21\n"),
            ("delivery-service/src/main/resources/application.properties", "spring.application.name=order-service\n"),
            ("gateway/Dockerfile", "FROM eclipse-temurin:21\n"),
        ],
    )]);
    insta::assert_snapshot!("vendor_images_and_alias_clash", summary(&resolved));
    let aliases: Vec<String> = resolved.nodes.iter().filter_map(|node| node.props.get("aliases").map(|aliases| format!("{} {aliases}", node.node_ref))).collect();
    assert!(aliases.iter().all(|line| !line.contains("\"order-service\"")), "{aliases:?}");
}

/// eShopOnContainers and FTGO (their reports): services that talk only through an event bus
/// routing by the message's type (`_eventBus.Publish(evt)` of a `new
/// UserCheckoutAcceptedIntegrationEvent(...)`, a handler `: IIntegrationEventHandler<...>`),
/// or through Eventuate Tram's command channels (`withChannel(KitchenChannels.kitchen)` and
/// `fromChannel("kitchenService")`) and aggregates' events, had no edge between them. The
/// type, the channel or the aggregate's class is the channel: its publisher depends on its
/// subscriber, as for any other channel.
#[test]
fn typed_event_buses_and_eventuate_channels_link_publishers_to_subscribers() {
    let basket = "namespace Basket.API.Controllers;\npublic class BasketController\n{\n    public async Task Checkout()\n    {\n        var eventMessage = new UserCheckoutAcceptedIntegrationEvent(userId, city);\n        _eventBus.Publish(eventMessage);\n    }\n}\n";
    let ordering = "namespace Ordering.API.Application.IntegrationEvents.EventHandling;\npublic class UserCheckoutAcceptedIntegrationEventHandler : IIntegrationEventHandler<UserCheckoutAcceptedIntegrationEvent>\n{\n    public async Task Handle(UserCheckoutAcceptedIntegrationEvent @event) { }\n}\n";
    let channels = "package acme.kitchen.api;\n\npublic class KitchenServiceChannels {\n  public static final String kitchenServiceChannel = \"kitchenService\";\n}\n";
    let proxy = "package acme.orders.sagas;\n\nimport io.eventuate.tram.commands.common.Command;\nimport acme.kitchen.api.KitchenServiceChannels;\n\npublic class KitchenServiceProxy {\n  public final CommandEndpoint<CreateTicket> create = CommandEndpointBuilder\n      .forCommand(CreateTicket.class)\n      .withChannel(KitchenServiceChannels.kitchenServiceChannel)\n      .withReply(CreateTicketReply.class)\n      .build();\n}\n";
    let handlers = "package acme.kitchen.service;\n\nimport io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;\n\npublic class KitchenServiceCommandHandler {\n  public CommandHandlers commandHandlers() {\n    return SagaCommandHandlersBuilder\n        .fromChannel(KitchenServiceChannels.kitchenServiceChannel)\n        .onMessage(CreateTicket.class, this::createTicket)\n        .build();\n  }\n}\n";
    let history = "package acme.history;\n\nimport io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;\n\npublic class OrderHistoryEventHandlers {\n  public DomainEventHandlers domainEventHandlers() {\n    return DomainEventHandlersBuilder\n        .forAggregateType(\"acme.orders.domain.Order\")\n        .onEvent(OrderCreated.class, this::handleOrderCreated)\n        .build();\n  }\n}\n";
    let publisher = "package acme.orders.domain;\n\nimport io.eventuate.tram.events.aggregates.AbstractAggregateDomainEventPublisher;\n\npublic class OrderDomainEventPublisher extends AbstractAggregateDomainEventPublisher<Order, OrderDomainEvent> {\n  public OrderDomainEventPublisher(DomainEventPublisher eventPublisher) {\n    super(eventPublisher, Order.class, Order::getId);\n  }\n}\n";
    let resolved = org(&[
        ("basket", &[("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"), ("Controllers/BasketController.cs", basket)]),
        ("ordering", &[("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"), ("IntegrationEvents/UserCheckoutAcceptedIntegrationEventHandler.cs", ordering)]),
        (
            "ftgo",
            &[
                ("docker-compose.yml", "services:\n  order-service:\n    build: ./order-service\n  kitchen-service:\n    build: ./kitchen-service\n  order-history-service:\n    build: ./order-history-service\n"),
                ("kitchen-service-api/src/main/java/acme/kitchen/api/KitchenServiceChannels.java", channels),
                ("order-service/Dockerfile", "FROM eclipse-temurin:21\n"),
                ("order-service/src/main/java/acme/orders/sagas/KitchenServiceProxy.java", proxy),
                ("order-service/src/main/java/acme/orders/domain/OrderDomainEventPublisher.java", publisher),
                ("kitchen-service/Dockerfile", "FROM eclipse-temurin:21\n"),
                ("kitchen-service/src/main/java/acme/kitchen/service/KitchenServiceCommandHandler.java", handlers),
                ("order-history-service/Dockerfile", "FROM eclipse-temurin:21\n"),
                ("order-history-service/src/main/java/acme/history/OrderHistoryEventHandlers.java", history),
            ],
        ),
    ]);
    insta::assert_snapshot!("typed_event_buses", summary(&resolved));
}

/// eShopOnContainers (its report): the browser app's compose env names the aggregator it
/// calls by the host's address and the port the aggregator publishes
/// (`PurchaseUrl=http://${ESHOP_EXTERNAL_DNS_NAME_OR_IP}:5121` beside `ports: ["5121:80"]`).
/// Such a URL reaches the one service publishing that port; an OAuth client's redirect
/// address (`SpaClient=`) is no call, neither is a port two services publish, and a variable
/// not named for the host machine (`${CATALOG_HOST}`) is the `.env`'s to fill in.
#[test]
fn a_url_through_a_published_port_reaches_the_service_publishing_it() {
    let compose = concat!(
        "services:\n",
        "  webspa:\n    build: ./webspa\n    environment:\n",
        "      - PurchaseUrl=http://${EXTERNAL_DNS_NAME_OR_IP}:5121\n",
        "      - IdentityUrl=http://localhost:5105\n",
        "      - StatusUrl=http://localhost:5107\n",
        "      - CatalogUrl=http://${CATALOG_HOST}:5121\n",
        "  identity:\n    build: ./identity\n    ports:\n      - \"5105:80\"\n    environment:\n",
        "      - SpaClient=http://${EXTERNAL_DNS_NAME_OR_IP}:5104\n",
        "  aggregator:\n    build: ./aggregator\n    ports:\n      - \"127.0.0.1:5121:80\"\n",
        "  status-a:\n    build: ./status-a\n    ports:\n      - \"5107:80\"\n",
        "  status-b:\n    build: ./status-b\n    ports:\n      - published: 5107\n        target: 80\n",
    );
    let node = "FROM node:20\n";
    let files: &[(&str, &str)] = &[
        ("docker-compose.yml", compose),
        ("webspa/Dockerfile", node),
        ("identity/Dockerfile", node),
        ("aggregator/Dockerfile", node),
        ("status-a/Dockerfile", node),
        ("status-b/Dockerfile", node),
    ];
    let resolved = org(&[("shop", files)]);
    insta::assert_snapshot!("published_ports", summary(&resolved));
}

/// emojivoto (its report): compose runs `emoji-svc` from an image, the cluster runs the
/// Deployment `emoji` behind the Service `emoji-svc`; they were two components, and the repo's
/// root Dockerfile, a template building any service by a build argument, was a third that
/// owned every file. Now the compose service and the workload its Service selects are one
/// component under the compose name, and the template is no service.
#[test]
fn a_compose_service_and_the_workload_its_cluster_name_selects_are_one() {
    let compose = "services:\n  web:\n    image: acme/emojivoto-web:v1\n    environment:\n      - EMOJISVC_HOST=emoji-svc:8080\n  emoji-svc:\n    image: acme/emojivoto-emoji-svc:v1\n";
    let manifest = concat!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: emoji, namespace: emojivoto}\n",
        "spec:\n  selector: {matchLabels: {app: emoji-svc}}\n  template:\n    metadata: {labels: {app: emoji-svc}}\n",
        "    spec:\n      containers:\n      - name: emoji-svc\n        image: acme/emojivoto-emoji-svc:v8\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: emoji-svc, namespace: emojivoto}\nspec:\n  selector: {app: emoji-svc}\n  ports: [{port: 8080}]\n",
    );
    let template = "FROM acme/svc-base:v12\nARG svc_name\nCOPY $svc_name/target/ /usr/local/bin/\nENTRYPOINT exec /usr/local/bin/$SVC_NAME\n";
    let files: &[(&str, &str)] = &[
        ("docker-compose.yml", compose),
        ("kustomize/emoji.yml", manifest),
        ("Dockerfile", template),
        ("go.mod", "module acme/emojivoto\n\ngo 1.22\n"),
        ("emoji/emoji.go", "package emoji\n"),
        ("web/web.go", "package web\n\nvar emojiHost = os.Getenv(\"EMOJISVC_HOST\")\n"),
    ];
    let resolved = org(&[("emojivoto", files)]);
    insta::assert_snapshot!("compose_and_cluster_names", summary(&resolved));
}

/// DeathStarBench's socialNetwork (its report): C++ services run one shared image with their
/// own entrypoints, and find each other through `config_json["user-service"]["addr"]`; Lua
/// scripts connect with `GenericObjectPool:connection(Client, "user-service" .. suffix, 9090)`.
/// No C++ or Lua file was read, the root Dockerfile was a service named after the repo, and
/// OpenResty's scripts, mounted into a stock image, belonged to no service. A folder two
/// services mount belongs to neither.
#[test]
fn cpp_and_lua_name_hosts_by_config_keys_and_ports() {
    let compose = "services:\n  compose-post-service:\n    image: acme/social-network-microservices:latest\n    entrypoint: ComposePostService\n    volumes: [\"./config:/config\"]\n  user-service:\n    image: acme/social-network-microservices:latest\n    entrypoint: UserService\n    volumes: [\"./config:/config\"]\n  media-frontend:\n    image: acme/media-frontend:latest\n  nginx-thrift:\n    image: openresty/openresty:alpine\n    volumes:\n      - ./nginx-web-server/lua-scripts:/usr/local/openresty/nginx/lua-scripts\n      - ./config:/config\n  user-mongodb:\n    image: mongo:4.4\n";
    let files: &[(&str, &str)] = &[
        ("docker-compose.yml", compose),
        ("Dockerfile", "FROM ubuntu:22.04\nCOPY ./ /social-network\nRUN cmake . && make install\n"),
        (
            "src/ComposePostService/ComposePostService.cpp",
            "#include \"../utils.h\"\n\nint main() {\n  json config_json;\n  std::string user_addr = config_json[\"user-service\"][\"addr\"];\n  int user_port = config_json[\"user-service\"][\"port\"];\n  SetUpTracer(\"config/jaeger-config.yml\", \"compose-post-service\");\n}\n",
        ),
        ("src/UserService/UserService.cpp", "int main() {\n  std::string mongo = config_json[\"user-mongodb\"][\"addr\"];\n}\n"),
        ("nginx-web-server/lua-scripts/api/compose.lua", "local client = GenericObjectPool:connection(ComposePostServiceClient, \"compose-post-service\" .. k8s_suffix, 9090)\n"),
        ("config/service.lua", "return { host = \"user-service\" }\n"),
        ("src/MediaFrontend/upload.lua", "-- uploads media\nlocal conn = mongo:connect(\"user-mongodb\", 27017)\nlocal client = pool:connection(UserServiceClient, \"user-service\" .. k8s_suffix, 9090)\n"),
    ];
    let resolved = org(&[("socialNetwork", files)]);
    insta::assert_snapshot!("cpp_and_lua_hosts", summary(&resolved));
}

/// go-coffeeshop (its report): services built from `cmd/<name>` keep their code, their gRPC
/// clients among it, in `internal/<name>`, which belonged to no component.
#[test]
fn a_go_services_internal_folder_is_its_code() {
    let compose = "services:\n  counter:\n    build: {context: ., dockerfile: ./docker/Dockerfile-counter}\n  product:\n    build: {context: ., dockerfile: ./docker/Dockerfile-product}\n";
    let files: &[(&str, &str)] = &[
        ("docker-compose.yml", compose),
        ("docker/Dockerfile-counter", "FROM golang:1.22\nCOPY . .\nRUN go build -o /app ./cmd/counter\n"),
        ("docker/Dockerfile-product", "FROM golang:1.22\nCOPY . .\nRUN go build -o /app ./cmd/product\n"),
        ("go.mod", "module acme/coffeeshop\n\ngo 1.22\n"),
        ("cmd/counter/main.go", GO_MAIN),
        ("cmd/product/main.go", GO_MAIN),
        ("internal/counter/infras/product_client.go", "package grpc\n\nconst productAddr = \"http://product:5001\"\n"),
        ("internal/product/app/app.go", "package app\n"),
    ];
    let resolved = org(&[("coffeeshop", files)]);
    insta::assert_snapshot!("go_internal_folders", summary(&resolved));
}

/// A repo's own service built by its root Dockerfile keeps it, beside two image-only services
/// whose folders are inside the repo (unlike a Dockerfile every service runs as one image).
#[test]
fn a_root_dockerfile_beside_image_only_services_of_their_own_images_is_a_service() {
    let compose = "services:\n  frontend:\n    image: acme/shop-frontend:1\n  admin:\n    image: acme/shop-admin:1\n  db:\n    image: postgres:16\n";
    let files: &[(&str, &str)] = &[
        ("docker-compose.yml", compose),
        ("Dockerfile", "FROM golang:1.22\nCOPY . .\nRUN go build -o /shop .\n"),
        ("main.go", "package main\n\nconst payments = \"http://payments:8080\"\n"),
        ("frontend/app.js", "fetch('http://shop:8080/orders')\n"),
        ("admin/app.js", "fetch('http://shop:8080/admin')\n"),
    ];
    let resolved = org(&[("shop", files)]);
    let summary = summary(&resolved);
    assert!(summary.contains("component:shop repo=\"shop\" root=\"\""), "{summary}");
    assert!(summary.contains("component:frontend -depends_on-> component:shop"), "{summary}");
}

//! Shapes the fourth round of unseen systems showed (issue #3's reports of 2026-12-06, third
//! session: piomin's Kafka and Spring Cloud samples, coolstore, hashicups).

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n";

/// piomin's sample-spring-kafka-microservices: the order service reads the payment and stock
/// services' topics with Kafka Streams (`builder.stream("payment-orders", ..)`, a join with
/// `builder.stream("stock-orders")`) and writes the result with `.to("orders")`, which the
/// others' `@KafkaListener`s read. A collection's `.stream(..)` and a file without the library
/// name no topic.
#[test]
fn kafka_streams_dsl_subscribes_and_publishes_topics() {
    let order = "package pl.piomin.order;\n\nimport org.apache.kafka.common.serialization.Serdes;\nimport org.apache.kafka.streams.StreamsBuilder;\nimport org.apache.kafka.streams.kstream.*;\n\npublic class OrderApp {\n    private static final String STOCK_TOPIC = \"stock-orders\";\n\n    @Bean\n    public KStream<Long, Order> stream(StreamsBuilder builder) {\n        KStream<Long, Order> stream = builder\n                .stream(\"payment-orders\", Consumed.with(Serdes.Long(), orderSerde));\n        stream.join(\n                        builder.stream(STOCK_TOPIC),\n                        (o1, o2) -> confirm(o1, o2),\n                        JoinWindows.of(Duration.ofSeconds(10)))\n                .to(\"orders\");\n        return stream;\n    }\n}\n";
    let listener = |topic: &str, package: &str| {
        format!(
            "package pl.piomin.{package};\n\nimport org.springframework.kafka.annotation.KafkaListener;\nimport org.springframework.kafka.core.KafkaTemplate;\n\npublic class App {{\n    @KafkaListener(id = \"orders\", topics = \"orders\", groupId = \"{package}\")\n    public void onEvent(Order o) {{\n        template.send(\"{topic}\", o.getId(), o);\n    }}\n}}\n"
        )
    };
    // `Arrays.stream(ids)` and a route's `.to("orders")` without Kafka Streams are other calls.
    let other = "package pl.piomin.audit;\n\nimport java.util.Arrays;\n\npublic class Audit {\n    void f(String[] ids) { Arrays.stream(ids).forEach(System.out::println); route.to(\"payment-orders\"); }\n}\n";
    let payment = listener("payment-orders", "payment");
    let stock = listener("stock-orders", "stock");
    let resolved = org(&[(
        "sample-spring-kafka-microservices",
        &[
            ("order-service/Dockerfile", DOCKERFILE),
            ("order-service/src/main/java/pl/piomin/order/OrderApp.java", order),
            ("payment-service/Dockerfile", DOCKERFILE),
            ("payment-service/src/main/java/pl/piomin/payment/App.java", &payment),
            ("stock-service/Dockerfile", DOCKERFILE),
            ("stock-service/src/main/java/pl/piomin/stock/App.java", &stock),
            ("audit-service/Dockerfile", DOCKERFILE),
            ("audit-service/src/main/java/pl/piomin/audit/Audit.java", other),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-service repo="sample-spring-kafka-microservices" root="audit-service"
    component:order-service repo="sample-spring-kafka-microservices" root="order-service"
    component:payment-service repo="sample-spring-kafka-microservices" root="payment-service"
    component:stock-service repo="sample-spring-kafka-microservices" root="stock-service"
    component:order-service -depends_on-> component:payment-service
    component:order-service -depends_on-> component:stock-service
    component:payment-service -depends_on-> component:order-service
    component:stock-service -depends_on-> component:order-service
    "#);
}

/// piomin's Kafka sample runs its broker from `moeenz/docker-kafka-kraft`: a backing service's
/// word inside a third party's image name is a resource. Not so an org's own image whose
/// namespace names it (`sample-spring-kafka-microservices/order-service`, rooted at its
/// folder), one it builds (`kafka-consumer-service`), nor one in the namespace of its other
/// images (acme fitness's `order-postgres-tracing` beside `acmeshop-cart`; here `history-..`).
#[test]
fn a_backing_service_word_inside_a_third_party_image_is_a_resource() {
    let compose = "services:\n  broker:\n    image: moeenz/docker-kafka-kraft:latest\n  order-service:\n    image: sample-spring-kafka-microservices/order-service:1.0-SNAPSHOT\n    environment:\n      KAFKA_URL: http://broker:9092\n  kafka-consumer-service:\n    build: ./kafka-consumer-service\n  history:\n    image: gcr.io/acme/history-postgres-tracing:3.0\n  cart:\n    image: gcr.io/acme/acmeshop-cart:1.3.1\n";
    let pom = |name: &str| format!("<project><artifactId>{name}</artifactId></project>\n");
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("order-service/pom.xml", &pom("order-service")),
            ("order-service/src/main/java/App.java", "class App {}\n"),
            ("kafka-consumer-service/Dockerfile", DOCKERFILE),
            ("kafka-consumer-service/src/main/java/App.java", "class App {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo=- root=-
    component:history repo=- root=-
    component:kafka-consumer-service repo="shop" root="kafka-consumer-service"
    component:order-service repo="shop" root="order-service"
    resource:broker repo=- root=-
    "#);
}

/// piomin's sample-spring-microservices-new: the config server runs the `native` profile with
/// no search locations, so Spring's defaults serve its `src/main/resources/config/` files, each
/// the config of the service it is named after: the gateway's routes (`lb://employee-service`)
/// are the gateway's calls, not the config server's. A module with the profile whose build
/// declares no config server serves nothing.
#[test]
fn a_native_config_server_without_search_locations_serves_its_config_folder() {
    // Each module's dependencies, spaced by `,`.
    let pom = |name: &str, dependencies: &str| {
        let dependencies: String = dependencies
            .split(',')
            .map(|dependency| format!("    <dependency>\n      <groupId>org.springframework.cloud</groupId>\n      <artifactId>{dependency}</artifactId>\n    </dependency>\n"))
            .collect();
        format!("<project>\n  <artifactId>{name}</artifactId>\n  <dependencies>\n{dependencies}  </dependencies>\n</project>\n")
    };
    let client = |name: &str| format!("spring:\n  application:\n    name: {name}\n  config:\n    import: \"optional:configserver:http://config-service:8088\"\n");
    let server = "server:\n  port: 8088\nspring:\n  profiles:\n    active: native\n";
    let gateway = "spring:\n  cloud:\n    gateway:\n      routes:\n      - id: employee-service\n        uri: lb://employee-service\n        predicates:\n        - Path=/employee/**\n";
    let employee = "eureka:\n  client:\n    serviceUrl:\n      defaultZone: http://discovery-service:8061/eureka/\n";
    let compose = "services:\n  config-service:\n    image: piomin/config-service\n  discovery-service:\n    image: piomin/discovery-service\n  employee-service:\n    image: piomin/employee-service\n  gateway-service:\n    image: piomin/gateway-service\n";
    let module = |name: &'static str, dependency: &'static str, config: String| {
        [(format!("{name}/pom.xml"), pom(name, dependency)), (format!("{name}/src/main/resources/application.yml"), config), (format!("{name}/src/main/java/App.java"), "class App {}\n".to_string())]
    };
    let mut files: Vec<(String, String)> = vec![("docker-compose.yml".into(), compose.into())];
    files.extend(module("config-service", "spring-cloud-config-server", server.into()));
    files.extend(module("discovery-service", "spring-cloud-starter-netflix-eureka-server", client("discovery-service")));
    files.extend(module("employee-service", "spring-cloud-starter-config,spring-cloud-starter-netflix-eureka-client", client("employee-service")));
    files.extend(module("gateway-service", "spring-cloud-starter-gateway", client("gateway-service")));
    files.push(("config-service/src/main/resources/config/gateway-service-docker.yml".into(), gateway.into()));
    files.push(("config-service/src/main/resources/config/employee-service.yml".into(), employee.into()));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("sample-spring-microservices-new", &borrowed)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:config-service repo="sample-spring-microservices-new" root="config-service"
    component:discovery-service repo="sample-spring-microservices-new" root="discovery-service"
    component:employee-service repo="sample-spring-microservices-new" root="employee-service"
    component:gateway-service repo="sample-spring-microservices-new" root="gateway-service"
    component:discovery-service -depends_on-> component:config-service
    component:employee-service -depends_on-> component:config-service
    component:employee-service -depends_on-> component:discovery-service
    component:gateway-service -depends_on-> component:config-service
    component:gateway-service -depends_on-> component:employee-service
    "#);
    // The same module without the config server's dependency: the files are its own.
    let without: Vec<(&str, &str)> =
        borrowed.iter().map(|(path, text)| (*path, if *path == "config-service/pom.xml" { "<project><artifactId>config-service</artifactId></project>\n" } else { text })).collect();
    let resolved = org(&[("sample-spring-microservices-new", &without)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:config-service repo="sample-spring-microservices-new" root="config-service"
    component:discovery-service repo="sample-spring-microservices-new" root="discovery-service"
    component:employee-service repo="sample-spring-microservices-new" root="employee-service"
    component:gateway-service repo="sample-spring-microservices-new" root="gateway-service"
    component:config-service -depends_on-> component:discovery-service
    component:config-service -depends_on-> component:employee-service
    component:discovery-service -depends_on-> component:config-service
    component:employee-service -depends_on-> component:config-service
    component:gateway-service -depends_on-> component:config-service
    "#);
}

/// coolstore's chart deploys a service named `openapi` (`image: .../cs-openapi`): the word made
/// the template read as a contract, with its actions left in (`namespace: {{ .Release.Namespace
/// }}` failed to parse). A contract says what it is by its top-level key, and keeps a `{{` of
/// its text.
#[test]
fn a_chart_template_naming_openapi_is_a_template() {
    let deployment = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: openapi-v1\n  namespace: {{ .Release.Namespace }}\nspec:\n  template:\n    metadata:\n      labels:\n        app: openapi\n        version: v1\n    spec:\n      containers:\n      - name: openapi\n        image: {{.Values.image.imageRegistry}}/cs-openapi:{{.Values.image.dockerTag}}\n        env:\n        - name: BASE_PATH\n          value: /v1/\n";
    let facts = factory_brain::read_file("deploys/charts/coolstore/templates/openapi-dep.yaml", deployment.as_bytes()).expect("a Helm template");
    assert_eq!(facts.units.iter().map(|unit| unit.name.as_str()).collect::<Vec<_>>(), ["openapi-v1"]);
    let contract = "openapi: 3.0.0\ninfo:\n  title: Orders\n  description: Send {{token}} in the header\n  version: 1.0.0\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n";
    let facts = factory_brain::read_file("deploys/charts/coolstore/templates/orders-api.yaml", contract.as_bytes()).expect("a contract");
    assert!(facts.nodes.iter().any(|node| node.kind == "operation" || node.kind == "api"), "the contract is read as written: {facts:?}");
}

/// hashicups deploys one image (`hashicorpdemoapp/product-api`) as compose's `product-api` and
/// Kubernetes's `products-api`: one service, by compose's name, the suffix off both names
/// before the plural is compared. And the public API's code reads `PAYMENT_API_URI`, which
/// names the `payments` repo, the one component named so but for the plural.
#[test]
fn names_alike_but_for_a_plural_before_a_suffix_are_one_service() {
    let compose = "services:\n  public-api:\n    image: hashicorpdemoapp/public-api:v0.0.7\n    environment:\n      - PRODUCT_API_URI=http://product-api:9090\n  product-api:\n    image: hashicorpdemoapp/product-api:v0.0.22\n";
    let kubernetes = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: public-api\nspec:\n  template:\n    spec:\n      containers:\n        - name: public-api\n          image: hashicorpdemoapp/public-api:v0.0.7\n          env:\n            - name: PRODUCT_API_URI\n              value: http://products-api:9090\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: products-api\nspec:\n  template:\n    spec:\n      containers:\n        - name: products-api\n          image: hashicorpdemoapp/product-api:v0.0.22\n";
    let resolved = org(&[("hashicups-setups", &[("docker-compose-deployment/docker-compose.yaml", compose), ("k8s/products-api.yaml", kubernetes)])]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:product-api repo=- root=-
    component:public-api repo=- root=-
    component:public-api -depends_on-> component:product-api
    ");
    let main = "package main\n\nimport \"os\"\n\nfunc main() {\n\tpaymentAddress := os.Getenv(\"PAYMENT_API_URI\")\n\t_ = paymentAddress\n}\n";
    let resolved = org(&[
        ("public-api", &[("Dockerfile", "FROM golang:1.21\nCOPY . .\n"), ("main.go", main)]),
        ("payments", &[("Dockerfile", "FROM eclipse-temurin:21\nCOPY . .\n"), ("src/main/java/App.java", "class App {}\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:payments repo="payments" root=""
    component:public-api repo="public-api" root=""
    component:public-api -depends_on-> component:payments
    "#);
}

/// hashicups on Consul's service mesh: a pod's upstreams annotation lists the services its
/// sidecar connects it to (`name:port`, a datacenter after a second `:`), and an agent's HCL
/// service definition its `upstreams` by `destination_name`; both are declared calls.
#[test]
fn consul_upstreams_are_declared_dependencies() {
    let deployment = |name: &str, annotations: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n{annotations}    spec:\n      containers:\n        - name: {name}\n          image: hashicorpdemoapp/{name}:v1\n"
        )
    };
    let public = deployment("public-api", "        consul.hashicorp.com/connect-service-upstreams: \"product-api:9090, payments:1800:dc1\"\n");
    let frontend = "service {\n  name = \"frontend\"\n  port = 80\n  connect {\n    sidecar_service {\n      proxy {\n        upstreams = [\n          {\n            destination_name = \"public-api\"\n            local_bind_port  = 8080\n          }\n        ]\n      }\n    }\n  }\n  check {\n    name = \"Frontend status check\"\n    tcp  = \"localhost:80\"\n  }\n}\n";
    let resolved = org(&[(
        "hashicups-setups",
        &[
            ("k8s/public-api.yaml", &public),
            ("k8s/product-api.yaml", &deployment("product-api", "")),
            ("k8s/payments.yaml", &deployment("payments", "")),
            ("k8s/frontend.yaml", &deployment("frontend", "")),
            ("client_config/svc_frontend.hcl", frontend),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:frontend repo=- root=-
    component:payments repo=- root=-
    component:product-api repo=- root=-
    component:public-api repo=- root=-
    component:frontend -depends_on-> component:public-api
    component:public-api -depends_on-> component:payments
    component:public-api -depends_on-> component:product-api
    ");
}

/// coolstore: the APIs validate tokens against the identity provider at `Idp__Authority=
/// http://${HOST_IP}:${IDP_SVR_PORT}`, the port the identity service publishes as
/// `"${IDP_SVR_PORT}:80"`; an OpenID Connect client's authority is an address it calls.
#[test]
fn an_authority_through_a_published_port_written_as_a_variable_is_a_call() {
    let compose = "services:\n  idp-service:\n    build:\n      context: .\n      dockerfile: ./src/services/idp/Dockerfile\n    environment:\n      - Hosts__Externals__CurrentUri=http://${HOST_IP}:${IDP_SVR_PORT}\n    ports:\n      - \"${IDP_SVR_PORT}:80\"\n  cart-service:\n    build:\n      context: .\n      dockerfile: ./src/services/cart/Dockerfile\n    environment:\n      - Idp__Authority=http://${HOST_IP}:${IDP_SVR_PORT}\n    ports:\n      - \"${CART_SVC_PORT}:${CART_SVC_PORT}\"\n";
    let dockerfile = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY . .\n";
    let resolved = org(&[(
        "coolstore",
        &[
            ("docker-compose.yml", compose),
            (".env", "IDP_SVR_PORT=8083\nCART_SVC_PORT=5003\n"),
            ("src/services/idp/Dockerfile", dockerfile),
            ("src/services/idp/Program.cs", "class Program {}\n"),
            ("src/services/cart/Dockerfile", dockerfile),
            ("src/services/cart/Program.cs", "class Program {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="coolstore" root="src/services/cart"
    component:idp-service repo="coolstore" root="src/services/idp"
    component:cart-service -depends_on-> component:idp-service
    "#);
}

//! A config server's shared `application.yml` naming a broker by its host alone
//! (`spring.rabbitmq.host: rabbitmq`, no port beside it): PiggyMetrics (sqshq/piggymetrics,
//! rebuilt from its public files as a multi-repo org for the ninth session's real-system
//! measurement), whose account, statistics and notification services (Spring Cloud Bus over
//! AMQP) and Turbine stream service use RabbitMQ, and whose auth service and gateway, built
//! without an AMQP client, do not. The host was read only beside a port before.

mod support;

use support::org;

/// The `depends_on` edges to the broker when the services' builds declare `accounts_library`
/// and `auth_library`.
fn broker_edges(accounts_library: &str, auth_library: &str) -> Vec<String> {
    let server = "spring:\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\n";
    let shared = "spring:\n  rabbitmq:\n    host: rabbitmq\n";
    let client = |name: &str| format!("spring:\n  application:\n    name: {name}\n  cloud:\n    config:\n      uri: http://config:8888\n");
    let pom = |artifact: &str, dependency: &str| format!("<project><groupId>com.example</groupId><artifactId>{artifact}</artifactId><dependencies><dependency><groupId>org.springframework.cloud</groupId><artifactId>{dependency}</artifactId></dependency></dependencies></project>\n");
    let (accounts, auth) = (client("accounts"), client("auth"));
    let (accounts_pom, auth_pom) = (pom("accounts", accounts_library), pom("auth", auth_library));
    let compose = "services:\n  rabbitmq:\n    image: rabbitmq:3-management\n  config:\n    build: ./config\n  accounts:\n    build: ./accounts\n  auth:\n    build: ./auth\n";
    let resolved = org(&[(
        "piggy",
        &[
            ("docker-compose.yml", compose),
            ("config/Dockerfile", "FROM java:8\n"),
            ("config/src/main/resources/application.yml", server),
            ("config/src/main/resources/shared/application.yml", shared),
            ("accounts/Dockerfile", "FROM java:8\n"),
            ("accounts/pom.xml", &accounts_pom),
            ("accounts/src/main/resources/bootstrap.yml", &accounts),
            ("auth/Dockerfile", "FROM java:8\n"),
            ("auth/pom.xml", &auth_pom),
            ("auth/src/main/resources/bootstrap.yml", &auth),
        ],
    )]);
    let mut edges: Vec<String> = resolved.edges.iter().filter(|edge| edge.kind == "depends_on" && edge.to == "resource:rabbitmq").map(|edge| format!("{} -depends_on-> {}", edge.from, edge.to)).collect();
    edges.dedup();
    edges
}

/// The service built with Spring Cloud Bus over AMQP uses the shared broker.
#[test]
fn a_shared_brokers_host_alone_is_used_by_the_services_with_an_amqp_client() {
    assert_eq!(broker_edges("spring-cloud-starter-bus-amqp", "spring-boot-starter-web"), ["component:accounts -depends_on-> resource:rabbitmq"]);
}

/// Near miss: no service built with an AMQP client uses it.
#[test]
fn services_without_an_amqp_client_do_not_use_the_shared_broker() {
    assert_eq!(broker_edges("spring-boot-starter-web", "spring-boot-starter-web"), Vec::<String>::new());
}

//! Spring Cloud Alibaba systems: a Nacos registry and a module built as a monitoring server.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM openjdk:17\nCOPY target/*.jar /app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n";

fn pom(artifact: &str, dependencies: &[&str]) -> String {
    let dependencies: String = dependencies
        .iter()
        .map(|dependency| {
            let (group, id) = dependency.split_once(':').unwrap_or(("", dependency));
            format!("    <dependency>\n      <groupId>{group}</groupId>\n      <artifactId>{id}</artifactId>\n    </dependency>\n")
        })
        .collect();
    format!("<project>\n  <artifactId>{artifact}</artifactId>\n  <dependencies>\n{dependencies}  </dependencies>\n</project>\n")
}

/// mall-swarm: every module registers with Nacos (`server-addr: http://nacos-registry:8848`,
/// the image `nacos/nacos-server` in the environment's compose file) and with a Spring Boot
/// Admin server the org builds as its own module (`mall-monitor`, whose pom depends on
/// `spring-boot-admin-starter-server`); the gateway's discovery locator routes to every
/// registered service. Neither the registry nor the admin server is a service: no service
/// depends on them, and the locator does not route to the monitor. A module that only uses
/// the admin server's client library stays a service.
#[test]
fn a_nacos_registry_and_an_admin_server_module_are_infrastructure() {
    let config = |name: &str, gateway: &str| {
        format!("spring:\n  application:\n    name: {name}\n  cloud:\n{gateway}    nacos:\n      discovery:\n        server-addr: http://nacos-registry:8848\n  boot:\n    admin:\n      client:\n        url: http://mall-monitor:8101\n")
    };
    let gateway = config("mall-gateway", "    gateway:\n      discovery:\n        locator:\n          enabled: true\n          lower-case-service-id: true\n");
    let (portal, search, monitor) = (config("mall-portal", ""), config("mall-search", ""), config("mall-monitor", ""));
    let app_compose = "services:\n  mall-gateway:\n    image: mall/mall-gateway:1.0\n  mall-portal:\n    image: mall/mall-portal:1.0\n  mall-search:\n    image: mall/mall-search:1.0\n  mall-monitor:\n    image: mall/mall-monitor:1.0\n";
    let env_compose = "services:\n  mysql:\n    image: mysql:5.7\n  nacos-registry:\n    image: nacos/nacos-server:1.3.0\n    ports:\n      - 8848:8848\n";
    let client = pom("mall-portal", &["org.springframework.boot:spring-boot-starter-web", "de.codecentric:spring-boot-admin-starter-client"]);
    let resolved = org(&[(
        "mall-swarm",
        &[
            ("document/docker/docker-compose-app.yml", app_compose),
            ("document/docker/docker-compose-env.yml", env_compose),
            ("mall-gateway/pom.xml", &pom("mall-gateway", &["org.springframework.cloud:spring-cloud-starter-gateway"])),
            ("mall-gateway/Dockerfile", DOCKERFILE),
            ("mall-gateway/src/main/resources/application.yml", &gateway),
            ("mall-gateway/src/main/java/mall/GatewayApplication.java", "package mall;\npublic class GatewayApplication {}\n"),
            ("mall-portal/pom.xml", &client),
            ("mall-portal/Dockerfile", DOCKERFILE),
            ("mall-portal/src/main/resources/application.yml", &portal),
            ("mall-portal/src/main/java/mall/PortalApplication.java", "package mall;\npublic class PortalApplication {}\n"),
            ("mall-search/pom.xml", &pom("mall-search", &["org.springframework.boot:spring-boot-starter-web"])),
            ("mall-search/Dockerfile", DOCKERFILE),
            ("mall-search/src/main/resources/application.yml", &search),
            ("mall-search/src/main/java/mall/SearchApplication.java", "package mall;\npublic class SearchApplication {}\n"),
            ("mall-monitor/pom.xml", &pom("mall-monitor", &["de.codecentric:spring-boot-admin-starter-server", "org.springframework.boot:spring-boot-starter-security"])),
            ("mall-monitor/Dockerfile", DOCKERFILE),
            ("mall-monitor/src/main/resources/application.yml", &monitor),
            ("mall-monitor/src/main/java/mall/MonitorApplication.java", "package mall;\n@EnableAdminServer\npublic class MonitorApplication {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:mall-gateway repo="mall-swarm" root="mall-gateway"
    component:mall-portal repo="mall-swarm" root="mall-portal"
    component:mall-search repo="mall-swarm" root="mall-search"
    resource:mall-monitor repo="mall-swarm" root="mall-monitor"
    resource:mysql repo=- root=-
    resource:nacos-registry repo=- root=-
    component:mall-gateway -depends_on-> component:mall-portal
    component:mall-gateway -depends_on-> component:mall-search
    "#);
}

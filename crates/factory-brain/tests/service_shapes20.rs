//! Settings only a library reads, in a service's own config.

mod support;

use support::{org, summary};

/// asc-lab's dotnetcore-microservices-poc: every service's `appsettings.docker.json` carries
/// the Eureka client's settings, copied from those that register. Only a service whose project
/// has a discovery client (Steeltoe's) calls the registry; one without it does not, and one
/// whose build is not read may.
#[test]
fn a_librarys_settings_name_a_dependency_only_of_services_built_with_it() {
    let compose = "services:\n  eureka-server:\n    build: ./EurekaServer\n  pricing:\n    build: ./PricingService\n  chat:\n    build: ./ChatService\n  legacy:\n    build: ./LegacyService\n";
    let settings = "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"Eureka\": {\n    \"Client\": {\n      \"ServiceUrl\": \"http://eureka-server:8761/eureka/\",\n      \"ShouldRegisterWithEureka\": true\n    }\n  }\n}\n";
    let project = |package: &str| format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"{package}\" Version=\"3.2.0\" />\n  </ItemGroup>\n</Project>\n");
    let (pricing, chat) = (project("Steeltoe.Discovery.ClientCore"), project("Microsoft.AspNetCore.SignalR"));
    let pom = "<project>\n  <artifactId>eureka-server</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.cloud</groupId>\n      <artifactId>spring-cloud-starter-netflix-eureka-server</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n";
    let dockerfile = "FROM mcr.microsoft.com/dotnet/aspnet:7.0\nCOPY . /app\n";
    let resolved = org(&[(
        "poc",
        &[
            ("docker-compose.yml", compose),
            ("EurekaServer/Dockerfile", "FROM eclipse-temurin:17\nCOPY target/app.jar /app.jar\n"),
            ("EurekaServer/pom.xml", pom),
            ("PricingService/Dockerfile", dockerfile),
            ("PricingService/PricingService.csproj", &pricing),
            ("PricingService/appsettings.docker.json", settings),
            ("ChatService/Dockerfile", dockerfile),
            ("ChatService/ChatService.csproj", &chat),
            ("ChatService/appsettings.docker.json", settings),
            ("LegacyService/Dockerfile", dockerfile),
            ("LegacyService/appsettings.docker.json", settings),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:chat repo="poc" root="ChatService"
    component:eureka-server repo="poc" root="EurekaServer"
    component:legacy repo="poc" root="LegacyService"
    component:pricing repo="poc" root="PricingService"
    component:legacy -depends_on-> component:eureka-server
    component:pricing -depends_on-> component:eureka-server
    "#);
}

/// go-food-delivery-microservices: the catalog read service sits in `internal/services/` beside
/// the write and order services, with its own `go.mod` and routes, but no Dockerfile. It is a
/// service like its siblings; a module beside them serving nothing (a migration tool) is not,
/// nor is a module away from them.
#[test]
fn a_module_serving_routes_beside_deployed_modules_is_a_service() {
    let go_mod = |name: &str| format!("module github.com/acme/food/internal/services/{name}\n\ngo 1.21\n");
    let server = |path: &str| format!("package main\n\nimport \"github.com/labstack/echo/v4\"\n\nfunc main() {{\n\te := echo.New()\n\te.GET(\"{path}\", list)\n\te.Start(\":7001\")\n}}\n");
    let write_client = "package clients\n\nconst readURL = \"http://catalogreadservice:7001/api/v1/products\"\n\nfunc Fetch() { http.Get(readURL) }\n";
    let dockerfile = "FROM golang:1.21\nCOPY . /app\nRUN go build -o /app/service ./cmd/app\nENTRYPOINT [\"/app/service\"]\n";
    let (write_mod, read_mod, order_mod, migrate_mod) = (go_mod("catalogwriteservice"), go_mod("catalogreadservice"), go_mod("orderservice"), go_mod("migrations"));
    let (write_main, read_main, order_main, tool_main) = (server("/api/v1/catalog"), server("/api/v1/products"), server("/api/v1/orders"), server("/api/v1/tools"));
    let resolved = org(&[(
        "food",
        &[
            ("internal/services/catalogwriteservice/Dockerfile", dockerfile),
            ("internal/services/catalogwriteservice/go.mod", &write_mod),
            ("internal/services/catalogwriteservice/cmd/app/main.go", &write_main),
            ("internal/services/catalogwriteservice/internal/clients/read.go", write_client),
            ("internal/services/catalogreadservice/go.mod", &read_mod),
            ("internal/services/catalogreadservice/cmd/app/main.go", &read_main),
            ("internal/services/orderservice/Dockerfile", dockerfile),
            ("internal/services/orderservice/go.mod", &order_mod),
            ("internal/services/orderservice/cmd/app/main.go", &order_main),
            ("internal/services/migrations/go.mod", &migrate_mod),
            ("internal/services/migrations/cmd/migrate/main.go", "package main\n\nfunc main() { migrate() }\n"),
            ("tools/devserver/go.mod", "module github.com/acme/food/tools/devserver\n\ngo 1.21\n"),
            ("tools/devserver/main.go", &tool_main),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalogreadservice repo="food" root="internal/services/catalogreadservice"
    component:catalogwriteservice repo="food" root="internal/services/catalogwriteservice"
    component:orderservice repo="food" root="internal/services/orderservice"
    component:catalogwriteservice -depends_on-> component:catalogreadservice
    "#);
}

/// kbastani's spring-cloud-event-sourcing-example: the catalog service aggregates Hystrix
/// streams with Turbine, a monitoring server's artifact in its build, but serves its own
/// routes, which the shopping cart calls: it stays a service. The Hystrix dashboard module,
/// which serves nothing, is infrastructure.
#[test]
fn a_module_serving_routes_beside_a_monitoring_server_is_a_service() {
    let pom = |name: &str, artifacts: &[&str]| {
        let dependencies: String = artifacts.iter().map(|artifact| format!("    <dependency>\n      <groupId>org.springframework.cloud</groupId>\n      <artifactId>{artifact}</artifactId>\n    </dependency>\n")).collect();
        format!("<project>\n  <artifactId>{name}</artifactId>\n  <dependencies>\n{dependencies}  </dependencies>\n</project>\n")
    };
    let compose = "services:\n  catalog-service:\n    image: acme/catalog-service\n  hystrix-dashboard:\n    image: acme/hystrix-dashboard\n  shopping-cart-service:\n    image: acme/shopping-cart-service\n";
    let controller = "@RestController\n@RequestMapping(path = \"/v1\")\npublic class CatalogControllerV1 {\n    @GetMapping(\"/catalog\")\n    public Catalog catalog() { return service.catalog(); }\n}\n";
    let client = "@Service\npublic class CartService {\n    public Catalog catalog() {\n        return restTemplate.getForObject(\"http://catalog-service/v1/catalog\", Catalog.class);\n    }\n}\n";
    let (catalog_pom, dashboard_pom, cart_pom) = (
        pom("catalog-service", &["spring-boot-starter-web", "spring-cloud-starter-turbine"]),
        pom("hystrix-dashboard", &["spring-cloud-starter-hystrix-dashboard"]),
        pom("shopping-cart-service", &["spring-boot-starter-web"]),
    );
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("catalog-service/pom.xml", &catalog_pom),
            ("catalog-service/src/main/java/demo/CatalogControllerV1.java", controller),
            ("hystrix-dashboard/pom.xml", &dashboard_pom),
            ("hystrix-dashboard/src/main/java/demo/DashboardApplication.java", "@EnableHystrixDashboard\npublic class DashboardApplication {}\n"),
            ("shopping-cart-service/pom.xml", &cart_pom),
            ("shopping-cart-service/src/main/java/demo/CartService.java", client),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog-service repo="shop" root="catalog-service"
    component:shopping-cart-service repo="shop" root="shopping-cart-service"
    resource:hystrix-dashboard repo="shop" root="hystrix-dashboard"
    component:shopping-cart-service -depends_on-> component:catalog-service
    "#);
}

/// kbastani's edge service routes with Zuul's short form, a service's registered name mapped
/// to a path (`account-service: /account/**`), and the long form without a `url` or
/// `serviceId`; a route to a URL names that URL's host, not the route's name.
#[test]
fn zuul_routes_by_a_services_own_name_reach_it() {
    let edge = "zuul:\n  routes:\n    account-service: /account/**\n    order-service:\n      path: /order/**\n      stripPrefix: false\n    legacy:\n      path: /legacy/**\n      url: http://old-shop.example.com\n";
    let compose = "services:\n  edge-service:\n    image: acme/edge-service\n  account-service:\n    image: acme/account-service\n  order-service:\n    image: acme/order-service\n  legacy:\n    image: acme/legacy\n";
    let module = |name: &str| format!("<project>\n  <artifactId>{name}</artifactId>\n</project>\n");
    let (edge_pom, account_pom, order_pom, legacy_pom) = (module("edge-service"), module("account-service"), module("order-service"), module("legacy"));
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("edge-service/pom.xml", &edge_pom),
            ("edge-service/src/main/resources/application.yml", edge),
            ("account-service/pom.xml", &account_pom),
            ("order-service/pom.xml", &order_pom),
            ("legacy/pom.xml", &legacy_pom),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:account-service repo="shop" root="account-service"
    component:edge-service repo="shop" root="edge-service"
    component:legacy repo="shop" root="legacy"
    component:order-service repo="shop" root="order-service"
    component:edge-service -depends_on-> component:account-service
    component:edge-service -depends_on-> component:order-service
    "#);
}

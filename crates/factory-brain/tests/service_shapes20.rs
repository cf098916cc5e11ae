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

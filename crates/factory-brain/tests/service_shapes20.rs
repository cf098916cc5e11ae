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

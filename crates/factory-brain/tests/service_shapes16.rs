//! .NET solutions whose services are layered over several projects.

mod support;

use support::{org, summary};

fn csproj(references: &[&str]) -> String {
    let references: String = references.iter().map(|reference| format!("    <ProjectReference Include=\"{reference}\" />\n")).collect();
    format!("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Volo.Abp.EventBus.RabbitMQ\" Version=\"8.0.0\" />\n{references}  </ItemGroup>\n</Project>\n")
}

/// eShopOnAbp: each service's host project (the folder compose builds) references its
/// application and domain projects beside it, where ordering's `OrderManager` publishes
/// `OrderPlacedEto` on ABP's distributed event bus and basket's handler subscribes to it. The
/// shared hosting library every host references publishes and handles `MigrationsEto` of its
/// own: it belongs to no service, so it joins no one.
#[test]
fn a_host_project_owns_the_projects_it_alone_references() {
    let compose = "services:\n  ordering:\n    build:\n      context: ../../\n      dockerfile: services/ordering/src/Ordering.Host/Dockerfile\n  basket:\n    build:\n      context: ../../\n      dockerfile: services/basket/src/Basket.Host/Dockerfile\n";
    let dockerfile = |host: &str| format!("FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY bin/Release/net8.0/publish/ app/\nENTRYPOINT [\"dotnet\", \"{host}.dll\"]\n");
    let (ordering_dockerfile, basket_dockerfile) = (dockerfile("Ordering.Host"), dockerfile("Basket.Host"));
    let shared = "../../../../shared/Shop.Shared.Hosting/Shop.Shared.Hosting.csproj";
    let ordering_host = csproj(&["..\\Ordering.Application\\Ordering.Application.csproj", &shared.replace('/', "\\")]);
    let ordering_application = csproj(&["..\\Ordering.Domain\\Ordering.Domain.csproj"]);
    let basket_host = csproj(&["../Basket.Application/Basket.Application.csproj", shared]);
    let manager = "public class OrderManager : DomainService\n{\n    public async Task<Order> CreateAsync(Guid buyerId)\n    {\n        await _distributedEventBus.PublishAsync(new OrderPlacedEto\n        {\n            BuyerId = buyerId,\n        });\n    }\n}\n";
    let handler = "public class OrderPlacedEventHandler : IDistributedEventHandler<OrderPlacedEto>, ITransientDependency\n{\n    public async Task HandleEventAsync(OrderPlacedEto eventData) { }\n}\n";
    let migrations = "public class MigrationsHandler : IDistributedEventHandler<MigrationsEto>\n{\n    public async Task Migrate() => await _distributedEventBus.PublishAsync(new MigrationsEto());\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("etc/docker/docker-compose.yml", compose),
            ("services/ordering/src/Ordering.Host/Dockerfile", &ordering_dockerfile),
            ("services/ordering/src/Ordering.Host/Ordering.Host.csproj", &ordering_host),
            ("services/ordering/src/Ordering.Host/Program.cs", "var builder = WebApplication.CreateBuilder(args);\n"),
            ("services/ordering/src/Ordering.Application/Ordering.Application.csproj", &ordering_application),
            ("services/ordering/src/Ordering.Domain/Ordering.Domain.csproj", &csproj(&[])),
            ("services/ordering/src/Ordering.Domain/Orders/OrderManager.cs", manager),
            ("services/basket/src/Basket.Host/Dockerfile", &basket_dockerfile),
            ("services/basket/src/Basket.Host/Basket.Host.csproj", &basket_host),
            ("services/basket/src/Basket.Host/Program.cs", "var builder = WebApplication.CreateBuilder(args);\n"),
            ("services/basket/src/Basket.Application/Basket.Application.csproj", &csproj(&[])),
            ("services/basket/src/Basket.Application/Orders/OrderPlacedEventHandler.cs", handler),
            ("shared/Shop.Shared.Hosting/Shop.Shared.Hosting.csproj", &csproj(&[])),
            ("shared/Shop.Shared.Hosting/MigrationsHandler.cs", migrations),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:basket repo="shop" root="services/basket/src/Basket.Host" roots=["services/basket/src/Basket.Host","services/basket/src/Basket.Application"]
    component:ordering repo="shop" root="services/ordering/src/Ordering.Host" roots=["services/ordering/src/Ordering.Host","services/ordering/src/Ordering.Application","services/ordering/src/Ordering.Domain"]
    component:ordering -depends_on-> component:basket
    "#);
}

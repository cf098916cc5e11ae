//! ASP.NET services of Tailwind Traders (microsoft/TailwindTraders-Backend): versioned route
//! templates, and two gateways that serve and forward the same paths.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY . /app\nENTRYPOINT [\"dotnet\", \"App.dll\"]\n";
const PROJECT: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n";

/// Both back ends for front ends (`webapigw`, `mobileapigw`) serve
/// `[Route("v{version:apiVersion}/[controller]")]` controllers and call the product API's
/// `v{version:apiVersion}/product` routes with URLs they build (`$"{baseUri}/{version}/product/tag/{tag}"`):
/// the versioned template matches those calls. Both also serve `/{version}/products` and forward
/// it to a service whose routes are not read: neither is the other's provider.
#[test]
fn versioned_routes_match_and_two_gateways_forwarding_one_path_are_no_providers_of_each_other() {
    let compose = "services:\n  webapigw:\n    build: ./WebBff\n  mobileapigw:\n    build: ./MobileBff\n  product.api:\n    build: ./Product.Api\n";
    let product = "namespace Tailwind.Traders.Product.Api.Controllers\n{\n    [ApiVersion(\"1.0\")]\n    [Route(\"v{version:apiVersion}/[controller]\")]\n    [ApiController]\n    public class ProductController : ControllerBase\n    {\n        [HttpGet(\"tag/{tag}\")]\n        public IActionResult GetByTag(string tag) => Ok();\n    }\n}\n";
    let api = "namespace Bff.Infrastructure\n{\n    public static class API\n    {\n        public static string GetByTag(string baseUri, string version, string tag) => $\"{baseUri}/{version}/product/tag/{tag}\";\n        public static string GetPopular(string baseUri, string version) => $\"{baseUri}/{version}/products\";\n    }\n}\n";
    let controller = "namespace Bff.Controllers\n{\n    [Route(\"v{version:apiVersion}/[controller]\")]\n    [ApiController]\n    public class ProductsController : ControllerBase\n    {\n        private readonly HttpClient _client;\n\n        [HttpGet]\n        public async Task<IActionResult> GetProducts()\n        {\n            var popular = await _client.GetStringAsync(API.GetPopular(_settings.PopularProductsApiUrl, VERSION_API));\n            var tagged = await _client.GetStringAsync(API.GetByTag(_settings.ProductsApiUrl, VERSION_API, \"home\"));\n            return Ok();\n        }\n    }\n}\n";
    let mut files: Vec<(&str, &str)> = vec![("docker-compose.yml", compose), ("Product.Api/Dockerfile", DOCKERFILE), ("Product.Api/Product.Api.csproj", PROJECT), ("Product.Api/Controllers/ProductController.cs", product)];
    for bff in ["WebBff", "MobileBff"] {
        let paths: [&'static str; 4] = match bff {
            "WebBff" => ["WebBff/Dockerfile", "WebBff/WebBff.csproj", "WebBff/Infrastructure/API.cs", "WebBff/Controllers/ProductsController.cs"],
            _ => ["MobileBff/Dockerfile", "MobileBff/MobileBff.csproj", "MobileBff/Infrastructure/API.cs", "MobileBff/Controllers/ProductsController.cs"],
        };
        files.extend(paths.into_iter().zip([DOCKERFILE, PROJECT, api, controller]));
    }
    let resolved = org(&[("tailwind", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:mobileapigw repo="tailwind" root="MobileBff"
    component:product.api repo="tailwind" root="Product.Api"
    component:webapigw repo="tailwind" root="WebBff"
    component:mobileapigw -depends_on-> component:product.api
    component:webapigw -depends_on-> component:product.api
    "#);
}

/// eShopOnAbp runs its services on the developer's machine: each host's `App.SelfUrl` (or its
/// launch profile's `applicationUrl`) says where it listens, and the web gateway's YARP
/// clusters send to those addresses (`"Address": "https://localhost:44354"`). The identity
/// service's OAuth clients' `RootUrl`s, where its clients are, call no one.
#[test]
fn a_net_hosts_own_address_on_the_machine_names_it_for_the_gateways_clusters() {
    let compose = "services:\n  gateway-web:\n    build: ./gateways/web\n  catalog:\n    build: ./services/catalog\n  ordering:\n    build: ./services/ordering\n  identity:\n    build: ./services/identity\n";
    let self_url = |port: u16| format!("{{\n  \"App\": {{\n    \"SelfUrl\": \"https://localhost:{port}\"\n  }}\n}}\n");
    let (gateway_settings, catalog_settings) = (self_url(44372), self_url(44354));
    let launch = "{\n  \"profiles\": {\n    \"Ordering\": {\n      \"commandName\": \"Project\",\n      \"applicationUrl\": \"https://localhost:44356;http://localhost:5006\"\n    }\n  }\n}\n";
    let yarp = "{\n  \"ReverseProxy\": {\n    \"Clusters\": {\n      \"catalogCluster\": { \"Destinations\": { \"destination1\": { \"Address\": \"https://localhost:44354\" } } },\n      \"orderingCluster\": { \"Destinations\": { \"destination1\": { \"Address\": \"https://localhost:44356\" } } }\n    }\n  }\n}\n";
    let identity = "{\n  \"App\": { \"SelfUrl\": \"https://localhost:44351\" },\n  \"IdentityServer\": {\n    \"Clients\": {\n      \"Web_Gateway\": { \"ClientId\": \"Web_Gateway\", \"RootUrl\": \"https://localhost:44372\" }\n    }\n  }\n}\n";
    let resolved = org(&[(
        "eshop",
        &[
            ("docker-compose.yml", compose),
            ("gateways/web/Dockerfile", DOCKERFILE),
            ("gateways/web/Gateway.csproj", PROJECT),
            ("gateways/web/appsettings.json", gateway_settings.as_str()),
            ("gateways/web/yarp.json", yarp),
            ("services/catalog/Dockerfile", DOCKERFILE),
            ("services/catalog/Catalog.csproj", PROJECT),
            ("services/catalog/appsettings.json", catalog_settings.as_str()),
            ("services/ordering/Dockerfile", DOCKERFILE),
            ("services/ordering/Ordering.csproj", PROJECT),
            ("services/ordering/Properties/launchSettings.json", launch),
            ("services/identity/Dockerfile", DOCKERFILE),
            ("services/identity/Identity.csproj", PROJECT),
            ("services/identity/appsettings.json", identity),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog repo="eshop" root="services/catalog"
    component:gateway-web repo="eshop" root="gateways/web"
    component:identity repo="eshop" root="services/identity"
    component:ordering repo="eshop" root="services/ordering"
    component:gateway-web -depends_on-> component:catalog
    component:gateway-web -depends_on-> component:ordering
    "#);
}

/// kiennamdd's dotNET-Microservices builds every service from the solution's folder with a
/// Dockerfile named the Windows way (`dockerfile: Services\Cart\Cart.API\Dockerfile`, as Visual
/// Studio writes it): each service is the Dockerfile's project, not one service for the shared
/// context. The cart calls the catalog by the URL compose gives it; the discount service, whose
/// context is its own folder, calls no one.
#[test]
fn a_compose_dockerfile_written_with_backslashes_roots_its_service() {
    let compose = "services:\n  micro-cart-api:\n    build:\n      context: .\n      dockerfile: Services\\Cart\\Cart.API\\Dockerfile\n    environment:\n      - ApiServiceBaseUrls__CatalogApi=http://micro-catalog-api:80\n  micro-catalog-api:\n    build:\n      context: .\n      dockerfile: Services\\Catalog\\Catalog.API\\Dockerfile\n  micro-discount-api:\n    build:\n      context: Services\\Discount\\Discount.API\n";
    let client = "namespace Cart.API.Services\n{\n    public class CatalogService\n    {\n        private readonly HttpClient _client;\n        public CatalogService(IHttpClientFactory factory, IConfiguration config)\n        {\n            _client = factory.CreateClient();\n            _client.BaseAddress = new Uri(config[\"ApiServiceBaseUrls:CatalogApi\"]);\n        }\n        public Task<string> Product(int id) => _client.GetStringAsync($\"/api/catalog/{id}\");\n    }\n}\n";
    let resolved = org(&[(
        "micro",
        &[
            ("src/docker-compose.yml", compose),
            ("src/Services/Cart/Cart.API/Dockerfile", DOCKERFILE),
            ("src/Services/Cart/Cart.API/Cart.API.csproj", PROJECT),
            ("src/Services/Cart/Cart.API/Services/CatalogService.cs", client),
            ("src/Services/Catalog/Catalog.API/Dockerfile", DOCKERFILE),
            ("src/Services/Catalog/Catalog.API/Catalog.API.csproj", PROJECT),
            ("src/Services/Discount/Discount.API/Dockerfile", DOCKERFILE),
            ("src/Services/Discount/Discount.API/Discount.API.csproj", PROJECT),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:micro-cart-api repo="micro" root="src/Services/Cart/Cart.API"
    component:micro-catalog-api repo="micro" root="src/Services/Catalog/Catalog.API"
    component:micro-discount-api repo="micro" root="src/Services/Discount/Discount.API"
    component:micro-cart-api -depends_on-> component:micro-catalog-api
    "#);
}

/// HuzeyfeUlutas' dotnet-microservices-saga: the payment service's host references its
/// `Payment.Application` project, where `PaymentAuthorized` is published, and so does the order
/// service's infrastructure; the project beside the payment host is payment's. The order
/// service's checkout saga consumes it through a MassTransit state machine's `Event<T>`. A
/// library both reference from elsewhere (`BuildingBlocks/Messaging`) stays nobody's, and an
/// `Event<T>` outside a state machine consumes nothing.
#[test]
fn a_project_beside_its_host_is_its_own_and_a_sagas_events_are_consumed() {
    let compose = "services:\n  payment-api:\n    build:\n      context: .\n      dockerfile: src/Services/Payment/Payment.API/Dockerfile\n  \
                   order-api:\n    build:\n      context: .\n      dockerfile: src/Services/Order/Order.API/Dockerfile\n  \
                   audit-api:\n    build:\n      context: .\n      dockerfile: src/Services/Audit/Audit.API/Dockerfile\n";
    let references = |projects: &[&str]| format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n{}  </ItemGroup>\n</Project>\n", projects.iter().map(|project| format!("    <ProjectReference Include=\"{project}\" />\n")).collect::<String>());
    let payment_host = references(&["..\\Payment.Application\\Payment.Application.csproj", "..\\..\\..\\BuildingBlocks\\Messaging\\Messaging.csproj"]);
    let order_host = references(&["..\\Order.Infrastructure\\Order.Infrastructure.csproj"]);
    let order_infrastructure = references(&["..\\..\\Payment\\Payment.Application\\Payment.Application.csproj", "..\\..\\..\\BuildingBlocks\\Messaging\\Messaging.csproj"]);
    let audit_host = references(&["..\\..\\..\\BuildingBlocks\\Messaging\\Messaging.csproj"]);
    let handler = "namespace Payment.Application.Features;\n\npublic sealed class CompleteFake3dsHandler(IIntegrationEventPublisher integrationEventPublisher)\n{\n    public async Task Handle(Guid orderId)\n    {\n        await integrationEventPublisher.PublishAsync(new PaymentAuthorized(orderId));\n    }\n}\n";
    let shared = "namespace BuildingBlocks.Messaging;\n\npublic sealed class Heartbeats(IPublishEndpoint bus)\n{\n    public Task Beat() => bus.Publish(new Heartbeat(DateTime.UtcNow));\n}\n";
    let saga = "namespace Order.Infrastructure.Sagas;\n\npublic sealed class OrderCheckoutStateMachine : MassTransitStateMachine<OrderCheckoutSagaState>\n{\n    public Event<PaymentAuthorized> PaymentAuthorized { get; private set; }\n    public Event<Heartbeat> Heartbeat { get; private set; }\n}\n";
    let audit = "namespace Audit.API;\n\npublic sealed class Ticker\n{\n    public Event<PaymentAuthorized> Seen { get; private set; }\n}\n";
    let resolved = org(&[(
        "marketplace",
        &[
            ("docker-compose.yml", compose),
            ("src/Services/Payment/Payment.API/Dockerfile", DOCKERFILE),
            ("src/Services/Payment/Payment.API/Payment.API.csproj", &payment_host),
            ("src/Services/Payment/Payment.Application/Payment.Application.csproj", PROJECT),
            ("src/Services/Payment/Payment.Application/Features/CompleteFake3dsHandler.cs", handler),
            ("src/Services/Order/Order.API/Dockerfile", DOCKERFILE),
            ("src/Services/Order/Order.API/Order.API.csproj", &order_host),
            ("src/Services/Order/Order.Infrastructure/Order.Infrastructure.csproj", &order_infrastructure),
            ("src/Services/Order/Order.Infrastructure/Sagas/OrderCheckoutStateMachine.cs", saga),
            ("src/Services/Audit/Audit.API/Dockerfile", DOCKERFILE),
            ("src/Services/Audit/Audit.API/Audit.API.csproj", &audit_host),
            ("src/Services/Audit/Audit.API/Ticker.cs", audit),
            ("src/BuildingBlocks/Messaging/Messaging.csproj", PROJECT),
            ("src/BuildingBlocks/Messaging/Heartbeats.cs", shared),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-api repo="marketplace" root="src/Services/Audit/Audit.API"
    component:order-api repo="marketplace" root="src/Services/Order/Order.API" roots=["src/Services/Order/Order.API","src/Services/Order/Order.Infrastructure"]
    component:payment-api repo="marketplace" root="src/Services/Payment/Payment.API" roots=["src/Services/Payment/Payment.API","src/Services/Payment/Payment.Application"]
    component:payment-api -depends_on-> component:order-api
    "#);
}

/// dotnet-microservices-saga deploys its YARP gateway only by a Kubernetes Deployment named
/// `api-gateway`, whose code is the project folder `src/ApiGateways/Marketplace.ApiGateway`:
/// without the solution's namespace the two names are one, so the gateway is one component.
/// A Deployment named `api` does not join `Marketplace.Api` (what is left says what it is, not
/// which).
#[test]
fn a_workload_named_like_a_projects_folder_without_its_namespace_is_that_project() {
    let deployment = |name: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: ghcr.io/marketplace/{name}:1.0\n          env:\n            - name: Services__Catalog\n              value: http://catalog-api:8080\n");
    let gateway = deployment("api-gateway");
    let api = deployment("api");
    let yarp = "{\n  \"ReverseProxy\": {\n    \"Clusters\": {\n      \"catalog\": { \"Destinations\": { \"d1\": { \"Address\": \"http://catalog-api:8080\" } } }\n    }\n  }\n}\n";
    let resolved = org(&[(
        "marketplace",
        &[
            ("k8s/gateway/gateway.yaml", &gateway),
            ("k8s/api/api.yaml", &api),
            ("k8s/catalog/catalog.yaml", &deployment("catalog-api")),
            ("src/ApiGateways/Marketplace.ApiGateway/Dockerfile", DOCKERFILE),
            ("src/ApiGateways/Marketplace.ApiGateway/Marketplace.ApiGateway.csproj", PROJECT),
            ("src/ApiGateways/Marketplace.ApiGateway/appsettings.json", yarp),
            ("src/Services/Marketplace.Api/Dockerfile", DOCKERFILE),
            ("src/Services/Marketplace.Api/Marketplace.Api.csproj", PROJECT),
            ("src/Services/Catalog/Catalog.API/Dockerfile", DOCKERFILE),
            ("src/Services/Catalog/Catalog.API/Catalog.API.csproj", PROJECT),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo=- root=-
    component:api-gateway repo="marketplace" root="src/ApiGateways/Marketplace.ApiGateway"
    component:catalog-api repo="marketplace" root="src/Services/Catalog/Catalog.API"
    component:marketplace.api repo="marketplace" root="src/Services/Marketplace.Api"
    component:api -depends_on-> component:catalog-api
    component:api-gateway -depends_on-> component:catalog-api
    "#);
}

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

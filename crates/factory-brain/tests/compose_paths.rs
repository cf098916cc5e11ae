//! A compose file moved deeper than the paths it names.

mod support;

use support::{org, summary};

/// faysalswe/micro-service moved its compose files from `platform/cluster/` to
/// `platform/cluster/compose/` and kept `context: ../../` with `dockerfile:
/// services/IdentityService/Dockerfile.debug`, `context: ../../services/CartService` and Kong's
/// mount of `../config/gateway/kong.yml`: each names a folder under `platform/` the repo does
/// not have, and is read against the outer folder where the repo does (`services/...`,
/// `platform/config/gateway/kong.yml`). A path whose folder is in the repo stays as written,
/// though an outer folder has one named alike (`deploy/legacy`, not `legacy`).
#[test]
fn a_moved_compose_files_paths_are_read_against_the_folder_that_has_them() {
    let compose = "services:\n  identity-service:\n    build:\n      context: ../../\n      dockerfile: services/IdentityService/Dockerfile.debug\n  cart-service:\n    build:\n      context: ../../services/CartService\n    environment:\n      - ORDER_URL=http://order-service:5011\n  order-service:\n    build:\n      context: ../../\n      dockerfile: services/OrderService/Dockerfile.debug\n  kong:\n    image: kong:3.4\n    volumes:\n      - ../config/gateway/kong.yml:/usr/local/kong/declarative/kong.yml:ro\n";
    let kong = "_format_version: \"3.0\"\nservices:\n  - name: identity\n    url: http://identity-service:5010\n    routes:\n      - paths: [/api/identity]\n  - name: cart\n    url: http://cart-service:8000\n    routes:\n      - paths: [/api/cart]\n";
    let legacy = "services:\n  legacy:\n    build: ./legacy\n";
    let python = "import os\nimport httpx\n\nORDER_URL = os.environ[\"ORDER_URL\"]\n\ndef checkout(cart):\n    return httpx.post(f\"{ORDER_URL}/api/orders\", json=cart)\n";
    let resolved = org(&[(
        "micro-service",
        &[
            ("platform/cluster/compose/docker-compose.debug.yaml", compose),
            ("platform/config/gateway/kong.yml", kong),
            ("platform/charts/README.md", "charts\n"),
            ("services/IdentityService/IdentityService.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
            ("services/IdentityService/Program.cs", "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n"),
            ("services/OrderService/OrderService.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
            ("services/OrderService/Program.cs", "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n"),
            ("services/CartService/requirements.txt", "httpx\n"),
            ("services/CartService/main.py", python),
            ("deploy/docker-compose.yml", legacy),
            ("deploy/README.md", "deploy\n"),
            ("legacy/main.py", "print('legacy')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="micro-service" root="services/CartService"
    component:identity-service repo="micro-service" root="services/IdentityService"
    component:kong repo="micro-service" root="platform/config/gateway/kong.yml"
    component:legacy repo="micro-service" root="deploy/legacy"
    component:order-service repo="micro-service" root="services/OrderService"
    component:cart-service -depends_on-> component:order-service
    component:kong -depends_on-> component:cart-service
    component:kong -depends_on-> component:identity-service
    "#);
}

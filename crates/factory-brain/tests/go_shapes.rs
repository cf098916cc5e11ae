//! Go services' configuration bound from the environment by struct tags.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /svc .\nCMD [\"/svc\"]\n";

/// Arthur199212's microservices-demo: the API gateway reads its addresses through viper into a
/// struct whose tags name the env vars (`CartServiceAddr string \`mapstructure:"CART_SERVICE_ADDR"\``),
/// as the checkout service's `os.Getenv("CART_SERVICE_ADDR")` does. A tag naming no address
/// (`mapstructure:"PORT"`) or a JSON field's name (`json:"CURRENCY_SERVICE_ADDR"`) reads none.
#[test]
fn struct_tags_binding_env_vars_are_env_reads() {
    let compose = "services:\n  api-gateway:\n    build: ./api_gateway\n  cart:\n    build: ./cart\n  currency:\n    build: ./currency\n";
    let config = "package utils\n\ntype Config struct {\n\tPort            string `mapstructure:\"PORT\"`\n\tCartServiceAddr string `mapstructure:\"CART_SERVICE_ADDR\"`\n}\n\ntype Quote struct {\n\tAddr string `json:\"CURRENCY_SERVICE_ADDR\"`\n}\n";
    let main = "package main\n\nfunc main() {}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("api_gateway/Dockerfile", DOCKERFILE),
            ("api_gateway/main.go", main),
            ("api_gateway/utils/config.go", config),
            ("cart/Dockerfile", DOCKERFILE),
            ("cart/main.go", main),
            ("currency/Dockerfile", DOCKERFILE),
            ("currency/main.go", main),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api_gateway"
    component:cart repo="shop" root="cart"
    component:currency repo="shop" root="currency"
    component:api-gateway -depends_on-> component:cart
    "#);
}

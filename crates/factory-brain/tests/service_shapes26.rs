//! JFKTBonny's polyglot-microservices: an nginx gateway serving a static single-page front end
//! at `location /` and routing `/api/products` to the inventory service. The browser loads the
//! front end from the gateway, so the front end's same-origin calls (`fetch('/api/products')`)
//! go to the gateway, not to the service behind it.

mod support;

use factory_brain::Resolved;
use support::{org, summary};

const INVENTORY: &str = "package routes\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc Register(r *gin.Engine) {\n\tr.GET(\"/products\", listProducts)\n\tr.POST(\"/products\", createProduct)\n\tr.GET(\"/summary\", summary)\n}\n";

const GATEWAY_DOCKERFILE: &str = "FROM nginx:1.25-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n";

const SPA_DOCKERFILE: &str = "FROM nginx:1.25-alpine\nCOPY index.html /usr/share/nginx/html/\nCOPY js/ /usr/share/nginx/html/js/\n";

const COMPOSE: &str = "services:\n  api-gateway:\n    build: ./api-gateway\n    ports: [\"80:80\"]\n  ui-service:\n    build: ./ui-service\n    ports: [\"3000:80\"]\n  inventory-service:\n    build: ./inventory-service\n    ports: [\"3003:3003\"]\n";

/// The shop: the gateway with `nginx` as its config, the static front end loading `app` from
/// its page, the inventory service.
fn shop(nginx: &str, app: &str) -> Resolved {
    org(&[(
        "shop",
        &[
            ("docker-compose.yml", COMPOSE),
            ("api-gateway/Dockerfile", GATEWAY_DOCKERFILE),
            ("api-gateway/nginx.conf", nginx),
            ("ui-service/Dockerfile", SPA_DOCKERFILE),
            ("ui-service/index.html", "<html><body><script src=\"js/app.js\"></script></body></html>\n"),
            ("ui-service/js/app.js", app),
            ("inventory-service/go.mod", "module inventory\n\ngo 1.21\n"),
            ("inventory-service/routes/inventory.go", INVENTORY),
        ],
    )])
}

/// The gateway's `location /` serves the ui; the ui's `fetch('/api/products')`, and
/// `API.analytics + '/summary'` (whose glued path is only `/summary`), are calls of the
/// gateway, which alone depends on the inventory service.
#[test]
fn a_front_end_a_gateway_serves_calls_the_gateway() {
    let nginx = "http {\n  upstream ui_service {\n    server ui-service:3000;\n  }\n  upstream inventory_service {\n    server inventory-service:3003;\n  }\n  server {\n    listen 80;\n    location /api/products {\n      rewrite ^/api/products(/.*)? /products$1 break;\n      proxy_pass http://inventory_service;\n    }\n    location / {\n      proxy_pass http://ui_service;\n    }\n  }\n}\n";
    let app = "const API = {\n  products: '/api/products',\n  analytics: '/api/analytics',\n};\n\nasync function loadProducts() {\n  const res = await fetch('/api/products');\n  return res.json();\n}\n\nasync function summary() {\n  return api(API.analytics + '/summary');\n}\n";
    let resolved = shop(nginx, app);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api-gateway"
    component:inventory-service repo="shop" root="inventory-service"
    component:ui-service repo="shop" root="ui-service"
    component:api-gateway -depends_on-> component:inventory-service
    component:api-gateway -depends_on-> component:ui-service
    component:ui-service -depends_on-> component:api-gateway
    "#);
}

/// Near misses: a gateway routing only `/api/products` (the ui is served elsewhere) leaves the
/// ui's calls as they were, its absolute `http://inventory-service:3003/products` and its
/// relative `/api/products` both reaching the inventory service.
#[test]
fn a_front_end_no_gateway_serves_calls_the_services() {
    let nginx = "http {\n  upstream inventory_service {\n    server inventory-service:3003;\n  }\n  server {\n    listen 80;\n    location /api/products {\n      proxy_pass http://inventory_service;\n    }\n  }\n}\n";
    let app = "async function loadProducts() {\n  const res = await fetch('http://inventory-service:3003/products');\n  return res.json();\n}\n\nasync function reload() {\n  return fetch('/api/products');\n}\n";
    let resolved = shop(nginx, app);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api-gateway"
    component:inventory-service repo="shop" root="inventory-service"
    component:ui-service repo="shop" root="ui-service"
    component:api-gateway -depends_on-> component:inventory-service
    component:ui-service -depends_on-> component:inventory-service
    "#);
}

/// JFKTBonny's gateway writes each upstream block on one line
/// (`upstream inventory_service { server inventory-service:3003; }`): its servers are the
/// upstream's, as those of a block over several lines are. Near miss: a `server { listen 80; }`
/// block on one line, outside any upstream, names no address.
#[test]
fn an_upstream_block_on_one_line_names_its_servers() {
    let nginx = "http {\n  upstream storefront { server ui-service:3000; }\n  upstream products {server inventory-service:3003;}\n  server { listen 80; server_name shop; }\n  server {\n    location /api/products { proxy_pass http://products; }\n    location / { proxy_pass http://storefront; }\n  }\n}\n";
    let resolved = shop(nginx, "console.log('static');\n");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api-gateway"
    component:inventory-service repo="shop" root="inventory-service"
    component:ui-service repo="shop" root="ui-service"
    component:api-gateway -depends_on-> component:inventory-service
    component:api-gateway -depends_on-> component:ui-service
    "#);
}

/// minh0206's event-driven-food-delivery sets its upstream in a variable
/// (`set $api_gateway_url http://api-gateway:8080; proxy_pass $api_gateway_url;`, so that nginx
/// resolves the name at request time): the variable's value is the upstream. Near miss: a
/// variable the config never sets (`$backend`, from a `map` or the request) names nothing.
#[test]
fn an_upstream_set_in_a_variable_is_the_upstream() {
    let nginx = "server {\n  listen 80;\n  resolver 127.0.0.11 valid=5s;\n  location /api/ {\n    set $inventory_url http://inventory-service:3003;\n    proxy_pass $inventory_url;\n  }\n  location /ui/ {\n    proxy_pass http://$backend;\n  }\n}\n";
    let resolved = shop(nginx, "console.log('static');\n");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api-gateway"
    component:inventory-service repo="shop" root="inventory-service"
    component:ui-service repo="shop" root="ui-service"
    component:api-gateway -depends_on-> component:inventory-service
    "#);
}

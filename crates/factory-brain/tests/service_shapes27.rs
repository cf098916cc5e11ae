//! minh0206's event-driven-food-delivery: the front end is built from `frontend/` by
//! `Dockerfile.frontend` at the repo's root, whose final `FROM nginx:alpine` stage copies the
//! root's `nginx.conf` in; that config sends `/api/` to the gateway through a variable
//! (`set $api_gateway_url http://api-gateway:8080; proxy_pass $api_gateway_url;`).

mod support;

use factory_brain::Resolved;
use support::{org, summary};

const COMPOSE: &str = "services:\n  api-gateway:\n    build:\n      context: ./api-gateway\n    ports: [\"8080:8080\"]\n  frontend:\n    build:\n      context: .\n      dockerfile: Dockerfile.frontend\n    ports: [\"80:80\"]\n";

const NGINX: &str = "server {\n  listen 80;\n  resolver 127.0.0.11 valid=5s;\n  location /api/ {\n    set $api_gateway_url http://api-gateway:8080;\n    proxy_pass $api_gateway_url;\n  }\n  location /customer/ {\n    alias /usr/share/nginx/html/customer/;\n  }\n}\n";

/// The repo, its front end's Dockerfile ending in the stage `last_stage`.
fn shop(last_stage: &str) -> Resolved {
    let dockerfile = format!("FROM node:22-alpine AS builder\nWORKDIR /app\nCOPY frontend /app\nRUN npm install -g pnpm && pnpm install && pnpm build\n\n{last_stage}\nCOPY --from=builder /app/apps/customer/dist /usr/share/nginx/html/customer\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nEXPOSE 80\n");
    org(&[(
        "food",
        &[
            ("docker-compose.yml", COMPOSE),
            ("Dockerfile.frontend", dockerfile.as_str()),
            ("nginx.conf", NGINX),
            ("frontend/package.json", "{\"name\": \"frontend\", \"private\": true}\n"),
            ("frontend/apps/customer/src/main.ts", "export const app = 'customer';\n"),
            ("api-gateway/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
            ("api-gateway/pom.xml", "<project><artifactId>api-gateway</artifactId></project>\n"),
        ],
    )])
}

/// The config the nginx image copies in is the front end's: it calls the gateway.
#[test]
fn the_proxy_config_a_front_ends_image_copies_in_is_its_own() {
    insta::assert_snapshot!(summary(&shop("FROM nginx:alpine AS frontend")), @r#"
    component:api-gateway repo="food" root="api-gateway"
    component:frontend repo="food" root="frontend" roots=["frontend","nginx.conf"]
    component:frontend -depends_on-> component:api-gateway
    "#);
}

/// Near miss: an image that is no proxy (a Node server) copying the same file does not run
/// it, so the file calls nothing for the front end.
#[test]
fn a_config_copied_into_no_proxy_is_not_its_own() {
    insta::assert_snapshot!(summary(&shop("FROM node:22-alpine")), @r#"
    component:api-gateway repo="food" root="api-gateway"
    component:frontend repo="food" root="frontend"
    "#);
}

/// Uchida16104's Polyglot-Microservices-Stack: a Laravel gateway declares its routes in
/// `routes/api.php` inside prefixed groups, nested (`Route::prefix('projects')->group(..)` in a
/// middleware group; `Route::group(['prefix' => 'ml'], ..)`): each route is served under its
/// groups' prefixes and Laravel's `/api`, `'/'` included. Near miss: a group with no prefix
/// (middleware only) adds nothing, and a route after a group's closing brace is outside it.
#[test]
fn laravel_routes_are_served_under_their_groups_prefixes() {
    let routes = "<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::prefix('auth')->group(function () {\n    Route::post('/login', [AuthController::class, 'login']);\n});\n\nRoute::middleware(JwtMiddleware::class)->group(function () {\n    Route::prefix('projects')->group(function () {\n        Route::get('/',       [GatewayController::class, 'proxyProjects']);\n        Route::get('/{id}',   [GatewayController::class, 'proxyProjects']);\n    });\n    Route::group(['prefix' => 'ml', 'middleware' => 'throttle'], function () {\n        Route::get('/jobs', [GatewayController::class, 'proxyMlJobs']);\n    });\n    Route::get('/stats', [GatewayController::class, 'stats']);\n});\n\nRoute::get('/about', [GatewayController::class, 'about']);\n";
    let resolved = org(&[("stack", &[("services/laravel-gateway/routes/api.php", routes), ("services/laravel-gateway/composer.json", "{\"name\": \"stack/gateway\", \"require\": {\"laravel/framework\": \"^11.0\"}}\n"), ("services/laravel-gateway/Dockerfile", "FROM php:8.3-fpm\nCOPY . /var/www\n")])]);
    insta::assert_snapshot!(support::node_lines(&resolved, &["operation"]).join("\n"), @r"
    operation:laravel-gateway-routes/GET /api/about
    operation:laravel-gateway-routes/GET /api/ml/jobs
    operation:laravel-gateway-routes/GET /api/projects
    operation:laravel-gateway-routes/GET /api/projects/{id}
    operation:laravel-gateway-routes/GET /api/stats
    operation:laravel-gateway-routes/POST /api/auth/login
    ");
}

/// ecmsp's gateway keeps its services' URLs in a Spring profile named for compose
/// (`application-compose.yml`: `services: payment-service: url: http://payment-service:8080`),
/// its default profile giving loopback addresses: the file is Spring's config, not a compose
/// file, and a constructor's `@Value("${services.payment-service.url}")` reaches the service.
/// Near miss: a compose file by that name whose services build (`build: ./pay`) is compose's.
#[test]
fn a_spring_profile_named_for_compose_is_springs_config() {
    let client = "package gw;\n\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.web.client.RestTemplate;\n\npublic class PaymentClient {\n    private final RestTemplate restTemplate;\n    private final String paymentServiceUrl;\n\n    public PaymentClient(RestTemplate restTemplate,\n                         @Value(\"${services.payment-service.url}\") String paymentServiceUrl) {\n        this.restTemplate = restTemplate;\n        this.paymentServiceUrl = paymentServiceUrl;\n    }\n\n    public Object get(String id) {\n        String url = paymentServiceUrl + \"/api/v1/payments/order/\" + id;\n        return restTemplate.getForObject(url, Object.class);\n    }\n}\n";
    let shop = |profile: &str| {
        org(&[(
            "shop",
            &[
                ("docker-compose.yml", "services:\n  gateway-service:\n    build: ./gw\n  payment-service:\n    build: ./pay\n"),
                ("gw/Dockerfile", "FROM eclipse-temurin:21\n"),
                ("gw/pom.xml", "<project><artifactId>gateway-service</artifactId></project>\n"),
                ("gw/src/main/java/gw/PaymentClient.java", client),
                ("gw/src/main/resources/application.yml", "spring:\n  application:\n    name: gateway-service\nservices:\n  payment-service:\n    url: http://localhost:8200\n"),
                ("gw/src/main/resources/application-compose.yml", profile),
                ("pay/Dockerfile", "FROM eclipse-temurin:21\n"),
                ("pay/pom.xml", "<project><artifactId>payment-service</artifactId></project>\n"),
            ],
        )])
    };
    insta::assert_snapshot!(summary(&shop("services:\n  payment-service:\n    url: http://payment-service:8080\n")), @r#"
    component:gateway-service repo="shop" root="gw"
    component:payment-service repo="shop" root="pay"
    component:gateway-service -depends_on-> component:payment-service
    "#);
    insta::assert_snapshot!(summary(&shop("services:\n  payment-service:\n    build: ./pay\n")), @r#"
    component:gateway-service repo="shop" root="gw"
    component:payment-service repo="shop" root="pay"
    "#);
}

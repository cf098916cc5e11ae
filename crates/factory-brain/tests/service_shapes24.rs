//! Shapes of the systems measured on 2026-12-08: a pnpm monorepo of NestJS services whose
//! compose file runs only the infrastructure, its images built by Dockerfiles named after the
//! services in a `docker/` folder (lequochung19971's nestjs-microservices).

mod support;

use support::{org, summary};

/// A NestJS app's `package.json`, `main.ts` and one controller serving `/<route>`.
fn nest_app(route: &str) -> [String; 3] {
    [
        format!("{{\"name\": \"{route}\", \"dependencies\": {{\"@nestjs/core\": \"^11.0.0\"}}}}\n"),
        "import { NestFactory } from '@nestjs/core';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n".to_string(),
        format!("import {{ Controller, Get }} from '@nestjs/common';\n\n@Controller('{route}')\nexport class Routes {{\n  @Get()\n  findAll() {{\n    return [];\n  }}\n}}\n"),
    ]
}

const INFRASTRUCTURE: &str = "services:\n  postgres:\n    image: postgres:15-alpine\n  rabbitmq:\n    image: rabbitmq:3.12-management\n";
const LIBRARY: &str = "{\"name\": \"@acme/nest-shared\", \"main\": \"dist/index.js\"}\n";
const SHARED_CLIENT: &str = "export const serviceConfigs = { products: 'http://localhost:3002' };\nexport function helper() {\n  return 1;\n}\n";
const SPA: &str = "{\"name\": \"admin\", \"dependencies\": {\"react\": \"^19.0.0\", \"vite\": \"^6.0.0\"}}\n";
const SPA_PAGE: &str = "import { useQuery } from '@tanstack/react-query';\n\nexport function Orders() {\n  return useQuery({ queryKey: ['orders'] });\n}\n";

/// nestjs-microservices builds two of its six services' images with `docker/api-gateway.Dockerfile`
/// (`WORKDIR /app/services/api-gateway`, the code copied by a base image) and
/// `docker/user.Dockerfile` (`COPY services/user/ ./services/user/`), plus `.dev` variants, all
/// from the repo's root: they build `services/api-gateway` and `services/user`, and the other
/// apps in `services/` serving routes beside them are services too. The shared library and
/// the React admin serve nothing and stay none; `docker/Dockerfile.dev`, named after no
/// folder, stays the root's.
#[test]
fn dockerfiles_named_after_services_in_a_docker_folder_build_the_folders_they_name() {
    let [gateway_package, gateway_main, gateway_routes] = nest_app("api-gateway");
    let [user_package, user_main, user_routes] = nest_app("users");
    let [products_package, products_main, products_routes] = nest_app("products");
    let [orders_package, orders_main, orders_routes] = nest_app("orders");
    let gateway_image = "FROM base AS api-gateway-builder\nWORKDIR /app/services/api-gateway\nRUN pnpm run build\n\nFROM production AS api-gateway-production\nCOPY --from=api-gateway-builder /app/services/api-gateway/dist ./dist\nCMD [\"node\", \"dist/main\"]\n";
    let gateway_dev_image = "FROM node:18-alpine AS api-gateway-dev\nWORKDIR /app\nCOPY package*.json ./\nCOPY packages/ ./packages/\nCOPY services/api-gateway ./services/api-gateway\nRUN pnpm install\nWORKDIR /app/services/api-gateway\nCMD [\"pnpm\", \"--filter\", \"api-gateway\", \"dev\"]\n";
    let user_image = "FROM microservices-base:latest as user-prod\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\nCOPY packages/ ./packages/\nCOPY services/user/package.json ./services/user/\nRUN pnpm install --frozen-lockfile\nCOPY services/user/ ./services/user/\nCMD [\"pnpm\", \"--filter\", \"@microservices/user\", \"start:prod\"]\n";
    let user_dev_image = "FROM node:18-alpine AS user-dev\nWORKDIR /app\nCOPY packages/ ./packages/\nCOPY services/ ./services/\nRUN pnpm install\nWORKDIR /app/services/user\nCMD [\"pnpm\", \"--filter\", \"user\", \"dev\"]\n";
    let tools_image = "FROM node:18-alpine\nWORKDIR /app/services/dev\nCOPY . .\nCMD [\"pnpm\", \"dev\"]\n";
    let calls = "import axios from 'axios';\n\nexport async function products() {\n  return axios.get('http://products:3002/products');\n}\n";
    let resolved = org(&[(
        "nestjs-microservices",
        &[
            ("docker-compose.yml", INFRASTRUCTURE),
            ("package.json", "{\"name\": \"root\", \"private\": true}\n"),
            ("docker/api-gateway.Dockerfile", gateway_image),
            ("docker/api-gateway.dev.Dockerfile", gateway_dev_image),
            ("docker/user.Dockerfile", user_image),
            ("docker/user.dev.Dockerfile", user_dev_image),
            ("docker/Dockerfile.dev", tools_image),
            ("services/api-gateway/package.json", &gateway_package),
            ("services/api-gateway/src/main.ts", &gateway_main),
            ("services/api-gateway/src/routes.controller.ts", &gateway_routes),
            ("services/api-gateway/src/products.service.ts", calls),
            ("services/user/package.json", &user_package),
            ("services/user/src/main.ts", &user_main),
            ("services/user/src/routes.controller.ts", &user_routes),
            ("services/products/package.json", &products_package),
            ("services/products/src/main.ts", &products_main),
            ("services/products/src/routes.controller.ts", &products_routes),
            ("services/orders/package.json", &orders_package),
            ("services/orders/src/main.ts", &orders_main),
            ("services/orders/src/routes.controller.ts", &orders_routes),
            ("packages/nest-shared/package.json", LIBRARY),
            ("packages/nest-shared/src/index.ts", SHARED_CLIENT),
            ("apps/admin/package.json", SPA),
            ("apps/admin/src/orders.tsx", SPA_PAGE),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="nestjs-microservices" root="services/api-gateway"
    component:nestjs-microservices repo="nestjs-microservices" root=""
    component:orders repo="nestjs-microservices" root="services/orders"
    component:products repo="nestjs-microservices" root="services/products"
    component:user repo="nestjs-microservices" root="services/user"
    resource:postgres repo=- root=-
    resource:rabbitmq repo=- root=-
    component:api-gateway -depends_on-> component:products
    "#);
}

/// The same monorepo without its `docker/` folder deploys none of its services: its compose
/// file runs only Postgres and RabbitMQ. Sibling packages in `services/` serving routes are
/// each a service; the library and the admin SPA are none.
#[test]
fn sibling_packages_serving_routes_in_a_repo_deploying_none_are_services() {
    let [user_package, user_main, user_routes] = nest_app("users");
    let [orders_package, orders_main, orders_routes] = nest_app("orders");
    let resolved = org(&[(
        "nestjs-microservices",
        &[
            ("docker-compose.yml", INFRASTRUCTURE),
            ("package.json", "{\"name\": \"root\", \"private\": true}\n"),
            ("services/user/package.json", &user_package),
            ("services/user/src/main.ts", &user_main),
            ("services/user/src/routes.controller.ts", &user_routes),
            ("services/orders/package.json", &orders_package),
            ("services/orders/src/main.ts", &orders_main),
            ("services/orders/src/routes.controller.ts", &orders_routes),
            ("packages/nest-shared/package.json", LIBRARY),
            ("packages/nest-shared/src/index.ts", SHARED_CLIENT),
            ("apps/admin/package.json", SPA),
            ("apps/admin/src/orders.tsx", SPA_PAGE),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="nestjs-microservices" root="services/orders"
    component:user repo="nestjs-microservices" root="services/user"
    resource:postgres repo=- root=-
    resource:rabbitmq repo=- root=-
    "#);
}

/// Near misses: a lone serving package in a repo deploying none stays the repo's; where
/// compose builds the services (`services/user`, `services/orders`), packages serving routes
/// elsewhere (`tools/mock-a`, `tools/mock-b`) are no services of their own; where Kubernetes
/// runs the services' images (micro-ticketing's `orders-depl` running
/// `7binary/ticketing-orders`), the workloads keep their names.
#[test]
fn a_lone_package_or_packages_away_from_deployed_services_are_none() {
    let [user_package, user_main, user_routes] = nest_app("users");
    let [orders_package, orders_main, orders_routes] = nest_app("orders");
    let [mock_a_package, mock_a_main, mock_a_routes] = nest_app("mock-a");
    let [mock_b_package, mock_b_main, mock_b_routes] = nest_app("mock-b");
    let compose = "services:\n  user:\n    build: ./services/user\n  orders:\n    build: ./services/orders\n  postgres:\n    image: postgres:15-alpine\n";
    let deployment = |name: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}-depl\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: 7binary/ticketing-{name}\n")
    };
    let (orders_deployment, tickets_deployment) = (deployment("orders"), deployment("tickets"));
    let [tickets_package, tickets_main, tickets_routes] = nest_app("tickets");
    let resolved = org(&[
        (
            "lone",
            &[
                ("docker-compose.yml", INFRASTRUCTURE),
                ("services/user/package.json", &user_package),
                ("services/user/src/main.ts", &user_main),
                ("services/user/src/routes.controller.ts", &user_routes),
                ("packages/nest-shared/package.json", LIBRARY),
                ("packages/nest-shared/src/index.ts", SHARED_CLIENT),
            ],
        ),
        (
            "composed",
            &[
                ("docker-compose.yml", compose),
                ("services/user/package.json", &user_package),
                ("services/user/src/main.ts", &user_main),
                ("services/user/src/routes.controller.ts", &user_routes),
                ("services/orders/package.json", &orders_package),
                ("services/orders/src/main.ts", &orders_main),
                ("services/orders/src/routes.controller.ts", &orders_routes),
                ("tools/mock-a/package.json", &mock_a_package),
                ("tools/mock-a/src/main.ts", &mock_a_main),
                ("tools/mock-a/src/routes.controller.ts", &mock_a_routes),
                ("tools/mock-b/package.json", &mock_b_package),
                ("tools/mock-b/src/main.ts", &mock_b_main),
                ("tools/mock-b/src/routes.controller.ts", &mock_b_routes),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:lone repo="lone" root=""
    component:orders repo="composed" root="services/orders"
    component:user repo="composed" root="services/user"
    resource:postgres repo=- root=-
    resource:rabbitmq repo=- root=-
    "#);
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/orders-depl.yaml", &orders_deployment),
            ("infra/k8s/tickets-depl.yaml", &tickets_deployment),
            ("orders/package.json", &orders_package),
            ("orders/src/index.ts", &orders_main),
            ("orders/src/routes.controller.ts", &orders_routes),
            ("tickets/package.json", &tickets_package),
            ("tickets/src/index.ts", &tickets_main),
            ("tickets/src/routes.controller.ts", &tickets_routes),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders-depl repo="ticketing" root="orders"
    component:tickets-depl repo="ticketing" root="tickets"
    "#);
}

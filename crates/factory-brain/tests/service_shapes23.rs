//! Shapes of the systems measured on 2026-12-07: repos named in mixed case (EvoTicket's
//! `Order-Service`), root Dockerfiles named after their folders and a browser's calls in a Go
//! template (tsawler's go-microservices), stores beside the services (rahlplx's polyglot
//! platform's KeyDB and Meilisearch).

mod support;

use support::{org, summary};

/// EvoTicket keeps one service per repo, named as GitHub shows them (`Order-Service`,
/// `Payment-Service`), each with its Dockerfile at the root; order calls payment by its
/// `@FeignClient(name = "payment-service")`. Refs and names are lowercase, so the call is found
/// whatever the repo's case; a client of a service no repo builds names nothing.
#[test]
fn repos_named_in_mixed_case_are_their_services() {
    let dockerfile = "FROM eclipse-temurin:21-jre\nCOPY build/libs/app.jar app.jar\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n";
    let payment_client = "package com.evo.order.client;\n\n@FeignClient(name = \"payment-service\")\npublic interface PaymentFeignClient {\n    @PostMapping(\"/api/payments\")\n    PaymentResponse pay(@RequestBody PaymentRequest request);\n}\n";
    let worker_client = "package com.evo.order.client;\n\n@FeignClient(name = \"web3-worker-service\")\npublic interface WorkerClient {\n    @PostMapping(\"/mint\")\n    void mint();\n}\n";
    let order_config = "spring:\n  application:\n    name: order-service\n";
    let payment_config = "spring:\n  application:\n    name: payment-service\n";
    let resolved = org(&[
        ("Order-Service", &[("Dockerfile", dockerfile), ("src/main/resources/application.yml", order_config), ("src/main/java/com/evo/order/client/PaymentFeignClient.java", payment_client), ("src/main/java/com/evo/order/client/WorkerClient.java", worker_client)]),
        ("Payment-Service", &[("Dockerfile", dockerfile), ("src/main/resources/application.yml", payment_config), ("src/main/java/com/evo/payment/PaymentApplication.java", "package com.evo.payment;\n\n@SpringBootApplication\npublic class PaymentApplication {}\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order-service repo="Order-Service" root=""
    component:payment-service repo="Payment-Service" root=""
    component:order-service -depends_on-> component:payment-service
    "#);
}

/// tsawler's go-microservices builds every image from its root: `front-end.dockerfile` copies
/// `front-end/frontEndLinux`, so it builds the folder `front-end`, whose page
/// `cmd/web/templates/test.page.gohtml` calls the broker from a `<script>` block
/// (`fetch("http:\/\/localhost:8080/handle")`, the route the broker serves). A
/// `Dockerfile.dev` copying the whole root stays the root's; a `<script type="text/x-template">`
/// holds markup, not calls.
#[test]
fn a_root_dockerfile_named_after_a_folder_and_a_templates_script() {
    let compose = "services:\n  broker-service:\n    build:\n      context: .\n      dockerfile: broker-service.dockerfile\n    ports:\n      - \"8080:80\"\n  \
                   mail-service:\n    build:\n      context: .\n      dockerfile: mail-service.dockerfile\n";
    let page = "{{template \"base\" .}}\n\n{{define \"js\"}}\n    <script type=\"text/x-template\" id=\"row\"><a href=\"http://mail-service/send\">send</a></script>\n    <script>\n        brokerBtn.addEventListener(\"click\", function () {\n            fetch(\"http:\\/\\/localhost:8080/handle\", body)\n        })\n    </script>\n{{end}}\n";
    let resolved = org(&[(
        "go-microservices",
        &[
            ("docker-compose.yml", compose),
            ("broker-service.dockerfile", "FROM alpine:latest\nCOPY broker-service/brokerApp /app\nCMD [\"/app/brokerApp\"]\n"),
            ("mail-service.dockerfile", "FROM alpine:latest\nCOPY mail-service/mailerApp /app\nCMD [\"/app/mailerApp\"]\n"),
            ("front-end.dockerfile", "FROM alpine:latest\nCOPY front-end/frontEndLinux /app\nCMD [\"/app/frontEndLinux\"]\n"),
            ("Dockerfile.dev", "FROM golang:1.22\nCOPY . /src\nRUN go build ./...\n"),
            ("broker-service/go.mod", "module broker\n\ngo 1.22\n"),
            ("broker-service/cmd/api/main.go", "package main\n\nfunc main() {}\n"),
            ("broker-service/cmd/api/routes.go", "package main\n\nfunc (app *Config) routes() http.Handler {\n\tmux := chi.NewRouter()\n\tmux.Post(\"/\", app.Broker)\n\tmux.Post(\"/handle\", app.HandleSubmission)\n\treturn mux\n}\n"),
            ("mail-service/go.mod", "module mailer\n\ngo 1.22\n"),
            ("mail-service/cmd/api/main.go", "package main\n\nfunc main() {}\n"),
            ("front-end/go.mod", "module front\n\ngo 1.22\n"),
            ("front-end/cmd/web/main.go", "package main\n\nfunc main() {}\n"),
            ("front-end/cmd/web/templates/test.page.gohtml", page),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:broker-service repo="go-microservices" root="broker-service"
    component:front-end repo="go-microservices" root="front-end"
    component:mail-service repo="go-microservices" root="mail-service"
    component:front-end -depends_on-> component:broker-service
    "#);
}

/// A Vue component's calls are in its `<script setup lang="ts">` block, an HTML page's in an
/// inline script; a script loaded by `src` and JSON data in a `<script type="application/json">`
/// call nothing.
#[test]
fn a_vue_components_and_a_pages_scripts_call_services() {
    let compose = "services:\n  web:\n    build: ./web\n  orders:\n    build: ./orders\n  catalog:\n    build: ./catalog\n  search:\n    build: ./search\n";
    let vue = "<template>\n  <ul><li v-for=\"o in orders\">{{ o.id }}</li></ul>\n</template>\n\n<script setup lang=\"ts\">\nimport axios from 'axios'\nconst orders = await axios.get('http://orders:8080/api/orders')\n</script>\n";
    let page = "<html>\n<script src=\"/static/app.js\"></script>\n<script type=\"application/json\" id=\"config\">{\"search\": \"http://search:9200/api\"}</script>\n<script>\n  fetch('http://catalog:8080/api/products').then(r => r.json())\n</script>\n</html>\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("web/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"npm\", \"run\", \"serve\"]\n"),
            ("web/package.json", "{\"name\": \"web\", \"dependencies\": {\"vue\": \"^3.4.0\", \"axios\": \"^1.6.0\"}}\n"),
            ("web/src/components/Orders.vue", vue),
            ("web/public/index.html", page),
            ("orders/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("orders/index.js", "console.log('orders')\n"),
            ("catalog/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("catalog/index.js", "console.log('catalog')\n"),
            ("search/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("search/index.js", "console.log('search')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog repo="shop" root="catalog"
    component:orders repo="shop" root="orders"
    component:search repo="shop" root="search"
    component:web repo="shop" root="web"
    component:web -depends_on-> component:catalog
    component:web -depends_on-> component:orders
    "#);
}

/// rahlplx's polyglot platform runs KeyDB (a Redis fork) and Meilisearch from their images
/// beside its services: resources, not components; a service of the org's own named like
/// neither stays a component.
#[test]
fn keydb_and_meilisearch_images_are_resources() {
    let compose = "services:\n  gateway:\n    build: ./gateway\n    environment:\n      KEYDB_URL: redis://keydb:6379\n      CATALOG_URL: http://catalog:3000\n  \
                   catalog:\n    build: ./catalog\n    environment:\n      MEILISEARCH_HOST: http://meilisearch:7700\n  \
                   keydb:\n    image: eqalpha/keydb:latest\n  meilisearch:\n    image: getmeili/meilisearch:v1.6\n";
    let resolved = org(&[(
        "platform",
        &[
            ("docker-compose.yml", compose),
            ("gateway/Dockerfile", "FROM golang:1.22\nCOPY . .\nRUN go build -o /gw .\n"),
            ("gateway/main.go", "package main\n\nfunc main() {}\n"),
            ("catalog/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("catalog/index.js", "console.log('catalog')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog repo="platform" root="catalog"
    component:gateway repo="platform" root="gateway"
    resource:keydb repo=- root=-
    resource:meilisearch repo=- root=-
    component:gateway -depends_on-> component:catalog
    "#);
}

/// rahlplx's Go gateway keeps its routes in a map of structs, each naming the service it
/// forwards to (`UpstreamService: "catalog"`); a route with an empty upstream, and a bare word
/// under another key (`Name: "order"`), name none.
#[test]
fn a_go_gateways_route_table_names_its_upstream_services() {
    let compose = "services:\n  gateway:\n    build: ./gateway\n  catalog:\n    build: ./catalog\n  order:\n    build: ./order\n";
    let config = "package config\n\ntype Route struct {\n\tPathPrefix      string\n\tUpstreamService string // Target service name\n}\n\nfunc Routes() map[string]Route {\n\treturn map[string]Route{\n\t\t\"catalog-api\": {\n\t\t\tPathPrefix:      \"/api/v1/products\",\n\t\t\tUpstreamService: \"catalog\",\n\t\t},\n\t\t\"health\": {\n\t\t\tPathPrefix:      \"/health\",\n\t\t\tUpstreamService: \"\",\n\t\t\tName:            \"order\",\n\t\t},\n\t}\n}\n";
    let resolved = org(&[(
        "platform",
        &[
            ("docker-compose.yml", compose),
            ("gateway/Dockerfile", "FROM golang:1.22\nCOPY . .\nRUN go build -o /gw .\n"),
            ("gateway/infrastructure/config/config.go", config),
            ("catalog/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("catalog/index.js", "console.log('catalog')\n"),
            ("order/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"),
            ("order/index.js", "console.log('order')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog repo="platform" root="catalog"
    component:gateway repo="platform" root="gateway"
    component:order repo="platform" root="order"
    component:gateway -depends_on-> component:catalog
    "#);
}

/// lequochung19971's nestjs-microservices publishes through its shared package's amqplib
/// wrapper, `this.rabbitMQService.publish(Exchange.EVENTS, RoutingKey.PRODUCT_CREATED, p)`, and
/// subscribes with its own decorator, `@Subscribe({ exchange: Exchange.EVENTS, routingKey:
/// RoutingKey.PRODUCT_CREATED })`, the keys an enum of that package; golevelup's
/// `@RabbitSubscribe` and `amqpConnection.publish` read alike. Keys no one publishes (audit's)
/// join nothing.
#[test]
fn nestjs_rabbitmq_decorators_and_a_wrappers_publish_join_services() {
    let compose = "services:\n  products:\n    build: ./services/products\n  inventory:\n    build: ./services/inventory\n  billing:\n    build: ./services/billing\n  audit:\n    build: ./services/audit\n";
    let constants = "export enum Exchange {\n  EVENTS = 'events',\n}\n\nexport enum RoutingKey {\n  PRODUCT_CREATED = 'product.created',\n  PRODUCT_ARCHIVED = 'product.archived',\n}\n";
    let publisher = "import { RabbitMQService, Exchange, RoutingKey } from '@chill/nest-shared';\n\n@Injectable()\nexport class ProductsPublishers {\n  constructor(private readonly rabbitMQService: RabbitMQService, private readonly eventBus: EventBus) {}\n\n  created(product: Product) {\n    this.rabbitMQService.publish(Exchange.EVENTS, RoutingKey.PRODUCT_CREATED, product);\n  }\n}\n";
    let consumer = "import { Subscribe, Exchange, RoutingKey } from '@chill/nest-shared';\n\n@Injectable()\nexport class InventoryConsumers {\n  @Subscribe({ exchange: Exchange.EVENTS, routingKey: RoutingKey.PRODUCT_CREATED })\n  async onProductCreated(product: Product) {}\n}\n";
    let billing = "import { RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';\n\n@Injectable()\nexport class Billing {\n  @RabbitSubscribe({ exchange: 'events', routingKey: 'product.created', queue: 'billing' })\n  onCreated(msg: Product) {}\n}\n";
    let audit = "import { RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';\n\nexport class Audit {\n  @RabbitSubscribe({ exchange: 'events', routingKey: 'product.audited', queue: 'audit' })\n  onAudited(msg: Product) {}\n  @RabbitSubscribe({ exchange: 'events', routingKey: 'product.archived', queue: 'audit' })\n  onArchived(msg: Product) {}\n}\n";
    let dockerfile = "FROM node:20\nCOPY . .\nCMD [\"node\", \"dist/main\"]\n";
    let resolved = org(&[(
        "chill",
        &[
            ("docker-compose.yml", compose),
            ("packages/nest-shared/package.json", "{\"name\": \"@chill/nest-shared\"}\n"),
            ("packages/nest-shared/src/rabbitmq/rabbitmq.constants.ts", constants),
            ("services/products/Dockerfile", dockerfile),
            ("services/products/src/products-publishers.ts", publisher),
            ("services/inventory/Dockerfile", dockerfile),
            ("services/inventory/src/inventory-consumers.ts", consumer),
            ("services/billing/Dockerfile", dockerfile),
            ("services/billing/src/billing.ts", billing),
            ("services/audit/Dockerfile", dockerfile),
            ("services/audit/src/audit.ts", audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="chill" root="services/audit"
    component:billing repo="chill" root="services/billing"
    component:inventory repo="chill" root="services/inventory"
    component:products repo="chill" root="services/products"
    component:products -depends_on-> component:billing
    component:products -depends_on-> component:inventory
    "#);
}

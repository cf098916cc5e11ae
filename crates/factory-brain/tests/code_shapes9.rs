//! Services that name each other where no URL is written in code: NestJS message patterns, and
//! the runtime config of Java application servers.

mod support;

use support::{edge_lines, org, summary};

const DOCKERFILE: &str = "FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/main.js\"]\n";

/// NestJS microservices over NATS (the shape of Denrox's nestjs-microservices-example, with a
/// broker instead of TCP): the api sends `orders.create` through an injected `ClientProxy`,
/// which orders handles with `@MessagePattern('orders.create')`; orders emits `order_created`,
/// which notifications handles with `@EventPattern`. The pattern is the only link: every
/// service is given the same `NATS_URL`. A pattern nobody handles (`audit.log`), Express's
/// `res.send(..)` and a plain EventEmitter's `emit(..)` join no one.
#[test]
fn nest_message_and_event_patterns_join_clients_to_handlers() {
    let api = "import { Body, Controller, Inject, Post, Res } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\n\n@Controller('orders')\nexport class AppController {\n  constructor(@Inject('NATS_CLIENT') private readonly client: ClientProxy, private readonly events: EventEmitter2) {}\n\n  @Post()\n  create(@Body() dto: CreateOrderDto) {\n    this.client.emit('audit.log', { action: 'create' });\n    this.events.emit('order.requested', dto);\n    return this.client.send('orders.create', dto);\n  }\n\n  @Get('health')\n  health(@Res() res) {\n    res.send('ok');\n  }\n}\n";
    let orders = "import { Controller, Inject } from '@nestjs/common';\nimport { ClientProxy, MessagePattern, Payload } from '@nestjs/microservices';\n\n@Controller()\nexport class OrdersController {\n  constructor(@Inject('NATS_CLIENT') private readonly client: ClientProxy) {}\n\n  @MessagePattern('orders.create')\n  create(@Payload() dto: CreateOrderDto) {\n    const order = { id: 1, ...dto };\n    this.client.emit(ORDER_CREATED, order);\n    return order;\n  }\n}\n\nconst ORDER_CREATED = 'order_created';\n";
    let notifications = "import { Controller } from '@nestjs/common';\nimport { EventPattern, Payload } from '@nestjs/microservices';\n\n@Controller()\nexport class NotificationsController {\n  @EventPattern('order_created')\n  handleOrderCreated(@Payload() order: Order) {\n    console.log('order created', order.id);\n  }\n}\n";
    let compose = "services:\n  nats:\n    image: nats:2.10\n  api:\n    build: ./api\n    environment:\n      NATS_URL: nats://nats:4222\n  orders:\n    build: ./orders\n    environment:\n      NATS_URL: nats://nats:4222\n  notifications:\n    build: ./notifications\n    environment:\n      NATS_URL: nats://nats:4222\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("api/Dockerfile", DOCKERFILE),
            ("api/src/app.controller.ts", api),
            ("orders/Dockerfile", DOCKERFILE),
            ("orders/src/orders.controller.ts", orders),
            ("notifications/Dockerfile", DOCKERFILE),
            ("notifications/src/notifications.controller.ts", notifications),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="shop" root="api"
    component:notifications repo="shop" root="notifications"
    component:orders repo="shop" root="orders"
    resource:nats repo=- root=-
    component:api -depends_on-> component:orders
    component:orders -depends_on-> component:notifications
    "#);
}

/// IBM's StockTrader: an Open Liberty service names the services its MicroProfile Rest Clients
/// call in `src/main/liberty/config/jvm.options`, one system property per line
/// (`-D<client>/mp-rest/url=http://portfolio-service:9080/portfolio`). A vendor's API there
/// (`https://api.example-quotes.com/stocks`) names no service of the org's.
#[test]
fn liberty_jvm_options_name_the_services_rest_clients_call() {
    let options = "-Dcom.example.broker.client.PortfolioClient/mp-rest/url=http://portfolio-service:9080/portfolio\n-Dcom.example.broker.client.QuotesClient/mp-rest/url=https://api.example-quotes.com/stocks\n-Xmx512m\n";
    let dockerfile = "FROM openliberty/open-liberty:kernel-slim-java17-openj9-ubi\nCOPY --chown=1001:0 target/*.war /config/apps/\n";
    let resolved = org(&[
        ("broker", &[("Dockerfile", dockerfile), ("src/main/liberty/config/jvm.options", options), ("src/main/java/com/example/broker/Broker.java", "package com.example.broker;\npublic class Broker {}\n")]),
        ("portfolio", &[("Dockerfile", dockerfile), ("src/main/java/com/example/portfolio/Portfolio.java", "package com.example.portfolio;\npublic class Portfolio {}\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:broker repo="broker" root=""
    component:portfolio repo="portfolio" root=""
    component:broker -depends_on-> component:portfolio
    "#);
}

/// CloudWeGo's gomall: Kitex's generated clients take the callee's registered name
/// (`cartservice.NewClient("cart", suite)`, resolved through Consul), and checkout sends mail
/// as a whole NATS message (`&nats.Msg{Subject: "email", ..}` and `PublishMsg`), which email
/// subscribes to. The registry's own client (`consul.NewClient(..)`) calls no one. Kitex's
/// packages are named after the IDL's services, so the contracts of the shared `idl/` folder
/// get their provider (`productcatalogservice.NewServer(..)`) and consumers; Hertz's own
/// `server.NewServer()` serves no contract.
#[test]
fn kitex_clients_and_whole_nats_messages_join_go_services() {
    let deployment = |name: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: gomall-{name}:latest\n---\n");
    let manifests: String = ["product", "cart", "checkout", "email"].iter().map(|name| deployment(name)).collect();
    let checkout_clients = "package rpc\n\nimport (\n\t\"github.com/example/gomall/rpc_gen/kitex_gen/cart/cartservice\"\n\t\"github.com/example/gomall/rpc_gen/kitex_gen/product/productcatalogservice\"\n\tconsul \"github.com/kitex-contrib/registry-consul\"\n)\n\nfunc InitClient() {\n\tr, _ := consul.NewClient(registryAddr)\n\tCartClient, err = cartservice.NewClient(\"cart\", client.WithResolver(r))\n\tProductClient, err = productcatalogservice.NewClient(\"product\", client.WithResolver(r))\n}\n";
    let checkout_service = "package service\n\nimport (\n\t\"github.com/nats-io/nats.go\"\n)\n\nfunc (s *CheckoutService) Run(req *checkout.CheckoutReq) error {\n\tdata, _ := proto.Marshal(&email.EmailReq{To: req.Email})\n\tmsg := &nats.Msg{Subject: \"email\", Data: data, Header: make(nats.Header)}\n\t_ = mq.Nc.PublishMsg(msg)\n\treturn nil\n}\n";
    let cart_clients = "package rpc\n\nimport (\n\t\"github.com/example/gomall/rpc_gen/kitex_gen/product/productcatalogservice\"\n)\n\nfunc InitClient() {\n\tProductClient, err = productcatalogservice.NewClient(\"product\", suite)\n}\n";
    let email_consumer = "package email\n\nfunc ConsumerInit() {\n\tsub, err := mq.Nc.Subscribe(\"email\", func(m *nats.Msg) {\n\t\tsend(m.Data)\n\t})\n\t_ = sub\n}\n";
    let product_main = "package main\n\nimport (\n\t\"github.com/example/gomall/rpc_gen/kitex_gen/product/productcatalogservice\"\n\t\"github.com/cloudwego/hertz/pkg/app/server\"\n)\n\nfunc main() {\n\tsvr := productcatalogservice.NewServer(new(ProductCatalogServiceImpl), opts...)\n\th := server.NewServer()\n\t_ = svr.Run()\n}\n";
    let go_mod = |name: &str| format!("module github.com/example/gomall/app/{name}\n\ngo 1.21\n");
    let (product_mod, cart_mod, checkout_mod, email_mod) = (go_mod("product"), go_mod("cart"), go_mod("checkout"), go_mod("email"));
    let resolved = org(&[(
        "gomall",
        &[
            ("deploy/gomall-dev-app.yaml", &manifests),
            ("app/product/go.mod", &product_mod),
            ("idl/product.proto", "syntax = \"proto3\";\n\npackage product;\n\nservice ProductCatalogService {\n  rpc GetProduct(GetProductReq) returns (GetProductResp) {}\n}\n\nmessage GetProductReq { uint32 id = 1; }\nmessage GetProductResp { string name = 1; }\n"),
            ("app/product/main.go", product_main),
            ("app/cart/go.mod", &cart_mod),
            ("app/cart/infra/rpc/client.go", cart_clients),
            ("app/checkout/go.mod", &checkout_mod),
            ("app/checkout/infra/rpc/client.go", checkout_clients),
            ("app/checkout/biz/service/checkout.go", checkout_service),
            ("app/email/go.mod", &email_mod),
            ("app/email/biz/consumer/email/email.go", email_consumer),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo="gomall" root="app/cart"
    component:checkout repo="gomall" root="app/checkout"
    component:email repo="gomall" root="app/email"
    component:product repo="gomall" root="app/product"
    component:cart -depends_on-> component:product
    component:checkout -depends_on-> component:cart
    component:checkout -depends_on-> component:email
    component:checkout -depends_on-> component:product
    "#);
    let contract: Vec<String> = edge_lines(&resolved, &["provides", "consumes"]).into_iter().map(|line| line.split("  [").next().unwrap_or_default().to_string()).collect();
    assert_eq!(
        contract,
        [
            "component:cart -consumes-> api:product.productcatalogservice",
            "component:checkout -consumes-> api:product.productcatalogservice",
            "component:product -provides-> api:product.productcatalogservice",
        ]
    );
}

/// Denrox's NestJS example: compose hands every service `env_file: .env`, a file each developer
/// copies from the committed `.env.example` (the README says so); the gateway's `AUTH_HOST=token`
/// there names the service it calls, which the variable's own name does not. The template lists
/// every service's settings: each takes only those its code reads (the gateway does not read
/// `MAILER_SERVICE_HOST`). A service whose env file has no template beside it takes nothing.
#[test]
fn an_env_files_committed_template_stands_for_it() {
    let compose = "services:\n  gateway:\n    build: ./gateway\n    env_file:\n      - .env\n  token:\n    build: ./token\n    env_file:\n      - .env\n  mailer:\n    build: ./mailer\n    env_file:\n      - .env.local\n";
    let template = "AUTH_HOST=token\nAUTH_PORT=8002\nMAILER_SERVICE_HOST=mailer\nMONGO_DSN=mongodb://db:27017/app\n";
    let local = "MAIL_RELAY_HOST=token\n";
    let dockerfile = "FROM node:18-alpine\nCOPY . .\nCMD [\"node\", \"dist/main.js\"]\n";
    let gateway = "export class ConfigService {\n  get() {\n    return { host: process.env.AUTH_HOST, port: process.env.AUTH_PORT };\n  }\n}\n";
    let resolved = org(&[(
        "tasks",
        &[
            ("docker-compose.yml", compose),
            (".env.example", template),
            (".env.local.sample-notes.txt", local),
            ("gateway/Dockerfile", dockerfile),
            ("gateway/src/config.service.ts", gateway),
            ("token/Dockerfile", dockerfile),
            ("token/src/main.ts", "bootstrap();\n"),
            ("mailer/Dockerfile", dockerfile),
            ("mailer/src/main.ts", "bootstrap();\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:gateway repo="tasks" root="gateway"
    component:mailer repo="tasks" root="mailer"
    component:token repo="tasks" root="token"
    component:gateway -depends_on-> component:token
    "#);
}

//! Monorepos whose tool lists the applications: the Nest CLI's `nest-cli.json` and Nx's
//! `project.json`.

mod support;

use support::{org, summary};

const NEST_CLI: &str = r#"{
  "monorepo": true,
  "root": "apps",
  "projects": {
    "auth": { "type": "application", "root": "apps/auth", "sourceRoot": "apps/auth/src" },
    "gateway": { "type": "application", "root": "apps/gateway", "sourceRoot": "apps/gateway/src" },
    "common": { "type": "library", "root": "libs/common", "sourceRoot": "libs/common/src" }
  }
}
"#;

/// OrderBunDau's NestJS monorepo (ChauManh/OrderBunDau-NestJS-Microservice-RabbitMQ-Postgresql):
/// compose runs only Postgres and RabbitMQ; `nest-cli.json` lists the applications, whose
/// `ClientProxy.send('login', ..)` and `@MessagePattern('login')` meet over RabbitMQ. The
/// shared library is no service, and a project a compose service already builds keeps the
/// compose name.
#[test]
fn a_nest_monorepos_applications_are_services() {
    let compose = "services:\n  postgres:\n    image: postgres:15\n  rabbitmq:\n    image: rabbitmq:3-management\n";
    let client = "import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\nimport { firstValueFrom } from 'rxjs';\n\n@Injectable()\nexport class AuthService {\n  constructor(@Inject('AUTH_SERVICE') private readonly client: ClientProxy) {}\n\n  async login(dto: LoginDto) {\n    return await firstValueFrom(this.client.send('login', dto));\n  }\n}\n";
    let handler = "import { Controller } from '@nestjs/common';\nimport { MessagePattern, Payload } from '@nestjs/microservices';\n\n@Controller()\nexport class AuthController {\n  @MessagePattern('login')\n  async login(@Payload() dto: LoginDto) {\n    return this.authService.login(dto);\n  }\n}\n";
    let library = "export const QUEUES = { auth: 'auth_queue' };\n";
    let resolved = org(&[(
        "orderbundau",
        &[
            ("docker-compose.yml", compose),
            ("nest-cli.json", NEST_CLI),
            ("package.json", "{\"name\": \"orderbundau\", \"dependencies\": {\"@nestjs/microservices\": \"^11.0.0\"}}\n"),
            ("apps/gateway/src/modules/auth/auth.service.ts", client),
            ("apps/auth/src/auth.controller.ts", handler),
            ("libs/common/src/queues.ts", library),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="orderbundau" root="apps/auth"
    component:gateway repo="orderbundau" root="apps/gateway"
    resource:postgres repo=- root=-
    resource:rabbitmq repo=- root=-
    component:gateway -depends_on-> component:auth
    "#);
    let built = "services:\n  auth-service:\n    build:\n      context: .\n      dockerfile: apps/auth/Dockerfile\n";
    let resolved = org(&[(
        "orderbundau",
        &[("docker-compose.yml", built), ("nest-cli.json", NEST_CLI), ("apps/auth/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"dist/apps/auth/main.js\"]\n"), ("apps/auth/src/auth.controller.ts", handler), ("apps/gateway/src/modules/auth/auth.service.ts", client)],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth-service repo="orderbundau" root="apps/auth"
    component:gateway repo="orderbundau" root="apps/gateway"
    component:gateway -depends_on-> component:auth-service
    "#);
}

/// An Nx workspace: each `apps/*/project.json` of an application is a service; its end-to-end
/// tests' project and a library are not.
#[test]
fn nx_applications_are_services() {
    let project = |name: &str, kind: &str| format!("{{\"name\": \"{name}\", \"projectType\": \"{kind}\", \"sourceRoot\": \"apps/{name}/src\"}}\n");
    let (orders, orders_e2e, ui, web) = (project("orders", "application"), project("orders-e2e", "application"), project("ui", "library"), project("web", "application"));
    let call = "export async function load() {\n  return fetch('http://orders:3000/orders');\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("apps/orders/project.json", orders.as_str()),
            ("apps/orders/src/main.ts", "import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\n"),
            ("apps/orders-e2e/project.json", orders_e2e.as_str()),
            ("apps/orders-e2e/src/orders.spec.ts", call),
            ("apps/web/project.json", web.as_str()),
            ("apps/web/src/app/load.ts", call),
            ("libs/ui/project.json", ui.as_str()),
            ("libs/ui/src/index.ts", call),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="shop" root="apps/orders"
    component:web repo="shop" root="apps/web"
    component:web -depends_on-> component:orders
    "#);
}

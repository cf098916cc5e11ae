//! Providers' and consumers' shapes of the seventh planted-mismatch evaluation of 2026-12-07 (orgs
//! built by a helper to test `brain check`, not copies of a public system), org K: a NestJS
//! service's DTO classes, and a Spring AMQP listener bound by a `@QueueBinding`'s routing key.

mod support;

use support::{check_repos as check, finding_summary};

const CONTROLLER: &str = "import { Body, Controller, Get, Param, Post } from '@nestjs/common';\nimport { CreateProductDto } from './dto/create-product.dto';\nimport { ProductDto } from './dto/product.dto';\nimport { ProductsService } from './products.service';\n\n@Controller('products')\nexport class ProductsController {\n  constructor(private readonly products: ProductsService) {}\n\n  @Get(':id')\n  get(@Param('id') id: string): ProductDto {\n    return this.products.get(id);\n  }\n\n  @Post()\n  create(@Body() dto: CreateProductDto): Promise<ProductDto> {\n    return this.products.create(dto);\n  }\n}\n";

const PRODUCT_DTO: &str = "export class ProductDto {\n  id: string;\n  sku: string;\n  priceCents: number;\n  description?: string;\n}\n";

const CREATE_DTO: &str = "import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';\n\nexport class CreateProductDto {\n  @IsString()\n  sku: string;\n\n  @IsOptional()\n  @IsString()\n  description?: string;\n\n  @IsInt()\n  priceCents: number;\n\n  @IsIn(['EUR', 'USD'])\n  currency: string;\n}\n";

const SERVICE: &str = "import { Injectable } from '@nestjs/common';\n\n@Injectable()\nexport class ProductsService {\n  private readonly items = new Map<string, ProductDto>();\n\n  get(id: string): ProductDto {\n    return this.items.get(id);\n  }\n}\n";

/// The findings of catalog-service and a Python consumer whose client is `client`.
fn catalog_findings(client: &str) -> Vec<String> {
    let findings = check(&[
        (
            "catalog-service",
            &[
                ("src/products/products.controller.ts", CONTROLLER),
                ("src/products/dto/product.dto.ts", PRODUCT_DTO),
                ("src/products/dto/create-product.dto.ts", CREATE_DTO),
                ("src/products/products.service.ts", SERVICE),
                ("package.json", "{\"name\": \"catalog-service\", \"dependencies\": {\"@nestjs/core\": \"10.0.0\", \"class-validator\": \"0.14.0\"}}\n"),
                ("Dockerfile", "FROM node:20\n"),
            ],
        ),
        ("merchant-py", &[("app/catalog.py", client), ("requirements.txt", "requests==2.32.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    finding_summary(&findings)
}

/// The DTO classes say what the routes answer and take: `rating` is no field of `ProductDto`,
/// and a request without `currency` (no `@IsOptional()`) leaves out a required field, while
/// `description` (`@IsOptional()`) may be left out.
#[test]
fn nestjs_dto_classes_are_the_fields_of_their_routes() {
    let client = "import requests\n\nBASE = \"http://catalog-service:3000\"\n\ndef rating(product_id):\n    product = requests.get(f\"{BASE}/products/{product_id}\").json()\n    return product[\"rating\"]\n\ndef create(sku, price):\n    return requests.post(f\"{BASE}/products\", json={\"sku\": sku, \"priceCents\": price}).json()\n";
    insta::assert_debug_snapshot!(catalog_findings(client), @r#"
    [
        "missing-field rating api:catalog-service-routes",
        "missing-required-field currency api:catalog-service-routes",
    ]
    "#);
}

/// Near miss: reads of the DTO's own fields and a request sending every required one.
#[test]
fn reads_and_requests_the_dto_classes_allow_are_no_findings() {
    let client = "import requests\n\nBASE = \"http://catalog-service:3000\"\n\ndef price(product_id):\n    product = requests.get(f\"{BASE}/products/{product_id}\").json()\n    return product[\"priceCents\"], product[\"sku\"]\n\ndef create(sku, price):\n    return requests.post(f\"{BASE}/products\", json={\"sku\": sku, \"priceCents\": price, \"currency\": \"EUR\"}).json()\n";
    insta::assert_debug_snapshot!(catalog_findings(client), @"[]");
}

const CATALOG_EVENTS: &str = "asyncapi: 3.0.0\ninfo: {title: Catalog events, version: 1.0.0}\nchannels:\n  stockDepleted:\n    address: product.stock-depleted\n    messages:\n      StockDepleted:\n        payload:\n          type: object\n          properties:\n            productId: {type: string}\n            sku: {type: string}\noperations:\n  publishStockDepleted:\n    action: send\n    channel: {$ref: '#/channels/stockDepleted'}\n";

/// inventory-java's findings, its listener bound by `binding`.
fn inventory_findings(binding: &str) -> Vec<String> {
    let listener = format!(
        "package com.acme.inventory.messaging;\n\nimport org.springframework.amqp.rabbit.annotation.*;\n\n@Component\npublic class CatalogListener {{\n    public record StockDepleted(String productId, String sku, int remainingUnits) {{}}\n\n    @RabbitListener(bindings = @QueueBinding(\n            value = @Queue(value = \"inventory.stock-depleted\", durable = \"true\"),\n            exchange = @Exchange(value = \"catalog.events\", type = \"topic\"){binding}))\n    public void onStockDepleted(StockDepleted event) {{\n        stock.markDepleted(event.productId());\n    }}\n}}\n"
    );
    let findings = check(&[
        ("catalog-service", &[("docs/asyncapi.yaml", CATALOG_EVENTS), ("package.json", "{\"name\": \"catalog-service\"}\n"), ("Dockerfile", "FROM node:20\n")]),
        ("inventory-java", &[("src/main/java/com/acme/inventory/messaging/CatalogListener.java", listener.as_str()), ("pom.xml", "<project><artifactId>inventory</artifactId></project>\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    finding_summary(&findings)
}

/// `@QueueBinding(.., key = "product.stock-depleted")` subscribes to that routing key, the
/// channel the AsyncAPI document's address names: `remainingUnits` is no field of its message.
#[test]
fn a_queue_bindings_key_is_the_channel_a_listener_hears() {
    insta::assert_debug_snapshot!(inventory_findings(",\n            key = \"product.stock-depleted\""), @r#"
    [
        "missing-field remainingUnits api:catalog-events",
    ]
    "#);
}

/// Near miss: a binding with no key names no routing key, so the listener is tied to no message
/// of the document.
#[test]
fn a_queue_binding_without_a_key_hears_no_routing_key() {
    insta::assert_debug_snapshot!(inventory_findings(""), @"[]");
}

//! A model-free plan on an org the factory has never seen (not acme): a catalog service whose
//! `Product.price_cents` is read by a shop website but not by a reports job. The rename plan
//! must list the provider and only the consumer that reads the field, choose the full lane,
//! order the rollout expand -> migrate -> contract, and give a rollback path.

use std::path::Path;

use factory_app::{Home, brain, home, plan, repos};
use factory_git::Identity;

const OPENAPI: &str = "openapi: 3.0.3
info: {title: Catalog API, version: 1.0.0}
paths:
  /products:
    get:
      operationId: listProducts
      responses:
        '200':
          description: every product
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ProductList'}
components:
  schemas:
    ProductList:
      type: object
      properties:
        products: {type: array, items: {$ref: '#/components/schemas/Product'}}
    Product:
      type: object
      required: [sku, name, price_cents]
      properties:
        sku: {type: string}
        name: {type: string}
        price_cents: {type: integer}
";

const PROVIDER_CATALOG: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: catalog-svc}
spec: {type: service, owner: group:team-catalog, providesApis: [catalog-http]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: catalog-http}
spec:
  type: openapi
  owner: group:team-catalog
  definition: {$text: ./openapi.yaml}
";

const SHOP_CATALOG: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shop-web}
spec: {type: website, owner: group:team-shop, consumesApis: [catalog-http]}
";

const SHOP_JS: &str = "async function load() {
  const response = await fetch('/api/products');
  const { products } = await response.json();
  for (const product of products) {
    render(product.sku, product.name, product.price_cents);
  }
}
";

const REPORTS_CATALOG: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: reports}
spec: {type: service, owner: group:team-data, consumesApis: [catalog-http]}
";

const REPORTS_PY: &str = "import json, urllib.request

def names(base_url):
    with urllib.request.urlopen(base_url + '/products') as response:
        products = json.load(response)['products']
    return [product['name'] for product in products]
";

fn repo(root: &Path, name: &str, files: &[(&str, &str)]) -> String {
    let repo = factory_git::init(&root.join(name)).expect("init");
    for (path, text) in files {
        let full = repo.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("dirs");
        std::fs::write(full, text).expect("write");
    }
    repo.add_all().expect("add");
    repo.commit("initial\n", &Identity { name: "Ada".into(), email: "ada@example.com".into() }, Some("2026-01-01T00:00:00Z"), &[]).expect("commit");
    repo.path().display().to_string()
}

#[tokio::test]
async fn a_rename_on_an_unseen_org_touches_the_provider_and_only_the_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let paths = [
        repo(
            root,
            "catalog-svc",
            &[
                ("openapi.yaml", OPENAPI),
                ("catalog-info.yaml", PROVIDER_CATALOG),
                ("db/migrations/0001_products.sql", "CREATE TABLE products (sku TEXT);\n"),
            ],
        ),
        repo(root, "shop-web", &[("catalog-info.yaml", SHOP_CATALOG), ("static/app.js", SHOP_JS)]),
        repo(root, "reports", &[("catalog-info.yaml", REPORTS_CATALOG), ("reports/names.py", REPORTS_PY)]),
    ];
    home::init(&root.join("home"), "shop").expect("home");
    let mut home = Home::open(&root.join("home")).expect("open");
    for path in &paths {
        repos::add(&mut home, path, None, Path::new("/")).expect("add");
    }
    brain::scan(&home, None).await.expect("scan");

    let changes = ["field:catalog-http/Product.price_cents:rename:price_minor_units".to_string()];
    let renamed = plan::plan(&home, "prices are in minor units", &changes, None).await.expect("plans");
    let outline = serde_json::json!({
        "lane": renamed.lane,
        "tasks": renamed.tasks.iter().map(|task| format!("{} <- [{}]", task.id, task.depends_on.join(", "))).collect::<Vec<_>>(),
        "not_changed": renamed.not_changed,
        "rollout": renamed.rollout.iter().map(|step| step.task.as_str()).collect::<Vec<_>>(),
        "rollback": renamed.rollback.iter().map(|step| format!("{} ({:?})", step.undoes, step.reversible)).collect::<Vec<_>>(),
    });
    insta::assert_json_snapshot!(outline);
}

//! Which units are one service, as the sixth round of unseen systems showed (issue #3's
//! reports of 2026-12-06, fourth session: an Apollo federation supergraph, coolstore,
//! hashicups).

mod support;

use support::{borrowed, org, summary};

const DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

/// Apollo's supergraph demo: compose builds `router` from `./router`, and Kubernetes runs it as
/// the Deployment `router-deployment` (pod label `app: router`, image `prasek/supergraph-router`)
/// behind the Service `router-service`: one service. A workload's kind after its name, its
/// pod's naming label and the Service picking it alone name it; an `app` label two workloads
/// share (`app: store` on `shop-web` and `shop-worker`) names neither.
#[test]
fn a_workload_is_named_by_its_kind_less_name_its_app_label_or_its_service() {
    let compose = "services:\n  router:\n    build: ./router\n  users:\n    build: ./users\n  store:\n    build: ./store\n";
    let deployment = |name: &str, label: &str, image: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        {label}\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n---\n"
        )
    };
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: router-service\nspec:\n  selector:\n    app: router\n";
    let manifests = [
        deployment("router-deployment", "app: router", "prasek/supergraph-router:latest"),
        deployment("people", "app.kubernetes.io/name: users", "prasek/subgraph-people:latest"),
        deployment("shop-web", "app: store", "acme/shop-web:1"),
        deployment("shop-worker", "app: store", "acme/shop-worker:1"),
        service.to_string(),
    ]
    .concat();
    let resolved = org(&[(
        "supergraph",
        &[
            ("docker-compose.yml", compose),
            ("k8s/router.yaml", &manifests),
            ("router/Dockerfile", DOCKERFILE),
            ("router/index.js", "console.log('router')\n"),
            ("users/Dockerfile", DOCKERFILE),
            ("users/index.js", "console.log('users')\n"),
            ("store/Dockerfile", DOCKERFILE),
            ("store/index.js", "console.log('store')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:router repo="supergraph" root="router"
    component:shop-web repo=- root=-
    component:shop-worker repo=- root=-
    component:store repo="supergraph" root="store"
    component:users repo="supergraph" root="users"
    "#);
}

/// coolstore builds its single-page app as compose's `web` (`image: vndg/cs-spa`) and its Helm
/// chart runs that image as `spa`: one image the org builds, run by one unit in each deploy
/// system, is one service, by compose's name. Two compose services of one image (an API and its
/// worker) stay two, and a Kubernetes workload running that image then joins neither.
#[test]
fn an_image_the_org_builds_run_once_by_each_deploy_system_is_one_service() {
    let compose = "services:\n  web:\n    image: vndg/cs-spa\n    build:\n      context: .\n      dockerfile: ./src/web/Dockerfile\n  api:\n    image: acme/orders\n    build: ./src/orders\n  worker:\n    image: acme/orders\n    command: [\"node\", \"worker.js\"]\n";
    let deployment = |name: &str, app: &str, image: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {app}\n        version: v1\n    spec:\n      containers:\n        - name: {app}\n          image: {image}\n---\n"
        )
    };
    let chart = [deployment("spa-v1", "spa", "{{.Values.image.imageRegistry}}/cs-spa:{{.Values.image.dockerTag}}"), deployment("backend", "backend", "acme/orders:1")].concat();
    let resolved = org(&[(
        "coolstore",
        &[
            ("docker-compose.yml", compose),
            ("deploys/charts/coolstore/Chart.yaml", "apiVersion: v2\nname: coolstore\nversion: 0.1.0\n"),
            ("deploys/charts/coolstore/values.yaml", "image:\n  imageRegistry: vndg\n  dockerTag: latest\n"),
            ("deploys/charts/coolstore/templates/spa-dep.yaml", &chart),
            ("src/web/Dockerfile", DOCKERFILE),
            ("src/web/server.js", "console.log('web')\n"),
            ("src/orders/Dockerfile", DOCKERFILE),
            ("src/orders/index.js", "console.log('orders')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="coolstore" root="src/orders"
    component:backend repo=- root=-
    component:web repo="coolstore" root="src/web"
    component:worker repo=- root=-
    "#);
}

/// hashicups's Consul setup runs each service twice, once per datacenter: `public-api` and
/// `public-api-secondary`, both `image: 'public-api'`. A compose service named like another of
/// its file plus a replica word or a number, running the same image, is a copy of it, one
/// service; a worker of its API's image (`orders-worker`) and a copy running another image
/// (`web-2`) are services of their own.
#[test]
fn a_compose_copy_of_a_service_is_that_service() {
    let compose = "services:\n  public-api:\n    image: 'public-api'\n    command: [\"./bin/install.sh\"]\n  public-api-secondary:\n    image: 'public-api'\n    command: [\"./bin/install.sh\"]\n    environment:\n      - PRODUCT_API_URI=http://orders:9090\n  orders:\n    image: acme/orders\n  orders-worker:\n    image: acme/orders\n    command: [\"node\", \"worker.js\"]\n  web:\n    image: acme/web:1\n  web-2:\n    image: acme/web:2\n";
    let resolved = org(&[("hashicups-setups", &[("docker-compose-consul/docker-compose.yaml", compose)])]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:orders repo=- root=-
    component:orders-worker repo=- root=-
    component:public-api repo=- root=-
    component:web repo=- root=-
    component:web-2 repo=- root=-
    component:public-api -depends_on-> component:orders
    ");
}

/// hashicups's deploy repo wraps each service's published image for Consul
/// (`docker-compose-consul/images/public-api/Dockerfile`: `FROM hashicorpdemoapp/public-api:v0.0.5
/// as base`, then `COPY --from=base`): a folder with no code, which took the service's root from
/// the repo `public-api` holding its code, so `brain impact` on that code found no service. A
/// component whose folders hold no code has its code in the one other repo named like it; a
/// folder of config with no repo named like it (`envoy-proxy/`) stays its root.
#[test]
fn a_folder_without_code_gives_way_to_the_repo_named_like_the_service() {
    let compose = "services:\n  public-api:\n    image: 'public-api'\n    build: ./images/public-api\n    environment:\n      - PAYMENT_API_URI=http://payments:8080\n  envoy-proxy:\n    build: ./images/envoy-proxy\n  payments:\n    image: hashicorpdemoapp/payments:latest\n";
    let wrapper = "FROM hashicorpdemoapp/public-api:v0.0.5 as base\n\nFROM ubuntu:20.04\nCOPY --from=base app/public-api /bin/public-api\nCMD [\"/bin/public-api\"]\n";
    let main = "package main\n\nimport \"os\"\n\nfunc main() {\n\t_ = os.Getenv(\"PAYMENT_API_URI\")\n}\n";
    let resolved = org(&[
        (
            "hashicups-setups",
            &[
                ("docker-compose-consul/docker-compose.yaml", compose),
                ("docker-compose-consul/images/public-api/Dockerfile", wrapper),
                ("docker-compose-consul/images/envoy-proxy/Dockerfile", "FROM envoyproxy/envoy:v1.18.3\nCOPY envoy.yaml /etc/envoy/envoy.yaml\n"),
                ("docker-compose-consul/images/envoy-proxy/envoy.yaml", "static_resources: {}\n"),
            ],
        ),
        ("public-api", &[("Dockerfile", "FROM alpine:latest\nCOPY ./bin/public-api /app/public-api\n"), ("main.go", main), ("go.mod", "module public-api\n")]),
        ("payments", &[("Dockerfile", "FROM openjdk:12-alpine\nCOPY ./build/libs/payments.jar .\n"), ("src/main/java/payments/Application.java", "class Application {}\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:envoy-proxy repo="hashicups-setups" root="docker-compose-consul/images/envoy-proxy"
    component:payments repo="payments" root=""
    component:public-api repo="public-api" root=""
    component:public-api -depends_on-> component:payments
    "#);
}

/// hashicups's product API lives in the repo `product-api-go` and runs as compose's
/// `product-api` (`image: hashicorpdemoapp/product-api`): a language after a name (`-go`,
/// `-node`, `-py`, `-dotnet`) says nothing of which service, as its last word only (`cargo` is
/// no `car`). So is a deploy repo's wrapper folder of that image named `product-api`.
#[test]
fn a_language_after_a_repo_name_names_no_other_service() {
    let frontend_compose = "services:\n  public-api:\n    image: hashicorpdemoapp/public-api:v0.0.6\n    environment:\n      - PRODUCT_API_URI=http://product-api:9090\n      - CAR_URI=http://car:8080\n  product-api:\n    image: hashicorpdemoapp/product-api:v0.0.20\n  car:\n    image: acme/car:1\n";
    let go_repo = |module: &str| -> Vec<(String, String)> {
        vec![("Dockerfile".into(), "FROM alpine:latest\nCOPY ./bin/app /app/app\n".into()), ("main.go".into(), "package main\n\nfunc main() {}\n".into()), ("go.mod".into(), format!("module {module}\n"))]
    };
    let (product, cargo) = (go_repo("product-api"), go_repo("cargo"));
    let (product, cargo) = (borrowed(&product), borrowed(&cargo));
    let resolved = org(&[("frontend", &[("backend-docker-compose/docker-compose.yml", frontend_compose)]), ("product-api-go", &product), ("cargo", &cargo)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:car repo=- root=-
    component:cargo repo="cargo" root=""
    component:product-api repo="product-api-go" root=""
    component:public-api repo=- root=-
    component:public-api -depends_on-> component:car
    component:public-api -depends_on-> component:product-api
    "#);
    let consul = "services:\n  product-api:\n    image: 'product-api'\n    build: ./images/product-api\n";
    let wrapper = "FROM hashicorpdemoapp/product-api:v0.0.20 as base\n\nFROM ubuntu:20.04\nCOPY --from=base /app/product-api /bin/product-api\n";
    let resolved = org(&[
        ("hashicups-setups", &[("docker-compose-consul/docker-compose.yaml", consul), ("docker-compose-consul/images/product-api/Dockerfile", wrapper)]),
        ("product-api-go", &product),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"component:product-api repo="product-api-go" root="""#);
}

/// hashicups's product API repo runs itself in its own compose file as `api`, and the service
/// without code took the frontend repo's `src/pages/api/` (Next.js's API routes) for its code.
/// A name that says what a service is, not which (`api`, `app`, `web`, `server`), names folders
/// of the repo declaring it only; and a repo a deploy file builds whole is that service's code,
/// no other's (`src/pages/cart/` for the Kubernetes `cart`). The image's name still finds its
/// folder anywhere, and a generic name its folder at home (`web/`). A repo's own compose file
/// running its service's image, as the one service of the file doing so, runs that service.
#[test]
fn a_generic_name_takes_no_folder_of_another_repo() {
    let package = "{\"name\": \"frontend\", \"dependencies\": {\"next\": \"12.0.0\"}}\n";
    let cart = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n      containers:\n        - name: cart\n          image: acme/cart:1\n";
    let resolved = org(&[
        (
            "frontend",
            &[
                ("docker-compose.yml", "services:\n  frontend:\n    build: .\n"),
                ("Dockerfile", DOCKERFILE),
                ("package.json", package),
                ("src/pages/api/get-cart.js", "export default function handler(req, res) {}\n"),
                ("src/pages/cart/index.js", "export default function Cart() {}\n"),
            ],
        ),
        ("platform", &[("k8s/cart.yaml", cart)]),
        ("catalog", &[("docker_compose/docker-compose.yml", "services:\n  api:\n    image: acme/stock:1\n"), ("Dockerfile", DOCKERFILE), ("index.js", "console.log('catalog')\n")]),
        ("shop", &[("docker-compose.yml", "services:\n  web:\n    image: acme/storefront:1\n"), ("web/package.json", "{\"name\": \"web\"}\n"), ("web/index.js", "console.log('web')\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo=- root=-
    component:cart repo=- root=-
    component:catalog repo="catalog" root=""
    component:frontend repo="frontend" root=""
    component:shop repo="shop" root=""
    component:web repo="shop" root="web"
    "#);
    // The repo's own compose file runs that service from its image as `api`, the one service of
    // the file running it: `api` is the service at the repo's root, though Kubernetes's
    // `products-api` goes by that image too.
    let kubernetes = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: products-api\nspec:\n  template:\n    spec:\n      containers:\n        - name: products-api\n          image: hashicorpdemoapp/product-api:v0.0.22\n";
    let consul = "services:\n  product-api:\n    image: 'product-api'\n    container_name: product-api\n    build: ./images/product-api\n";
    let wrapper = "FROM hashicorpdemoapp/product-api:v0.0.20 as base\n\nFROM ubuntu:20.04\nCOPY --from=base /app/product-api /bin/product-api\n";
    let resolved = org(&[
        (
            "hashicups-setups",
            &[
                ("docker-compose-consul/docker-compose.yaml", consul),
                ("docker-compose-consul/images/product-api/Dockerfile", wrapper),
                ("local-k8s-consul-deployment/k8s/products-api.yaml", kubernetes),
            ],
        ),
        (
            "product-api-go",
            &[
                ("docker_compose/docker-compose.yml", "services:\n  api:\n    image: \"hashicorpdemoapp/product-api:v0.0.23\"\n"),
                ("Dockerfile", "FROM alpine:latest\nCOPY ./bin/product-api /app/product-api\n"),
                ("main.go", "package main\n\nfunc main() {}\n"),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"component:product-api repo="product-api-go" root="""#);
}

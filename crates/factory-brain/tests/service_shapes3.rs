//! Shapes the third round of unseen systems showed (issue #3's reports of 2026-12-06, second
//! session: BlueCompute as a multi-repo org, aks-store-demo, aspnetrun's Ocelot gateway).

mod support;

use support::{org, summary};

/// BlueCompute's deploy repo keeps every manifest in an umbrella chart's `charts/` folder:
/// subcharts of the org's own services, their env naming each other, and a Helm hook.
#[test]
fn subcharts_of_an_umbrella_chart_are_read() {
    let deployment = |name: &str, env: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{{{ .Release.Name }}}}-{name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: \"ibmcase/bluecompute-{name}:{{{{ .Values.image.tag }}}}\"\n          env:\n{env}"
        )
    };
    let auth = deployment("auth", "            - name: CUSTOMER_URL\n              value: http://customer:8082\n");
    let customer = deployment("customer", "            - name: PORT\n              value: \"8082\"\n");
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: customer\nspec:\n  selector:\n    app: customer\n  ports:\n    - port: 8082\n";
    // A hook seeding the customer database on install is no service, nor is a job running
    // curl (rendered, without its hook annotation).
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bluecompute-customer-create-user\n  annotations:\n    \"helm.sh/hook\": post-install\nspec:\n  template:\n    spec:\n      containers:\n        - name: create-user\n          image: ibmcase/bluecompute-mysql-client\n          env:\n            - name: CUSTOMER_URL\n              value: http://customer:8082\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bluecompute-customer-create-user-bibkt\nspec:\n  template:\n    spec:\n      containers:\n        - name: create-user\n          image: ibmcase/bluecompute-bash-curl-ssl\n          env:\n            - name: CUSTOMER_URL\n              value: http://customer:8082\n";
    let resolved = org(&[(
        "refarch-cloudnative-kubernetes",
        &[
            ("bluecompute-ce/Chart.yaml", "apiVersion: v2\nname: bluecompute-ce\nversion: 0.6.0\n"),
            ("bluecompute-ce/charts/auth/Chart.yaml", "apiVersion: v2\nname: auth\nversion: 0.6.0\n"),
            ("bluecompute-ce/charts/auth/templates/deployment.yaml", &auth),
            ("bluecompute-ce/charts/customer/Chart.yaml", "apiVersion: v2\nname: customer\nversion: 0.6.0\n"),
            ("bluecompute-ce/charts/customer/templates/deployment.yaml", &customer),
            ("bluecompute-ce/charts/customer/templates/service.yaml", service),
            ("bluecompute-ce/charts/customer/templates/job.yaml", job),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:auth repo=- root=-
    component:customer repo=- root=-
    resource:bluecompute-customer-create-user-bibkt repo=- root=-
    component:auth -depends_on-> component:customer
    ");
}

/// BlueCompute's Feign clients name services as no component is named: `inventory-service`
/// is the repo `micro-inventory`, whose Spring name is `inventory`; `customer-service` is the
/// one Spring calls `customer-microservice`.
#[test]
fn a_client_names_a_service_by_one_of_its_aliases() {
    let java = |name: &str| format!("package x;\n\n@FeignClient(name=\"{name}\", url=\"${{{name}.url}}\")\npublic interface Client {{\n}}\n");
    let spring = |name: &str| format!("spring:\n  application:\n    name: {name}\n");
    let dockerfile = "FROM openjdk:8\nCOPY app.jar app.jar\n";
    let resolved = org(&[
        ("micro-inventory", &[("Dockerfile", dockerfile), ("src/main/resources/application.yml", &spring("inventory")), ("src/main/java/x/App.java", "class App {}\n")]),
        (
            "micro-customer",
            &[("Dockerfile", dockerfile), ("src/main/resources/application.yml", &spring("customer-microservice")), ("src/main/java/x/App.java", "class App {}\n")],
        ),
        ("micro-catalog", &[("Dockerfile", dockerfile), ("src/main/java/x/InventoryClient.java", &java("inventory-service"))]),
        ("auth", &[("Dockerfile", dockerfile), ("src/main/java/x/CustomerClient.java", &java("customer-service"))]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="auth" root=""
    component:micro-catalog repo="micro-catalog" root=""
    component:micro-customer repo="micro-customer" root=""
    component:micro-inventory repo="micro-inventory" root=""
    component:auth -depends_on-> component:micro-customer
    component:micro-catalog -depends_on-> component:micro-inventory
    "#);
}

/// aspnetrun's Ocelot gateway: its routes name each service as a host beside a port, in JSON
/// with comments (as .NET reads it); compose declares no start order for it here.
#[test]
fn a_gateways_routes_name_hosts_beside_ports_in_json_with_comments() {
    let ocelot = r#"{
  "Routes": [
    //Catalog API
    {
      "DownstreamPathTemplate": "/api/v1/Catalog",
      "DownstreamScheme": "http",
      "DownstreamHostAndPorts": [
        {
          "Host": "catalog.api",
          "Port": "80"
        }
      ],
      "UpstreamPathTemplate": "/Catalog",
    },
    //Basket API
    {
      "DownstreamHostAndPorts": [ { "Host": "basket.api", "Port": "80" } ],
      "UpstreamPathTemplate": "/Basket"
    }
  ],
  "GlobalConfiguration": { "BaseUrl": "http://localhost:5010" }
}
"#;
    let compose = "services:\n  catalog.api:\n    build:\n      context: .\n      dockerfile: Services/Catalog/Dockerfile\n  basket.api:\n    build:\n      context: .\n      dockerfile: Services/Basket/Dockerfile\n  ocelotapigw:\n    build:\n      context: .\n      dockerfile: ApiGateways/OcelotApiGw/Dockerfile\n  mail:\n    image: smtp4dev\n    environment:\n      - Host=smtp.example.org\n";
    let dockerfile = "FROM mcr.microsoft.com/dotnet/aspnet:5.0\nCOPY . .\n";
    let resolved = org(&[(
        "aspnetrun",
        &[
            ("docker-compose.yml", compose),
            ("Services/Catalog/Dockerfile", dockerfile),
            ("Services/Catalog/Program.cs", "class Program {}\n"),
            ("Services/Basket/Dockerfile", dockerfile),
            ("Services/Basket/Program.cs", "class Program {}\n"),
            ("ApiGateways/OcelotApiGw/Dockerfile", dockerfile),
            ("ApiGateways/OcelotApiGw/Program.cs", "class Program {}\n"),
            ("ApiGateways/OcelotApiGw/ocelot.Development.json", ocelot),
            (
                "ApiGateways/OcelotApiGw/appsettings.json",
                "{\n  // logging\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"Smtp\": { \"Host\": \"smtp.gmail.com\", \"Port\": 587 },\n}\n",
            ),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:basket.api repo="aspnetrun" root="Services/Basket"
    component:catalog.api repo="aspnetrun" root="Services/Catalog"
    component:ocelotapigw repo="aspnetrun" root="ApiGateways/OcelotApiGw"
    resource:mail repo=- root=-
    component:ocelotapigw -depends_on-> component:basket.api
    component:ocelotapigw -depends_on-> component:catalog.api
    "#);
}

/// aks-store-demo: the order service sends over AMQP 1.0 (rhea) to a queue its environment
/// names, and the make-line service receives from it (go-amqp) by a variable holding the same
/// env var; compose gives both `ORDER_QUEUE_NAME=orders`.
#[test]
fn a_queue_named_by_an_env_var_is_the_value_the_deployment_gives_it() {
    let compose = "services:\n  order-service:\n    build: src/order-service\n    environment:\n      - ORDER_QUEUE_NAME=orders\n      - ORDER_QUEUE_HOSTNAME=rabbitmq\n  makeline-service:\n    build: src/makeline-service\n    environment:\n      ORDER_QUEUE_NAME: orders\n  rabbitmq:\n    image: rabbitmq:3.11-management-alpine\n";
    let sender = "const container = require('rhea');\n\nfunction connect() {\n  const connection = container.connect({ host: process.env.ORDER_QUEUE_HOSTNAME });\n  const sender = connection.open_sender(process.env.ORDER_QUEUE_NAME);\n  sender.send({ body: JSON.stringify(order) });\n}\n";
    let receiver = "package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/Azure/go-amqp\"\n)\n\nfunc receive(ctx context.Context, session *amqp.Session) {\n\torderQueueName := os.Getenv(\"ORDER_QUEUE_NAME\")\n\treceiver, err := session.NewReceiver(ctx, orderQueueName, nil)\n\t_ = receiver\n}\n";
    let resolved = org(&[(
        "aks-store-demo",
        &[
            ("docker-compose.yml", compose),
            ("src/order-service/Dockerfile", "FROM node:18\nCOPY . .\n"),
            ("src/order-service/plugins/messagequeue.js", sender),
            ("src/makeline-service/Dockerfile", "FROM golang:1.21\nCOPY . .\n"),
            ("src/makeline-service/orderqueue.go", receiver),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:makeline-service repo="aks-store-demo" root="src/makeline-service"
    component:order-service repo="aks-store-demo" root="src/order-service"
    resource:rabbitmq repo=- root=-
    component:order-service -depends_on-> component:makeline-service
    "#);
}

/// ACME Fitness: every pod runs a Jaeger agent beside its app. The sidecar's image is no name
/// of the app, so the deploy repo's `frontend` is not taken for the catalog service whose
/// Deployment also runs one.
#[test]
fn a_sidecar_every_pod_runs_names_none_of_them() {
    let deployment = |name: &str, image: &str, env: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - image: gcr.io/vmwarecloudadvocacy/{image}:1.0\n        name: {name}\n        env:\n{env}      - image: jaegertracing/jaeger-agent\n        name: jaeger-agent\n"
        )
    };
    let catalog = deployment("catalog", "acmeshop-catalog", "        - name: USERS_HOST\n          value: users\n");
    let frontend = deployment("frontend", "acmeshop-front-end", "        - name: CART_HOST\n          value: cart\n");
    let cart = deployment("cart", "acmeshop-cart", "        - name: USER_HOST\n          value: users\n");
    let users = deployment("users", "acmeshop-user", "        - name: USERS_PORT\n          value: \"8081\"\n");
    let resolved = org(&[
        ("catalogsvc", &[("Dockerfile", "FROM golang:1.13\nCOPY . .\n"), ("main.go", "package main\n\nfunc main() {}\n")]),
        (
            "acme_fitness_demo",
            &[
                ("kubernetes-manifests/catalog-total.yaml", &catalog),
                ("kubernetes-manifests/frontend-total.yaml", &frontend),
                ("kubernetes-manifests/cart-total.yaml", &cart),
                ("kubernetes-manifests/users-total.yaml", &users),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo=- root=-
    component:catalog repo="catalogsvc" root=""
    component:frontend repo=- root=-
    component:users repo=- root=-
    component:cart -depends_on-> component:users
    component:catalog -depends_on-> component:users
    component:frontend -depends_on-> component:cart
    "#);
}

/// BlueCompute's web app reads its API addresses from a `default.json` its ConfigMap holds
/// and its Deployment mounts.
#[test]
fn a_config_file_a_mounted_config_map_holds_names_the_services_called() {
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  default.json: |-\n    {\n      \"Application\": { \"cluster_name\": \"bluecompute\" },\n      \"APIs\": {\n        \"catalog\": { \"protocol\": \"http\", \"service_name\": \"catalog:8081\", \"base_path\": \"/micro\" },\n        \"orders\": { \"protocol\": \"http\", \"service_name\": \"orders:8080\" }\n      }\n    }\n";
    let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      volumes:\n        - name: config-volume\n          configMap:\n            name: web-config\n        - name: unused\n          configMap:\n            name: other-config\n      containers:\n        - name: web\n          image: ibmcase/bluecompute-web:0.6.0\n          volumeMounts:\n            - name: config-volume\n              mountPath: /StoreWebApp/config\n";
    let other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other-config\ndata:\n  app.yaml: |\n    inventory:\n      service_name: inventory:8080\n";
    let deployment = |name: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: ibmcase/bluecompute-{name}:0.6.0\n"
        )
    };
    let (catalog, orders, inventory) = (deployment("catalog"), deployment("orders"), deployment("inventory"));
    let resolved = org(&[(
        "refarch-cloudnative-kubernetes",
        &[
            ("templates/web-config.yaml", config_map),
            ("templates/other-config.yaml", other),
            ("templates/web.yaml", web),
            ("templates/catalog.yaml", &catalog),
            ("templates/orders.yaml", &orders),
            ("templates/inventory.yaml", &inventory),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:catalog repo=- root=-
    component:inventory repo=- root=-
    component:orders repo=- root=-
    component:web repo=- root=-
    component:web -depends_on-> component:catalog
    component:web -depends_on-> component:orders
    ");
}

/// NGINX's MRA: the album manager's Swagger file carries the content service's title, copied.
/// Sharing no operation, they are two APIs, and a call of `/albums` reaches only the album
/// manager. A consumer's vendored copy of a contract shares its operations and stays that API.
#[test]
fn contracts_that_share_a_title_but_no_operation_are_different_apis() {
    let swagger = |paths: &str| format!("swagger: '2.0'\ninfo:\n  title: MRA Content Service API\n  version: 1.0.0\npaths:\n{paths}");
    let albums = swagger("  /albums:\n    get:\n      responses:\n        '200': {description: ok}\n");
    let images = swagger("  /images:\n    get:\n      responses:\n        '200': {description: ok}\n");
    let dockerfile = "FROM ruby:2.5\nCOPY . .\n";
    let resolved = org(&[
        ("mra-album-manager", &[("Dockerfile", dockerfile), ("app/swagger.yaml", &albums), ("app/app.rb", "get '/albums' do\nend\n")]),
        ("mra-content-service", &[("Dockerfile", "FROM golang:1.9\nCOPY . .\n"), ("app/swagger.yaml", &images), ("app/main.go", "package main\n")]),
        (
            "mra-pages",
            &[
                ("Dockerfile", "FROM php:7\nCOPY . .\n"),
                ("app/AlbumManager.php", "<?php\n$response = $client->get(getenv('ALBUM_MANAGER_URL') . \"/albums\");\n"),
                ("vendor-specs/content.yaml", &images),
            ],
        ),
    ]);
    let apis: Vec<String> = resolved.nodes.iter().filter(|node| node.kind == "api").map(|node| node.node_ref.clone()).collect();
    assert!(apis.contains(&"api:mra-album-manager-mra-content-service-api".to_string()), "{apis:?}");
    assert!(apis.contains(&"api:mra-content-service-mra-content-service-api".to_string()), "{apis:?}");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:mra-album-manager repo="mra-album-manager" root=""
    component:mra-content-service repo="mra-content-service" root=""
    component:mra-pages repo="mra-pages" root=""
    component:mra-pages -depends_on-> component:mra-album-manager
    "#);
}

/// ACME Fitness deploys one front end twice: compose calls it `front-end`, Kubernetes
/// `frontend`, both running `acmeshop-front-end`; `user` and `users` likewise. Each is one
/// service, by compose's name; two compose services running one image (an order service and
/// its worker) stay two.
#[test]
fn one_image_deployed_under_names_alike_is_one_service() {
    let compose = "services:\n  front-end:\n    image: gcr.io/vmwarecloudadvocacy/acmeshop-front-end:rel1\n    environment:\n      - USERS_HOST=user\n  user:\n    image: gcr.io/vmwarecloudadvocacy/acmeshop-user:rel1\n  pos:\n    image: gcr.io/vmwarecloudadvocacy/acmeshop-pos:rel1\n    environment:\n      - FRONTEND_HOST=frontend\n  order:\n    image: gcr.io/vmwarecloudadvocacy/acmeshop-order:rel1\n  order-worker:\n    image: gcr.io/vmwarecloudadvocacy/acmeshop-order:rel1\n";
    let deployment = |name: &str, image: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n      - name: {name}\n        image: gcr.io/vmwarecloudadvocacy/{image}:rel1\n"
        )
    };
    let (frontend, users) = (deployment("frontend", "acmeshop-front-end"), deployment("users", "acmeshop-user"));
    let resolved = org(&[(
        "acme_fitness_demo",
        &[("docker-compose/docker-compose.yml", compose), ("kubernetes-manifests/frontend-total.yaml", &frontend), ("kubernetes-manifests/users-total.yaml", &users)],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r"
    component:front-end repo=- root=-
    component:order repo=- root=-
    component:order-worker repo=- root=-
    component:pos repo=- root=-
    component:user repo=- root=-
    component:front-end -depends_on-> component:user
    component:pos -depends_on-> component:front-end
    ");
}

/// Saleor's org: a platform repo of compose and env files (no service of its own), the API
/// handing out the dashboard's address (a link, not a call), and the storefront naming the API
/// after the org (`NEXT_PUBLIC_SALEOR_API_URL`; the API and its worker run one image, so the
/// image's name is neither's).
#[test]
fn an_org_named_before_a_service_and_a_front_ends_link_handed_out() {
    let compose = "services:\n  api:\n    image: ghcr.io/saleor/saleor:3.20\n    ports:\n      - 8000:8000\n    env_file:\n      - common.env\n      - backend.env\n    environment:\n      - DASHBOARD_URL=http://localhost:9000/\n  worker:\n    image: ghcr.io/saleor/saleor:3.20\n    command: celery -A saleor worker\n  dashboard:\n    image: ghcr.io/saleor/saleor-dashboard:latest\n    ports:\n      - 9000:80\n";
    let resolved = org(&[
        (
            "saleor-platform",
            &[("docker-compose.yml", compose), ("backend.env", "CELERY_BROKER_URL=redis://redis:6379/1\n"), ("common.env", "DEFAULT_CHANNEL_SLUG=default-channel\n")],
        ),
        ("saleor-core", &[("Dockerfile", "FROM python:3.12\nCOPY . /app\n"), ("saleor/asgi.py", "application = None\n")]),
        (
            "saleor-dashboard",
            &[("Dockerfile", "FROM node:20 AS builder\nCOPY . .\nFROM nginx:stable-alpine\nCOPY --from=builder /app/build/ /app/\n"), ("src/index.tsx", "export {};\n")],
        ),
        (
            "storefront",
            &[
                ("Dockerfile", "FROM node:20\nCOPY . .\n"),
                ("src/lib/graphql.ts", "export async function execute(input: Request) {\n  return await fetch(process.env.NEXT_PUBLIC_SALEOR_API_URL, input);\n}\n"),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="saleor-core" root="saleor"
    component:dashboard repo="saleor-dashboard" root=""
    component:storefront repo="storefront" root=""
    component:worker repo="saleor-core" root="saleor"
    component:storefront -depends_on-> component:api
    "#);
}

/// The review of these rules: an env var's value a service repo's own deployment sets is that
/// repo's, not another repo's reading a variable of the same name; two repos' ConfigMaps of one
/// name are two; a vendored third-party subchart is no service.
#[test]
fn deploy_values_stay_with_the_repo_that_sets_them() {
    let producer = "import os\nfrom kafka import KafkaProducer\nproducer = KafkaProducer()\nproducer.send(os.environ[\"KAFKA_TOPIC\"], b\"x\")\n";
    let config_map = |url: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  default.json: |\n    {{ \"upstream\": {{ \"url\": \"{url}\" }} }}\n")
    };
    let deployment = |name: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      volumes:\n        - name: config\n          configMap:\n            name: app-config\n      containers:\n        - name: {name}\n          image: acme/{name}:1\n          volumeMounts:\n            - name: config\n              mountPath: /config\n"
        )
    };
    let bitnami = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ template \"common.names.fullname\" . }}-master\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: {{ include \"redis.image\" . }}\n";
    let resolved = org(&[
        (
            "orders",
            &[
                ("docker-compose.yml", "services:\n  orders:\n    build: .\n    environment:\n      KAFKA_TOPIC: order-events\n"),
                ("Dockerfile", "FROM python:3.12\nCOPY . .\n"),
                ("producer.py", producer),
                ("k8s/deployment.yaml", &deployment("orders")),
                ("k8s/config.yaml", &config_map("http://payments:8080")),
                ("chart/Chart.yaml", "apiVersion: v2\nname: orders\nversion: 1.0.0\n"),
                ("chart/charts/redis/templates/master.yaml", bitnami),
            ],
        ),
        ("payments", &[("Dockerfile", "FROM python:3.12\nCOPY . .\n"), ("producer.py", producer), ("app.py", "print('payments')\n")]),
        ("notifier", &[("Dockerfile", "FROM python:3.12\nCOPY . .\n"), ("consumer.py", "from kafka import KafkaConsumer\nKafkaConsumer('order-events')\n")]),
        (
            "catalog",
            &[
                ("Dockerfile", "FROM python:3.12\nCOPY . .\n"),
                ("app.py", "print('catalog')\n"),
                ("k8s/deployment.yaml", &deployment("catalog")),
                ("k8s/config.yaml", &config_map("https://example.org")),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog repo="catalog" root=""
    component:notifier repo="notifier" root=""
    component:orders repo="orders" root=""
    component:payments repo="payments" root=""
    component:orders -depends_on-> component:notifier
    component:orders -depends_on-> component:payments
    "#);
}

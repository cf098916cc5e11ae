//! Shapes Microsoft's Fabrikam Drone Delivery (the AKS microservices reference implementation)
//! showed: a repo's folder of Helm charts beside its code, a chart's values handing its one
//! service the others' addresses, a `Location` header handed back to a client, a compose
//! service called `app`, and env keys with their address word first.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

/// A chart's Deployment as the Drone Delivery charts write it: named by a helper, its image
/// only values (`{{ .Values.dockerregistry }}/{{ .Values.image.repository }}`), `env` below.
fn chart_deployment(chart: &str, env: &str) -> String {
    format!(
        "{{{{- $fullname := include \"{chart}.fullname\" . | replace \".\" \"\" }}}}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{{{ $fullname }}}}\nspec:\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {{{{ include \"{chart}.name\" . }}}}\n    spec:\n      containers:\n      - name: fabrikam-{chart}\n        image: {{{{ .Values.dockerregistry }}}}/{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}\n        env:\n        - name: PORT\n          value: \"8080\"\n{env}"
    )
}

fn chart_yaml(name: &str) -> String {
    format!("apiVersion: v2\nname: {name}\nversion: v0.1.0\n")
}

/// Drone Delivery keeps one chart per service in the repo's top-level `charts/`
/// (`charts/workflow/templates/workflow-deploy.yaml`, no `Chart.yaml` beside `charts/`): a
/// folder of charts, not an umbrella chart's vendored subcharts, so each workload is declared,
/// named by its chart, and joins the service built from `src/shipping/<name>/`. A subchart
/// unpacked inside a chart (`charts/delivery/charts/redis/`, beside
/// `charts/delivery/Chart.yaml`) running an image only its templates name is still a third
/// party's: no component, and its env (`http://workflow:8080`) no dependency.
#[test]
fn a_folder_of_charts_is_no_umbrella_chart() {
    let vendored = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ template \"common.names.fullname\" . }}-master\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: {{ include \"redis.image\" . }}\n          env:\n            - name: WORKFLOW_URL\n              value: http://workflow:8080\n";
    let resolved = org(&[(
        "dronedelivery",
        &[
            ("charts/workflow/Chart.yaml", &chart_yaml("workflow")),
            ("charts/workflow/templates/workflow-deploy.yaml", &chart_deployment("workflow", "        - name: DELIVERY_URL\n          value: http://delivery:8080\n")),
            ("charts/delivery/Chart.yaml", &chart_yaml("delivery")),
            ("charts/delivery/templates/delivery-deploy.yaml", &chart_deployment("delivery", "")),
            ("charts/delivery/charts/redis/Chart.yaml", &chart_yaml("redis")),
            ("charts/delivery/charts/redis/templates/master.yaml", vendored),
            ("src/shipping/workflow/Dockerfile", DOCKERFILE),
            ("src/shipping/workflow/index.js", "console.log('workflow')\n"),
            ("src/shipping/delivery/Dockerfile", DOCKERFILE),
            ("src/shipping/delivery/index.js", "console.log('delivery')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:delivery repo="dronedelivery" root="src/shipping/delivery" roots=["src/shipping/delivery","charts/delivery"]
    component:workflow repo="dronedelivery" root="src/shipping/workflow" roots=["src/shipping/workflow","charts/workflow"]
    component:workflow -depends_on-> component:delivery
    "#);
}

/// Drone Delivery's `charts/workflow/values.yaml` holds `serviceuri: {delivery:
/// http://delivery/api/Deliveries/, package: http://package/api/packages/}`, which the
/// template hands the workflow as `SERVICE_URI_DELIVERY: {{ .Values.serviceuri.delivery }}`:
/// the chart runs the workflow alone, so its folder is the workflow's and its values' URLs
/// the workflow's dependencies. A chart running two services (`charts/web/`: a site and its
/// API) is neither's: the `http://package/` its values name is no one's call.
#[test]
fn a_chart_of_one_service_is_that_services() {
    let values = "nameOverride: workflow\nimage:\n  repository:\nserviceuri:\n  delivery: http://delivery/api/Deliveries/\n  package: http://package/api/packages/\n";
    let two = [chart_deployment("site", ""), "---\n".to_string(), chart_deployment("api", "").replace("name: {{ $fullname }}", "name: web-api")].concat();
    let resolved = org(&[(
        "dronedelivery",
        &[
            ("charts/workflow/Chart.yaml", &chart_yaml("workflow")),
            ("charts/workflow/values.yaml", values),
            ("charts/workflow/templates/workflow-deploy.yaml", &chart_deployment("workflow", "        - name: SERVICE_URI_DELIVERY\n          value: {{ .Values.serviceuri.delivery }}\n")),
            ("charts/web/Chart.yaml", &chart_yaml("web")),
            ("charts/web/values.yaml", "api:\n  packageUri: http://package/api/packages/\n"),
            ("charts/web/templates/web.yaml", &two),
            ("src/shipping/workflow/Dockerfile", DOCKERFILE),
            ("src/shipping/workflow/index.js", "console.log('workflow')\n"),
            ("src/shipping/delivery/Dockerfile", DOCKERFILE),
            ("src/shipping/delivery/index.js", "console.log('delivery')\n"),
            ("src/shipping/package/Dockerfile", DOCKERFILE),
            ("src/shipping/package/index.js", "console.log('package')\n"),
            ("src/web/Dockerfile", DOCKERFILE),
            ("src/web/index.js", "console.log('web')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:delivery repo="dronedelivery" root="src/shipping/delivery"
    component:package repo="dronedelivery" root="src/shipping/package"
    component:web repo="dronedelivery" root="src/web"
    component:workflow repo="dronedelivery" root="src/shipping/workflow" roots=["src/shipping/workflow","charts/workflow"]
    component:workflow -depends_on-> component:delivery
    component:workflow -depends_on-> component:package
    "#);
}

/// Drone Delivery's ingestion answers `202 Accepted` with
/// `response.setHeader("Location", "http://deliveries/api/deliveries/" + id)`: a URL handed
/// back to the client, which goes there next, as after a redirect; no request, though the
/// delivery service serves `GET /api/deliveries/{id}`. The header set every other common way
/// is no request either; a request to the same URL is one.
#[test]
fn a_url_handed_back_in_a_location_header_is_no_call() {
    let handed_back = [
        ("Controller.java", "class C {\n  void f(HttpServletResponse response, String id) {\n    response.setHeader(\"Location\", \"http://delivery/api/deliveries/\" + id);\n    headers.set(HttpHeaders.LOCATION, \"http://delivery/api/deliveries/\" + id);\n    return ResponseEntity.created(URI.create(\"http://delivery/api/deliveries/\" + id)).build();\n  }\n}\n"),
        ("handler.js", "function f(res, id) {\n  res.header('Location', 'http://delivery/api/deliveries/' + id);\n  res.location('http://delivery/api/deliveries/' + id);\n  res.redirect(`http://delivery/api/deliveries/${id}`);\n  res.writeHead(201, { Location: 'http://delivery/api/deliveries/' + id });\n}\n"),
        ("Controller.cs", "class C {\n  void F(string id) {\n    Response.Headers[\"Location\"] = \"http://delivery/api/deliveries/\" + id;\n    Response.Headers.Location = new Uri(\"http://delivery/api/deliveries/\" + id);\n    Response.Headers.Add(HeaderNames.Location, \"http://delivery/api/deliveries/\" + id);\n  }\n}\n"),
        ("handler.go", "func f(w http.ResponseWriter, id string) {\n\tw.Header().Set(\"Location\", \"http://delivery/api/deliveries/\"+id)\n}\n"),
        ("views.py", "def f(id):\n    response.headers[\"Location\"] = \"http://delivery/api/deliveries/\" + id\n    return {}, 201, {'Location': 'http://delivery/api/deliveries/' + id}\n"),
    ];
    for (path, code) in handed_back {
        let facts = factory_brain::read_file(path, code.as_bytes()).expect("reads");
        let edges: Vec<String> = facts.edges.iter().map(|edge| format!("{} {}", edge.kind, edge.to)).collect();
        assert!(edges.is_empty(), "{path}: {edges:?}");
    }
    let called = "class C {\n  Delivery f(String id) {\n    return restTemplate.getForObject(\"http://delivery/api/deliveries/\" + id, Delivery.class);\n  }\n  String g(String location) {\n    return props.getProperty(\"location\", \"http://delivery/api/deliveries\");\n  }\n}\n";
    let facts = factory_brain::read_file("Client.java", called.as_bytes()).expect("reads");
    let mut edges: Vec<String> = facts.edges.iter().map(|edge| format!("{} {} {}", edge.kind, edge.to, edge.pointer)).collect();
    edges.sort();
    insta::assert_snapshot!(edges.join("\n"), @r#"
    calls http:ANY /api/deliveries L6
    calls http:ANY /api/deliveries/{} L3
    decodes type:Delivery L3
    depends_on host:delivery L3
    refers_property property:location L6
    returns function:f L3
    "#);
}

/// Drone Delivery's `src/shipping/package/docker-compose.dev.yaml` names the package service
/// `app` (`build: {context: .}`, network alias `package`, no project name, no image): a
/// generic word, so its one network alias names it, else the folder it is built from
/// (`src/shipping/orders/` for `orders`' `app`), never `app`. Beside an image that names it,
/// or with two aliases and built from the repo's root, it stays `app`.
#[test]
fn a_compose_service_called_app_takes_its_alias_or_its_folder() {
    let package = "version: '3'\nservices:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    depends_on:\n      - mongo\n    networks:\n      dronedelivery:\n        aliases:\n          - package\n  mongo:\n    image: mongo:3.5.6\n    networks:\n      dronedelivery:\n        aliases:\n          - packagedb\n";
    let orders = "services:\n  app:\n    build: .\n    environment:\n      PACKAGE_URL: http://package:80\n";
    let tool = "services:\n  app:\n    build: .\n    networks:\n      front:\n        aliases: [tool-a]\n      back:\n        aliases: [tool-b]\n";
    let resolved = org(&[
        (
            "dronedelivery",
            &[
                ("src/shipping/package/docker-compose.dev.yaml", package),
                ("src/shipping/package/Dockerfile", DOCKERFILE),
                ("src/shipping/package/index.js", "console.log('package')\n"),
                ("src/shipping/orders/docker/docker-compose.yml", &orders.replace("build: .", "build: ..")),
                ("src/shipping/orders/Dockerfile", DOCKERFILE),
                ("src/shipping/orders/index.js", "console.log('orders')\n"),
            ],
        ),
        ("tool", &[("docker-compose.yml", tool), ("Dockerfile", DOCKERFILE), ("index.js", "console.log('tool')\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:app repo="tool" root=""
    component:orders repo="dronedelivery" root="src/shipping/orders"
    component:package repo="dronedelivery" root="src/shipping/package"
    resource:mongo repo=- root=-
    component:orders -depends_on-> component:package
    "#);
}

/// Drone Delivery's workflow reads `Configuration["SERVICE_URI_PACKAGE"]` and
/// `["SERVICE_URI_DELIVERY"]`: the address word first, the service after it, which names the
/// component `package` and `delivery`. `SERVICE_URI_DRONE` names no component (the service
/// is `dronescheduler`), nor does `SERVICE_URL_PREFIX` (a part of an address).
#[test]
fn an_env_key_with_its_address_word_first_names_the_service_after_it() {
    let startup = "class Startup {\n  void Configure() {\n    c.BaseAddress = new Uri(Configuration[\"SERVICE_URI_PACKAGE\"]);\n    d.BaseAddress = new Uri(Configuration[\"SERVICE_URI_DELIVERY\"]);\n    e.BaseAddress = new Uri(Configuration[\"SERVICE_URI_DRONE\"]);\n    f.BaseAddress = new Uri(Configuration[\"SERVICE_URL_PREFIX\"]);\n  }\n}\n";
    let service = |name: &str| [(format!("{name}/Dockerfile"), DOCKERFILE.to_string()), (format!("{name}/index.js"), format!("console.log('{name}')\n"))];
    let files: Vec<(String, String)> = ["package", "delivery", "dronescheduler", "prefix"].iter().flat_map(|name| service(name)).collect();
    let mut files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    files.extend([("workflow/Dockerfile", DOCKERFILE), ("workflow/Startup.cs", startup)]);
    let resolved = org(&[("dronedelivery", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:delivery repo="dronedelivery" root="delivery"
    component:dronescheduler repo="dronedelivery" root="dronescheduler"
    component:package repo="dronedelivery" root="package"
    component:prefix repo="dronedelivery" root="prefix"
    component:workflow repo="dronedelivery" root="workflow"
    component:workflow -depends_on-> component:delivery
    component:workflow -depends_on-> component:package
    "#);
}

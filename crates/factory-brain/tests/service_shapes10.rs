//! Which units are services and where their code is, as the tenth round of unseen systems
//! showed (issue #3's reports of 2026-12-06: Kiali's travels demo, Go on Kubernetes with its
//! images built from `docker/` folders by a script).

mod support;

use support::{org, summary};

/// A Deployment of `image` named `name` (pod label `app: name`) whose container sets `env`
/// (`NAME: value` pairs; a value of `~` is read from a Secret), and the Service `name` picking it.
fn workload(name: &str, image: &str, env: &[(&str, &str)]) -> String {
    let env: String = env
        .iter()
        .map(|(key, value)| match *value {
            "~" => format!("            - name: {key}\n              valueFrom:\n                secretKeyRef:\n                  name: credentials\n                  key: {key}\n"),
            value => format!("            - name: {key}\n              value: \"{value}\"\n"),
        })
        .collect();
    let env = if env.is_empty() { String::new() } else { format!("          env:\n{env}") };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}-v1\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n        version: v1\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n{env}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n---\n"
    )
}

/// Kiali's travels demo runs its database from the org's own image,
/// `kiali/demo_travels_mysqldb:v1`, and each agency service names it
/// (`MYSQL_SERVICE: "mysqldb.travel-agency:3306"`): the image's words are parted by `_` as
/// much as by `-`, so it is a database, and no service calls it. Words inside a longer one
/// say nothing (`kiali/demo_travels_carsdb2` is no database's), and an image of the org's
/// own (`kiali/demo_travels_cars`) stays a service.
#[test]
fn a_database_image_whose_words_are_parted_by_underscores_is_a_database() {
    let manifests = [
        workload("mysqldb", "kiali/demo_travels_mysqldb:v1", &[("MYSQL_ROOT_PASSWORD", "~")]),
        workload(
            "cars",
            "kiali/demo_travels_cars:v1",
            &[("DISCOUNTS_SERVICE", "http://discounts.travel-agency:8000"), ("MYSQL_SERVICE", "mysqldb.travel-agency:3306"), ("MYSQL_USER", "root")],
        ),
        workload("discounts", "kiali/demo_travels_discounts:v1", &[("CARS_STORE", "carsdb2.travel-agency:8000")]),
        workload("carsdb2", "kiali/demo_travels_carsdb2:v1", &[]),
    ]
    .concat();
    let resolved = org(&[("demos", &[("travels/travel_agency.yaml", manifests.as_str())])]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:cars repo=- root=-
    component:carsdb2 repo=- root=-
    component:discounts repo=- root=-
    resource:mysqldb repo=- root=-
    component:cars -depends_on-> component:discounts
    component:discounts -depends_on-> component:carsdb2
    ");
}

/// A database of the org's own image that no word of the image names (`acme/orders-store`) is
/// told by its env, as compose's are: Kiali's travels database sets only `MYSQL_ROOT_PASSWORD`.
/// A workload whose env holds only a database image's setup keys, none saying where to connect
/// and no value naming a host, is a database. A client sets its database's keys beside others
/// (travels's `cars`: `MYSQL_USER` beside `MYSQL_SERVICE` and `CURRENT_SERVICE`), or says
/// where it connects (`POSTGRES_HOST`, from a Secret): both stay services.
#[test]
fn a_workload_setting_up_only_a_database_is_a_database() {
    let manifests = [
        workload("orders-store", "acme/orders-store:1", &[("MYSQL_ROOT_PASSWORD", "~"), ("MYSQL_DATABASE", "orders")]),
        workload("orders", "acme/orders:1", &[("CURRENT_SERVICE", "orders"), ("MYSQL_SERVICE", "orders-store:3306"), ("MYSQL_USER", "orders"), ("MYSQL_PASSWORD", "~")]),
        workload("ledger", "acme/ledger:1", &[("POSTGRES_HOST", "~"), ("POSTGRES_PASSWORD", "~")]),
        workload("billing", "acme/billing:1", &[("LEDGER_URL", "http://ledger:8080")]),
    ]
    .concat();
    let resolved = org(&[("shop", &[("k8s/shop.yaml", manifests.as_str())])]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:billing repo=- root=-
    component:ledger repo=- root=-
    component:orders repo=- root=-
    resource:orders-store repo=- root=-
    component:billing -depends_on-> component:ledger
    ");
}

const COPY_BINARY: &str = "FROM centos:centos7\nWORKDIR /opt/travel_agency\nCOPY cars /opt/travel_agency/\nENTRYPOINT [\"/opt/travel_agency/cars\"]\n";

/// A Go service that calls another only from its code.
fn go_service(calls: &str) -> String {
    format!("package main\n\nimport \"net/http\"\n\nfunc main() {{\n\treq, _ := http.NewRequest(\"GET\", \"{calls}\", nil)\n\t_ = req\n}}\n")
}

/// Kiali's travels demo compiles each service where its code is
/// (`cd travel_agency/cars && go build -o ../../docker/travel_agency/cars/cars`) and builds the
/// image from `docker/travel_agency/cars/`, whose Dockerfile only copies the binary in: a
/// service rooted at an image folder with no code has the code of the folder that path stands
/// for outside `docker/` (`travel_agency/cars/`), so the calls made there are its. An image
/// folder with code of its own (`docker/gateway/`) keeps it, and one whose path stands for no
/// folder with code (`docker/loadtester/`) stays where it is.
#[test]
fn a_codeless_image_folders_code_is_the_folder_its_path_stands_for() {
    let manifests = [workload("cars", "kiali/demo_travels_cars:v1", &[]), workload("discounts", "kiali/demo_travels_discounts:v1", &[])].concat();
    let cars = go_service("http://discounts:8000/discounts/cars");
    let gateway = go_service("http://cars:8000/cars");
    let files = [
        ("travels/travel_agency.yaml", manifests.as_str()),
        ("travels/docker/travel_agency/cars/Dockerfile", COPY_BINARY),
        ("travels/travel_agency/cars/go.mod", "module github.com/kiali/demos/travels/cars\n\ngo 1.14\n"),
        ("travels/travel_agency/cars/cars.go", cars.as_str()),
        ("travels/docker/travel_agency/discounts/Dockerfile", &COPY_BINARY.replace("cars", "discounts")),
        ("travels/travel_agency/discounts/discounts.go", "package main\n\nfunc main() {}\n"),
        ("travels/docker/gateway/Dockerfile", "FROM golang:1.22\nCOPY . .\nRUN go build -o /gateway .\n"),
        ("travels/docker/gateway/main.go", gateway.as_str()),
        ("travels/gateway/README.go", "package gateway\n"),
        ("travels/docker/loadtester/Dockerfile", "FROM fortio/fortio\nCOPY load.sh /load.sh\n"),
    ];
    let resolved = org(&[("demos", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cars repo="demos" root="travels/travel_agency/cars" roots=["travels/travel_agency/cars","travels/docker/travel_agency/cars"]
    component:discounts repo="demos" root="travels/travel_agency/discounts" roots=["travels/travel_agency/discounts","travels/docker/travel_agency/discounts"]
    component:gateway repo="demos" root="travels/docker/gateway"
    component:loadtester repo="demos" root="travels/docker/loadtester"
    component:cars -depends_on-> component:discounts
    component:gateway -depends_on-> component:cars
    "#);
}

/// Kiali's travels demo keeps its images' folders as `docker/travel_control/`,
/// `docker/travel_portal/` and `docker/travel_loadtester/`, and runs them as the workloads
/// `control` (`kiali/demo_travels_control`) and `loadtester`: the name a folder has without
/// the words its sibling image folders all start with (`control`) joins the workload whose
/// image has it without the words its deploy set's images start with. The portal's image runs
/// as two shops (`voyages`, `viaggi`): an image two workloads run is the code of neither.
#[test]
fn a_workload_joins_the_image_folder_named_like_it_without_its_siblings_shared_words() {
    let manifests = [
        workload("control", "kiali/demo_travels_control:v1", &[("PORTAL_SERVICES", "voyages.fr;http://voyages:8000,viaggi.it;http://viaggi:8000")]),
        workload("loadtester", "kiali/demo_travels_loadtester:v1", &[]),
        workload("voyages", "kiali/demo_travels_portal:v1", &[]),
        workload("viaggi", "kiali/demo_travels_portal:v1", &[]),
    ]
    .concat();
    let control = go_service("http://localhost:8080/status");
    let files = [
        ("travels/travel_control.yaml", manifests.as_str()),
        ("travels/docker/travel_control/Dockerfile", &COPY_BINARY.replace("cars", "travel_control")),
        ("travels/travel_control/go.mod", "module github.com/kiali/demos/travels/travel_control\n"),
        ("travels/travel_control/travel_control.go", control.as_str()),
        ("travels/docker/travel_portal/Dockerfile", &COPY_BINARY.replace("cars", "travel_portal")),
        ("travels/travel_portal/travel_portal.go", "package main\n\nfunc main() {}\n"),
        ("travels/docker/travel_loadtester/Dockerfile", "FROM fortio/fortio\nCOPY travel_loadtester.sh /travel_loadtester.sh\n"),
    ];
    let resolved = org(&[("demos", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:control repo="demos" root="travels/travel_control" roots=["travels/travel_control","travels/docker/travel_control"]
    component:loadtester repo="demos" root="travels/docker/travel_loadtester"
    component:travel_portal repo="demos" root="travels/travel_portal" roots=["travels/travel_portal","travels/docker/travel_portal"]
    component:viaggi repo=- root=-
    component:voyages repo=- root=-
    component:control -depends_on-> component:viaggi
    component:control -depends_on-> component:voyages
    "#);
}

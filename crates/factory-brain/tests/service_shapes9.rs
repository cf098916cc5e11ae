//! Which name a service goes by, as issue #3 asked: a component's name is its catalog name
//! where one is declared, else its own name in compose or Kubernetes, else its directory.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n";
const JAVA: &str = "package acme;\npublic class App {}\n";

/// refarch-kc's development compose file runs the folder `order-command-ms` as `ordercmd`
/// (`image: ibmcase/kcontainer-order-command-ms`), and a Kubernetes manifest runs it again as
/// `ordercommandms`: the service is `ordercmd`, compose's name first, its folder an alias. A
/// name that says what a service is, not which (compose's `web` for the repo `refarch-kc-ui`),
/// does not replace the repo's; a name the catalog declares (`voyages-svc`) stays, and so does
/// one the service's own compose file gave it, built from its folder (`fleet`, that Kubernetes
/// runs as `fleetms`); and what calls the folder's name (`order-command-ms`) calls the service.
#[test]
fn a_deploy_files_name_for_the_code_it_joins_is_the_services_name() {
    let compose = "services:\n  web:\n    image: ibmcase/kcontainer-ui:test\n    environment:\n      ORDER_MS_URL: http://ordercmd:9080/orders\n      VOYAGES_URL: http://voyages:3000\n  ordercmd:\n    image: ibmcase/kcontainer-order-command-ms:test\n  voyages:\n    image: ibmcase/kcontainer-voyages-ms:test\n";
    let deployment = |name: &str, image: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n      - name: {name}\n        image: ibmcase/{image}:test\n")
    };
    let manifest = [deployment("ordercommandms", "kcontainer-order-command-ms"), deployment("fleetms", "kcontainer-fleet-ms")].join("---\n");
    let fleet_compose = "services:\n  fleet:\n    build: ./fleet-ms\n    environment:\n      ORDERS: http://order-command-ms:9080\n";
    let catalog = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: voyages-svc\nspec:\n  type: service\n";
    let resolved = org(&[
        ("refarch-kc", &[("docker/kc-development-compose.yml", compose), ("kubernetes/services.yaml", &manifest)]),
        ("refarch-kc-ui", &[("Dockerfile", "FROM node:10\nCOPY . .\n"), ("server/server.js", "console.log('ui')\n")]),
        ("refarch-kc-order-ms", &[("order-command-ms/Dockerfile", DOCKERFILE), ("order-command-ms/src/main/java/acme/App.java", JAVA)]),
        (
            "refarch-kc-ms",
            &[
                ("voyages-ms/Dockerfile", "FROM node:10\nCOPY . .\n"),
                ("voyages-ms/catalog-info.yaml", catalog),
                ("voyages-ms/server/server.js", "console.log('voyages')\n"),
                ("docker-compose.yml", fleet_compose),
                ("fleet-ms/Dockerfile", DOCKERFILE),
                ("fleet-ms/src/main/java/acme/App.java", JAVA),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:fleet repo="refarch-kc-ms" root="fleet-ms"
    component:ordercmd repo="refarch-kc-order-ms" root="order-command-ms"
    component:refarch-kc-ui repo="refarch-kc-ui" root=""
    component:voyages-svc repo="refarch-kc-ms" root="voyages-ms"
    component:fleet -depends_on-> component:ordercmd
    component:refarch-kc-ui -depends_on-> component:ordercmd
    component:refarch-kc-ui -depends_on-> component:voyages-svc
    "#);
}

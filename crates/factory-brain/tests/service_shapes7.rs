//! Which units are one service, as IBM's Reefer container shipment (refarch-kc, five repos)
//! showed: compose services named unlike their repos, and Helm templates naming their
//! workloads after the chart.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM openliberty/open-liberty:kernel-java11-openj9-ubi\nCOPY target/app.war /config/apps/\n";
const JAVA: &str = "package ibm.gse;\npublic class App {}\n";

/// refarch-kc's development compose file runs each repo's image as a short name:
/// `ordercmd` is `ibmcase/kcontainer-order-command-ms` (the folder `order-command-ms` of the repo
/// `refarch-kc-order-ms`), `voyages` is `kcontainer-voyages-ms` (`voyages-ms`), `web` is
/// `kcontainer-ui` (the repo `refarch-kc-ui`). A service's image's name without the words every
/// image its file builds starts with (`kcontainer`) names it, matched against names without the
/// words every repo's starts with (`refarch-kc`), and `-ms` after a name is a service word. An
/// image of that prefix nothing holds the code of (`kcontainer-analytics`) joins nothing, and
/// `ms` inside a word is no suffix: `tea` is not the repo `refarch-kc-teams`.
#[test]
fn an_image_without_its_files_shared_prefix_and_a_ms_word_name_the_code() {
    let compose = "version: '3'\nservices:\n  web:\n    image: ibmcase/kcontainer-ui:test\n    environment:\n      ORDER_MS_URL: http://ordercmd:9080/orders\n      TEA_URL: http://tea:8080\n  ordercmd:\n    image: ibmcase/kcontainer-order-command-ms:test\n  voyages:\n    image: ibmcase/kcontainer-voyages-ms:test\n  analytics:\n    image: ibmcase/kcontainer-analytics:test\n  tea:\n    image: ibmcase/kcontainer-tea:test\n  kafka1:\n    image: bitnami/kafka:2.8\n";
    let resolved = org(&[
        ("refarch-kc", &[("docker/kc-development-compose.yml", compose)]),
        ("refarch-kc-ui", &[("Dockerfile", "FROM node:10\nCOPY . .\n"), ("package.json", "{\"name\": \"kc-ui\"}\n"), ("server/server.js", "console.log('ui')\n")]),
        ("refarch-kc-order-ms", &[("order-command-ms/Dockerfile", DOCKERFILE), ("order-command-ms/src/main/java/ibm/gse/App.java", JAVA)]),
        ("refarch-kc-ms", &[("voyages-ms/Dockerfile", "FROM node:10\nCOPY . .\n"), ("voyages-ms/server/server.js", "console.log('voyages')\n")]),
        ("refarch-kc-teams", &[("Dockerfile", DOCKERFILE), ("src/main/java/ibm/gse/App.java", JAVA)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:analytics repo=- root=-
    component:ordercmd repo="refarch-kc-order-ms" root="order-command-ms"
    component:refarch-kc-teams repo="refarch-kc-teams" root=""
    component:refarch-kc-ui repo="refarch-kc-ui" root=""
    component:tea repo=- root=-
    component:voyages repo="refarch-kc-ms" root="voyages-ms"
    resource:kafka1 repo=- root=-
    component:refarch-kc-ui -depends_on-> component:ordercmd
    component:refarch-kc-ui -depends_on-> component:tea
    "#);
}

/// refarch-kc's order services ship their Helm charts beside their code
/// (`order-command-ms/chart/ordercommandms/templates/deployment.yaml`, `name: "{{ .Chart.Name
/// }}-deployment"`), and the UI's chart names its Deployment by a helper (`name: {{ template
/// "kc-ui.fullname" . }}`): with the actions out, one was a component `deployment` and the other
/// nothing. A workload its template leaves no name but its kind takes its chart's (the chart's
/// folder), is the service whose code the chart is shipped with, and what it calls is that
/// service's; a chart shipped with a folder no service claims (`order-query-ms/`, no
/// Dockerfile) gives compose's `orderquery` that code. A Service named only `service` names
/// nothing, and a workload named only its kind outside any chart (`k8s/plain.yaml`) is dropped:
/// no component is ever named `deployment`.
#[test]
fn a_workload_its_template_leaves_unnamed_is_its_charts_service() {
    let templated = |name: &str, env: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    chart: '{{{{ .Chart.Name }}}}-{{{{ .Chart.Version | replace \"+\" \"_\" }}}}'\nspec:\n  replicas: {{{{ .Values.replicaCount }}}}\n  template:\n    metadata:\n      labels:\n        app: \"{{{{  .Chart.Name }}}}-selector\"\n    spec:\n      containers:\n      - name: \"{{{{  .Chart.Name  }}}}\"\n        image: \"{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}\"\n        env:\n{env}"
        )
    };
    let command_chart = templated("\"{{  .Chart.Name }}-deployment\"", "          - name: VOYAGES_URL\n            value: http://voyages:3000/voyage\n");
    let query_chart = templated("\"{{  .Chart.Name }}-deployment\"", "          - name: PORT\n            value: \"9080\"\n");
    let ui_chart = templated("{{ template \"kc-ui.fullname\" . }}", "          - name: PORT\n            value: \"3010\"\n");
    let ui_service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"{{  .Chart.Name }}-service\"\nspec:\n  selector:\n    app: \"{{  .Chart.Name }}-selector\"\n";
    let plain = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: acme/unknown:1\n";
    let compose = "services:\n  orderquery:\n    image: ibmcase/kcontainer-order-query-ms:test\n  voyages:\n    image: ibmcase/kcontainer-voyages:test\n";
    let resolved = org(&[
        ("refarch-kc", &[("docker/kc-development-compose.yml", compose), ("k8s/plain.yaml", plain)]),
        (
            "refarch-kc-order-ms",
            &[
                ("order-command-ms/Dockerfile", DOCKERFILE),
                ("order-command-ms/src/main/java/ibm/gse/App.java", JAVA),
                ("order-command-ms/chart/ordercommandms/Chart.yaml", "apiVersion: v1\nname: ordercommandms\nversion: 1.0.0\n"),
                ("order-command-ms/chart/ordercommandms/templates/deployment.yaml", &command_chart),
                ("order-query-ms/src/main/java/ibm/gse/App.java", JAVA),
                ("order-query-ms/chart/orderqueryms/templates/deployment.yaml", &query_chart),
            ],
        ),
        (
            "refarch-kc-ui",
            &[
                ("Dockerfile", "FROM node:10\nCOPY . .\n"),
                ("server/server.js", "console.log('ui')\n"),
                ("chart/kc-ui/templates/deployment.yaml", &ui_chart),
                ("chart/kc-ui/templates/service.yaml", ui_service),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order-command-ms repo="refarch-kc-order-ms" root="order-command-ms"
    component:orderquery repo="refarch-kc-order-ms" root="order-query-ms"
    component:refarch-kc-ui repo="refarch-kc-ui" root=""
    component:voyages repo=- root=-
    component:order-command-ms -depends_on-> component:voyages
    "#);
}

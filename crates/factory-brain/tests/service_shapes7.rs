//! Which units are one service, as IBM's Reefer container shipment (refarch-kc, five repos)
//! showed: compose services named unlike their repos.

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
    component:order-command-ms repo="refarch-kc-order-ms" root="order-command-ms"
    component:refarch-kc-teams repo="refarch-kc-teams" root=""
    component:refarch-kc-ui repo="refarch-kc-ui" root=""
    component:tea repo=- root=-
    component:voyages-ms repo="refarch-kc-ms" root="voyages-ms"
    resource:kafka1 repo=- root=-
    component:refarch-kc-ui -depends_on-> component:order-command-ms
    component:refarch-kc-ui -depends_on-> component:tea
    "#);
}

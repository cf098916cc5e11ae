//! sbt builds and Lagom's service wiring, as the eighteenth round of unseen systems showed
//! (issue #3's reports: Lightbend's online-auction-java, an sbt monorepo of Lagom services
//! with no Dockerfile, compose file or manifest, read as one service calling no one).

mod support;

use support::{org, summary};

/// online-auction-java's `build.sbt`: `item-impl` enables `LagomJava` and `web-gateway`
/// `PlayJava, LagomPlay`, so each is a service rooted at its folder and named by it; `item-api`
/// and `tools` enable nothing and are libraries. The image sbt-native-packager builds is named
/// by the project id (`itemimpl`), another name of the service: a URL naming it is a call.
#[test]
fn sbt_projects_enabling_a_service_plugin_are_services_named_by_their_folders() {
    let build = concat!(
        "lazy val root = (project in file(\".\"))\n  .settings(name := \"online-auction-java\")\n  .aggregate(tools, itemApi, itemImpl, webGateway)\n\n",
        "lazy val tools = (project in file(\"tools\"))\n  .settings(libraryDependencies ++= Seq(lagomJavadslApi))\n\n",
        "lazy val itemApi = (project in file(\"item-api\"))\n  .settings(libraryDependencies ++= Seq(lagomJavadslApi))\n  .dependsOn(tools)\n\n",
        "lazy val itemImpl = (project in file(\"item-impl\"))\n  .enablePlugins(LagomJava)\n  .dependsOn(tools, itemApi)\n\n",
        "lazy val webGateway = (project in file(\"web-gateway\"))\n  .enablePlugins(PlayJava, LagomPlay)\n  .dependsOn(tools, itemApi)\n",
    );
    let resolved = org(&[(
        "online-auction-java",
        &[
            ("build.sbt", build),
            ("tools/src/main/java/Pagination.java", "package com.example.tools;\npublic class Pagination {}\n"),
            ("item-api/src/main/java/ItemData.java", "package com.example.item.api;\npublic class ItemData {}\n"),
            ("item-impl/src/main/java/ItemServiceImpl.java", "package com.example.item.impl;\npublic class ItemServiceImpl {}\n"),
            ("web-gateway/src/main/java/Search.java", "package controllers;\nclass Search {\n  String url = \"http://itemimpl:9000/api/item\";\n}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:item-impl repo="online-auction-java" root="item-impl"
    component:web-gateway repo="online-auction-java" root="web-gateway"
    component:web-gateway -depends_on-> component:item-impl
    "#);
}

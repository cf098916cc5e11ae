//! sbt builds and Lagom's service wiring, as the eighteenth round of unseen systems showed
//! (issue #3's reports: Lightbend's online-auction-java, an sbt monorepo of Lagom services
//! with no Dockerfile, compose file or manifest, read as one service calling no one).

mod support;

use support::{edge_lines, node_lines, org, summary};

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

/// The Lagom Java descriptor of a service interface in an `-api` module.
fn java_descriptor(package: &str, interface: &str, name: &str, calls: &str, topics: &str, members: &str) -> String {
    format!(
        "package {package};\n\nimport com.lightbend.lagom.javadsl.api.Descriptor;\nimport com.lightbend.lagom.javadsl.api.Service;\nimport com.lightbend.lagom.javadsl.api.ServiceCall;\nimport com.lightbend.lagom.javadsl.api.broker.Topic;\n\nimport static com.lightbend.lagom.javadsl.api.Service.*;\n\npublic interface {interface} extends Service {{\n{members}\n    @Override\n    default Descriptor descriptor() {{\n        return named(\"{name}\").withCalls(\n{calls}\n        ).publishing(\n{topics}\n        );\n    }}\n}}\n"
    )
}

/// online-auction-java's wiring: `ItemService` (`named("item")`) publishes `item-ItemEvent`,
/// `BiddingService` publishes the topic its `TOPIC_ID` constant names; item-impl binds
/// `ItemService` and produces its topic, and subscribes to the bidding topic; bidding-impl
/// subscribes to the item topic; the gateway's controllers invoke both services' calls through
/// fields of the interfaces' types; search-impl reads the item topic through a variable. The
/// descriptors' `pathCall` paths are routes their services answer (a page's `fetch` of one
/// calls item-impl), not calls of the `-api` modules. A client bound without a call
/// (`bindClient(ItemService.class)` in transaction-impl) is no dependency.
#[test]
fn lagom_descriptors_bindings_clients_and_topics_join_through_the_service_interface() {
    let build = ["item", "bidding", "search", "transaction"]
        .iter()
        .map(|name| format!("lazy val {name}Api = (project in file(\"{name}-api\"))\n\nlazy val {name}Impl = (project in file(\"{name}-impl\"))\n  .enablePlugins(LagomJava)\n\n"))
        .chain(["lazy val webGateway = (project in file(\"web-gateway\"))\n  .enablePlugins(PlayJava, LagomPlay)\n".to_string()])
        .collect::<String>();
    let item_service = java_descriptor(
        "com.example.auction.item.api",
        "ItemService",
        "item",
        "                pathCall(\"/api/item\", this::createItem),\n                restCall(Method.POST, \"/api/item/:id/start\", this::startAuction),\n                pathCall(\"/api/item/:id\", this::getItem)",
        "                topic(\"item-ItemEvent\", this::itemEvents)",
        "    ServiceCall<ItemData, Item> createItem();\n    ServiceCall<NotUsed, Done> startAuction(UUID id);\n    ServiceCall<NotUsed, Item> getItem(UUID id);\n    Topic<ItemEvent> itemEvents();\n",
    );
    let bidding_service = java_descriptor(
        "com.example.auction.bidding.api",
        "BiddingService",
        "bidding",
        "                pathCall(\"/api/item/:id/bids\", this::placeBid)",
        "                topic(TOPIC_ID, this::bidEvents)",
        "    String TOPIC_ID = \"bidding-BidEvent\";\n    ServiceCall<PlaceBid, BidResult> placeBid(UUID itemId);\n    Topic<BidEvent> bidEvents();\n",
    );
    let module = |interface: &str, implementation: &str, clients: &str| {
        format!("import com.google.inject.AbstractModule;\nimport com.lightbend.lagom.javadsl.server.ServiceGuiceSupport;\n\npublic class Module extends AbstractModule implements ServiceGuiceSupport {{\n    protected void configure() {{\n        bindService({interface}.class, {implementation}.class);\n{clients}    }}\n}}\n")
    };
    let item_impl = "package com.example.auction.item.impl;\n\nimport com.lightbend.lagom.javadsl.api.broker.Topic;\nimport com.lightbend.lagom.javadsl.broker.TopicProducer;\n\npublic class ItemServiceImpl implements ItemService {\n    public ItemServiceImpl(PersistentEntityRegistry registry, BiddingService biddingService) {\n        biddingService.bidEvents().subscribe().atLeastOnce(Flow.<BidEvent>create().mapAsync(1, this::handleBidEvent));\n    }\n\n    @Override\n    public Topic<ItemEvent> itemEvents() {\n        return TopicProducer.taggedStreamWithOffset(PItemEvent.TAG.allTags(), this::streamForTag);\n    }\n}\n";
    let bidding_impl = "package com.example.auction.bidding.impl;\n\nimport com.lightbend.lagom.javadsl.api.broker.Topic;\n\npublic class BiddingServiceImpl implements BiddingService {\n    @Inject\n    public BiddingServiceImpl(PersistentEntityRegistry registry, ItemService itemService) {\n        itemService.itemEvents().subscribe().atLeastOnce(Flow.<ItemEvent>create().mapAsync(1, this::onItemEvent));\n    }\n\n    @Override\n    public Topic<BidEvent> bidEvents() {\n        return TopicProducer.taggedStreamWithOffset(AuctionEvent.TAGS, this::streamForTag);\n    }\n}\n";
    let consumer = "package com.example.auction.search.impl;\n\nimport com.lightbend.lagom.javadsl.api.broker.Topic;\n\npublic class BrokerEventConsumer {\n    private ItemService itemService;\n\n    @Inject\n    public BrokerEventConsumer(IndexedStore indexedStore, ItemService itemService) {\n        this.itemService = itemService;\n        Topic<ItemEvent> itemEventTopic = itemService.itemEvents();\n        itemEventTopic.subscribe().atLeastOnce(Flow.<ItemEvent>create().mapAsync(1, indexedStore::store));\n    }\n}\n";
    let controller = "package controllers;\n\nimport com.example.auction.item.api.ItemService;\nimport com.example.auction.bidding.api.BiddingService;\n\npublic class ItemController extends Controller {\n    private final ItemService itemService;\n    private final BiddingService bidService;\n\n    public Result getItem(String id) {\n        CompletionStage<Item> item = itemService.getItem(UUID.fromString(id))\n            .handleRequestHeader(authenticate(user)).invoke();\n        return bidService.placeBid(UUID.fromString(id)).invoke(new PlaceBid(10));\n    }\n}\n";
    let page = "export async function load(id) {\n  const response = await fetch(`/api/item/${id}`);\n  return response.json();\n}\n";
    let resolved = org(&[(
        "online-auction-java",
        &[
            ("build.sbt", &build),
            ("item-api/src/main/java/com/example/auction/item/api/ItemService.java", &item_service),
            ("bidding-api/src/main/java/com/example/auction/bidding/api/BiddingService.java", &bidding_service),
            ("item-impl/src/main/java/Module.java", &module("ItemService", "ItemServiceImpl", "        bindClient(BiddingService.class);\n")),
            ("item-impl/src/main/java/com/example/auction/item/impl/ItemServiceImpl.java", item_impl),
            ("bidding-impl/src/main/java/Module.java", &module("BiddingService", "BiddingServiceImpl", "        bindClient(ItemService.class);\n")),
            ("bidding-impl/src/main/java/com/example/auction/bidding/impl/BiddingServiceImpl.java", bidding_impl),
            ("search-impl/src/main/java/com/example/auction/search/impl/BrokerEventConsumer.java", consumer),
            ("transaction-impl/src/main/java/Module.java", &module("TransactionService", "TransactionServiceImpl", "        bindClient(ItemService.class);\n")),
            ("web-gateway/src/main/java/controllers/ItemController.java", controller),
            ("storefront/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"),
            ("storefront/src/item.js", page),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:bidding-impl repo="online-auction-java" root="bidding-impl"
    component:item-impl repo="online-auction-java" root="item-impl"
    component:search-impl repo="online-auction-java" root="search-impl"
    component:storefront repo="online-auction-java" root="storefront"
    component:transaction-impl repo="online-auction-java" root="transaction-impl"
    component:web-gateway repo="online-auction-java" root="web-gateway"
    component:bidding-impl -depends_on-> component:item-impl
    component:item-impl -depends_on-> component:bidding-impl
    component:item-impl -depends_on-> component:search-impl
    component:storefront -depends_on-> component:item-impl
    component:web-gateway -depends_on-> component:bidding-impl
    component:web-gateway -depends_on-> component:item-impl
    "#);
    insta::assert_snapshot!(node_lines(&resolved, &["operation"]).join("\n"), @r#"
    operation:com.example.auction.bidding.api.biddingservice/POST /api/item/{id}/bids
    operation:com.example.auction.item.api.itemservice/GET /api/item/{id}
    operation:com.example.auction.item.api.itemservice/POST /api/item
    operation:com.example.auction.item.api.itemservice/POST /api/item/{id}/start
    "#);
    // The descriptors' paths are no calls of anyone's.
    let calls: Vec<String> = edge_lines(&resolved, &["consumes"]).into_iter().filter(|line| line.contains("-api/")).collect();
    assert_eq!(calls, Vec::<String>::new());
}

/// Lagom's Scala DSL, as its samples write it: `trait HelloService` names its topic by the
/// companion object's `TOPIC_NAME`, `serverFor[HelloService](wire[HelloServiceImpl])` binds
/// it, the implementation's `greetingsTopic()` produces it, a stream service subscribes
/// (`helloService.greetingsTopic.subscribe.atLeastOnce`) and another calls
/// (`serviceClient.implement[HelloService]`, `helloService.hello(id).invoke()`). A method of
/// another type called the same way (`cache.hello(id)` on a `Cache`) calls no one.
#[test]
fn lagoms_scala_dsl_joins_the_same_way() {
    let build = concat!(
        "lazy val `hello-api` = (project in file(\"hello-api\"))\n  .settings(libraryDependencies += lagomScaladslApi)\n\n",
        "lazy val `hello-impl` = (project in file(\"hello-impl\"))\n  .enablePlugins(LagomScala)\n  .dependsOn(`hello-api`)\n\n",
        "lazy val `hello-stream-impl` = (project in file(\"hello-stream-impl\"))\n  .enablePlugins(LagomScala)\n  .dependsOn(`hello-api`)\n\n",
        "lazy val `hello-proxy` = (project in file(\"hello-proxy\"))\n  .enablePlugins(LagomScala)\n",
    );
    let api = "package com.example.hello.api\n\nimport akka.{Done, NotUsed}\nimport com.lightbend.lagom.scaladsl.api.broker.Topic\nimport com.lightbend.lagom.scaladsl.api.{Descriptor, Service, ServiceCall}\n\nobject HelloService {\n  val TOPIC_NAME = \"greetings\"\n}\n\ntrait HelloService extends Service {\n  def hello(id: String): ServiceCall[NotUsed, String]\n  def greetingsTopic(): Topic[GreetingMessageChanged]\n\n  override final def descriptor: Descriptor = {\n    import Service._\n    named(\"hello\")\n      .withCalls(\n        pathCall(\"/api/hello/:id\", hello _)\n      )\n      .withTopics(\n        topic(HelloService.TOPIC_NAME, greetingsTopic _)\n      )\n      .withAutoAcl(true)\n  }\n}\n";
    let implementation = "package com.example.hello.impl\n\nimport com.lightbend.lagom.scaladsl.api.broker.Topic\nimport com.lightbend.lagom.scaladsl.broker.TopicProducer\n\nclass HelloServiceImpl(persistentEntityRegistry: PersistentEntityRegistry)(implicit ec: ExecutionContext) extends HelloService {\n  override def hello(id: String) = ServiceCall { _ => Future.successful(id) }\n\n  override def greetingsTopic(): Topic[GreetingMessageChanged] =\n    TopicProducer.singleStreamWithOffset { fromOffset => persistentEntityRegistry.eventStream(HelloEvent.Tag, fromOffset) }\n}\n";
    let loader = "package com.example.hello.impl\n\nimport com.lightbend.lagom.scaladsl.server._\n\nabstract class HelloApplication(context: LagomApplicationContext) extends LagomApplication(context) {\n  override lazy val lagomServer: LagomServer = serverFor[HelloService](wire[HelloServiceImpl])\n}\n";
    let subscriber = "package com.example.hellostream.impl\n\nclass HelloStreamSubscriber(helloService: HelloService, repository: Repository) {\n  helloService.greetingsTopic.subscribe.atLeastOnce(Flow[GreetingMessageChanged].mapAsync(1)(repository.save))\n}\n";
    let proxy = "package com.example.proxy\n\nimport com.lightbend.lagom.scaladsl.client.ServiceClient\n\nabstract class ProxyApplication(context: LagomApplicationContext) extends LagomApplication(context) {\n  lazy val helloService = serviceClient.implement[HelloService]\n  lazy val cache: Cache = new Cache()\n  def greet(id: String) = {\n    cache.hello(id).invoke()\n    helloService.hello(id).invoke()\n  }\n}\n";
    let resolved = org(&[(
        "lagom-scala",
        &[
            ("build.sbt", build),
            ("hello-api/src/main/scala/com/example/hello/api/HelloService.scala", api),
            ("hello-impl/src/main/scala/com/example/hello/impl/HelloServiceImpl.scala", implementation),
            ("hello-impl/src/main/scala/com/example/hello/impl/HelloLoader.scala", loader),
            ("hello-stream-impl/src/main/scala/com/example/hellostream/impl/HelloStreamSubscriber.scala", subscriber),
            ("hello-proxy/src/main/scala/com/example/proxy/ProxyApplication.scala", proxy),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:hello-impl repo="lagom-scala" root="hello-impl"
    component:hello-proxy repo="lagom-scala" root="hello-proxy"
    component:hello-stream-impl repo="lagom-scala" root="hello-stream-impl"
    component:hello-impl -depends_on-> component:hello-stream-impl
    component:hello-proxy -depends_on-> component:hello-impl
    "#);
}

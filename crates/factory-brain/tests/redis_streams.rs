//! Services meeting on Redis Streams: EvoTicket's Spring Boot services (Spring Data Redis), and
//! the stream commands of redis-py, ioredis and go-redis.

mod support;

use support::{borrowed, module, org, summary};

/// One Spring Boot service's repo: its build, its application's name, and `files` below its
/// package folder.
fn spring_service(name: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![
        ("Dockerfile".to_string(), "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n".to_string()),
        ("pom.xml".to_string(), module(name)),
        ("src/main/resources/application.yml".to_string(), format!("spring:\n  application:\n    name: {name}\n  data:\n    redis:\n      host: redis\n")),
    ];
    all.extend(files.iter().map(|(path, text)| (format!("src/{path}"), text.to_string())));
    all
}

const IMPORTS: &str = "import org.springframework.data.redis.connection.stream.*;\nimport org.springframework.data.redis.core.RedisTemplate;\n";

/// EvoTicket: the order service sends `ticket-access-sync` through a helper of its file
/// (`send("ticket-access-sync", event)` into `send(String streamKey, ..)`, whose record is built
/// `.withStreamKey(streamKey)`), which the check-in service's listener container receives
/// (`StreamOffset.create(STREAM_KEY, ReadOffset.lastConsumed())`); the IAM service adds records
/// to `welcome-signup` and `forgot-password-otp`, which the notification service receives in a
/// `forEach` over a list constant and the payment service over another. A stream named only in
/// a test (the check-in service's) and a key the inventory service caches or hashes
/// (`opsForValue().set("ticket-access-sync", ..)`, `opsForHash().put("welcome-signup", ..)`)
/// join no one.
#[test]
fn spring_data_redis_streams_join_producers_to_consumer_groups() {
    let ticket_assets = format!(
        "package com.capstone.orderservice.service;\n\n{IMPORTS}\n@Service\npublic class TicketAssetService {{\n    private final RedisTemplate<String, Object> redisTemplate;\n\n    public void sync(TicketAccessSyncEvent event) {{\n        send(\"ticket-access-sync\", event);\n        redisTemplate.opsForValue().set(\"ticket-cache\", event);\n    }}\n\n    private void send(String streamKey, Object message) {{\n        ObjectRecord<String, Object> record = StreamRecords.newRecord().ofObject(message).withStreamKey(streamKey);\n        redisTemplate.opsForStream().add(record);\n    }}\n}}\n"
    );
    let iam = format!(
        "package com.capstone.iamservice.service;\n\n{IMPORTS}\n@Service\npublic class AuthenticationService {{\n    private final RedisTemplate<String, Object> redisTemplate;\n\n    public void register(WelcomeEvent event) {{\n        redisTemplate.opsForStream().add(StreamRecords.newRecord().in(\"welcome-signup\").ofObject(event));\n    }}\n\n    public void forgot(OtpEvent event) {{\n        redisTemplate.opsForStream().add(ObjectRecord.create(\"forgot-password-otp\", event));\n    }}\n}}\n"
    );
    let checkin = format!(
        "package com.capstone.checkinservice.consumer;\n\n{IMPORTS}\n@Service\npublic class TicketAccessSyncConsumer implements StreamListener<String, MapRecord<String, String, String>> {{\n    private static final String STREAM_KEY = \"ticket-access-sync\";\n\n    @PostConstruct\n    public void init() {{\n        redisTemplate.opsForStream().createGroup(STREAM_KEY, CONSUMER_GROUP);\n        this.subscription = listenerContainer.receive(\n                Consumer.from(CONSUMER_GROUP, CONSUMER_NAME),\n                StreamOffset.create(STREAM_KEY, ReadOffset.lastConsumed()),\n                this);\n    }}\n}}\n"
    );
    let checkin_test = format!(
        "package com.capstone.checkinservice.consumer;\n\n{IMPORTS}\nclass WelcomeReplayTest {{\n    @Test\n    void replays() {{\n        container.receiveAutoAck(Consumer.from(\"g\", \"c\"), StreamOffset.fromStart(\"welcome-signup\"), listener);\n    }}\n}}\n"
    );
    let list_consumer = |package: &str, streams: &str| {
        format!(
            "package {package};\n\n{IMPORTS}\n@Service\npublic class RedisStreamConsumer implements StreamListener<String, MapRecord<String, String, String>> {{\n    private static final List<String> LIST_STREAM_KEY = List.of(\n            {streams});\n\n    @PostConstruct\n    public void init() {{\n        LIST_STREAM_KEY.forEach(streamKey -> {{\n            Subscription sub = listenerContainer.receive(\n                    Consumer.from(CONSUMER_GROUP, CONSUMER_NAME),\n                    StreamOffset.create(streamKey, ReadOffset.lastConsumed()),\n                    this);\n            subscriptions.add(sub);\n        }});\n        listenerContainer.start();\n    }}\n}}\n"
        )
    };
    let notification = list_consumer("capstone.notificationservice.consumer", "\"forgot-password-otp\",\n            \"welcome-signup\"");
    let payment = list_consumer("com.capstone.paymentservice.consumer", "\"order-creation\",\n            \"welcome-signup\"");
    let inventory = format!(
        "package com.capstone.inventoryservice.service;\n\n{IMPORTS}\n@Service\npublic class SeatCache {{\n    public void cache(Object seat) {{\n        redisTemplate.opsForValue().set(\"ticket-access-sync\", seat);\n        redisTemplate.opsForHash().put(\"welcome-signup\", \"seat\", seat);\n    }}\n}}\n"
    );
    let order = spring_service("order-service", &[("main/java/com/capstone/orderservice/service/TicketAssetService.java", &ticket_assets)]);
    let iam = spring_service("iam-service", &[("main/java/com/capstone/iamservice/service/AuthenticationService.java", &iam)]);
    let checkin = spring_service(
        "checkin-service",
        &[
            ("main/java/com/capstone/checkinservice/consumer/TicketAccessSyncConsumer.java", &checkin),
            ("test/java/com/capstone/checkinservice/consumer/WelcomeReplayTest.java", &checkin_test),
        ],
    );
    let notification = spring_service("notification-service", &[("main/java/capstone/notificationservice/consumer/RedisStreamConsumer.java", &notification)]);
    let payment = spring_service("payment-service", &[("main/java/com/capstone/paymentservice/consumer/RedisStreamConsumer.java", &payment)]);
    let inventory = spring_service("inventory-service", &[("main/java/com/capstone/inventoryservice/service/SeatCache.java", &inventory)]);
    let resolved = org(&[
        ("order-service", &borrowed(&order)),
        ("iam-service", &borrowed(&iam)),
        ("checkin-service", &borrowed(&checkin)),
        ("notification-service", &borrowed(&notification)),
        ("payment-service", &borrowed(&payment)),
        ("inventory-service", &borrowed(&inventory)),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:checkin-service repo="checkin-service" root=""
    component:iam-service repo="iam-service" root=""
    component:inventory-service repo="inventory-service" root=""
    component:notification-service repo="notification-service" root=""
    component:order-service repo="order-service" root=""
    component:payment-service repo="payment-service" root=""
    component:iam-service -depends_on-> component:notification-service
    component:iam-service -depends_on-> component:payment-service
    component:order-service -depends_on-> component:checkin-service
    "#);
}

/// The same over other clients: a Python producer `xadd`s to `orders` (a constant) and
/// `audit`, which a Node worker reads with ioredis's `xreadgroup(.., 'STREAMS', 'orders', '>')`
/// and a Go worker with go-redis's `XReadGroupArgs{Streams: []string{"audit", ">"}}`. A service
/// setting and hashing the key `orders` (redis-py's `set`, `hset`) and one naming a stream only
/// in a comment join no one.
#[test]
fn stream_commands_of_python_node_and_go_clients_join_producers_to_readers() {
    let compose = "services:\n  redis:\n    image: redis:7\n  api:\n    build: ./api\n  mailer:\n    build: ./mailer\n  auditor:\n    build: ./auditor\n  cache:\n    build: ./cache\n";
    let dockerfile = "FROM alpine:3.20\nCOPY . /app\n";
    let api = "import redis\n\nr = redis.Redis(host='redis')\nORDERS_STREAM = 'orders'\n\ndef place(order):\n    r.xadd(ORDERS_STREAM, {'id': order.id})\n    r.xadd('audit', {'event': 'placed'})\n";
    let mailer = "const Redis = require('ioredis');\nconst redis = new Redis({ host: 'redis' });\n\nasync function run() {\n  const res = await redis.xreadgroup('GROUP', 'mailer', 'm1', 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 'orders', '>');\n}\n";
    let auditor = "package main\n\nimport \"github.com/redis/go-redis/v9\"\n\nfunc main() {\n\trdb := redis.NewClient(&redis.Options{Addr: \"redis:6379\"})\n\tstreams, _ := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: \"auditor\", Consumer: \"a1\", Streams: []string{\"audit\", \">\"}}).Result()\n\t_ = streams\n}\n";
    let cache = "import redis\n\nr = redis.Redis(host='redis')\n\ndef remember(order):\n    r.set('orders', order.json())\n    r.hset('orders', order.id, order.json())\n    # r.xreadgroup('cache', 'c1', {'audit': '>'})\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("api/Dockerfile", dockerfile),
            ("api/app.py", api),
            ("mailer/Dockerfile", dockerfile),
            ("mailer/index.js", mailer),
            ("auditor/Dockerfile", dockerfile),
            ("auditor/main.go", auditor),
            ("cache/Dockerfile", dockerfile),
            ("cache/app.py", cache),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="shop" root="api"
    component:auditor repo="shop" root="auditor"
    component:cache repo="shop" root="cache"
    component:mailer repo="shop" root="mailer"
    resource:redis repo=- root=-
    component:api -depends_on-> component:auditor
    component:api -depends_on-> component:mailer
    "#);
    let mut channels: Vec<String> = resolved.nodes.iter().filter(|node| node.kind == "channel").map(|node| format!("{} {}", node.node_ref, node.props.get("protocol").map(|protocol| protocol.to_string()).unwrap_or_default())).collect();
    channels.sort();
    insta::assert_snapshot!(channels.join("\n"), @r#"
    channel:audit "redis-stream"
    channel:orders "redis-stream"
    "#);
}

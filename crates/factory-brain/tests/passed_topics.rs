//! Topics passed to a project's own publishing function declared in another file: a Python
//! module's function imported by its callers, and a Go function called unqualified from another
//! file of its package.

mod support;

use support::{channel_edges, org, summary};

const PY_DOCKERFILE: &str = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"uvicorn\", \"main:app\"]\n";
const GO_DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /svc .\nCMD [\"/svc\"]\n";

/// JFKTBonny's polyglot-microservices order service: `events/producer.py` declares `async def
/// publish(topic: str, key: str, payload: dict)` over aiokafka's `send_and_wait(topic, ..)`;
/// `routes/orders.py` calls it with `topic="order.created"` after `from events.producer import
/// publish`, `routes/admin.py` positionally through `import events.producer as p`. The audit
/// service's `jobs.py` fills the `publish` of its own `tasks` module with `"audit.done"`; its
/// `stray.py` imports an `events.producer` no folder of its holds (the order service's module of
/// that name is not it), and a test file calls the producer with `"test.only"`: neither
/// publishes.
#[test]
fn a_python_functions_topic_parameter_takes_what_its_importers_pass() {
    let producer = "from aiokafka import AIOKafkaProducer\n\n_producer = None\n\nasync def get_producer():\n    return _producer\n\nasync def publish(topic: str, key: str, payload: dict):\n    \"\"\"Publish one event.\"\"\"\n    producer = await get_producer()\n    await producer.send_and_wait(\n        topic,\n        key=key,\n        value=payload\n    )\n    print(f\"[kafka] published to '{topic}'\")\n";
    let orders = "from fastapi import APIRouter\nfrom events.producer import publish\n\nrouter = APIRouter()\n\n@router.post(\"/orders\")\nasync def create_order(body):\n    await publish(\n        topic=\"order.created\",\n        key=str(body.user_id),\n        payload={\"id\": 1}\n    )\n";
    let admin = "import events.producer as p\n\nasync def cancel(order_id):\n    await p.publish(\"order.cancelled\", str(order_id), {})\n";
    let audit_tasks = "from aiokafka import AIOKafkaProducer\n\nasync def publish(topic, payload):\n    await producer.send_and_wait(topic, payload)\n";
    let audit_jobs = "from tasks import publish\n\nasync def run():\n    await publish(\"audit.done\", {})\n";
    let audit_other = "from events.producer import publish\n\nasync def run():\n    await publish(topic=\"audit.stray\", key=\"k\", payload={})\n";
    let order_test = "from events.producer import publish\n\nasync def test_publish():\n    await publish(topic=\"test.only\", key=\"k\", payload={})\n";
    let consumer = |topic: &str| format!("from aiokafka import AIOKafkaConsumer\n\nconsumer = AIOKafkaConsumer(\"{topic}\", bootstrap_servers=\"kafka:9092\")\n");
    let resolved = org(&[(
        "shop",
        &[
            ("order-service/Dockerfile", PY_DOCKERFILE),
            ("order-service/events/producer.py", producer),
            ("order-service/routes/orders.py", orders),
            ("order-service/routes/admin.py", admin),
            ("order-service/tests/test_orders.py", order_test),
            ("audit-service/Dockerfile", PY_DOCKERFILE),
            ("audit-service/tasks.py", audit_tasks),
            ("audit-service/jobs.py", audit_jobs),
            ("audit-service/stray.py", audit_other),
            ("notification-service/Dockerfile", PY_DOCKERFILE),
            ("notification-service/consumer.py", &consumer("order.created")),
            ("test-reader/Dockerfile", PY_DOCKERFILE),
            ("test-reader/consumer.py", &consumer("test.only")),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}", summary(&resolved), channel_edges(&resolved)), @r#"
    component:audit-service repo="shop" root="audit-service"
    component:notification-service repo="shop" root="notification-service"
    component:order-service repo="shop" root="order-service"
    component:test-reader repo="shop" root="test-reader"
    component:order-service -depends_on-> component:notification-service
    component:audit-service -publishes-> channel:audit.done
    component:notification-service -subscribes-> channel:order.created
    component:order-service -publishes-> channel:order.cancelled
    component:order-service -publishes-> channel:order.created
    component:test-reader -subscribes-> channel:test.only
    "#);
}

/// JFKTBonny's polyglot-microservices inventory service: `events/producer.go` declares `func
/// Publish(topic string, key string, payload interface{}) error` writing `kafka.Message{Topic:
/// topic}`; `events/consumer.go` of the same package calls `Publish(topic, ..)` after `topic :=
/// "stock.reserved"` and, in a branch, `topic = "stock.insufficient"`, and `Publish("order.dlq",
/// ..)`. The `main.go` of the folder above (package `main`) calls its own `Publish("not.events",
/// ..)`, which is no call of the `events` package's.
#[test]
fn a_go_functions_topic_parameter_takes_what_its_packages_other_files_pass() {
    let producer = "package events\n\nimport \"github.com/segmentio/kafka-go\"\n\nvar writer *kafka.Writer\n\nfunc Publish(topic string, key string, payload interface{}) error {\n\treturn writer.WriteMessages(ctx,\n\t\tkafka.Message{\n\t\t\tTopic: topic,\n\t\t\tKey:   []byte(key),\n\t\t},\n\t)\n}\n";
    let consumer = "package events\n\nfunc handle(ok bool, id string) error {\n\ttopic := \"stock.reserved\"\n\tif !ok {\n\t\ttopic = \"stock.insufficient\"\n\t}\n\treturn Publish(topic, id, nil)\n}\n\nfunc dead(id string) {\n\tPublish(\"order.dlq\", id, nil)\n}\n";
    let main = "package main\n\nfunc main() {\n\tPublish(\"not.events\", \"k\", nil)\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("inventory-service/Dockerfile", GO_DOCKERFILE),
            ("inventory-service/go.mod", "module inventory-service\n\ngo 1.22\n"),
            ("inventory-service/main.go", main),
            ("inventory-service/events/producer.go", producer),
            ("inventory-service/events/consumer.go", consumer),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}", summary(&resolved), channel_edges(&resolved)), @r#"
    component:inventory-service repo="shop" root="inventory-service"
    component:inventory-service -publishes-> channel:order.dlq
    component:inventory-service -publishes-> channel:stock.insufficient
    component:inventory-service -publishes-> channel:stock.reserved
    "#);
}

//! Amazon SQS through boto3: a client's `send_message(QueueUrl=X, ..)` publishes to the queue X
//! names and `receive_message(QueueUrl=X, ..)` subscribes to it, X a literal URL, an env var or
//! a pydantic settings field; a resource's `get_queue_by_name(QueueName=..)` queue too.

mod support;

use support::{org, summary};

const PYTHON_DOCKERFILE: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"-m\", \"app.main\"]\n";
const REQUIREMENTS: &str = "fastapi==0.115.0\nboto3==1.35.0\npydantic-settings==2.5.2\n";

/// The settings class of a FastAPI service: `<field>: str = <default>` read from its env var.
fn settings(field: &str, default: &str) -> String {
    format!("from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    service_name: str = \"svc\"\n    aws_region: str = \"us-east-1\"\n    {field}: str = \"{default}\"\n    sqs_endpoint_url: str | None = None\n\n    model_config = SettingsConfigDict(env_file=\".env\", extra=\"ignore\")\n\n\nsettings = Settings()\n")
}

const SQS_CLIENT: &str = "import boto3\nfrom app.config import settings\n\n\ndef get_sqs_client():\n    kwargs = {\"region_name\": settings.aws_region}\n    if settings.sqs_endpoint_url:\n        kwargs[\"endpoint_url\"] = settings.sqs_endpoint_url\n    return boto3.client(\"sqs\", **kwargs)\n";

/// An event-driven FastAPI platform on EKS (Event-Driven-FastAPI-Microservices-Platform-on-AWS-EKS):
/// the payment service sends to the queue its settings field `notification_events_queue_url`
/// holds and the notification worker receives from it through a variable, with the client made
/// in another module; no deployment of the repo gives `NOTIFICATION_EVENTS_QUEUE_URL` a value
/// (Terraform's output goes through a secret store), so both name the queue
/// `notification-events`, as Terraform's `aws_sqs_queue` is named. The order service sends to
/// `os.environ["ORDERS_QUEUE_URL"]` and the fulfilment worker receives from the literal URL of
/// the queue `orders`.
#[test]
fn boto3_sqs_senders_and_receivers_meet_on_their_queue() {
    let payment = "import json\nfrom typing import Any\n\ntry:\n    import boto3\nexcept ModuleNotFoundError:\n    boto3 = None\n\nfrom app.config import settings\n\n\nclass MissingSqsClient:\n    def send_message(self, **kwargs: Any) -> dict[str, Any]:\n        raise RuntimeError(\"boto3 package is not installed\")\n\n\ndef get_sqs_client() -> Any:\n    if boto3 is None:\n        return MissingSqsClient()\n    return boto3.client(\"sqs\", region_name=settings.aws_region)\n\n\ndef publish_payment_completed(client: Any, order_id: int, status: str) -> None:\n    if not settings.notification_events_queue_url:\n        raise RuntimeError(\"NOTIFICATION_EVENTS_QUEUE_URL is not configured\")\n    client.send_message(\n        QueueUrl=settings.notification_events_queue_url,\n        MessageBody=json.dumps({\"order_id\": order_id, \"status\": status}),\n    )\n";
    let worker = "import json\nimport time\nfrom threading import Event\n\nfrom app.config import settings\nfrom app.sqs_client import get_sqs_client\n\n\ndef run_worker(stop_event: Event) -> None:\n    client = get_sqs_client()\n    queue_url = settings.notification_events_queue_url\n    while not stop_event.is_set():\n        response = client.receive_message(\n            QueueUrl=queue_url,\n            MaxNumberOfMessages=5,\n            WaitTimeSeconds=10,\n        )\n        for message in response.get(\"Messages\", []):\n            handle(json.loads(message[\"Body\"]))\n            client.delete_message(QueueUrl=queue_url, ReceiptHandle=message[\"ReceiptHandle\"])\n";
    let orders = "import json\nimport os\n\nimport boto3\n\nsqs = boto3.client(\"sqs\")\n\n\ndef order_created(order):\n    sqs.send_message(QueueUrl=os.environ[\"ORDERS_QUEUE_URL\"], MessageBody=json.dumps(order))\n";
    let fulfilment = "import boto3\n\nQUEUE_URL = \"https://sqs.us-east-1.amazonaws.com/123456789012/orders\"\n\n\ndef poll():\n    sqs = boto3.session.Session().client(\"sqs\")\n    return sqs.receive_message(QueueUrl=QUEUE_URL, WaitTimeSeconds=20)\n";
    let terraform = "resource \"aws_sqs_queue\" \"notification_events\" {\n  name                       = \"${var.project_name}-${var.environment}-notification-events\"\n  visibility_timeout_seconds = 30\n}\n";
    let payment_settings = settings("notification_events_queue_url", "");
    let worker_settings = settings("notification_events_queue_url", "");
    let resolved = org(&[(
        "platform",
        &[
            ("apps/payment-service/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/payment-service/requirements.txt", REQUIREMENTS),
            ("apps/payment-service/app/config.py", &payment_settings),
            ("apps/payment-service/app/sqs_client.py", payment),
            ("apps/notification-worker/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/notification-worker/requirements.txt", REQUIREMENTS),
            ("apps/notification-worker/app/config.py", &worker_settings),
            ("apps/notification-worker/app/sqs_client.py", SQS_CLIENT),
            ("apps/notification-worker/app/worker.py", worker),
            ("apps/order-service/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/order-service/requirements.txt", REQUIREMENTS),
            ("apps/order-service/app/events.py", orders),
            ("apps/fulfilment-worker/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/fulfilment-worker/requirements.txt", REQUIREMENTS),
            ("apps/fulfilment-worker/app/poller.py", fulfilment),
            ("infra/terraform/modules/sqs/main.tf", terraform),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:fulfilment-worker repo="platform" root="apps/fulfilment-worker"
    component:notification-worker repo="platform" root="apps/notification-worker"
    component:order-service repo="platform" root="apps/order-service"
    component:payment-service repo="platform" root="apps/payment-service"
    resource:notification-events repo=- root=-
    component:order-service -depends_on-> component:fulfilment-worker
    component:payment-service -depends_on-> component:notification-worker
    "#);
}

/// Near misses beside an audit worker receiving from `settings.audit_events_queue_url`
/// (`audit-events`): a chat client's `send_message(channel="audit-events", ..)` in a file that
/// also checks SQS, an SNS client's `publish(TopicArn=..:audit-events)`, and a readiness check
/// that reads the queue's URL for `get_queue_attributes` and `delete_message` but neither sends
/// nor receives: none of them publishes to the worker's queue.
#[test]
fn calls_that_send_or_receive_no_sqs_message_name_no_queue() {
    let chat = "from app.sqs_client import check_sqs\nfrom slack_sdk import WebClient\n\nslack = WebClient(token=TOKEN)\n\n\ndef notify(text):\n    slack.send_message(channel=\"audit-events\", text=text)\n    bot.send_message(\"audit-events\", text)\n";
    let sns = "import boto3\n\nsns = boto3.client(\"sns\")\n\n\ndef announce(message):\n    sns.publish(TopicArn=\"arn:aws:sns:us-east-1:123456789012:audit-events\", Message=message)\n";
    let readiness = "import boto3\nfrom app.config import settings\n\nsqs = boto3.client(\"sqs\")\n\n\ndef ready():\n    sqs.get_queue_attributes(QueueUrl=settings.audit_events_queue_url, AttributeNames=[\"QueueArn\"])\n    sqs.delete_message(QueueUrl=settings.audit_events_queue_url, ReceiptHandle=\"x\")\n    return True\n";
    let worker = "from app.config import settings\nfrom app.sqs_client import get_sqs_client\n\n\ndef run():\n    client = get_sqs_client()\n    client.receive_message(QueueUrl=settings.audit_events_queue_url)\n";
    let audit_settings = settings("audit_events_queue_url", "");
    let resolved = org(&[(
        "platform",
        &[
            ("apps/chat-service/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/chat-service/requirements.txt", REQUIREMENTS),
            ("apps/chat-service/app/notify.py", chat),
            ("apps/announce-service/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/announce-service/requirements.txt", REQUIREMENTS),
            ("apps/announce-service/app/announce.py", sns),
            ("apps/health-service/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/health-service/requirements.txt", REQUIREMENTS),
            ("apps/health-service/app/config.py", &audit_settings),
            ("apps/health-service/app/ready.py", readiness),
            ("apps/audit-worker/Dockerfile", PYTHON_DOCKERFILE),
            ("apps/audit-worker/requirements.txt", REQUIREMENTS),
            ("apps/audit-worker/app/config.py", &audit_settings),
            ("apps/audit-worker/app/sqs_client.py", SQS_CLIENT),
            ("apps/audit-worker/app/worker.py", worker),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:announce-service repo="platform" root="apps/announce-service"
    component:audit-worker repo="platform" root="apps/audit-worker"
    component:chat-service repo="platform" root="apps/chat-service"
    component:health-service repo="platform" root="apps/health-service"
    "#);
}

/// A queue's URL a deployment or a settings default gives names the queue, not the env var's
/// words: the ledger worker receives from `BILLING_QUEUE_URL`, which compose sets to the
/// `invoices` queue the billing service's resource looks up by name; the shipping service sends
/// to its settings field `shipments_queue_url`, whose default is the `dispatch` queue's URL,
/// which the dispatch worker receives from. The archive service sends to `INVOICES_QUEUE_URL`,
/// which compose sets to the `archived-invoices` queue: it does not reach the ledger worker.
#[test]
fn a_queue_url_a_deployment_or_a_default_gives_names_the_queue() {
    let billing = "import boto3\n\nsqs = boto3.resource(\"sqs\")\nqueue = sqs.get_queue_by_name(QueueName=\"invoices\")\n\n\ndef invoice_issued(body):\n    queue.send_message(MessageBody=body)\n";
    let ledger = "import os\nimport boto3\n\nsqs = boto3.client(\"sqs\")\n\n\ndef poll():\n    return sqs.receive_message(QueueUrl=os.getenv(\"BILLING_QUEUE_URL\"))\n";
    let archive = "import os\nimport boto3\n\nsqs = boto3.client(\"sqs\")\n\n\ndef archive(body):\n    sqs.send_message(QueueUrl=os.environ[\"INVOICES_QUEUE_URL\"], MessageBody=body)\n";
    let shipping = "import boto3\nfrom app.config import settings\n\nsqs = boto3.client(\"sqs\")\n\n\ndef shipped(body):\n    sqs.send_message(QueueUrl=settings.shipments_queue_url, MessageBody=body)\n";
    let dispatch = "import boto3\n\nsqs = boto3.client(\"sqs\")\n\n\ndef poll():\n    return sqs.receive_message(QueueUrl=\"http://localstack:4566/000000000000/dispatch\")\n";
    let compose = "services:\n  billing-service:\n    build: ./billing-service\n  ledger-worker:\n    build: ./ledger-worker\n    environment:\n      BILLING_QUEUE_URL: http://localstack:4566/000000000000/invoices\n  archive-service:\n    build: ./archive-service\n    environment:\n      INVOICES_QUEUE_URL: http://localstack:4566/000000000000/archived-invoices\n  shipping-service:\n    build: ./shipping-service\n  dispatch-worker:\n    build: ./dispatch-worker\n";
    let shipping_settings = settings("shipments_queue_url", "http://localhost:4566/000000000000/dispatch");
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("billing-service/Dockerfile", PYTHON_DOCKERFILE),
            ("billing-service/app/invoices.py", billing),
            ("ledger-worker/Dockerfile", PYTHON_DOCKERFILE),
            ("ledger-worker/app/poll.py", ledger),
            ("archive-service/Dockerfile", PYTHON_DOCKERFILE),
            ("archive-service/app/archive.py", archive),
            ("shipping-service/Dockerfile", PYTHON_DOCKERFILE),
            ("shipping-service/app/config.py", &shipping_settings),
            ("shipping-service/app/shipping.py", shipping),
            ("dispatch-worker/Dockerfile", PYTHON_DOCKERFILE),
            ("dispatch-worker/app/poll.py", dispatch),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:archive-service repo="shop" root="archive-service"
    component:billing-service repo="shop" root="billing-service"
    component:dispatch-worker repo="shop" root="dispatch-worker"
    component:ledger-worker repo="shop" root="ledger-worker"
    component:shipping-service repo="shop" root="shipping-service"
    component:billing-service -depends_on-> component:ledger-worker
    component:shipping-service -depends_on-> component:dispatch-worker
    "#);
}

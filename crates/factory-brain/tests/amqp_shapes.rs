//! RabbitMQ exchanges where the routing key does not say who receives: a fanout exchange, a
//! queue bound with `#`, and a publish whose key is a parameter.

mod support;

use support::{org, summary};

const PYTHON: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n";
const NODE: &str = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
const GO: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n";

/// The compose file of a repo whose `services` each build their folder and reach `rabbitmq`.
fn compose(services: &[&str]) -> String {
    let mut text = "services:\n  rabbitmq:\n    image: rabbitmq:3-management\n".to_string();
    for service in services {
        text.push_str(&format!("  {service}:\n    build: ./{service}\n    environment:\n      RABBITMQ_URL: amqp://guest:guest@rabbitmq:5672/\n"));
    }
    text
}

/// RabbitMQ's tutorial 3 (publish/subscribe): `emit_log.py` publishes on the fanout exchange
/// `logs` with an empty routing key, and each receiver binds a server-named queue
/// (`queue_declare('', exclusive=True)`) to it with no key: pika's `receive_logs.py`,
/// amqplib's `receive_logs.js` (`bindQueue(q.queue, 'logs', '')`) and amqp091's
/// `receive_logs.go` (`QueueBind(q.Name, "", "logs", false, nil)`), and Spring AMQP's
/// tutorial config (`BindingBuilder.bind(queue).to(fanout)` of a `new FanoutExchange("logs")`);
/// amqp091's `emit_log.go` publishes too (`PublishWithContext(ctx, "logs", "", ..)`). A
/// publisher on the exchange `metrics`, which nobody binds, joins no one.
#[test]
fn a_fanout_exchange_links_its_publisher_to_every_bound_queue() {
    let emitter = "import pika, sys\n\nconnection = pika.BlockingConnection(pika.URLParameters(os.environ['RABBITMQ_URL']))\nchannel = connection.channel()\nchannel.exchange_declare(exchange='logs', exchange_type='fanout')\nmessage = ' '.join(sys.argv[1:]) or 'info: Hello World!'\nchannel.basic_publish(exchange='logs', routing_key='', body=message)\nconnection.close()\n";
    let python = "import pika\n\ndef main():\n    connection = pika.BlockingConnection(pika.URLParameters(os.environ['RABBITMQ_URL']))\n    channel = connection.channel()\n    channel.exchange_declare(exchange='logs', exchange_type='fanout')\n    result = channel.queue_declare(queue='', exclusive=True)\n    queue_name = result.method.queue\n    channel.queue_bind(exchange='logs', queue=queue_name)\n    channel.basic_consume(queue=queue_name, on_message_callback=callback, auto_ack=True)\n    channel.start_consuming()\n";
    let node = "const amqp = require('amqplib');\n\nasync function main() {\n  const connection = await amqp.connect(process.env.RABBITMQ_URL);\n  const channel = await connection.createChannel();\n  await channel.assertExchange('logs', 'fanout', { durable: false });\n  const q = await channel.assertQueue('', { exclusive: true });\n  await channel.bindQueue(q.queue, 'logs', '');\n  channel.consume(q.queue, (msg) => console.log(msg.content.toString()), { noAck: true });\n}\nmain();\n";
    let go = "package main\n\nimport amqp \"github.com/rabbitmq/amqp091-go\"\n\nfunc main() {\n\tconn, _ := amqp.Dial(os.Getenv(\"RABBITMQ_URL\"))\n\tch, _ := conn.Channel()\n\tch.ExchangeDeclare(\"logs\", \"fanout\", true, false, false, false, nil)\n\tq, _ := ch.QueueDeclare(\"\", false, false, true, false, nil)\n\tch.QueueBind(q.Name, \"\", \"logs\", false, nil)\n\tmsgs, _ := ch.Consume(q.Name, \"\", true, false, false, false, nil)\n\tfor d := range msgs {\n\t\tlog.Printf(\"%s\", d.Body)\n\t}\n}\n";
    let go_emitter = "package main\n\nimport amqp \"github.com/rabbitmq/amqp091-go\"\n\nfunc emit(ctx context.Context, ch *amqp.Channel, body string) error {\n\treturn ch.PublishWithContext(ctx, \"logs\", \"\", false, false, amqp.Publishing{ContentType: \"text/plain\", Body: []byte(body)})\n}\n";
    let spring = "package logs;\n\nimport org.springframework.amqp.core.*;\nimport org.springframework.amqp.rabbit.annotation.RabbitListener;\n\n@Configuration\npublic class ReceiverConfig {\n    @Bean\n    public FanoutExchange fanout() {\n        return new FanoutExchange(\"logs\");\n    }\n\n    @Bean\n    public Queue autoDeleteQueue() {\n        return new AnonymousQueue();\n    }\n\n    @Bean\n    public Binding binding(FanoutExchange fanout, Queue autoDeleteQueue) {\n        return BindingBuilder.bind(autoDeleteQueue).to(fanout);\n    }\n\n    @RabbitListener(queues = \"#{autoDeleteQueue.name}\")\n    public void receive(String in) {}\n}\n";
    let metrics = "const amqp = require('amqplib');\n\nasync function report(channel, value) {\n  await channel.assertExchange('metrics', 'fanout', { durable: false });\n  channel.publish('metrics', '', Buffer.from(String(value)));\n}\nmodule.exports = { report };\n";
    let services = ["emitter", "go-emitter", "python-receiver", "node-receiver", "go-receiver", "spring-receiver", "metrics"];
    let java = "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n";
    let compose = compose(&services);
    let resolved = org(&[(
        "logs",
        &[
            ("docker-compose.yml", compose.as_str()),
            ("emitter/Dockerfile", PYTHON),
            ("emitter/main.py", emitter),
            ("go-emitter/Dockerfile", GO),
            ("go-emitter/main.go", go_emitter),
            ("python-receiver/Dockerfile", PYTHON),
            ("python-receiver/main.py", python),
            ("node-receiver/Dockerfile", NODE),
            ("node-receiver/index.js", node),
            ("go-receiver/Dockerfile", GO),
            ("go-receiver/main.go", go),
            ("spring-receiver/Dockerfile", java),
            ("spring-receiver/src/main/java/logs/ReceiverConfig.java", spring),
            ("metrics/Dockerfile", NODE),
            ("metrics/index.js", metrics),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:emitter repo="logs" root="emitter"
    component:go-emitter repo="logs" root="go-emitter"
    component:go-receiver repo="logs" root="go-receiver"
    component:metrics repo="logs" root="metrics"
    component:node-receiver repo="logs" root="node-receiver"
    component:python-receiver repo="logs" root="python-receiver"
    component:spring-receiver repo="logs" root="spring-receiver"
    resource:rabbitmq repo=- root=-
    component:emitter -depends_on-> component:go-receiver
    component:emitter -depends_on-> component:node-receiver
    component:emitter -depends_on-> component:python-receiver
    component:emitter -depends_on-> component:spring-receiver
    component:go-emitter -depends_on-> component:go-receiver
    component:go-emitter -depends_on-> component:node-receiver
    component:go-emitter -depends_on-> component:python-receiver
    component:go-emitter -depends_on-> component:spring-receiver
    "#);
}

/// omkumar01's Distributed-Issue-Tracker: the user service publishes on the topic exchange
/// `issue_tracker_events` with its event's type as the key, a parameter of its helper
/// (`basic_publish(exchange='issue_tracker_events', routing_key=event_type, ..)`), and the
/// search service binds a server-named queue to the exchange with `#`, hearing every event; a
/// Spring project service sends on it too (`convertAndSend(EVENTS_EXCHANGE, "project.created",
/// event)`). Near misses: the issue service publishes on `issue_events`, which nobody binds;
/// the audit service binds `audit.events`, on which nobody publishes; the billing service binds
/// `issue_tracker_events` with the specific key `order.created`, which the user service's
/// `user.created` on the same exchange does not reach.
#[test]
fn a_catch_all_binding_hears_a_publish_whose_key_is_a_parameter() {
    let user = "import pika\n\ndef _publish_sync(event_type: str, payload: dict):\n    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))\n    channel = connection.channel()\n    channel.exchange_declare(exchange='issue_tracker_events', exchange_type='topic', durable=True)\n    channel.basic_publish(\n        exchange='issue_tracker_events',\n        routing_key=event_type,\n        body=json.dumps(payload).encode('utf-8'),\n    )\n    connection.close()\n\ndef created(user):\n    channel.basic_publish(exchange='issue_tracker_events', routing_key='user.created', body=user)\n";
    let project = "package tracker.projects;\n\nimport org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Service\npublic class ProjectEvents {\n    private static final String EVENTS_EXCHANGE = \"issue_tracker_events\";\n    private final RabbitTemplate rabbitTemplate;\n\n    public void created(ProjectCreated event) {\n        rabbitTemplate.convertAndSend(EVENTS_EXCHANGE, \"project.created\", event);\n    }\n}\n";
    let search = "import pika\n\ndef start_consumer():\n    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))\n    channel = connection.channel()\n    channel.exchange_declare(exchange='issue_tracker_events', exchange_type='topic', durable=True)\n    result = channel.queue_declare('', exclusive=True)\n    queue_name = result.method.queue\n    channel.queue_bind(exchange='issue_tracker_events', queue=queue_name, routing_key='#')\n    channel.basic_consume(queue=queue_name, on_message_callback=callback, auto_ack=True)\n";
    let issue = "import pika\n\nclass EventPublisher:\n    def publish(self, event):\n        self._channel.exchange_declare(exchange='issue_events', exchange_type='topic', durable=True)\n        self._channel.basic_publish(exchange='issue_events', routing_key=event.event_type, body=event.model_dump_json())\n";
    let audit = "import pika\n\ndef on_channel_open(channel):\n    channel.exchange_declare('audit.events', 'topic', durable=True)\n    channel.queue_declare('audit-service-queue', durable=True)\n    channel.queue_bind('audit-service-queue', 'audit.events', '#')\n    channel.basic_consume('audit-service-queue', on_message_callback=on_message)\n";
    let billing = "import pika\n\ndef listen(channel):\n    result = channel.queue_declare('', exclusive=True)\n    channel.queue_bind(exchange='issue_tracker_events', queue=result.method.queue, routing_key='order.created')\n";
    let services = ["user-service", "project-service", "search-service", "issue-service", "audit-service", "billing-service"];
    let compose = compose(&services);
    let java = "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n";
    let resolved = org(&[(
        "tracker",
        &[
            ("docker-compose.yml", compose.as_str()),
            ("user-service/Dockerfile", PYTHON),
            ("user-service/src/events/publish.py", user),
            ("project-service/Dockerfile", java),
            ("project-service/src/main/java/tracker/projects/ProjectEvents.java", project),
            ("search-service/Dockerfile", PYTHON),
            ("search-service/src/consumers/event_consumers.py", search),
            ("issue-service/Dockerfile", PYTHON),
            ("issue-service/src/events/publisher.py", issue),
            ("audit-service/Dockerfile", PYTHON),
            ("audit-service/src/services/event_consumer.py", audit),
            ("billing-service/Dockerfile", PYTHON),
            ("billing-service/src/listener.py", billing),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-service repo="tracker" root="audit-service"
    component:billing-service repo="tracker" root="billing-service"
    component:issue-service repo="tracker" root="issue-service"
    component:project-service repo="tracker" root="project-service"
    component:search-service repo="tracker" root="search-service"
    component:user-service repo="tracker" root="user-service"
    resource:rabbitmq repo=- root=-
    component:project-service -depends_on-> component:search-service
    component:user-service -depends_on-> component:search-service
    "#);
}

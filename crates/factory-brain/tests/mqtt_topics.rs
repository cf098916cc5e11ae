//! MQTT topics that reach the client's call through indirection: paho.mqtt.publish's one-shot
//! helpers on a variable holding a sibling module's constant, mqtt.js's client imported from the
//! service's own MQTT module, a Java field set from a constructor's parameter, a C# variable
//! holding a field. Each as tiagoSapo's Publicitaki-Store-Bank pays over broker.hivemq.com.

mod support;

use support::{channel_edges, module, org, summary};

const JAVA_DOCKERFILE: &str = "FROM eclipse-temurin:17\nCOPY target/app.jar /app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n";
const PY_DOCKERFILE: &str = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"manage.py\", \"runserver\", \"0.0.0.0:8000\"]\n";
const NODE_DOCKERFILE: &str = "FROM node:18\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"app.js\"]\n";
const DOTNET_DOCKERFILE: &str = "FROM mcr.microsoft.com/dotnet/aspnet:7.0\nCOPY . /app\n";

/// bank-clients' `MQTTHelper`: the topic it subscribes to is a field its constructor sets from
/// its fourth parameter.
const HELPER: &str = "package com.bank.clients.utils;\n\nimport org.eclipse.paho.client.mqttv3.MqttClient;\n\npublic class MQTTHelper {\n    private final String brokerUrl;\n    private final String topic;\n    private MqttClient client;\n\n    public MQTTHelper(AccountController controller, String BROKER, String CLIENT_ID, String TOPIC) {\n        this.brokerUrl = BROKER;\n        this.topic = TOPIC;\n    }\n\n    public void receiveMessages() {\n        client = new MqttClient(brokerUrl, clientId, persistence);\n        client.subscribe(topic);\n    }\n\n    public boolean sendMessage(Message msg) {\n        String storeTopic = msg.getConfirmationTopic();\n        client.publish(storeTopic, Utils.toJson(msg));\n        return true;\n    }\n}\n";

/// bank-clients' controller, building its helper with the topic.
const CONTROLLER: &str = "package com.bank.clients.controllers;\n\nimport com.bank.clients.utils.MQTTHelper;\nimport org.eclipse.paho.client.mqttv3.MqttMessage;\n\n@RestController\npublic class AccountController {\n    private final MQTTHelper mqtt;\n    public static final String BROKER = \"tcp://broker.hivemq.com:1883\";\n    public static final String TOPIC = \"tiago-bank/transactions\";\n\n    public AccountController() {\n        mqtt = new MQTTHelper(this, BROKER, CLIENT_ID, TOPIC);\n        mqtt.receiveMessages();\n    }\n}\n";

/// The bank's clients service, subscribing to the transactions topic, as files of a repo.
fn bank_clients() -> Vec<(&'static str, String)> {
    vec![
        ("bank_clients/Dockerfile", JAVA_DOCKERFILE.to_string()),
        ("bank_clients/pom.xml", module("bank-clients")),
        ("bank_clients/src/main/java/com/bank/clients/utils/MQTTHelper.java", HELPER.to_string()),
        ("bank_clients/src/main/java/com/bank/clients/controllers/AccountController.java", CONTROLLER.to_string()),
    ]
}

/// The resolved org of one repo holding the bank's clients service and `files`.
fn resolved_with(files: &[(&'static str, String)]) -> String {
    let bank = bank_clients();
    let all: Vec<(&str, &str)> = bank.iter().chain(files).map(|(path, text)| (*path, text.as_str())).collect();
    let resolved = org(&[("system", &all)]);
    format!("{}\n{}", summary(&resolved), channel_edges(&resolved))
}

/// The store's products service sends its payment request with `publish.single(topic, ..)`
/// after `topic = TOPIC_WRITE`, the constant its sibling module `mqtt.py` declares. A reports
/// service calling another module's `single` publishes nothing.
#[test]
fn pahos_single_publishes_the_topic_a_variable_and_a_sibling_module_hold() {
    let mqtt = "import paho.mqtt.client as mqtt\n\nMQTT_HOST = \"broker.hivemq.com\"\nTOPIC_WRITE = \"tiago-bank/transactions\"\n\nclient = mqtt.Client()\n";
    let views = "from .mqtt import TOPIC_WRITE, MQTT_HOST\nimport paho.mqtt.publish as publish\nimport json\n\ndef set_status(request, order_id):\n    topic = TOPIC_WRITE\n    mqtt_host = MQTT_HOST\n    message_json = json.dumps({})\n    publish.single(topic, message_json, hostname=mqtt_host, port=1883)\n";
    let reports = "from .mqtt import TOPIC_WRITE\nimport paho.mqtt.client as mqtt\nimport stats\n\ndef report(rows):\n    topic = TOPIC_WRITE\n    return stats.single(topic, rows)\n";
    let found = resolved_with(&[
        ("store_products/Dockerfile", PY_DOCKERFILE.to_string()),
        ("store_products/requirements.txt", "Django==4.2\npaho-mqtt==1.6.1\n".to_string()),
        ("store_products/products_app/mqtt.py", mqtt.to_string()),
        ("store_products/products_app/views.py", views.to_string()),
        ("store_reports/Dockerfile", PY_DOCKERFILE.to_string()),
        ("store_reports/requirements.txt", "paho-mqtt==1.6.1\n".to_string()),
        ("store_reports/reports_app/mqtt.py", mqtt.to_string()),
        ("store_reports/reports_app/views.py", reports.to_string()),
    ]);
    insta::assert_snapshot!(found, @r#"
    component:bank_clients repo="system" root="bank_clients"
    component:store_products repo="system" root="store_products"
    component:store_reports repo="system" root="store_reports"
    component:store_products -depends_on-> component:bank_clients
    component:bank_clients -subscribes-> channel:tiago-bank/transactions
    component:store_products -publishes-> channel:tiago-bank/transactions
    "#);
}

/// Publicitaki's users service pays with `client.publish(TOPIC_WRITE, ..)`, both destructured
/// from `require('../mqtt')`, whose `mqtt.js` requires 'mqtt' and declares the topic. A client
/// taken from a module named otherwise (a cache's) publishes nothing.
#[test]
fn a_client_from_the_services_own_mqtt_module_publishes() {
    let mqtt = "const mqtt = require('mqtt');\n\nconst TOPIC_WRITE = \"tiago-bank/transactions\";\nconst client = mqtt.connect('tcp://broker.hivemq.com:1883');\n\nmodule.exports = {\n    client,\n    TOPIC_WRITE\n}\n";
    let controller = "const { client, TOPIC_READ, TOPIC_WRITE } = require('../mqtt');\n\nasync function paySubscription(req, res) {\n  const payloadString = JSON.stringify({ amount: 10, confirmationTopic: TOPIC_READ });\n  client.publish(TOPIC_WRITE, payloadString);\n}\n";
    let cache = "const { client, TOPIC_WRITE } = require('../cache');\n\nasync function invalidate(req, res) {\n  client.publish(TOPIC_WRITE, 'all');\n}\n";
    let found = resolved_with(&[
        ("pub-users/Dockerfile", NODE_DOCKERFILE.to_string()),
        ("pub-users/package.json", "{\"name\": \"pub-users\", \"dependencies\": {\"mqtt\": \"^4.3.7\"}}\n".to_string()),
        ("pub-users/mqtt.js", mqtt.to_string()),
        ("pub-users/controllers/subscriptionController.js", controller.to_string()),
        ("pub-admins/Dockerfile", NODE_DOCKERFILE.to_string()),
        ("pub-admins/package.json", "{\"name\": \"pub-admins\"}\n".to_string()),
        ("pub-admins/controllers/cacheController.js", cache.to_string()),
    ]);
    insta::assert_snapshot!(found, @r#"
    component:bank_clients repo="system" root="bank_clients"
    component:pub-admins repo="system" root="pub-admins"
    component:pub-users repo="system" root="pub-users"
    component:pub-users -depends_on-> component:bank_clients
    component:bank_clients -subscribes-> channel:tiago-bank/transactions
    component:pub-users -publishes-> channel:tiago-bank/transactions
    "#);
}

/// bank-clients subscribes to the field its helper's constructor sets, filled by the controller's
/// `new MQTTHelper(this, BROKER, CLIENT_ID, TOPIC)`; the bank's frontend publishes to the topic.
/// An audit service's helper whose field a setter fills (no constructor's parameter) subscribes
/// to nothing.
#[test]
fn a_java_field_set_from_a_constructors_parameter_takes_what_new_passes() {
    let frontend = "using MQTTnet;\nusing MQTTnet.Client;\n\npublic class AccountController : Controller\n{\n    public ActionResult Deposit(DepositViewModel model)\n    {\n        var ApplicationMessage = new MqttApplicationMessageBuilder()\n            .WithTopic(\"tiago-bank/transactions\")\n            .Build();\n        mqttClient.PublishAsync(ApplicationMessage).Wait();\n        return View();\n    }\n}\n";
    let audit_helper = "package com.bank.audit;\n\nimport org.eclipse.paho.client.mqttv3.MqttClient;\n\npublic class AuditHelper {\n    private String topic;\n    private MqttClient client;\n\n    public AuditHelper(String BROKER) {\n        this.client = new MqttClient(BROKER, \"audit\");\n    }\n\n    public void setTopic(String TOPIC) {\n        this.topic = TOPIC;\n    }\n\n    public void listen() {\n        client.subscribe(topic);\n    }\n}\n";
    let audit_main = "package com.bank.audit;\n\npublic class AuditApp {\n    public static final String TOPIC = \"tiago-bank/transactions\";\n\n    public void start() {\n        AuditHelper helper = new AuditHelper(BROKER);\n        helper.setTopic(TOPIC);\n        helper.listen();\n    }\n}\n";
    let found = resolved_with(&[
        ("bank_frontend/Dockerfile", DOTNET_DOCKERFILE.to_string()),
        ("bank_frontend/BankFrontend.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"MQTTnet\" Version=\"4.1.4\" />\n  </ItemGroup>\n</Project>\n".to_string()),
        ("bank_frontend/Controllers/AccountController.cs", frontend.to_string()),
        ("bank_audit/Dockerfile", JAVA_DOCKERFILE.to_string()),
        ("bank_audit/pom.xml", module("bank-audit")),
        ("bank_audit/src/main/java/com/bank/audit/AuditHelper.java", audit_helper.to_string()),
        ("bank_audit/src/main/java/com/bank/audit/AuditApp.java", audit_main.to_string()),
    ]);
    insta::assert_snapshot!(found, @r#"
    component:bank_audit repo="system" root="bank_audit"
    component:bank_clients repo="system" root="bank_clients"
    component:bank_frontend repo="system" root="bank_frontend"
    component:bank_frontend -depends_on-> component:bank_clients
    component:bank_clients -subscribes-> channel:tiago-bank/transactions
    component:bank_frontend -publishes-> channel:tiago-bank/transactions
    "#);
}

/// The bank's frontend builds its message with `.WithTopic(Topic)` after `var Topic = TOPIC;`,
/// its field's value. A kiosk whose method uses a `Topic` another method assigns publishes
/// nothing.
#[test]
fn a_csharp_variable_holding_a_field_names_the_topic() {
    let frontend = "using MQTTnet;\nusing MQTTnet.Client;\n\npublic class AccountController : Controller\n{\n    private readonly string TOPIC = \"tiago-bank/transactions\";\n\n    public ActionResult Deposit(DepositViewModel model)\n    {\n        var Topic = TOPIC;\n        var Payload = Encoding.UTF8.GetBytes(Json);\n        var ApplicationMessage = new MqttApplicationMessageBuilder()\n            .WithTopic(Topic)\n            .WithPayload(Payload)\n            .Build();\n        mqttClient.PublishAsync(ApplicationMessage).Wait();\n        return View();\n    }\n}\n";
    let kiosk = "using MQTTnet;\n\npublic class KioskController : Controller\n{\n    private readonly string TOPIC = \"tiago-bank/transactions\";\n\n    public void Prepare()\n    {\n        var Topic = TOPIC;\n    }\n\n    public void Send(string Topic)\n    {\n        var message = new MqttApplicationMessageBuilder()\n            .WithTopic(Topic)\n            .Build();\n        mqttClient.PublishAsync(message).Wait();\n    }\n}\n";
    let project = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"MQTTnet\" Version=\"4.1.4\" />\n  </ItemGroup>\n</Project>\n";
    let found = resolved_with(&[
        ("bank_frontend/Dockerfile", DOTNET_DOCKERFILE.to_string()),
        ("bank_frontend/BankFrontend.csproj", project.to_string()),
        ("bank_frontend/Controllers/AccountController.cs", frontend.to_string()),
        ("bank_kiosk/Dockerfile", DOTNET_DOCKERFILE.to_string()),
        ("bank_kiosk/BankKiosk.csproj", project.to_string()),
        ("bank_kiosk/Controllers/KioskController.cs", kiosk.to_string()),
    ]);
    insta::assert_snapshot!(found, @r#"
    component:bank_clients repo="system" root="bank_clients"
    component:bank_frontend repo="system" root="bank_frontend"
    component:bank_kiosk repo="system" root="bank_kiosk"
    component:bank_frontend -depends_on-> component:bank_clients
    component:bank_clients -subscribes-> channel:tiago-bank/transactions
    component:bank_frontend -publishes-> channel:tiago-bank/transactions
    "#);
}

//! Hosts written bare where the program reading them takes them so.

mod support;

use support::{org, summary};

/// Bajocode's polyglot-microservices-webshop: its KrakenD gateway names backends
/// `"host": ["cart-service.default"]` beside `"sd": "dns"` (KrakenD adds `http://`), and its
/// Helm chart starts Locust, one workload its template leaves unnamed, with
/// `--host=gateway.{{ .Release.Namespace }}`: the chart's workload calls the gateway, though no
/// folder holds its code. A flag naming no host (`--mode=cart-service`) and a bare word in a
/// KrakenD settings file name nothing.
#[test]
fn bare_hosts_of_krakend_backends_and_host_flags() {
    let compose = "services:\n  gateway:\n    image: devopsfaith/krakend:2.4\n    volumes:\n      - ./gateway/krakend.json:/etc/krakend/krakend.json\n  cart-service:\n    build: ./cart\n  order-service:\n    build: ./order\n";
    let krakend = r#"{"version": 3, "endpoints": [{"endpoint": "/cart", "backend": [{"url_pattern": "/{JWT.userid}/cart", "sd": "dns", "host": ["cart-service.default"], "disable_host_sanitize": true}]}]}"#;
    let chart = "apiVersion: v2\nname: loadgenerator\nversion: 0.1.0\n";
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"loadgenerator.fullname\" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n          args:\n            - --locustfile=/mnt/locust/locustfile.py\n            - \"--host=gateway.{{ .Release.Namespace }}\"\n            - --mode=order-service\n";
    let values = "image:\n  repository: bajocode/loadgenerator\n  tag: latest\n";
    let resolved = org(&[(
        "webshop",
        &[
            ("docker-compose.yaml", compose),
            ("gateway/krakend.json", krakend),
            ("cart/go.mod", "module cart\n"),
            ("cart/main.go", "package main\n\nfunc main() {}\n"),
            ("order/package.json", "{\"name\": \"order-service\"}\n"),
            ("order/index.js", "const app = require('express')();\napp.listen(3000);\n"),
            ("kubernetes/loadgenerator/Chart.yaml", chart),
            ("kubernetes/loadgenerator/values.yaml", values),
            ("kubernetes/loadgenerator/templates/deployment.yaml", deployment),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="webshop" root="cart"
    component:gateway repo="webshop" root="gateway/krakend.json"
    component:loadgenerator repo=- root=-
    component:order-service repo="webshop" root="order"
    component:gateway -depends_on-> component:cart-service
    component:loadgenerator -depends_on-> component:gateway
    "#);
}

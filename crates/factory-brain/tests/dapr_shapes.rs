//! Dapr apps calling each other through their sidecars' HTTP API, named by their app ids.

mod support;

use support::{org, summary};

fn deployment(name: &str, label: &str, app_id: Option<&str>, image: &str) -> String {
    let annotations = app_id.map(|app_id| format!("      annotations:\n        dapr.io/enabled: \"true\"\n        dapr.io/app-id: \"{app_id}\"\n")).unwrap_or_default();
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {label}\n  template:\n    metadata:\n      labels:\n        app: {label}\n{annotations}    spec:\n      containers:\n      - name: {label}\n        image: {image}\n"
    )
}

/// dapr/quickstarts' distributed calculator: the front end posts to
/// `${daprUrl}/addapp/method/add` with `daprUrl` its sidecar's `/v1.0/invoke`, and the adder's
/// pod answers to `dapr.io/app-id: "addapp"`. Another app is called with the `dapr-app-id`
/// header. The state API (`${stateUrl}/..`) calls no app, an app id in a variable names none,
/// and an app id no pod carries names no workload (`subtractapp`, whose pod has no app id).
#[test]
fn apps_invoked_through_the_sidecars_http_api_by_their_app_ids() {
    let server = concat!(
        "const axios = require('axios');\n",
        "const daprPort = process.env.DAPR_HTTP_PORT ?? 3500;\n",
        "const daprUrl = `http://localhost:${daprPort}/v1.0/invoke`;\n",
        "const stateUrl = `http://localhost:${daprPort}/v1.0/state/statestore`;\n",
        "app.post('/calculate/add', async (req, res) => {\n",
        "  const r = await axios.post(`${daprUrl}/addapp/method/add`, req.body);\n",
        "  return res.send(`${r.data}`);\n",
        "});\n",
        "app.post('/calculate/subtract', async (req, res) => {\n",
        "  await axios.post(`${daprUrl}/subtractapp/method/subtract`, req.body);\n",
        "  await axios.post(`${daprUrl}/${req.params.app}/method/any`, req.body);\n",
        "});\n",
        "app.get('/state', async (req, res) => res.send((await axios.get(`${stateUrl}/calculatorState`)).data));\n",
        "app.post('/persist', async (req, res) => res.send((await axios.post(stateUrl, req.body)).data));\n",
        "app.post('/calculate/multiply', async (req, res) => {\n",
        "  await axios.post(`http://localhost:${daprPort}/multiply`, req.body, { headers: { 'dapr-app-id': 'multiplyapp' } });\n",
        "});\n",
    );
    let manifests = [
        deployment("calculator-front-end", "calculator-front-end", Some("calculator-front-end"), "ghcr.io/dapr/samples/react-calculator:latest"),
        deployment("adder", "add", Some("addapp"), "ghcr.io/dapr/samples/calculator-adder:latest"),
        deployment("subtractor", "subtract", None, "ghcr.io/dapr/samples/calculator-subtractor:latest"),
        deployment("multiplier", "multiply", Some("multiplyapp"), "ghcr.io/dapr/samples/calculator-multiplier:latest"),
    ]
    .join("---\n");
    let resolved = org(&[(
        "calculator",
        &[
            ("deploy/calculator.yaml", &manifests),
            ("react-calculator/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"),
            ("react-calculator/package.json", "{\"name\": \"react-calculator\", \"dependencies\": {\"axios\": \"1.6.0\", \"express\": \"4.18.2\"}}\n"),
            ("react-calculator/server.js", server),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:adder repo=- root=-
    component:calculator-front-end repo="calculator" root="react-calculator"
    component:multiplier repo=- root=-
    component:subtractor repo=- root=-
    component:calculator-front-end -depends_on-> component:adder
    component:calculator-front-end -depends_on-> component:multiplier
    "#);
}

/// The distributed calculator keeps each app in a folder named after its language (`go/`,
/// `node/`) and runs it as `addapp` and `divideapp`, images `distributed-calculator-go` and
/// `distributed-calculator-node`: the language is what each image's name says beyond its
/// set's, not a suffix after a shared name, so both images' `distributed-calculator` names
/// neither app. The Python app's folder has no Dockerfile and its image is
/// `distributed-calculator-slow-python`: it stays apart from `multiplyapp`.
#[test]
fn folders_named_after_languages_join_the_workloads_running_their_images() {
    let manifests = [
        deployment("addapp", "add", Some("addapp"), "dapriosamples/distributed-calculator-go:latest"),
        deployment("divideapp", "divide", Some("divideapp"), "ghcr.io/dapr/samples/distributed-calculator-node:latest"),
        deployment("multiplyapp", "multiply", Some("multiplyapp"), "ghcr.io/dapr/samples/distributed-calculator-slow-python:latest"),
    ]
    .join("---\n");
    let resolved = org(&[(
        "calculator",
        &[
            ("deploy/calculator.yaml", &manifests),
            ("go/Dockerfile", "FROM golang:1.21\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"),
            ("go/go.mod", "module github.com/dapr/quickstarts/distributed-calculator/go\n\ngo 1.21\n"),
            ("go/app.go", "package main\n\nfunc main() { http.HandleFunc(\"/add\", add) }\n"),
            ("node/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"app.js\"]\n"),
            ("node/package.json", "{\"name\": \"divide\", \"dependencies\": {\"express\": \"4.18.2\"}}\n"),
            ("node/app.js", "const app = require('express')();\napp.post('/divide', (req, res) => res.json(1));\n"),
            ("python/pyproject.toml", "[project]\nname = \"multiply\"\ndependencies = [\"flask\"]\n"),
            ("python/app.py", "import flask\napp = flask.Flask(__name__)\n@app.route('/multiply', methods=['POST'])\ndef multiply():\n    return '1'\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:addapp repo="calculator" root="go"
    component:divideapp repo="calculator" root="node"
    component:multiplyapp repo=- root=-
    component:python repo="calculator" root="python"
    "#);
}

//! Calls read from code, as two unseen systems showed (issue #3's evaluations of 2026-12-07):
//! apache/skywalking-showcase, whose app reaches its gateway through a URL whose host is an
//! env read's default, and Oracle's MuShop, whose static assets server compares the request's
//! URL with the paths it answers.

mod support;

use support::{org, summary};

const NODE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
const PYTHON: &str = "FROM python:3.12\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
const GO: &str = "FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";

/// skywalking-showcase's app: `const GATEWAY = process.env.GATEWAY || 'gateway'` then
/// `` axios.get(`http://${GATEWAY}/songs/top`) ``: the hole is the URL's whole host, and a
/// deployment that sets nothing leaves the default, so the app calls `gateway`. The same with
/// Python's `os.getenv("SONGS", "songs")` in an f-string or a `%` format, and a Go helper's
/// `getEnv("GATEWAY", "gateway")` in `fmt.Sprintf("http://%s/rcmd", ..)`. An env read without a
/// default, a default glued after a name (`http://music-${SUFFIX}/x`) and a default used as a
/// path's first segment (`` `${PREFIX}/top` ``) name no host: the worker calls nobody.
#[test]
fn a_url_host_filled_by_an_env_reads_default_is_called() {
    let compose = concat!(
        "services:\n  app:\n    build: ./app\n  rcmd:\n    build: ./rcmd\n  rating:\n    build: ./rating\n",
        "  worker:\n    build: ./worker\n  gateway:\n    build: ./gateway\n  songs:\n    build: ./songs\n",
    );
    let app = concat!(
        "const axios = require('axios');\n",
        "const GATEWAY = process.env.GATEWAY || 'gateway';\n",
        "app.get('/homepage', async (req, res) => {\n",
        "    const top = await axios.get(`http://${GATEWAY}/songs/top`, { headers });\n",
        "    const rcmd = await axios.get(`http://${GATEWAY}/rcmd`, { headers });\n",
        "    res.json({ top: top.data, rcmd: rcmd.data });\n",
        "});\n",
    );
    let rcmd = concat!(
        "import os\nimport requests\n",
        "SONGS: str = os.getenv(\"SONGS\", \"songs\")\n",
        "def top():\n    return requests.get(f\"http://{SONGS}/songs\").json()\n",
        "def one(id):\n    return requests.get(\"http://%s/songs/%s\" % (SONGS, id)).json()\n",
    );
    let rating = concat!(
        "package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n)\n\n",
        "func getEnv(key, fallback string) string {\n\tif value, ok := os.LookupEnv(key); ok {\n\t\treturn value\n\t}\n\treturn fallback\n}\n\n",
        "func main() {\n\tgateway := getEnv(\"GATEWAY\", \"gateway\")\n\thttp.Get(fmt.Sprintf(\"http://%s/rcmd\", gateway))\n}\n",
    );
    let worker = concat!(
        "const GATEWAY = process.env.GATEWAY;\n",
        "const SUFFIX = process.env.SUFFIX || 'songs';\n",
        "const PREFIX = process.env.PREFIX || 'songs';\n",
        "fetch(`http://${GATEWAY}/rcmd`);\n",
        "fetch(`http://music-${SUFFIX}/x`);\n",
        "fetch(`${PREFIX}/top`);\n",
    );
    let resolved = org(&[(
        "showcase",
        &[
            ("docker-compose.yml", compose),
            ("app/Dockerfile", NODE),
            ("app/index.js", app),
            ("rcmd/Dockerfile", PYTHON),
            ("rcmd/app.py", rcmd),
            ("rating/Dockerfile", GO),
            ("rating/main.go", rating),
            ("worker/Dockerfile", NODE),
            ("worker/index.js", worker),
            ("gateway/Dockerfile", NODE),
            ("gateway/index.js", "console.log('gateway')\n"),
            ("songs/Dockerfile", NODE),
            ("songs/index.js", "console.log('songs')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:app repo="showcase" root="app"
    component:gateway repo="showcase" root="gateway"
    component:rating repo="showcase" root="rating"
    component:rcmd repo="showcase" root="rcmd"
    component:showcase repo="showcase" root=""
    component:songs repo="showcase" root="songs"
    component:worker repo="showcase" root="worker"
    component:app -depends_on-> component:gateway
    component:rating -depends_on-> component:gateway
    component:rcmd -depends_on-> component:songs
    "#);
}

/// The host a URL names rides on the call its path makes (`host: gateway`), with the env var
/// the default stands for on the host's own edge, so that the path can be matched among what
/// that host serves rather than among every service's routes.
#[test]
fn a_call_keeps_the_host_its_url_names() {
    let app = "const GATEWAY = process.env.GATEWAY || 'gateway';\naxios.get(`http://${GATEWAY}/songs/top`);\naxios.get('/rcmd');\n";
    let facts = factory_brain::read_file("app/index.js", app.as_bytes()).expect("reads");
    let mut edges: Vec<String> = facts
        .edges
        .iter()
        .filter(|edge| edge.kind == "calls" || edge.to.starts_with("host:"))
        .map(|edge| format!("{} {} host={:?} env={:?}", edge.kind, edge.to, edge.props.get("host"), edge.props.get("env")))
        .collect();
    edges.sort();
    insta::assert_snapshot!(edges.join("\n"), @r#"
    calls http:ANY /rcmd host=None env=None
    calls http:ANY /songs/top host=Some(String("gateway")) env=None
    depends_on host:gateway host=None env=Some(String("GATEWAY"))
    "#);
}

/// MuShop's assets server: `http.createServer((req, res) => { if (req.url === '/config') ..`
/// answers `/config` itself; it does not call the api's `GET /config`. Nor do a Go handler's
/// `switch r.URL.Path { case "/config": .. }`, a Python handler's `self.path == '/config'`,
/// `request.path.startswith('/config')` or `strings.HasPrefix(r.URL.Path, "/config")`. The
/// storefront's `axios.get('/config')` is still a call to the api.
#[test]
fn a_path_compared_with_the_requests_url_is_no_call() {
    let compose = concat!(
        "services:\n  api:\n    build: ./api\n  assets:\n    build: ./assets\n  edge:\n    build: ./edge\n",
        "  health:\n    build: ./health\n  storefront:\n    build: ./storefront\n",
    );
    let api = "const express = require('express');\nconst app = express();\napp.get('/config', (req, res) => res.json({ cloud: true }));\n";
    let assets = concat!(
        "const http = require('http');\n",
        "http.createServer((req, res) => {\n",
        "  if (req.url === '/health') { // health check\n    res.write('OK');\n    res.end();\n",
        "  } else if (req.url === '/config') { // asset configuration\n    res.write(config.bucketUrl || '');\n    res.end();\n",
        "  } else if ('/config' !== req.originalUrl && req.url.startsWith('/config/')) {\n    res.end();\n",
        "  }\n}).listen(port);\n",
    );
    let edge = concat!(
        "package main\n\nimport (\n\t\"net/http\"\n\t\"strings\"\n)\n\n",
        "func handle(w http.ResponseWriter, r *http.Request) {\n",
        "\tswitch r.URL.Path {\n\tcase \"/config\":\n\t\tw.Write(config)\n\tcase \"/config/v2\", \"/config/v3\":\n\t\tw.Write(config)\n\t}\n",
        "\tif strings.HasPrefix(r.URL.Path, \"/config/\") {\n\t\treturn\n\t}\n}\n",
    );
    let health = concat!(
        "from http.server import BaseHTTPRequestHandler\n",
        "class Handler(BaseHTTPRequestHandler):\n",
        "    def do_GET(self):\n        if self.path == '/config':\n            self.send_response(200)\n",
        "        elif request.path.startswith('/config'):\n            pass\n",
    );
    let storefront = "import axios from 'axios';\nexport const loadConfig = () => axios.get('/config').then(response => response.data);\n";
    let resolved = org(&[(
        "mushop",
        &[
            ("docker-compose.yml", compose),
            ("api/Dockerfile", NODE),
            ("api/index.js", api),
            ("assets/Dockerfile", NODE),
            ("assets/index.js", assets),
            ("edge/Dockerfile", GO),
            ("edge/main.go", edge),
            ("health/Dockerfile", PYTHON),
            ("health/app.py", health),
            ("storefront/Dockerfile", NODE),
            ("storefront/config.js", storefront),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="mushop" root="api"
    component:assets repo="mushop" root="assets"
    component:edge repo="mushop" root="edge"
    component:health repo="mushop" root="health"
    component:storefront repo="mushop" root="storefront"
    component:storefront -depends_on-> component:api
    "#);
}

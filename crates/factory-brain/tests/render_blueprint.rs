//! Render's Blueprint: the services Render deploys and what each is given of another.

mod support;

use support::{org, summary};

/// Uchida16104's Polyglot-Microservices-Stack deploys its Rust backend from
/// `backend/rust-actix` and its FastAPI service from `backend/python-fastapi` with a
/// `render.yaml`, giving the backend `PYTHON_FASTAPI_URL` `fromService: { name:
/// python-fastapi, property: hostport }`: the backend depends on it; `fromDatabase` and a
/// key-value store are resources. A `render.yaml` that is some other tool's settings (no list
/// of typed services) declares nothing.
#[test]
fn a_blueprints_services_and_what_they_are_given() {
    let blueprint = "services:\n  - type: web\n    name: polyglot-backend\n    runtime: rust\n    rootDir: backend/rust-actix\n    envVars:\n      - key: PYTHON_FASTAPI_URL\n        fromService:\n          name: python-fastapi\n          type: web\n          property: hostport\n      - key: DATABASE_URL\n        fromDatabase:\n          name: polyglot-db\n          property: connectionString\n      - key: CACHE_URL\n        fromService:\n          name: cache\n          type: keyvalue\n          property: connectionString\n  - type: web\n    name: python-fastapi\n    runtime: python\n    rootDir: backend/python-fastapi\n  - type: keyvalue\n    name: cache\n    ipAllowList: []\ndatabases:\n  - name: polyglot-db\n";
    let settings = "services:\n  cache:\n    ttl: 60\n";
    let resolved = org(&[(
        "poly",
        &[
            ("render.yaml", blueprint),
            ("backend/rust-actix/Cargo.toml", "[package]\nname = \"polyglot-backend\"\nversion = \"0.1.0\"\n"),
            ("backend/rust-actix/src/main.rs", "fn main() {}\n"),
            ("backend/python-fastapi/requirements.txt", "fastapi\n"),
            ("backend/python-fastapi/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
            ("tools/render.yaml", settings),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:polyglot-backend repo="poly" root="backend/rust-actix"
    component:python-fastapi repo="poly" root="backend/python-fastapi"
    resource:cache repo=- root=-
    resource:polyglot-db repo=- root=-
    component:polyglot-backend -depends_on-> component:python-fastapi
    "#);
}

//! Where a service's code is and what it calls, as the twelfth round of unseen systems showed
//! (issue #3's reports of 2026-12-06, wild-workouts, ThreeDotsLabs' Go DDD example).

mod support;

use support::{org, summary};

/// wild-workouts's dev image: Go with a hot-reload runner and its scripts, no source.
const DEV_IMAGE: &str = "FROM golang:1.14\n\nRUN go get github.com/cespare/reflex\nCOPY reflex.conf /\n\nCOPY start.sh /\n\nENTRYPOINT [\"reflex\", \"-c\", \"/reflex.conf\"]\n";
const WEB_IMAGE: &str = "FROM node:13.11.0-alpine3.11\n\nRUN apk add yarn\nADD start.sh /\nRUN chmod +x /start.sh\n\nCMD [\"/start.sh\"]";
const EMULATOR_IMAGE: &str = "FROM node:16.15.0-alpine3.15\nRUN npm install -g firebase-tools@10.9.2\nCOPY start.sh .\nCOPY firebase.json .\nCOPY .firebaserc .\nENTRYPOINT [\"./start.sh\"]\n";
const GO_MAIN: &str = "package main\n\nfunc main() {}\n";

/// A compose service of the dev image: its code mounted, its working directory picking it.
fn go_service(name: &str, folder: &str, server: &str) -> String {
    format!(
        "  {name}:\n    build:\n      context: docker/app\n    volumes:\n      - ./internal:/internal\n      - ./.go/pkg:/go/pkg\n    working_dir: /internal/{folder}\n    env_file:\n      - .env\n    environment:\n      SERVER_TO_RUN: {server}\n    depends_on:\n      - firestore\n"
    )
}

/// wild-workouts runs its five Go services from one dev image (`build: context: docker/app`, a
/// Dockerfile copying only `reflex.conf` and `start.sh`) with `./internal` bind-mounted, each
/// picking its code by `working_dir: /internal/trainer`; its Vue app likewise (`docker/web`,
/// `./web:/web`, `working_dir: /web`). Each service is rooted at the mounted folder its working
/// directory names, and the dev image is no service of its own (not one named after the repo
/// owning all code); the firestore emulator built beside them (a Node image installing
/// `firebase-tools`, copying its config) is a resource. Not moved: a service whose build context
/// holds the folder it mounts (`./orders/src:/app/src`, `working_dir: /app/src`), whose
/// Dockerfile copies its code and stays a service.
#[test]
fn a_dev_image_runs_the_mounted_code_its_working_directory_picks() {
    let compose = [
        "services:\n  web:\n    build:\n      context: docker/web\n      dockerfile: Dockerfile\n    working_dir: /web\n    volumes:\n      - ./web:/web\n      - /web/node_modules/\n".to_string(),
        go_service("trainer-grpc", "trainer", "grpc"),
        go_service("trainings-http", "trainings", "http"),
        "  firestore:\n    build:\n      context: docker/firestore-emulator\n    env_file:\n      - .env\n".to_string(),
        "  orders:\n    build: ./orders\n    volumes:\n      - ./orders/src:/app/src\n    working_dir: /app/src\n".to_string(),
    ]
    .concat();
    let resolved = org(&[(
        "wild-workouts",
        &[
            ("docker-compose.yml", &compose),
            (".env", "FIRESTORE_EMULATOR_HOST=firestore:8787\nTRAINER_GRPC_ADDR=trainer-grpc:3000\n"),
            ("docker/app/Dockerfile", DEV_IMAGE),
            ("docker/app/reflex.conf", "-r '\\.go$' -s -- sh -c '/start.sh'\n"),
            ("docker/app/start.sh", "#!/bin/bash\ngo run .\n"),
            ("docker/web/Dockerfile", WEB_IMAGE),
            ("docker/web/start.sh", "#!/bin/sh\nyarn serve\n"),
            ("docker/firestore-emulator/Dockerfile", EMULATOR_IMAGE),
            ("docker/firestore-emulator/firebase.json", "{}\n"),
            ("internal/trainer/main.go", GO_MAIN),
            ("internal/trainings/main.go", GO_MAIN),
            ("internal/common/client/grpc.go", "package client\n"),
            ("web/package.json", "{\"name\": \"web\"}\n"),
            ("web/src/main.js", "console.log('web')\n"),
            ("orders/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n"),
            ("orders/src/index.js", "console.log('orders')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="wild-workouts" root="orders"
    component:trainer-grpc repo="wild-workouts" root="internal/trainer"
    component:trainings-http repo="wild-workouts" root="internal/trainings"
    component:web repo="wild-workouts" root="web"
    resource:firestore repo="wild-workouts" root="docker/firestore-emulator"
    component:trainings-http -depends_on-> component:trainer-grpc
    "#);
}

/// wild-workouts: oapi-codegen's chi servers declare `r.Get(options.BaseURL+"/trainer/calendar",
/// wrapper.GetTrainerAvailableHours)`, routes the trainer and the trainings serve whatever the
/// prefix (an admin app's `axios.get('/trainer/calendar')` calls the trainer), not calls they
/// make; and the Vue app's router table (`{ path: '/trainings', component: TrainingsList }`, a
/// `redirect:`) names pages the browser shows: the app calls neither service through it.
#[test]
fn a_prefixed_go_route_is_served_and_a_client_route_table_calls_nothing() {
    let chi = |path: &str, handler: &str| {
        format!("package ports\n\nfunc HandlerWithOptions(si ServerInterface, options ChiServerOptions) http.Handler {{\n\tr := options.BaseRouter\n\tr.Group(func(r chi.Router) {{\n\t\tr.Get(options.BaseURL+\"{path}\", wrapper.{handler})\n\t}})\n\treturn r\n}}\n")
    };
    let routes = "const routes = [\n    {\n        path: '/',\n        redirect: 'login'\n    },\n    {\n        path: '/trainer/calendar',\n        component: Calendar,\n        name: 'calendar',\n    },\n    {\n        path: '/trainings',\n        component: TrainingsList,\n    },\n]\n";
    let admin = "import axios from 'axios'\nexport function load() {\n  return axios.get('/trainer/calendar')\n}\n";
    let compose = "services:\n  trainer:\n    build: ./trainer\n  trainings:\n    build: ./trainings\n  web:\n    build: ./web\n  admin:\n    build: ./admin\n";
    let go = "FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
    let node = "FROM node:20\nCOPY . .\nCMD [\"node\", \"src/main.js\"]\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("trainer/Dockerfile", go),
            ("trainer/ports/openapi_api.gen.go", &chi("/trainer/calendar", "GetTrainerAvailableHours")),
            ("trainer/main.go", GO_MAIN),
            ("trainings/Dockerfile", go),
            ("trainings/ports/openapi_api.gen.go", &chi("/trainings", "GetTrainings")),
            ("trainings/main.go", GO_MAIN),
            ("web/Dockerfile", node),
            ("web/src/main.js", routes),
            ("admin/Dockerfile", node),
            ("admin/src/main.js", admin),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:admin repo="shop" root="admin"
    component:trainer repo="shop" root="trainer"
    component:trainings repo="shop" root="trainings"
    component:web repo="shop" root="web"
    component:admin -depends_on-> component:trainer
    "#);
}

//! Python services: FastAPI's routers, their decorators and their prefixes.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"uvicorn\", \"app.main:app\"]\n";

/// The FastAPI platform on EKS (Event-Driven-FastAPI-Microservices-Platform-on-AWS-EKS): the
/// auth service declares `@router.post("/register", response_model=..)`, which serves and
/// calls no one, though the gateway declares routes of the same paths; the gateway's own
/// `APIRouter(prefix="/api")` serves them under `/api`, and its client's `httpx` request to
/// the auth service's `/register` is the one call.
#[test]
fn fastapi_decorators_serve_under_their_routers_prefix_and_call_no_one() {
    let compose = "services:\n  api-gateway:\n    build: ./api-gateway\n    environment:\n      AUTH_SERVICE_URL: http://auth-service:8000\n  auth-service:\n    build: ./auth-service\n  order-service:\n    build: ./order-service\n";
    let auth = "from fastapi import APIRouter, status\n\nrouter = APIRouter()\n\n\n@router.post(\"/register\", response_model=UserResponse, status_code=status.HTTP_201_CREATED)\ndef register(payload: RegisterRequest) -> User:\n    return create(payload)\n\n\n@router.post(\"/login\")\ndef login(payload: LoginRequest):\n    return token(payload)\n";
    let orders = "from fastapi import APIRouter\n\nrouter = APIRouter(tags=[\"orders\"])\n\n\n@router.post(\"/orders\", status_code=201)\ndef create_order(payload: OrderCreate):\n    return save(payload)\n";
    let gateway = "from fastapi import APIRouter\n\nrouter = APIRouter(\n    prefix=\"/api\",\n    tags=[\"gateway\"],\n)\n\n\n@router.post(\"/register\")\nasync def register(payload: RegisterRequest, auth: AuthServiceClient):\n    return await auth.register(payload)\n\n\n@router.post(\"/orders\")\nasync def create_order(payload: OrderCreateRequest):\n    return {\"queued\": True}\n";
    let client = "import httpx\n\nfrom app.config import settings\n\n\nclass AuthServiceClient:\n    async def register(self, payload):\n        async with httpx.AsyncClient(base_url=settings.auth_service_url) as client:\n            return await client.post(\"/register\", json=payload.model_dump())\n";
    let resolved = org(&[(
        "platform",
        &[
            ("docker-compose.yml", compose),
            ("api-gateway/Dockerfile", DOCKERFILE),
            ("api-gateway/app/routes/gateway.py", gateway),
            ("api-gateway/app/clients/auth_client.py", client),
            ("auth-service/Dockerfile", DOCKERFILE),
            ("auth-service/app/routes.py", auth),
            ("order-service/Dockerfile", DOCKERFILE),
            ("order-service/app/routes.py", orders),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="platform" root="api-gateway"
    component:auth-service repo="platform" root="auth-service"
    component:order-service repo="platform" root="order-service"
    component:api-gateway -depends_on-> component:auth-service
    "#);
}

/// The FastAPI platform on EKS deploys its gateway by Helm alone, and its folder holds no
/// build manifest: only `apps/api-gateway/app/*.py`, one folder down, whose client calls the
/// order service. A folder whose code is two folders down is not taken for the workload's.
#[test]
fn a_workloads_folder_may_hold_its_code_one_folder_down() {
    let deployment = |name: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: acme/{name}:1.0\n");
    let (gateway, orders, reports) = (deployment("api-gateway"), deployment("order-service"), deployment("reports"));
    let client = "import httpx\n\nORDERS = \"http://order-service:8000\"\n\n\nasync def create(payload):\n    async with httpx.AsyncClient() as client:\n        return await client.post(f\"{ORDERS}/orders\", json=payload)\n";
    let reports_code = "import httpx\n\n\ndef totals():\n    return httpx.get(\"http://order-service:8000/orders\").json()\n";
    let resolved = org(&[(
        "platform",
        &[
            ("k8s/api-gateway.yaml", &gateway),
            ("k8s/order-service.yaml", &orders),
            ("k8s/reports.yaml", &reports),
            ("apps/api-gateway/app/clients/order_client.py", client),
            ("apps/api-gateway/app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
            ("apps/order-service/requirements.txt", "fastapi==0.115.0\n"),
            ("apps/order-service/app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
            ("apps/reports/src/jobs/totals.py", reports_code),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="platform" root="apps/api-gateway"
    component:order-service repo="platform" root="apps/order-service"
    component:reports repo=- root=-
    component:api-gateway -depends_on-> component:order-service
    "#);
}

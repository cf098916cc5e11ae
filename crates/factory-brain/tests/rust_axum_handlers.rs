//! An axum service with no contract file whose router names handlers in another module: a
//! shape of the tenth planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test
//! `brain check`, not copies of a public system), org T's scheduling-api, whose `main.rs` routes
//! `POST /v1/appointments` to `routes::create_appointment(Json<CreateAppointment>) ->
//! Json<Appointment>` in `routes.rs`, with serde structs in `model.rs` (`Serialize` for what it
//! answers, `Deserialize` for what it takes, `rename_all = "camelCase"`). patient-app reads a
//! field `Appointment` lacks (T1) and books without the required `clinicId` (T6), through React
//! Query hooks whose `data` holds the answer.

mod support;

use support::{check_repos as check, finding_summary};

const MAIN: &str = "mod model;\nmod routes;\n\nuse axum::{routing::{get, post}, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new()\n        .route(\"/v1/appointments\", post(routes::create_appointment))\n        .route(\"/v1/appointments/:id\", get(routes::get_appointment))\n        .route(\"/healthz\", get(|| async { \"ok\" }));\n    let listener = tokio::net::TcpListener::bind(\"0.0.0.0:8080\").await.unwrap();\n    axum::serve(listener, app).await.unwrap();\n}\n";
const ROUTES: &str = "use axum::{extract::Path, http::StatusCode, Json};\n\nuse crate::model::{Appointment, CreateAppointment};\n\npub async fn create_appointment(Json(req): Json<CreateAppointment>) -> Result<(StatusCode, Json<Appointment>), StatusCode> {\n    Ok((StatusCode::CREATED, Json(Appointment::from(req))))\n}\n\npub async fn get_appointment(Path(id): Path<String>) -> Result<Json<Appointment>, StatusCode> {\n    find(&id).map(Json).ok_or(StatusCode::NOT_FOUND)\n}\n";
const MODEL: &str = "use serde::{Deserialize, Serialize};\n\n#[derive(Debug, Clone, Serialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct Appointment {\n    pub id: String,\n    pub clinic_id: String,\n    pub starts_at: String,\n}\n\n#[derive(Debug, Deserialize)]\n#[serde(rename_all = \"camelCase\", deny_unknown_fields)]\npub struct CreateAppointment {\n    pub clinic_id: String,\n    pub starts_at: String,\n    pub note: Option<String>,\n}\n";

/// patient-app's findings: its card reads `field` of an appointment, its booking sends `body`.
fn findings(field: &str, body: &str) -> Vec<String> {
    let api = format!("const BASE = import.meta.env.VITE_SCHEDULING_URL ?? 'http://scheduling-api:8080';\n\nexport interface Appointment {{\n  id: string;\n  startsAt: string;\n}}\n\nexport async function fetchAppointment(id: string): Promise<Appointment> {{\n  const res = await fetch(`${{BASE}}/v1/appointments/${{id}}`);\n  return (await res.json()) as Appointment;\n}}\n\nexport async function book(startsAt: string): Promise<Appointment> {{\n  const res = await fetch(`${{BASE}}/v1/appointments`, {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: JSON.stringify({{ {body} }}) }});\n  return (await res.json()) as Appointment;\n}}\n");
    let hooks = "import { useQuery } from '@tanstack/react-query';\nimport { fetchAppointment } from '../api/scheduling';\n\nexport function useAppointment(id: string) {\n  return useQuery({ queryKey: ['appointments', id], queryFn: () => fetchAppointment(id) });\n}\n";
    let card = format!("import {{ useAppointment }} from '../hooks/useAppointments';\n\nexport function AppointmentCard({{ id }}: {{ id: string }}) {{\n  const appointment = useAppointment(id);\n  if (appointment.isLoading) return null;\n  return <p>{{appointment.data?.{field}}}</p>;\n}}\n");
    finding_summary(&check(&[
        ("scheduling-api", &[("src/main.rs", MAIN), ("src/routes.rs", ROUTES), ("src/model.rs", MODEL), ("Cargo.toml", "[package]\nname = \"scheduling-api\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.7\"\nserde = \"1\"\n"), ("Dockerfile", "FROM rust:1.80\n")]),
        ("patient-app", &[("src/api/scheduling.ts", api.as_str()), ("src/hooks/useAppointments.ts", hooks), ("src/components/AppointmentCard.tsx", card.as_str()), ("package.json", "{\"name\": \"patient-app\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `clinicAddress` is no field of the `Appointment` the handler in `routes.rs` answers with, and
/// the booking leaves out `clinicId`, which `CreateAppointment` requires.
#[test]
fn an_axum_handlers_types_in_another_module_are_the_routes() {
    assert_eq!(
        findings("clinicAddress", "clinicId: 'c-1', startsAt"),
        ["missing-field clinicAddress api:scheduling-api-routes"],
    );
    assert_eq!(findings("startsAt", "startsAt"), ["missing-required-field clinicId api:scheduling-api-routes"]);
}

/// Near miss: a field the struct has, read through the hook's `data`, and a booking with every
/// required field (an optional one left out).
#[test]
fn fields_the_handlers_types_have_are_no_finding() {
    assert_eq!(findings("startsAt", "clinicId: 'c-1', startsAt"), Vec::<String>::new());
}

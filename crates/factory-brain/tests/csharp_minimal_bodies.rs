//! An ASP.NET minimal API with no contract file, its routes in a group a variable holds and
//! its request bodies records of its own: a shape of the tenth planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system),
//! org V's stations-api, whose `POST /stations/{stationId}/reservations` takes a
//! `ReservationRequest` (web defaults: camelCase) that ops-console posts a `note` to (V1).

mod support;

use support::{check_repos as check, finding_summary};

const PROGRAM: &str = "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddSingleton<StationStore>();\nvar app = builder.Build();\n\nvar stations = app.MapGroup(\"/stations\");\n\nstations.MapPost(\"/{stationId}/reservations\", async (string stationId, ReservationRequest req, StationStore store) =>\n{\n    var reservation = await store.Reserve(stationId, req);\n    return reservation is null ? Results.NotFound() : Results.Created($\"/stations/{stationId}/reservations/{reservation.ReservationId}\", reservation);\n});\n\napp.Run();\n";
const CONTRACTS: &str = "namespace Vireo.Stations.Contracts;\n\npublic sealed record ReservationRequest(int ConnectorId, string DriverId, int DurationMinutes);\n\npublic sealed record Reservation(string ReservationId, int ConnectorId, DateTimeOffset ExpiresAt);\n";

/// ops-console's findings, its body holding `keys` (Python literal entries).
fn findings(keys: &str) -> Vec<String> {
    let client = format!("import os\n\nimport aiohttp\n\nSTATIONS_API_URL = os.environ.get(\"STATIONS_API_URL\", \"http://stations-api:8080\")\n\n\nasync def block(session: aiohttp.ClientSession, station_id: str, connector_id: int) -> dict:\n    body = {{{keys}}}\n    async with session.post(f\"{{STATIONS_API_URL}}/stations/{{station_id}}/reservations\", json=body) as resp:\n        resp.raise_for_status()\n        return await resp.json()\n");
    finding_summary(&check(&[
        ("stations-api", &[("Program.cs", PROGRAM), ("Contracts/Reservation.cs", CONTRACTS), ("StationsApi.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("ops-console", &[("ops_console/clients/stations.py", client.as_str()), ("pyproject.toml", "[project]\nname = \"ops-console\"\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
    ]))
}

/// `note` is no property of `ReservationRequest`.
#[test]
fn a_key_the_handlers_body_record_lacks_is_a_finding() {
    assert_eq!(findings("\"connectorId\": connector_id, \"driverId\": \"tech\", \"durationMinutes\": 30, \"note\": \"maintenance\""), ["unknown-request-field note api:stations-api-routes"]);
}

/// Near miss: the record's properties, as the web defaults name them.
#[test]
fn the_records_properties_are_no_finding() {
    assert_eq!(findings("\"connectorId\": connector_id, \"driverId\": \"tech\", \"durationMinutes\": 30"), Vec::<String>::new());
}

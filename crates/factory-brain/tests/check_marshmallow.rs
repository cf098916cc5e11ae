//! A Flask provider whose contract is its marshmallow schemas, and its clients: shapes of the
//! eleventh planted-mismatch evaluation of 2026-12-08 (orgs built by a helper to test `brain
//! check`, not copies of a public system). Org X's rides-api dumps a `RideSchema` and loads a
//! `StartRideSchema`; payments-service (C#) reads the ride through `using var response = await
//! http.GetAsync(..)` and `ReadFromJsonAsync<RideDto>()`, rider-gateway (TypeScript) posts
//! through its own `this.request('POST', '/rides', { .. })`.

mod support;

use support::{check_repos as check, finding_summary};

const SCHEMAS: &str = r#"from marshmallow import RAISE, Schema, fields

from rides.models import RideStatus


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class GeoPointSchema(StrictSchema):
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)


class StartRideSchema(StrictSchema):
    rider_id = fields.String(required=True)
    start = fields.Nested(GeoPointSchema, required=True)
    payment_method_id = fields.String(required=True)


class RideSchema(Schema):
    ride_id = fields.String(attribute="id")
    status = fields.Enum(RideStatus, by_value=True)
    distance_m = fields.Integer(attribute="distance_meters")
    started = fields.DateTime(data_key="startedAt")


class RideListQuerySchema(StrictSchema):
    limit = fields.Integer(load_default=20)
"#;

const ROUTES: &str = r#"from flask import Blueprint, jsonify, request

from rides.api.schemas import RideListQuerySchema, RideSchema, StartRideSchema

bp = Blueprint("rides", __name__)

ride_schema = RideSchema()
rides_schema = RideSchema(many=True)


@bp.post("/rides")
def start_ride():
    data = StartRideSchema().load(request.get_json(force=True))
    return ride_schema.dump(save(data)), 201


@bp.get("/rides/<ride_id>")
def get_ride(ride_id: str):
    return ride_schema.dump(load(ride_id))


@bp.get("/riders/<rider_id>/rides")
def list_rider_rides(rider_id: str):
    args = RideListQuerySchema().load(request.args)
    return jsonify({"rides": rides_schema.dump(find(rider_id, args["limit"]))})
"#;

const MODELS: &str = "import enum\n\n\nclass RideStatus(enum.Enum):\n    ACTIVE = \"active\"\n    ENDED = \"ended\"\n";

/// The org's findings: payments-service's `RideDto` naming `extra` besides what it always
/// reads, and rider-gateway's start body holding `body_keys`; payments-service's settlement
/// switches on the status its client's `GetRideAsync` returns, with `case_value` among its cases.
fn findings(extra: &str, body_keys: &str) -> Vec<String> {
    findings_with(extra, body_keys, "ended")
}

fn findings_with(extra: &str, body_keys: &str, case_value: &str) -> Vec<String> {
    let dto = format!(
        "using System.Text.Json.Serialization;\n\nnamespace Payments.Clients;\n\npublic sealed record RideDto(\n    [property: JsonPropertyName(\"ride_id\")] string RideId,\n    string Status,\n    [property: JsonPropertyName(\"distance_m\")] int DistanceMeters,\n    [property: JsonPropertyName(\"startedAt\")] DateTimeOffset Started,\n    [property: JsonPropertyName(\"{extra}\")] string? Extra);\n"
    );
    let client = "using System.Net.Http.Json;\n\nnamespace Payments.Clients;\n\npublic sealed class RidesApiClient(HttpClient http)\n{\n    public async Task<RideDto?> GetRideAsync(string rideId, CancellationToken ct)\n    {\n        using var response = await http.GetAsync($\"rides/{rideId}\", ct);\n        response.EnsureSuccessStatusCode();\n        return await response.Content.ReadFromJsonAsync<RideDto>(cancellationToken: ct);\n    }\n}\n";
    let settlement = format!("namespace Payments.Settlement;\n\npublic sealed class SettlementService(RidesApiClient rides)\n{{\n    public async Task<long> SettleAsync(string rideId, CancellationToken ct)\n    {{\n        var ride = await rides.GetRideAsync(rideId, ct) ?? throw new KeyNotFoundException(rideId);\n        switch (ride.Status)\n        {{\n            case \"active\":\n                return 0;\n            case \"{case_value}\":\n                return ride.DistanceMeters;\n            default:\n                return -1;\n        }}\n    }}\n}}\n");
    let program = "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddHttpClient<RidesApiClient>(c => c.BaseAddress = new Uri(\"http://rides-api:8000/\"));\n";
    let gateway = format!(
        "const BASE = process.env.RIDES_API_URL ?? 'http://rides-api:8000';\n\nexport class RidesClient {{\n  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {{\n    const res = await fetch(`${{BASE}}${{path}}`, {{ method, body: JSON.stringify(body) }});\n    return (await res.json()) as T;\n  }}\n\n  startRide(riderId: string, lat: number, lng: number, paymentMethodId: string) {{\n    return this.request('POST', '/rides', {{\n      {body_keys}\n    }});\n  }}\n\n  async history(riderId: string) {{\n    const res = await this.request<{{ rides: unknown[] }}>('GET', `/riders/${{riderId}}/rides`);\n    return res.rides;\n  }}\n}}\n"
    );
    finding_summary(&check(&[
        ("rides-api", &[("rides/api/schemas.py", SCHEMAS), ("rides/api/routes.py", ROUTES), ("rides/models.py", MODELS), ("pyproject.toml", "[project]\nname = \"rides-api\"\ndependencies = [\"flask\", \"marshmallow\"]\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
        ("payments-service", &[("Clients/RideDto.cs", dto.as_str()), ("Clients/RidesApiClient.cs", client), ("Settlement/SettlementService.cs", settlement.as_str()), ("Program.cs", program), ("Payments.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("rider-gateway", &[("src/rides/RidesClient.ts", gateway.as_str()), ("package.json", "{\"name\": \"rider-gateway\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `promo_code` is no field of `RideSchema`; the start body leaves out `payment_method_id`.
#[test]
fn a_field_a_marshmallow_schema_lacks_and_a_required_field_left_out_are_findings() {
    let mut found = findings("promo_code", "rider_id: riderId,\n      start: { lat, lng },");
    found.sort();
    assert_eq!(found, ["missing-field promo_code api:rides-api-routes", "missing-required-field payment_method_id api:rides-api-routes"]);
}

/// Near misses: a field named by the schema's `data_key` (`startedAt`) and a status it dumps
/// are read as such, `rides` of a literal body is offered, and a query's schema is no body.
#[test]
fn a_schemas_own_fields_and_a_literal_bodys_key_are_no_finding() {
    assert_eq!(findings("status", "rider_id: riderId,\n      start: { lat, lng },\n      payment_method_id: paymentMethodId,"), Vec::<String>::new());
}

/// What a wrapper of another file returns (`GetRideAsync`, its response decoded into a
/// `RideDto`) is that response: a status compared there is checked against the schema's enum;
/// a property its record renames (`DistanceMeters`) is read as the record names it.
#[test]
fn a_value_compared_on_what_a_wrapper_returns_is_checked_against_the_schemas_enum() {
    assert_eq!(findings_with("status", "rider_id: riderId,\n      start: { lat, lng },\n      payment_method_id: paymentMethodId,", "force_ended"), ["enum-value-missing force_ended api:rides-api-routes"]);
}

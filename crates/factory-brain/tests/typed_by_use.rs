//! A read field used at once as a string (`.split(",")`, `.lower()`) or a number
//! (`.toFixed(2)`) must be one: a shape of the tenth planted-mismatch evaluation of 2026-12-07
//! (orgs built by a helper to test `brain check`, not copies of a public system), org V's
//! ops-console, which splits stations-api's `location`, an object, as `"lat,lon"` (V8).

mod support;

use support::{check_repos as check, finding_summary};

/// ops-console's findings against a `Station` whose `location` is `location_type`.
fn findings(location_type: &str) -> Vec<String> {
    let spec = support::get_operation("Stations", "/stations/{stationId}", "Station", &[("id", "string"), ("location", location_type)]);
    let client = "import os\n\nimport requests\n\nSTATIONS_API_URL = os.environ.get(\"STATIONS_API_URL\", \"http://stations-api:8080\")\n\n\ndef position(station_id: str) -> tuple[float, float]:\n    station = requests.get(f\"{STATIONS_API_URL}/stations/{station_id}\").json()\n    lat, lon = (float(x) for x in station[\"location\"].split(\",\"))\n    return lat, lon\n";
    finding_summary(&check(&[
        ("stations-api", &[("openapi.yaml", spec.as_str()), ("Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n"), ("StationsApi.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("ops-console", &[("ops_console/map_view.py", client), ("requirements.txt", "requests\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
    ]))
}

/// `location` is an object; `.split` needs a string.
#[test]
fn a_field_split_as_a_string_that_is_an_object_is_a_type_mismatch() {
    assert_eq!(findings("object"), ["type-mismatch location api:stations"]);
}

/// Near miss: a string field split as one.
#[test]
fn a_string_field_split_is_no_finding() {
    assert_eq!(findings("string"), Vec::<String>::new());
}

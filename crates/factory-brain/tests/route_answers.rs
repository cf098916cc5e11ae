//! What a provider whose routes are read from its code answers with, as `brain check` holds
//! consumers' reads against it: its handlers' literal bodies, the types their signatures or
//! answers name, and the resource a path names when the handler's answer has no type the file
//! tells; and what a consumer's zod schema expects of a response.

mod support;

use factory_brain::check::Finding;

fn check(repos: &[(&str, &[(&str, &str)])]) -> Vec<Finding> {
    support::check_repos(repos)
}

fn summary(findings: &[Finding]) -> Vec<String> {
    support::finding_summary(findings)
}

const GIN_GO_MOD: &str = "module example.com/pricing\n\nrequire github.com/gin-gonic/gin v1.10.0\n";

/// The tagged struct a Gin pricing service answers quotes with.
const QUOTE_STRUCT: &str = "package api\n\ntype Quote struct {\n\tQuoteID   string  `json:\"quote_id\"`\n\tFareCents int64   `json:\"fare_cents\"`\n\tSurge     float64 `json:\"surge\"`\n}\n\n";

/// The planted-mismatch evaluation (org 11): a provider with no contract, whose routes are read
/// from its code. A read of a route's response is checked against the literal body its handler
/// answers with, and a call under a resource the routes serve but to a path none of them is
/// warned about; a provider mounting its routes under a prefix declared elsewhere is not.
#[test]
fn a_routes_only_provider_answers_with_its_handlers_literal_bodies() {
    let shipments = "from flask import Flask, abort, jsonify\n\napp = Flask(__name__)\n\n\
        @app.get(\"/shipments/<shipment_id>\")\n\
        def get_shipment(shipment_id):\n\
        \x20   s = db.get(shipment_id)\n\
        \x20   if s is None:\n\
        \x20       return jsonify({\"error\": \"not found\"}), 404\n\
        \x20   return jsonify({\"id\": s.id, \"carrier\": s.carrier, \"status\": s.status})\n";
    let dashboard = "const SHIPMENTS = \"http://shipments:5000\";\n\
        export async function row(id) {\n\
        \x20 const res = await fetch(`${SHIPMENTS}/shipments/${id}`);\n\
        \x20 const s = await res.json();\n\
        \x20 return [s.id, s.carrier, s.trackingNumber].join();\n\
        }\n\
        export const events = (id) => fetch(`${SHIPMENTS}/shipments/${id}/events`);\n";
    let prefixed = "const express = require('express');\nconst router = express.Router();\n\
        router.get('/orders/:id', (req, res) => res.json({ id: req.params.id }));\n\
        app.use('/api', router);\n";
    let shop = "export const items = (id) => fetch(`http://orders:3000/api/orders/${id}/items`);\n";
    let findings = check(&[
        ("shipments", &[("shipments/app.py", shipments), ("Dockerfile", "FROM python:3.12\n")]),
        ("dashboard", &[("src/shipments.js", dashboard)]),
        ("orders", &[("server.js", prefixed), ("Dockerfile", "FROM node:20\n")]),
        ("shop", &[("src/orders.js", shop)]),
    ]);
    assert_eq!(summary(&findings), ["missing-field trackingNumber api:shipments-routes", "consumed-operation-missing /shipments/{}/events api:shipments-routes"]);
    assert!(findings[0].message.contains("of the response of GET /shipments/{shipment_id}"), "{}", findings[0].message);
    assert!(findings[1].message.contains("/shipments/{}/events"), "{}", findings[1].message);
}

/// The held-out planted-mismatch evaluation of issue #3 (org 02): a Spring provider without a
/// contract answers with the record its handler's signature names; a consumer's TypedDict
/// spelling one of its fields in another convention was not reported.
#[test]
fn a_code_only_providers_declared_answer_type_is_its_responses_schema() {
    let findings = check(&[
        (
            "appointments",
            &[
                (
                    "src/main/java/org/clinic/AppointmentController.java",
                    "package org.clinic;\n\
                     @RestController\n\
                     @RequestMapping(\"/api/appointments\")\n\
                     public class AppointmentController {\n\
                     \x20   @GetMapping\n\
                     \x20   public List<AppointmentDto> list(@RequestParam String date) {\n\
                     \x20       return service.forDay(date);\n\
                     \x20   }\n\
                     }\n",
                ),
                ("src/main/java/org/clinic/AppointmentDto.java", "package org.clinic;\npublic record AppointmentDto(String id, Instant startTime, String status) {}\n"),
                ("pom.xml", "<project><artifactId>appointments</artifactId></project>\n"),
            ],
        ),
        (
            "reminders",
            &[(
                "client.py",
                "import os\n\
                 from typing import List, TypedDict\n\
                 import requests\n\
                 class Appointment(TypedDict):\n\
                 \x20   id: str\n\
                 \x20   start_time: str\n\
                 def appointments_for(day) -> List[Appointment]:\n\
                 \x20   return requests.get(\"http://appointments:8080/api/appointments\", params={\"date\": day}).json()\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["naming-mismatch start_time api:appointments-routes"]);
    assert!(findings[0].message.contains("startTime"), "{}", findings[0].message);
}

/// The held-out planted-mismatch evaluation of issue #3 (org 13): an Express router mounted
/// under a prefix in another file (`app.use("/v1/garages", garages)`) answering with a list of
/// mapped literals, called by Kotlin with a `"$baseUrl/..."` template.
#[test]
fn a_mounted_express_routers_routes_take_the_prefix_and_its_mapped_literal_answers() {
    let findings = check(&[
        (
            "garages-api",
            &[
                ("package.json", "{\"name\": \"garages-api\", \"dependencies\": {\"express\": \"^4\"}}\n"),
                ("app.js", "const express = require(\"express\");\nconst garages = require(\"./routes/garages\");\nconst app = express();\napp.use(\"/v1/garages\", garages);\napp.listen(4000);\n"),
                (
                    "routes/garages.js",
                    "const router = require(\"express\").Router();\n\
                     router.get(\"/:garageId/spots\", async (req, res) => {\n\
                     \x20 res.json(rows.map((r) => ({ spot_id: r.id, ev_charger: Boolean(r.has_charger) })));\n\
                     });\n\
                     module.exports = router;\n",
                ),
            ],
        ),
        (
            "enforcement",
            &[
                ("src/main/resources/application.properties", "garages.base-url=${GARAGES_API_URL:http://garages-api:4000}\n"),
                (
                    "src/main/kotlin/GaragesClient.kt",
                    "package city\n\
                     data class Spot(\n\
                     \x20   @JsonProperty(\"spot_id\") val id: String,\n\
                     \x20   val evCharger: Boolean,\n\
                     )\n\
                     class GaragesClient(private val baseUrl: String) {\n\
                     \x20   fun spots(id: String): List<Spot> = rest.getForObject<Array<Spot>>(\"$baseUrl/v1/garages/{garageId}/spots\", id).toList()\n\
                     \x20   fun reservations(id: String): List<Spot> = rest.getForObject<Array<Spot>>(\"$baseUrl/v1/garages/{garageId}/reservations\", id).toList()\n\
                     }\n",
                ),
            ],
        ),
    ]);
    let summary = summary(&findings);
    assert!(summary.contains(&"naming-mismatch evCharger api:garages-api-routes".to_string()), "{summary:?}");
    let missing = findings.iter().find(|finding| finding.rule == "consumed-operation-missing").expect("the unserved call is reported");
    assert!(missing.message.contains("/v1/garages/{}/reservations") && missing.message.contains("GET /v1/garages/{garageId}/spots"), "{}", missing.message);
}

/// The held-out planted-mismatch evaluation of issue #3 (org 05): a Gin provider without a
/// contract answers with a variable of a tagged struct; a consumer's model expecting another
/// type for one of its fields was not reported.
#[test]
fn a_gin_handlers_answer_is_the_tagged_struct_its_variable_holds() {
    let findings = check(&[
        (
            "pricing",
            &[
                ("go.mod", GIN_GO_MOD),
                (
                    "api/quotes.go",
                    &[
                        QUOTE_STRUCT,
                        "\
                     func Register(r *gin.Engine, h *Handler) {\n\
                     \tr.GET(\"/v2/quotes/:id\", h.getQuote)\n\
                     }\n\n\
                     func (h *Handler) getQuote(c *gin.Context) {\n\
                     \tvar q Quote\n\
                     \tif err := h.db.First(&q, c.Param(\"id\")).Error; err != nil {\n\
                     \t\tc.JSON(http.StatusNotFound, gin.H{\"error\": \"expired\"})\n\
                     \t\treturn\n\
                     \t}\n\
                     \tc.JSON(http.StatusOK, q)\n\
                     }\n"
                    ]
                    .concat(),
                ),
            ],
        ),
        (
            "rider-bff",
            &[(
                "bff/pricing.py",
                "import requests\n\
                 from pydantic import BaseModel\n\
                 class Quote(BaseModel):\n\
                 \x20   quote_id: str\n\
                 \x20   fare_cents: str\n\
                 def quote(i):\n\
                 \x20   return Quote(**requests.get(f\"http://pricing:8080/v2/quotes/{i}\").json())\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["type-mismatch fare_cents api:pricing-routes"]);
}

/// The held-out planted-mismatch evaluation of issue #3 (org 07) had a provider in ASP.NET
/// without a contract: a controller's declared result type answers with the fields .NET
/// serializes (camelCase by default), and a consumer's read of a field it lacks is reported.
/// Such C# types are never a consumer's reads: the provider's own types are not checked.
#[test]
fn an_aspnet_controllers_result_type_answers_with_its_camel_cased_properties() {
    let findings = check(&[
        (
            "seating-api",
            &[
                ("SeatingApi/SeatingApi.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
                ("SeatingApi/Models.cs", "namespace SeatingApi;\n\npublic record SeatDto(string SeatId, string Section, int Number, string PriceTier);\n\npublic class Hold\n{\n    public string HoldId { get; set; }\n}\n"),
                (
                    "SeatingApi/SeatsController.cs",
                    "namespace SeatingApi;\n\n\
                     [ApiController]\n\
                     [Route(\"events\")]\n\
                     public class SeatsController : ControllerBase\n\
                     {\n\
                     \x20   [HttpGet(\"{eventId}/seats\")]\n\
                     \x20   public ActionResult<IEnumerable<SeatDto>> Seats(string eventId) => Ok(store.ForEvent(eventId));\n\
                     }\n",
                ),
            ],
        ),
        (
            "box-office",
            &[(
                "box_office/seating.py",
                "import requests\n\
                 from typing import TypedDict\n\
                 class Seat(TypedDict):\n\
                 \x20   seatId: str\n\
                 \x20   wheelchairAccessible: bool\n\
                 def seats(event) -> list[Seat]:\n\
                 \x20   return requests.get(f\"http://seating-api:8080/events/{event}/seats\").json()\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field wheelchairAccessible api:seating-api-routes"]);
}

/// The held-out planted-mismatch evaluation of issue #3 (org 07 again): an ASP.NET minimal
/// API whose handler answers with what another file's method returns
/// (`Results.Ok(store.ForEvent(id))`) answers, most likely, with the resource its path names;
/// the component declares a `Seat`, so a consumer's read of a field `Seat` lacks is
/// reported. A handler whose answer names its type (`is Seat seat`) answers with that type;
/// a path naming no declared type (`/counters`: there is a `Stats`, no `Counter`) is left
/// unknown, and nothing read of it is reported.
#[test]
fn a_handlers_untyped_answer_is_the_resource_its_path_names() {
    let findings = check(&[
        (
            "seating-api",
            &[
                ("SeatingApi/SeatingApi.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
                ("SeatingApi/Models.cs", "namespace SeatingApi;\n\npublic record Seat(string SeatId, string Section, int Number);\n\npublic record Stats(int Sold);\n"),
                (
                    "SeatingApi/Program.cs",
                    "var app = WebApplication.CreateBuilder(args).Build();\n\
                     app.MapGet(\"/events/{eventId}/seats\", (string eventId, SeatStore store) =>\n\
                     \x20   Results.Ok(store.ForEvent(eventId)));\n\
                     app.MapGet(\"/seats/{seatId}\", (string seatId, SeatStore store) =>\n\
                     \x20   store.Find(seatId) is Seat seat ? Results.Ok(seat) : Results.NotFound());\n\
                     app.MapGet(\"/counters\", (SeatStore store) => Results.Ok(store.Counters()));\n\
                     app.Run();\n",
                ),
            ],
        ),
        (
            "box-office",
            &[(
                "box_office/seating.py",
                "import requests\n\
                 def seats(event):\n\
                 \x20   return [s[\"wheelchairAccessible\"] for s in requests.get(f\"http://seating-api:8080/events/{event}/seats\").json()]\n\
                 def seat(i):\n\
                 \x20   seat = requests.get(f\"http://seating-api:8080/seats/{i}\").json()\n\
                 \x20   return seat[\"priceTier\"]\n\
                 def counters():\n\
                 \x20   return requests.get(\"http://seating-api:8080/counters\").json()[\"sold_out\"]\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field priceTier api:seating-api-routes", "missing-field wheelchairAccessible api:seating-api-routes"]);
    // Another handler declares it answers with a `Seat`: no guess, and no finding says so.
    assert!(findings.iter().all(|finding| !finding.message.contains("its path names")), "{findings:?}");
}

/// The held-out planted-mismatch evaluation of issue #3 (org 05): a TypeScript consumer
/// checks a provider's answer with a zod schema; the types it declares are what it expects,
/// and `z.infer<..>` is no read. The gin handler answers with what a method of a type the
/// repo does not hold returns, so its answer is the `Quote` its path names.
#[test]
fn a_zod_schema_is_what_a_consumer_expects_of_the_response() {
    let findings = check(&[
        (
            "pricing",
            &[
                ("go.mod", GIN_GO_MOD),
                (
                    "api/quotes.go",
                    &[
                        QUOTE_STRUCT,
                        "\
                     func Register(r *gin.Engine, h *Handler) {\n\
                     \tr.POST(\"/v2/quotes\", h.createQuote)\n\
                     }\n\n\
                     func (h *Handler) createQuote(c *gin.Context) {\n\
                     \tq := h.engine.Price(c.Param(\"product\"))\n\
                     \tc.JSON(http.StatusCreated, q)\n\
                     }\n"
                    ]
                    .concat(),
                ),
            ],
        ),
        (
            "rider-bff",
            &[(
                "src/pricing.ts",
                "import { z } from \"zod\";\n\n\
                 export const QuoteSchema = z.object({\n\
                 \x20 quote_id: z.string(),\n\
                 \x20 fare_cents: z.string(),\n\
                 \x20 surge: z.number(),\n\
                 });\n\
                 export type Quote = z.infer<typeof QuoteSchema>;\n\n\
                 export async function requestQuote(product: string): Promise<Quote> {\n\
                 \x20 const res = await fetch(\"http://pricing:8080/v2/quotes\", { method: \"POST\", body: JSON.stringify({ product }) });\n\
                 \x20 return QuoteSchema.parse(await res.json());\n\
                 }\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["type-mismatch fare_cents api:pricing-routes"]);
    // The `Quote` is only taken for the answer: the finding says so.
    assert!(findings[0].message.ends_with("its answer is taken for the type its path names)"), "{}", findings[0].message);
}

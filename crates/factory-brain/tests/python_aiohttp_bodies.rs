//! A Python consumer on aiohttp: `async with session.get(url) as resp:` names the response
//! object, `body = await resp.json()` takes its body out, and `for q in body["questions"]`
//! reads each item of a list the body holds. Shapes of the tenth planted-mismatch evaluation
//! of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system),
//! org U's grader, which calls course-catalog's `/api/lessons/{id}/answer-key`, an operation the
//! catalog's contract lacks (U5; it has lessons only below a course).

mod support;

use support::{check_repos as check, finding_summary};

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Course catalog, version: 1.0.0}\npaths:\n  /api/courses/{slug}/lessons:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/LessonList'}\ncomponents:\n  schemas:\n    LessonList:\n      type: object\n      properties:\n        data:\n          type: array\n          items: {$ref: '#/components/schemas/Lesson'}\n    Lesson:\n      type: object\n      properties:\n        id: {type: string}\n        title: {type: string}\n";

/// grader's findings: it GETs `path` and reads `field` of each item of the body's `list`.
fn findings(path: &str, list: &str, field: &str) -> Vec<String> {
    let client = format!("import os\n\nimport aiohttp\n\nCATALOG_URL = os.environ.get(\"CATALOG_URL\", \"http://course-catalog:4000\")\n\n\nclass CatalogClient:\n    def __init__(self, session: aiohttp.ClientSession) -> None:\n        self._session = session\n        self._base = CATALOG_URL.rstrip(\"/\")\n\n    async def items(self, key: str) -> list[str]:\n        async with self._session.get(f\"{{self._base}}{path}\") as resp:\n            resp.raise_for_status()\n            body = await resp.json()\n        return [row[\"{field}\"] for row in body[\"{list}\"]]\n");
    finding_summary(&check(&[
        ("course-catalog", &[("priv/openapi.yaml", SPEC), ("mix.exs", "defmodule Catalog.MixProject do\nend\n"), ("Dockerfile", "FROM elixir:1.16\n")]),
        ("grader", &[("grader/catalog_client.py", client.as_str()), ("requirements.txt", "aiohttp==3.9.5\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
    ]))
}

/// No operation answers `/api/lessons/{}/answer-key`; its reads are named in that finding.
#[test]
fn a_call_no_operation_answers_names_the_reads_of_its_body() {
    assert_eq!(findings("/api/lessons/{key}/answer-key", "questions", "answer"), ["consumed-operation-missing /api/lessons/{}/answer-key api:course-catalog"]);
}

/// An item of the body's list is read as the schema's item: a field it lacks is named.
#[test]
fn an_item_of_a_subscripted_list_is_read_as_the_schemas_item() {
    assert_eq!(findings("/api/courses/{key}/lessons", "data", "kind"), ["missing-field kind api:course-catalog"]);
}

/// Near miss: a field the items have.
#[test]
fn a_field_the_items_have_is_no_finding() {
    assert_eq!(findings("/api/courses/{key}/lessons", "data", "title"), Vec::<String>::new());
}

/// Near miss: a call whose resource no operation of the contract names anywhere (the contract
/// may leave out endpoints nobody wrote down) is no finding.
#[test]
fn a_call_for_a_resource_the_contract_never_names_is_no_finding() {
    assert_eq!(findings("/api/badges/{key}", "items", "title"), Vec::<String>::new());
}

//! A Go service answering through a JSON helper of its own, `writeJSON(w, http.StatusOK, acct)`
//! after `acct, err := h.store.Account(..)`: a shape of the ninth planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system), org
//! S's accounts-api (chi, no contract file), whose `GET /accounts/{accountID}` answers with its
//! `Account` struct, read by billing-portal as `displayName` where the struct's tag says
//! `display_name`.

mod support;

use support::{check_repos as check, finding_summary};

const HANDLERS: &str = "package accounts\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\nfunc (h *Handler) Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Get(\"/accounts/{accountID}\", h.getAccount)\n\treturn r\n}\n\nfunc (h *Handler) getAccount(w http.ResponseWriter, r *http.Request) {\n\tacct, err := h.store.Account(r.Context(), chi.URLParam(r, \"accountID\"))\n\tif err != nil {\n\t\twriteJSON(w, http.StatusNotFound, apiError{Code: \"not_found\"})\n\t\treturn\n\t}\n\twriteJSON(w, http.StatusOK, acct)\n}\n\nfunc writeJSON(w http.ResponseWriter, status int, v any) {\n\tw.Header().Set(\"Content-Type\", \"application/json\")\n\tw.WriteHeader(status)\n\t_ = json.NewEncoder(w).Encode(v)\n}\n";
const MODEL: &str = "package accounts\n\ntype Account struct {\n\tID          string `json:\"id\"`\n\tDisplayName string `json:\"display_name\"`\n\tStatus      string `json:\"status\"`\n}\n\ntype apiError struct {\n\tCode string `json:\"code\"`\n}\n";
const PORTAL: &str = "const ACCOUNTS_URL = import.meta.env.VITE_ACCOUNTS_URL ?? 'http://accounts-api:8080';\n\nexport interface Account {\n  id: string;\n  NAME: string;\n  status: string;\n}\n\nexport async function getAccount(id: string): Promise<Account> {\n  const res = await fetch(`${ACCOUNTS_URL}/accounts/${id}`);\n  return (await res.json()) as Account;\n}\n";

fn findings(name: &str) -> Vec<String> {
    let portal = PORTAL.replace("NAME", name);
    finding_summary(&check(&[
        ("accounts-api", &[("internal/accounts/handlers.go", HANDLERS), ("internal/accounts/model.go", MODEL), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("billing-portal", &[("src/lib/api/accounts.ts", portal.as_str()), ("package.json", "{\"name\": \"billing-portal\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// The route answers with `Account`, whose tag names `display_name`.
#[test]
fn a_go_routes_answer_through_its_json_helper_is_checked() {
    assert_eq!(findings("displayName"), ["naming-mismatch displayName api:accounts-api-routes"]);
}

/// Near miss: the wire's name.
#[test]
fn the_wires_name_is_no_finding() {
    assert_eq!(findings("display_name"), Vec::<String>::new());
}

/// A list answered as an unexported struct of the file's (`paymentMethodList{Data: methods}`):
/// its `data` is offered, and a field it lacks is not.
#[test]
fn an_unexported_structs_answer_is_checked() {
    let handlers = HANDLERS
        .replace("\treturn r\n}", "\tr.Get(\"/accounts/{accountID}/payment-methods\", h.listPaymentMethods)\n\treturn r\n}\n\nfunc (h *Handler) listPaymentMethods(w http.ResponseWriter, r *http.Request) {\n\tmethods, _ := h.store.PaymentMethods(r.Context(), chi.URLParam(r, \"accountID\"))\n\twriteJSON(w, http.StatusOK, paymentMethodList{Data: methods})\n}");
    let model = format!("{MODEL}\ntype paymentMethodList struct {{\n\tData []string `json:\"data\"`\n}}\n");
    let portal = |field: &str| {
        format!("{}\nexport async function methods(id: string): Promise<string[]> {{\n  const res = await fetch(`${{ACCOUNTS_URL}}/accounts/${{id}}/payment-methods`);\n  const body = await res.json();\n  return body.{field};\n}}\n", PORTAL.replace("NAME", "display_name"))
    };
    let run = |field: &str| {
        let portal = portal(field);
        finding_summary(&check(&[
            ("accounts-api", &[("internal/accounts/handlers.go", handlers.as_str()), ("internal/accounts/model.go", model.as_str()), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
            ("billing-portal", &[("src/lib/api/accounts.ts", portal.as_str()), ("package.json", "{\"name\": \"billing-portal\"}\n"), ("Dockerfile", "FROM node:20\n")]),
        ]))
    };
    assert_eq!(run("data"), Vec::<String>::new());
    assert_eq!(run("items"), ["missing-field items api:accounts-api-routes"]);
}

/// A body decoded into a struct (`var req AddPaymentMethodRequest`, `dec.Decode(&req)`) is the
/// operation's request: a key the struct lacks is reported (org S's S1), the struct's own keys
/// are not.
#[test]
fn a_go_handlers_decoded_request_struct_is_checked() {
    let handlers = HANDLERS.replace(
        "\treturn r\n}",
        "\tr.Post(\"/accounts/{accountID}/payment-methods\", h.addPaymentMethod)\n\treturn r\n}\n\nfunc (h *Handler) addPaymentMethod(w http.ResponseWriter, r *http.Request) {\n\tvar req AddPaymentMethodRequest\n\tdec := json.NewDecoder(r.Body)\n\tdec.DisallowUnknownFields()\n\tif err := dec.Decode(&req); err != nil {\n\t\twriteJSON(w, http.StatusBadRequest, apiError{Code: \"invalid_body\"})\n\t\treturn\n\t}\n\tpm, _ := h.store.AddPaymentMethod(r.Context(), req)\n\twriteJSON(w, http.StatusCreated, pm)\n}",
    );
    let model = format!("{MODEL}\ntype AddPaymentMethodRequest struct {{\n\tType        string `json:\"type\"`\n\tToken       string `json:\"token\"`\n\tMakeDefault bool   `json:\"make_default\"`\n}}\n");
    let pact = "{\"consumer\": {\"name\": \"billing-portal\"}, \"provider\": {\"name\": \"accounts-api\"}, \"interactions\": [{\"description\": \"a card\", \"request\": {\"method\": \"POST\", \"path\": \"/accounts/a1/payment-methods\", \"body\": {\"type\": \"card\", \"token\": \"t\", \"nickname\": \"main\"}}, \"response\": {\"status\": 201}}], \"metadata\": {\"pactSpecification\": {\"version\": \"2.0.0\"}}}\n";
    let run_with = |extra: &str, pacts: bool| {
        let portal = format!(
            "{}\nexport async function addCard(id: string, token: string) {{\n  return postJson(`${{ACCOUNTS_URL}}/accounts/${{id}}/payment-methods`, {{\n    type: 'card',\n    token,\n    {extra}\n  }});\n}}\n\nasync function postJson(url: string, body: unknown) {{\n  return (await fetch(url, {{ method: 'POST', body: JSON.stringify(body) }})).json();\n}}\n",
            PORTAL.replace("NAME", "display_name")
        );
        let mut portal_files = vec![("src/lib/api/accounts.ts", portal.as_str()), ("package.json", "{\"name\": \"billing-portal\"}\n"), ("Dockerfile", "FROM node:20\n")];
        if pacts {
            portal_files.push(("pacts/billing-portal-accounts-api.json", pact));
        }
        check(&[
            ("accounts-api", &[("internal/accounts/handlers.go", handlers.as_str()), ("internal/accounts/model.go", model.as_str()), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
            ("billing-portal", &portal_files),
        ])
    };
    let run = |extra: &str| finding_summary(&run_with(extra, false));
    assert_eq!(run("nickname: 'main',"), ["unknown-request-field nickname api:accounts-api-routes"]);
    assert_eq!(run("make_default: true,"), Vec::<String>::new());
    // The pact sends it too: one finding, at both places.
    let both = run_with("nickname: 'main',", true);
    assert_eq!(finding_summary(&both), ["unknown-request-field nickname api:accounts-api-routes"]);
    assert_eq!(both[0].locations.len(), 2, "{:?}", both[0].locations);
}

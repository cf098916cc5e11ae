//! HTTP calls told apart by where they are written: a URL in a block comment or in a field no
//! code reads calls nothing, a path two services answer goes to the caller's own sub-system's,
//! and a concatenation written over several lines is one path (tiagoSapo's
//! Publicitaki-Store-Bank, three sub-systems each with its own docker-compose file).

mod support;

use support::{org, summary};

const DOTNET: &str = "FROM mcr.microsoft.com/dotnet/aspnet:7.0\nCOPY . /app\n";
const JAVA: &str = "FROM eclipse-temurin:17\nCOPY target/app.jar /app.jar\n";
const NODE: &str = "FROM node:18-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"npm\", \"start\"]\n";
const PYTHON: &str = "FROM python:3.11\nCOPY . /app\n";

/// The bank's compose file: the front end waits for both back ends.
const BANK_COMPOSE: &str = "services:\n  bank-notifications:\n    build: ./bank_notifications\n    ports:\n      - 6002:8080\n  bank-clients:\n    build: ./bank_clients\n    depends_on:\n      - bank-notifications\n    ports:\n      - 6001:8080\n  bank-frontend:\n    depends_on:\n      - bank-notifications\n      - bank-clients\n    build: ./bank_frontend\n    ports:\n      - 6003:80\n";
const BANK_CLIENTS: &str = "package com.bank.clients.controllers;\n\n@RestController\npublic class AccountController {\n    @GetMapping(\"/accounts\")\n    public List<Account> list() { return service.all(); }\n}\n";
const BANK_NOTIFICATIONS: &str = "package com.bank.notifications.controllers;\n\n@RestController\npublic class NotificationController {\n    @GetMapping(\"/notifications\")\n    public List<Notification> list() { return service.all(); }\n}\n";

fn bank(rest_utils: &str) -> String {
    let resolved = org(&[(
        "bank",
        &[
            ("docker-compose.yml", BANK_COMPOSE),
            ("bank_clients/Dockerfile", JAVA),
            ("bank_clients/src/main/java/com/bank/clients/controllers/AccountController.java", BANK_CLIENTS),
            ("bank_notifications/Dockerfile", JAVA),
            ("bank_notifications/src/main/java/com/bank/notifications/controllers/NotificationController.java", BANK_NOTIFICATIONS),
            ("bank_frontend/Dockerfile", DOTNET),
            ("bank_frontend/Utils/RestUtils.cs", rest_utils),
        ],
    )]);
    summary(&resolved)
}

/// Publicitaki-Store-Bank's `bank_frontend/Utils/RestUtils.cs`: the old addresses sit in a
/// block comment, and of the live ones only `CLIENTS_SERVICE_URL` is read; the front end calls
/// no notifications service (compose's `depends_on` only orders start-up).
const REST_UTILS: &str = "namespace BankFrontend.Utils\n{\n    public class RestUtils\n    {\n        /*private static readonly string CLIENTS_SERVICE_URL = \"http://bank-clients:8080\";\n        private static readonly string NOTIFICATIONS_SERVICE_URL = \"http://bank-notifications:8080\";\n        */\n        public static readonly string CLIENTS_SERVICE_URL = Environment.GetEnvironmentVariable(\"BANK_CLIENTS_URL\") != null ?\n            \"http://\" + Environment.GetEnvironmentVariable(\"BANK_CLIENTS_URL\") :\n            \"http://bank-clients:5000\";\n        public static readonly string NOTIFICATIONS_SERVICE_URL = Environment.GetEnvironmentVariable(\"BANK_NOTIFICATIONS_URL\") != null ?\n            \"http://\" + Environment.GetEnvironmentVariable(\"BANK_NOTIFICATIONS_URL\") :\n            \"http://bank-notifications:8080\";\n\n        private static async Task<string?> GetApi(string url)\n        {\n            using (var httpClient = new HttpClient())\n            {\n                var response = await httpClient.GetAsync(url);\n                return await response.Content.ReadAsStringAsync();\n            }\n        }\n\n        public static List<Account>? ListAccounts()\n        {\n            var url = CLIENTS_SERVICE_URL + \"/accounts\";\n            var json = GetApi(url);\n            return JsonConvert.DeserializeObject<List<Account>>(json.Result);\n        }\n    }\n}\n";

/// A URL in a C-like block comment (`/* .. */` over several lines) is no call, nor is a live
/// `static readonly` field no code reads.
#[test]
fn a_block_comment_and_an_unread_url_field_call_nothing() {
    insta::assert_snapshot!(bank(REST_UTILS), @r#"
    component:bank-clients repo="bank" root="bank_clients"
    component:bank-frontend repo="bank" root="bank_frontend"
    component:bank-notifications repo="bank" root="bank_notifications"
    component:bank-clients -depends_on-> component:bank-notifications
    component:bank-frontend -depends_on-> component:bank-clients
    "#);
}

/// The near miss: the same field read by a method of the file is a call.
#[test]
fn a_url_field_the_file_reads_is_a_call() {
    let reading = REST_UTILS.replace(
        "    }\n}\n",
        "\n        public static string? Notifications()\n        {\n            return GetApi(NOTIFICATIONS_SERVICE_URL + \"/notifications\").Result;\n        }\n    }\n}\n",
    );
    insta::assert_snapshot!(bank(&reading), @r#"
    component:bank-clients repo="bank" root="bank_clients"
    component:bank-frontend repo="bank" root="bank_frontend"
    component:bank-notifications repo="bank" root="bank_notifications"
    component:bank-clients -depends_on-> component:bank-notifications
    component:bank-frontend -depends_on-> component:bank-clients
    component:bank-frontend -depends_on-> component:bank-notifications
    "#);
}

/// Publicitaki's compose file: the front end reaches its back ends on the machine's ports (its
/// `depends_on` left out, so that only the code names them).
const PUB_COMPOSE: &str = "services:\n  pub-users:\n    build: ./pub-users\n    ports:\n      - \"7003:3000\"\n  pub-products:\n    build: ./pub-products\n    ports:\n      - \"7005:8080\"\n  pub-frontend:\n    build: ./pub-frontend\n    ports:\n      - \"7006:5173\"\n";
const STORE_COMPOSE: &str = "services:\n  store-notifications:\n    build: ./store_notifications\n    ports:\n      - \"5001:8000\"\n  store-products:\n    build: ./store_products\n    ports:\n      - \"5005:8000\"\n";
const STORE_PRODUCTS_URLS: &str = "from django.urls import path\nfrom products_app.views import *\n\nurlpatterns = [\n    path('products/', ProductList.as_view(), name=\"product-list\"),\n    path('products/<int:pk>', ProductDetails.as_view(), name=\"product-details\"),\n]\n";
const PUB_PRODUCTS_RESOURCE: &str = "package com.fctuc.productsapp.resource;\n\nimport javax.ws.rs.*;\n\n@Path(\"/products\")\n@Produces(MediaType.APPLICATION_JSON)\npublic class ProductResource {\n    @GET\n    public List<Product> getAll() { return service.getAll(); }\n\n    @GET\n    @Path(\"/{id}\")\n    public Product get(@PathParam(\"id\") Long id) { return service.get(id); }\n}\n";
const PUB_USERS_ROUTES: &str = "const express = require('express');\nconst router = express.Router();\n\nrouter.get('/subscriptions', getAllSubscriptions);\nrouter.post('/subscriptions/pay-subscription/store/email/:storeEmail', paySubscription);\n\nmodule.exports = router;\n";
const PUB_USERS_APP: &str = "const express = require('express');\nconst app = express();\nconst subscriptionRoutes = require('./routes/subscriptionRoutes');\n\napp.use('/', subscriptionRoutes);\napp.listen(3000);\n";

/// The three sub-systems' services that answer HTTP, and `files`: the Publicitaki compose file
/// and the front end's code.
fn publicitaki(files: &[(&str, &str)]) -> String {
    let mut all: Vec<(&str, &str)> = vec![
        ("store/docker-compose.yml", STORE_COMPOSE),
        ("store/store_products/Dockerfile", PYTHON),
        ("store/store_products/requirements.txt", "Django==4.1\n"),
        ("store/store_products/products_app/urls.py", STORE_PRODUCTS_URLS),
        ("store/store_notifications/Dockerfile", PYTHON),
        ("store/store_notifications/requirements.txt", "Django==4.1\n"),
        ("publicitaki/pub-products/Dockerfile", JAVA),
        ("publicitaki/pub-products/src/main/java/com/fctuc/productsapp/resource/ProductResource.java", PUB_PRODUCTS_RESOURCE),
        ("publicitaki/pub-users/Dockerfile", NODE),
        ("publicitaki/pub-users/app.js", PUB_USERS_APP),
        ("publicitaki/pub-users/routes/subscriptionRoutes.js", PUB_USERS_ROUTES),
        ("publicitaki/pub-frontend/Dockerfile", NODE),
    ];
    all.extend_from_slice(files);
    summary(&org(&[("psb", &all)]))
}

/// Publicitaki's `pub-frontend/src/utils/Domains.tsx`: the base URL is an env var's, with the
/// machine's port of pub-products as its default; store-products (another sub-system's Django
/// service) answers `/products/` too.
const PRODUCTS_DOMAINS: &str = "const PRODUCTS_SERVER_DOMAIN =\n  \"http://\" + import.meta.env.VITE_PRODUCTS_URL || \"http://localhost:7005\";\n\nconst GetProductsById = (productId: string | undefined) => {\n  return PRODUCTS_SERVER_DOMAIN + \"/products/\" + productId;\n};\n\nexport default { PRODUCTS_SERVER_DOMAIN, GetProductsById };\n";

const DOMAINS: &str = "publicitaki/pub-frontend/src/utils/Domains.tsx";

/// A path two services of two compose files answer goes to the one the caller's own compose
/// file declares.
#[test]
fn a_path_two_services_answer_goes_to_the_one_of_the_callers_compose_file() {
    insta::assert_snapshot!(publicitaki(&[("publicitaki/docker-compose.yml", PUB_COMPOSE), (DOMAINS, PRODUCTS_DOMAINS)]), @r#"
    component:pub-frontend repo="psb" root="publicitaki/pub-frontend"
    component:pub-products repo="psb" root="publicitaki/pub-products"
    component:pub-users repo="psb" root="publicitaki/pub-users"
    component:store-notifications repo="psb" root="store/store_notifications"
    component:store-products repo="psb" root="store/store_products"
    component:pub-frontend -depends_on-> component:pub-products
    "#);
}

/// The near miss: a front end declared in a compose file of its own, beside neither service,
/// leaves the path to either.
#[test]
fn a_path_two_services_answer_stays_ambiguous_for_a_caller_beside_neither() {
    let back_ends = PUB_COMPOSE.replace("  pub-frontend:\n    build: ./pub-frontend\n    ports:\n      - \"7006:5173\"\n", "");
    let front_end = "services:\n  pub-frontend:\n    build: .\n    ports:\n      - \"7006:5173\"\n";
    let files = [("publicitaki/docker-compose.yml", back_ends.as_str()), ("publicitaki/pub-frontend/docker-compose.yml", front_end), (DOMAINS, PRODUCTS_DOMAINS)];
    insta::assert_snapshot!(publicitaki(&files), @r#"
    component:pub-frontend repo="psb" root="publicitaki/pub-frontend"
    component:pub-products repo="psb" root="publicitaki/pub-products"
    component:pub-users repo="psb" root="publicitaki/pub-users"
    component:store-notifications repo="psb" root="store/store_notifications"
    component:store-products repo="psb" root="store/store_products"
    "#);
}

/// Publicitaki's `PaySubscription`: the concatenation is written over three lines.
const USERS_DOMAINS: &str = "const USERS_SERVER_DOMAIN =\n  \"http://\" + import.meta.env.VITE_USERS_URL || \"http://localhost:7003\";\n\nconst PaySubscription = (storeEmail: string | null | undefined) => {\n  return (\n    USERS_SERVER_DOMAIN +\n    \"/subscriptions/pay-subscription/store/email/\" +\n    storeEmail\n  );\n};\n\nexport default { USERS_SERVER_DOMAIN, PaySubscription };\n";

/// A path concatenated over several lines takes the value the next line adds.
#[test]
fn a_concatenation_over_several_lines_is_one_path() {
    insta::assert_snapshot!(publicitaki(&[("publicitaki/docker-compose.yml", PUB_COMPOSE), (DOMAINS, USERS_DOMAINS)]), @r#"
    component:pub-frontend repo="psb" root="publicitaki/pub-frontend"
    component:pub-products repo="psb" root="publicitaki/pub-products"
    component:pub-users repo="psb" root="publicitaki/pub-users"
    component:store-notifications repo="psb" root="store/store_notifications"
    component:store-products repo="psb" root="store/store_products"
    component:pub-frontend -depends_on-> component:pub-users
    "#);
}

/// The near miss: the literal ends its statement, so no value follows it.
#[test]
fn a_path_ending_its_statement_takes_no_value() {
    let ended = USERS_DOMAINS.replace("\"/subscriptions/pay-subscription/store/email/\" +\n    storeEmail\n  );", "\"/subscriptions/pay-subscription/store/email/\"\n  );");
    insta::assert_snapshot!(publicitaki(&[("publicitaki/docker-compose.yml", PUB_COMPOSE), (DOMAINS, &ended)]), @r#"
    component:pub-frontend repo="psb" root="publicitaki/pub-frontend"
    component:pub-products repo="psb" root="publicitaki/pub-products"
    component:pub-users repo="psb" root="publicitaki/pub-users"
    component:store-notifications repo="psb" root="store/store_notifications"
    component:store-products repo="psb" root="store/store_products"
    "#);
}

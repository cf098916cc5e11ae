//! A service that fetches the URLs its callers post depends on the services they link to: Sock
//! Shop (microservices-demo's multi-repo shop, read from its public repos), whose orders service
//! gets the customer, address and card from the user service and the items from the carts
//! service at URLs the front end puts in the order it posts. Neither service is named in orders'
//! code or config; the front end's `api/orders/index.js` builds them from `endpoints.customersUrl`
//! and `endpoints.cartsUrl`, properties of its `api/endpoints.js` (here the user service's
//! second property, `addressUrl`).

mod support;

use support::{org, summary};

const ENDPOINTS: &str = "(function (){\n  'use strict';\n  var util = require('util');\n  var domain = \"\";\n  module.exports = {\n    catalogueUrl:  util.format(\"http://catalogue%s\", domain),\n    cartsUrl:      util.format(\"http://carts%s/carts\", domain),\n    ordersUrl:     util.format(\"http://orders%s\", domain),\n    customersUrl:  util.format(\"http://user%s/customers\", domain),\n    addressUrl:    util.format(\"http://user%s/addresses\", domain),\n  };\n}());\n";
const ORDERS_JS: &str = "(function (){\n  'use strict';\n  var request = require(\"request\"), endpoints = require(\"../endpoints\");\n\n  app.post(\"/orders\", function(req, res, next) {\n    var custId = req.session.customerId;\n    request(endpoints.addressUrl + \"/\" + custId, function (error, response, body) {\n      var jsonBody = JSON.parse(body);\n      var order = {\n        \"customer\": jsonBody._links.customer.href,\n        \"items\": endpoints.cartsUrl + \"/\" + custId + \"/items\"\n      };\n      request({ uri: endpoints.ordersUrl + \"/orders\", method: 'POST', json: true, body: order }, function (error, response, body) {\n        res.end();\n      });\n    });\n  });\n}());\n";
const CONTROLLER: &str = "package works.weave.socks.orders.controllers;\n\n@RestController\npublic class OrdersController {\n    @Autowired\n    private AsyncGetService asyncGetService;\n\n    @ResponseStatus(HttpStatus.CREATED)\n    @RequestMapping(path = \"/orders\", consumes = MediaType.APPLICATION_JSON_VALUE, method = RequestMethod.POST)\n    public @ResponseBody CustomerOrder newOrder(@RequestBody NewOrderResource item) {\n        Future<Resource<Customer>> customerFuture = asyncGetService.getResource(item.customer, new TypeReferences.ResourceType<Customer>() {});\n        Future<List<Item>> itemsFuture = asyncGetService.getDataList(item.items, new ParameterizedTypeReference<List<Item>>() {});\n        return null;\n    }\n}\n";

fn dependencies(controller: &str) -> String {
    let service = |name: &str| (name.to_string(), vec![("Dockerfile".to_string(), "FROM golang:1.22\n".to_string()), ("main.go".to_string(), "package main\n\nfunc main() {}\n".to_string())]);
    let repos = [
        ("front-end".to_string(), vec![("api/endpoints.js".to_string(), ENDPOINTS.to_string()), ("api/orders/index.js".to_string(), ORDERS_JS.to_string()), ("package.json".to_string(), "{\"name\": \"front-end\"}\n".to_string()), ("Dockerfile".to_string(), "FROM node:20\n".to_string())]),
        ("orders".to_string(), vec![("src/main/java/works/weave/socks/orders/controllers/OrdersController.java".to_string(), controller.to_string()), ("pom.xml".to_string(), "<project><artifactId>orders</artifactId></project>\n".to_string()), ("Dockerfile".to_string(), "FROM eclipse-temurin:17\n".to_string())]),
        service("carts"),
        service("user"),
        service("catalogue"),
    ];
    let borrowed: Vec<(&str, Vec<(&str, &str)>)> = repos.iter().map(|(name, files)| (name.as_str(), support::borrowed(files))).collect();
    let listed: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    summary(&org(&listed)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n")
}

/// Orders depends on the user and carts services the front end links it to, not on catalogue,
/// which the front end also calls.
#[test]
fn a_service_following_its_callers_links_depends_on_what_they_link_to() {
    insta::assert_snapshot!(dependencies(CONTROLLER), @r"
    component:front-end -depends_on-> component:carts
    component:front-end -depends_on-> component:catalogue
    component:front-end -depends_on-> component:orders
    component:front-end -depends_on-> component:user
    component:orders -depends_on-> component:carts
    component:orders -depends_on-> component:user
    ");
}

/// Near miss: an orders service fetching nothing it is given depends on none of them.
#[test]
fn a_service_fetching_only_its_own_urls_follows_no_link() {
    let own = CONTROLLER.replace("getResource(item.customer", "getResource(customersUri").replace("getDataList(item.items", "getDataList(itemsUri");
    insta::assert_snapshot!(dependencies(&own), @r"
    component:front-end -depends_on-> component:carts
    component:front-end -depends_on-> component:catalogue
    component:front-end -depends_on-> component:orders
    component:front-end -depends_on-> component:user
    ");
}

//! Handlers that follow the links their callers send: a Spring (Java) handler fetching URLs it is given
//! in its request body (Sock Shop's orders service, whose `newOrder(@RequestBody
//! NewOrderResource item)` gets `item.customer`, `item.address`, `item.card` and `item.items`
//! through its `AsyncGetService`: the front end puts the user and carts services' URLs there).
//! Such a service calls whatever its callers link to; resolution (`resolve::links`) names them.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::Lines;
use crate::model::FileFacts;

/// The edge from a file to [`LINKS_TARGET`] saying its handler fetches the URLs of its request
/// body's `fields` (a prop).
pub(crate) const FOLLOWS_LINKS: &str = "follows_links";
pub(crate) const LINKS_TARGET: &str = "links:request-body";

/// `@RequestBody NewOrderResource item`, `@RequestBody final Order order`.
static REQUEST_BODY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@RequestBody\s+(?:@\w+\s+)*(?:final\s+)?[\w.]+(?:<[^>]*>)?\s+(\w+)").expect("a valid regex"));
/// A call fetching a resource by its URL: Spring's `getForObject(`, `getForEntity(`,
/// `exchange(`, a HAL client's `getResource(`, `getDataList(`, `followLink(`, `fetchLink(`.
static FETCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:getForObject|getForEntity|exchange|getResource|getDataList|follow(?:Link|Links|Url|Uri)|fetch(?:Link|Links|Url|Uri))\s*\(\s*(\w+)\.(\w+)\b(\(\s*\))?").expect("a valid regex")
});

/// The [`FOLLOWS_LINKS`] fact of a Java file whose handler fetches a field of its request body
/// (by the field, or its getter); its `fields` prop names them, for whoever reads the fact.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    if extension != "java" || !text.contains("@RequestBody") {
        return;
    }
    let bodies: Vec<&str> = REQUEST_BODY.captures_iter(text).filter_map(|captures| captures.get(1)).map(|name| name.as_str()).collect();
    let mut fields: Vec<String> = Vec::new();
    let mut first = None;
    for call in FETCH.captures_iter(text) {
        let (Some(whole), holder, member) = (call.get(0), &call[1], &call[2]) else { continue };
        if !bodies.contains(&holder) || lines.is_comment(whole.start()) {
            continue;
        }
        // `item.getAddress()` is the field `address`.
        let field = match member.strip_prefix("get").filter(|_| call.get(3).is_some()).and_then(|rest| rest.chars().next().map(|first| (first, &rest[first.len_utf8()..]))) {
            Some((first, rest)) => format!("{}{rest}", first.to_lowercase()),
            None => member.to_string(),
        };
        if !fields.contains(&field) {
            fields.push(field);
        }
        first.get_or_insert(whole.start());
    }
    if let Some(at) = first {
        facts.inferred_edge("self", LINKS_TARGET, FOLLOWS_LINKS, json!({"fields": fields}), &format!("L{}", lines.number(at)), 0.6);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn followed(text: &str) -> Vec<String> {
        let mut found = FileFacts::default();
        facts(&mut found, "java", text, &Lines::new(text));
        found.edges.iter().flat_map(|edge| edge.props["fields"].as_array().cloned().unwrap_or_default()).filter_map(|field| field.as_str().map(str::to_string)).collect()
    }

    #[test]
    fn a_handler_fetching_its_request_bodys_urls_follows_links() {
        let text = "public class OrdersController {\n  @PostMapping(\"/orders\")\n  public CustomerOrder newOrder(@RequestBody NewOrderResource item) {\n    Future<Resource<Address>> address = asyncGetService.getResource(item.address, new TypeReferences.ResourceType<Address>() {});\n    Future<List<Item>> items = asyncGetService.getDataList(item.getItems(), type);\n    repository.save(item.customer);\n    return null;\n  }\n}\n";
        assert_eq!(followed(text), ["address", "items"]);
        let accented = text.replace("item.getItems()", "item.getÉtat()");
        assert_eq!(followed(&accented), ["address", "état"]);
    }

    #[test]
    fn a_handler_fetching_its_own_urls_follows_none() {
        let text = "public class OrdersController {\n  public CustomerOrder newOrder(@RequestBody NewOrderResource item) {\n    PaymentResponse paid = asyncGetService.postResource(config.getPaymentUri(), item.card, type);\n    Customer customer = restTemplate.getForObject(customersUrl, Customer.class);\n    User user = users.getUserEntity(item.userId);\n    List<Product> products = catalog.getProductList(item.getIds());\n    return null;\n  }\n}\n";
        assert_eq!(followed(text), Vec::<String>::new());
    }
}

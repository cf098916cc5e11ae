//! kbastani's spring-cloud-event-sourcing-example: a compose file of the first format, Spring
//! Security's matchers of a service's own paths, and addresses on the Docker host reaching the
//! service that publishes their port.

mod support;

use support::{module, org, summary};

/// The first compose format has no `services:`, and kbastani's names no URL either: its
/// services are the top-level keys, linked to what they reach. The same entries in a YAML file
/// not named like compose declare nothing.
#[test]
fn a_compose_file_of_the_first_format_declares_its_services() {
    let compose = "config-service:\n  image: kbastani/config-service\n  ports:\n   - 8888:8888\nmysql:\n  image: mysql:latest\nuser-service:\n  image: kbastani/user-service\n  links:\n   - mysql\n   - config-service\n";
    let (config_pom, user_pom) = (module("config-service"), module("user-service"));
    let files = |name: &'static str| vec![(name, compose), ("config-service/pom.xml", config_pom.as_str()), ("user-service/pom.xml", user_pom.as_str())];
    let resolved = org(&[("shop", &files("docker-compose.yml"))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:config-service repo="shop" root="config-service"
    component:user-service repo="shop" root="user-service"
    resource:mysql repo=- root=-
    component:user-service -depends_on-> component:config-service
    "#);
    let resolved = org(&[("shop", &files("deploy/images.yml"))]);
    insta::assert_snapshot!(summary(&resolved), @"");
}

/// kbastani's services guard their own paths with Spring Security (`.antMatchers("/users/**")`),
/// which calls no one, though the user service serves `/users/{id}`; a RestTemplate's request to
/// the same path does call it.
#[test]
fn security_matchers_of_a_services_own_paths_are_no_calls() {
    let compose = "services:\n  user-service:\n    image: acme/user-service\n  order-service:\n    image: acme/order-service\n  cart-service:\n    image: acme/cart-service\n";
    let security = "package demo;\n\n@Configuration\npublic class Security extends WebSecurityConfigurerAdapter {\n    @Override\n    protected void configure(HttpSecurity http) throws Exception {\n        http.authorizeRequests()\n            .antMatchers(HttpMethod.GET,\n                \"/users/**\", \"/uaa/user\").permitAll()\n            .mvcMatchers(\"/users/{id}\").authenticated();\n    }\n}\n";
    let controller = "package demo;\n\n@RestController\npublic class Users {\n    @GetMapping(\"/users/{id}\")\n    public User get(@PathVariable String id) { return null; }\n}\n";
    let client = "package demo;\n\n@Service\npublic class Owners {\n    private final RestTemplate rest;\n\n    User owner(String id) {\n        return rest.getForObject(\"/users/{id}\", User.class, id);\n    }\n}\n";
    let (user_pom, order_pom, cart_pom) = (module("user-service"), module("order-service"), module("cart-service"));
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("user-service/pom.xml", &user_pom),
            ("user-service/src/main/java/demo/Users.java", controller),
            ("order-service/pom.xml", &order_pom),
            ("order-service/src/main/java/demo/Security.java", security),
            ("cart-service/pom.xml", &cart_pom),
            ("cart-service/src/main/java/demo/Owners.java", client),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="shop" root="cart-service"
    component:order-service repo="shop" root="order-service"
    component:user-service repo="shop" root="user-service"
    component:cart-service -depends_on-> component:user-service
    "#);
}

/// kbastani's docker profile reaches the user service through the Docker host
/// (`userInfoUri: http://${DOCKER_IP:192.168.99.100}:8181/uaa/user`), where compose publishes its
/// port; `localhost` names the machine as well. A port nothing publishes, a variable naming no
/// machine (`${PROFILE_HOST}`), a key naming no address it calls (a redirect) and an address
/// under the tests' profile (`spring.profiles: test`) reach no one by port.
#[test]
fn an_address_on_the_docker_host_reaches_the_service_publishing_its_port() {
    let compose = "services:\n  user-service:\n    image: acme/user-service\n    ports:\n      - 8181:8181\n  order-service:\n    image: acme/order-service\n  cart-service:\n    image: acme/cart-service\n    ports:\n      - \"9090:8080\"\n  web:\n    image: acme/web\n";
    let order = "spring:\n  profiles: docker\nsecurity:\n  oauth2:\n    resource:\n      userInfoUri: http://${DOCKER_IP:192.168.99.100}:8181/uaa/user\n---\nspring:\n  profiles: test\ncarts:\n  url: http://localhost:9090/carts\n";
    let web = "carts:\n  url: http://localhost:9090/carts\naudit:\n  url: http://localhost:7000/audit\nlogin:\n  redirect-uri: http://localhost:8181/login\n";
    let cart = "users:\n  url: http://${PROFILE_HOST}:8181/users\n";
    let (user_pom, order_pom, cart_pom, web_pom) = (module("user-service"), module("order-service"), module("cart-service"), module("web"));
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("user-service/pom.xml", &user_pom),
            ("order-service/pom.xml", &order_pom),
            ("order-service/src/main/resources/application.yml", order),
            ("cart-service/pom.xml", &cart_pom),
            ("cart-service/src/main/resources/application.yml", cart),
            ("web/pom.xml", &web_pom),
            ("web/src/main/resources/application.yml", web),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="shop" root="cart-service"
    component:order-service repo="shop" root="order-service"
    component:user-service repo="shop" root="user-service"
    component:web repo="shop" root="web"
    component:order-service -depends_on-> component:user-service
    component:web -depends_on-> component:cart-service
    "#);
}

/// eShopOnAbp's compose file gives ABP's remote service URLs as a sibling's bare name
/// (`RemoteServices__AbpIdentity__BaseUrl=eshop-st-identity`), which reaches that service; a
/// bare name under a key naming no address (`Tenant=eshop-st-identity`) or naming no sibling
/// (`Audit__BaseUrl=audit-store`) reaches no one.
#[test]
fn an_address_given_as_a_siblings_bare_name_reaches_it() {
    let compose = "services:\n  eshop-st-identity:\n    image: acme/identity\n  eshop-st-administration:\n    image: acme/administration\n    environment:\n      - RemoteServices__AbpIdentity__BaseUrl=eshop-st-identity\n  eshop-st-cmskit:\n    image: acme/cmskit\n    environment:\n      - Tenant=eshop-st-identity\n      - Audit__BaseUrl=audit-store\n";
    let resolved = org(&[("eshop", &[("etc/docker/docker-compose.yml", compose)])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:eshop-st-administration repo=- root=-
    component:eshop-st-cmskit repo=- root=-
    component:eshop-st-identity repo=- root=-
    component:eshop-st-administration -depends_on-> component:eshop-st-identity
    "#);
}

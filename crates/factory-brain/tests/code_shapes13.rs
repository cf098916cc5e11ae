//! ABP Framework's distributed events (eShopOnAbp): handlers of an entity's events, the entity
//! events a module turns on for its entities, and an event built by a method of the publisher.

mod support;

use support::{org, summary};

const CSPROJ: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"Volo.Abp.EventBus.RabbitMQ\" Version=\"8.0.0\" />\n  </ItemGroup>\n</Project>\n";

/// One ABP service's repo: its Dockerfile, project and the given code files.
fn service<'a>(name: &'a str, code: &'a [(&'a str, &'a str)]) -> Vec<(String, String)> {
    let dockerfile = format!("FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY bin/Release/net8.0/publish/ app/\nENTRYPOINT [\"dotnet\", \"{name}.dll\"]\n");
    let mut files = vec![("Dockerfile".to_string(), dockerfile), (format!("src/{name}.csproj"), CSPROJ.to_string())];
    files.extend(code.iter().map(|(path, text)| (format!("src/{path}"), text.to_string())));
    files
}

/// Resolves one repo per service, each named after it.
fn services(repos: &[(&str, Vec<(String, String)>)]) -> String {
    let owned: Vec<(&str, Vec<(&str, &str)>)> = repos.iter().map(|(name, files)| (*name, files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect())).collect();
    let borrowed: Vec<(&str, &[(&str, &str)])> = owned.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    summary(&org(&borrowed))
}

/// eShopOnAbp: catalog's domain module turns on ABP's automatic events for `Product`, mapped
/// to `ProductEto`, and basket's handler of `EntityUpdatedEto<ProductEto>` takes them; public
/// web publishes the `UserLoggedInEto` its module's own method builds and identity's plain
/// `IDistributedEventHandler<UserLoggedInEto>` takes it; ordering publishes an entity event it
/// builds itself (`new EntityDeletedEto<OrderEto>(..)`) and payment's handler takes it.
#[test]
fn abp_entity_events_and_built_events_meet_their_handlers() {
    let catalog_module = "using Volo.Abp.Domain.Entities.Events.Distributed;\n\nnamespace EShopOnAbp.CatalogService\n{\n    public class CatalogServiceDomainModule : AbpModule\n    {\n        public override void ConfigureServices(ServiceConfigurationContext context)\n        {\n            Configure<AbpDistributedEntityEventOptions>(options =>\n            {\n                options.AutoEventSelectors.Add<Product>();\n                options.EtoMappings.Add<Product, ProductEto>();\n            });\n        }\n    }\n}\n";
    let basket_handler = "using Volo.Abp.EventBus.Distributed;\n\npublic class BasketProductEventHandler : IDistributedEventHandler<EntityUpdatedEto<ProductEto>>, ITransientDependency\n{\n    public async Task HandleEventAsync(EntityUpdatedEto<ProductEto> eventData)\n    {\n        await _cache.RemoveAsync(eventData.Entity.Id);\n    }\n}\n";
    let public_web_module = concat!(
        "public class EShopOnAbpPublicWebModule : AbpModule\n{\n",
        "    public override void ConfigureServices(ServiceConfigurationContext context)\n    {\n",
        "        options.Events.OnAuthorizationCodeReceived = async (authContext) =>\n        {\n",
        "            var userLoggedInEto = CreateUserLoggedInEto(authContext.Principal, authContext.HttpContext);\n",
        "            if (userLoggedInEto != null)\n            {\n",
        "                var eventBus = authContext.HttpContext.RequestServices.GetRequiredService<IDistributedEventBus>();\n",
        "                await eventBus.PublishAsync(userLoggedInEto);\n            }\n        };\n    }\n\n",
        "    private UserLoggedInEto CreateUserLoggedInEto(ClaimsPrincipal principal, HttpContext httpContext)\n    {\n",
        "        return new UserLoggedInEto { Id = Guid.Parse(principal.FindFirst(\"sub\").Value) };\n    }\n}\n",
    );
    let identity_handler = "public class UserLoggedInEventHandler : IDistributedEventHandler<UserLoggedInEto>, ITransientDependency\n{\n    public async virtual Task HandleEventAsync(UserLoggedInEto eventData) { }\n}\n";
    let order_manager = "public class OrderManager : DomainService\n{\n    public async Task DeleteAsync(Order order)\n    {\n        await _distributedEventBus.PublishAsync(new EntityDeletedEto<OrderEto>(ObjectMapper.Map<Order, OrderEto>(order)));\n    }\n}\n";
    let payment_handler = "public class OrderDeletedHandler : IDistributedEventHandler<Volo.Abp.Domain.Entities.Events.Distributed.EntityDeletedEto<OrderEto>>\n{\n}\n";
    let summary = services(&[
        ("catalog", service("EShopOnAbp.CatalogService", &[("CatalogServiceDomainModule.cs", catalog_module)])),
        ("basket", service("EShopOnAbp.BasketService", &[("Services/BasketProductEventHandler.cs", basket_handler)])),
        ("public-web", service("EShopOnAbp.PublicWeb", &[("EShopOnAbpPublicWebModule.cs", public_web_module)])),
        ("identity", service("EShopOnAbp.IdentityService", &[("UserLoggedInEventHandler.cs", identity_handler)])),
        ("ordering", service("EShopOnAbp.OrderingService", &[("Orders/OrderManager.cs", order_manager)])),
        ("payment", service("EShopOnAbp.PaymentService", &[("OrderDeletedHandler.cs", payment_handler)])),
    ]);
    insta::assert_snapshot!(summary, @r#"
    component:basket repo="basket" root=""
    component:catalog repo="catalog" root=""
    component:identity repo="identity" root=""
    component:ordering repo="ordering" root=""
    component:payment repo="payment" root=""
    component:public-web repo="public-web" root=""
    component:catalog -depends_on-> component:basket
    component:ordering -depends_on-> component:payment
    component:public-web -depends_on-> component:identity
    "#);
}

/// Near misses: a module mapping `Customer` to `CustomerEto` without selecting it for automatic
/// events, one selecting `Invoice` but mapping only `Payment`, and one whose selector is
/// commented out publish nothing; a variable published from a method returning `Task`, one
/// returning `object` and one from a method the file does not declare name no event, so the
/// handlers of those types hear no one.
#[test]
fn mappings_without_selectors_and_untyped_variables_publish_nothing() {
    let customers_module = "public class CustomerDomainModule : AbpModule\n{\n    public override void ConfigureServices(ServiceConfigurationContext context)\n    {\n        Configure<AbpDistributedEntityEventOptions>(options =>\n        {\n            options.EtoMappings.Add<Customer, CustomerEto>();\n        });\n    }\n}\n";
    let billing_module = "public class BillingDomainModule : AbpModule\n{\n    public override void ConfigureServices(ServiceConfigurationContext context)\n    {\n        Configure<AbpDistributedEntityEventOptions>(options =>\n        {\n            options.AutoEventSelectors.Add<Invoice>();\n            // options.AutoEventSelectors.Add<Refund>();\n            options.EtoMappings.Add<Payment, PaymentEto>();\n            options.EtoMappings.Add<Refund, RefundEto>();\n        });\n    }\n}\n";
    let login = concat!(
        "public class LoginNotifier\n{\n",
        "    public async Task NotifyAsync(ClaimsPrincipal principal)\n    {\n",
        "        var started = StartLoginAsync(principal);\n        await _distributedEventBus.PublishAsync(started);\n",
        "        var described = Describe(principal);\n        await _distributedEventBus.PublishAsync(described);\n",
        "        var userLoggedInEto = BuildLoggedIn(principal);\n        await _distributedEventBus.PublishAsync(userLoggedInEto);\n    }\n\n",
        "    private Task StartLoginAsync(ClaimsPrincipal principal) => Task.CompletedTask;\n",
        "    private object Describe(ClaimsPrincipal principal) => new UserLoggedInEto();\n}\n",
    );
    let handlers = concat!(
        "public class CustomerCreatedHandler : IDistributedEventHandler<EntityCreatedEto<CustomerEto>> { }\n",
        "public class PaymentChangedHandler : IDistributedEventHandler<EntityChangedEto<PaymentEto>> { }\n",
        "public class RefundHandler : IDistributedEventHandler<EntityDeletedEto<RefundEto>> { }\n",
        "public class UserLoggedInEventHandler : IDistributedEventHandler<UserLoggedInEto> { }\n",
    );
    let summary = services(&[
        ("customers", service("Shop.Customers", &[("CustomerDomainModule.cs", customers_module)])),
        ("billing", service("Shop.Billing", &[("BillingDomainModule.cs", billing_module)])),
        ("accounts", service("Shop.Accounts", &[("LoginNotifier.cs", login)])),
        ("reporting", service("Shop.Reporting", &[("Handlers.cs", handlers)])),
    ]);
    insta::assert_snapshot!(summary, @r#"
    component:accounts repo="accounts" root=""
    component:billing repo="billing" root=""
    component:customers repo="customers" root=""
    component:reporting repo="reporting" root=""
    "#);
}

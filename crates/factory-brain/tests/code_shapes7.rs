//! Python frameworks whose services call each other by service name over a broker.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM nameko-example-base\nCOPY . /appdir\nCMD [\"/var/nameko/run.sh\"]\n";

/// nameko-examples: the gateway calls orders and products through `RpcProxy('orders')` and
/// `RpcProxy('products')`; orders dispatches `order_created` (`self.event_dispatcher(..)` in the
/// service `name = 'orders'`), which products handles with `@event_handler('orders',
/// 'order_created')`. An event nobody handles (`order_shipped`) and a handler of another
/// service's event (`payments`) join no one.
#[test]
fn nameko_rpc_proxies_and_events_join_services_by_name() {
    let gateway = "import json\nfrom nameko.rpc import RpcProxy\nfrom nameko.web.handlers import http\n\nclass GatewayService(object):\n    name = 'gateway'\n    orders_rpc = RpcProxy('orders')\n    products_rpc = RpcProxy('products')\n\n    @http('GET', '/products/<string:product_id>')\n    def get_product(self, request, product_id):\n        return json.dumps(self.products_rpc.get(product_id))\n";
    let orders = "from nameko.events import EventDispatcher\nfrom nameko.rpc import rpc\n\nclass OrdersService:\n    name = 'orders'\n    event_dispatcher = EventDispatcher()\n\n    @rpc\n    def create_order(self, order_details):\n        self.event_dispatcher('order_created', {'order': order_details})\n\n    @rpc\n    def ship(self, order_id):\n        self.event_dispatcher('order_shipped', {'id': order_id})\n";
    let products = "from nameko.events import event_handler\nfrom nameko.rpc import rpc\n\nclass ProductsService:\n    name = 'products'\n\n    @event_handler('orders', 'order_created')\n    def handle_order_created(self, payload):\n        pass\n\n    @event_handler('payments', 'payment_received')\n    def handle_payment(self, payload):\n        pass\n";
    let compose = "services:\n  rabbit:\n    image: rabbitmq:3.7-management\n  gateway:\n    build: ./gateway\n    depends_on: [rabbit]\n  orders:\n    build: ./orders\n    depends_on: [rabbit]\n  products:\n    build: ./products\n    depends_on: [rabbit]\n";
    let resolved = org(&[(
        "nameko-examples",
        &[
            ("docker-compose.yml", compose),
            ("gateway/Dockerfile", DOCKERFILE),
            ("gateway/gateway/service.py", gateway),
            ("orders/Dockerfile", DOCKERFILE),
            ("orders/orders/service.py", orders),
            ("products/Dockerfile", DOCKERFILE),
            ("products/products/service.py", products),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:gateway repo="nameko-examples" root="gateway"
    component:orders repo="nameko-examples" root="orders"
    component:products repo="nameko-examples" root="products"
    resource:rabbit repo=- root=-
    component:gateway -depends_on-> component:orders
    component:gateway -depends_on-> component:products
    component:orders -depends_on-> component:products
    "#);
}

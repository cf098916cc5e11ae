"""`python3 -m billing`: ORDERS_API_URL (required), PORT, POLL_SECONDS, EVENT_SINK."""

import os
import signal
import sys
import threading

from billing import SERVICE
from billing.events import EventPublisher
from billing.health import make_health_server
from billing.orders_client import OrdersClient
from billing.worker import run


def main():
    orders_api_url = os.environ.get("ORDERS_API_URL")
    if not orders_api_url:
        sys.exit(f"{SERVICE}: ORDERS_API_URL is required, e.g. http://127.0.0.1:8080")
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8080"))
    poll_seconds = float(os.environ.get("POLL_SECONDS", "1.0"))
    sink = os.environ.get("EVENT_SINK")

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())

    health = make_health_server(host, port)
    threading.Thread(target=health.serve_forever, daemon=True).start()
    print(f"ready on port {health.server_address[1]}", flush=True)
    print(f"polling {orders_api_url} every {poll_seconds}s, events to {sink or 'stdout'}", flush=True)

    run(OrdersClient(orders_api_url), EventPublisher(sink), poll_seconds, stop)

    health.shutdown()
    health.server_close()
    print(f"{SERVICE} stopped", flush=True)


if __name__ == "__main__":
    main()

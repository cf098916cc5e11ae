"""The billing loop: find pending orders, invoice them, announce each invoice."""

import urllib.error


def invoice_pending(orders, events):
    """Invoice every pending order once. Returns the ids invoiced in this pass."""
    invoiced = []
    for order in orders.list_orders():
        if order["status"] != "pending":
            continue
        order_id = order["id"]
        amount_cents = order["total_cents"]  # read before invoicing: a bad order fails first
        if orders.invoice(order_id) is None:
            continue  # invoiced by someone else since we listed it
        events.order_invoiced(f"inv-{order_id}", order_id, amount_cents)
        print(f"invoiced order {order_id} as inv-{order_id} for {amount_cents} cents", flush=True)
        invoiced.append(order_id)
    return invoiced


def run(orders, events, poll_seconds, stop):
    """Poll until `stop` (a threading.Event) is set."""
    while not stop.is_set():
        try:
            invoice_pending(orders, events)
        except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
            print(f"poll failed, retrying in {poll_seconds}s: {error!r}", flush=True)
        stop.wait(poll_seconds)

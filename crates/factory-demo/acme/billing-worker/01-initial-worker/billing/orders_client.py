"""The calls billing-worker makes to orders-api (contract: orders-api/openapi.yaml)."""

import json
import urllib.error
import urllib.request


class OrdersClient:
    def __init__(self, base_url, timeout=5.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def list_orders(self):
        """GET /orders (operation listOrders)."""
        with urllib.request.urlopen(f"{self.base_url}/orders", timeout=self.timeout) as resp:
            return json.load(resp)["orders"]

    def invoice(self, order_id):
        """POST /orders/{id}/invoice (operation invoiceOrder).

        Returns the invoiced order, or None when orders-api answers 409 because the order
        was invoiced already.
        """
        request = urllib.request.Request(
            f"{self.base_url}/orders/{order_id}/invoice", data=b"", method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as error:
            if error.code == 409:
                return None
            raise

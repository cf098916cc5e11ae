"""Publishing events described in asyncapi.yaml.

Each event is one JSON object per line, appended to the file named by EVENT_SINK, or printed to
stdout when EVENT_SINK is unset.
"""

import json
import threading

ORDER_INVOICED = ("order.invoiced", "OrderInvoiced")


class EventPublisher:
    def __init__(self, sink_path=None):
        self.sink_path = sink_path
        self.lock = threading.Lock()

    def publish(self, channel, message, payload):
        line = json.dumps({"channel": channel, "message": message, "payload": payload})
        with self.lock:
            if self.sink_path:
                with open(self.sink_path, "a", encoding="utf-8") as sink:
                    sink.write(line + "\n")
            else:
                print(f"event {line}", flush=True)

    def order_invoiced(self, invoice_id, order_id, amount_cents):
        channel, message = ORDER_INVOICED
        self.publish(
            channel,
            message,
            {"invoice_id": invoice_id, "order_id": order_id, "amount_cents": amount_cents},
        )

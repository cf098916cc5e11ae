"""billing-worker: invoices pending orders and publishes order.invoiced events."""

SERVICE = "billing-worker"

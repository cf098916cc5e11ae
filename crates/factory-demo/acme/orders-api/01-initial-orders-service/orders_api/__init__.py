"""orders-api: the system of record for customer orders."""

SERVICE = "orders-api"

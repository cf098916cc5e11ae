variable "environment" {
  description = "Deployment environment, used as a name prefix: staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "region" {
  description = "AWS region for the commerce system."
  type        = string
  default     = "eu-west-1"
}

variable "orders_db_instance_class" {
  description = "Instance class of the orders-db Postgres instance."
  type        = string
  default     = "db.t4g.small"
}

variable "orders_db_allocated_storage_gb" {
  description = "Storage for orders-db, in GiB."
  type        = number
  default     = 20
}

variable "order_invoiced_retention_seconds" {
  description = "How long order.invoiced events stay on the queue unconsumed."
  type        = number
  default     = 345600 # 4 days
}

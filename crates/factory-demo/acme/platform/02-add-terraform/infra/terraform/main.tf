# Production resources of the commerce system. Owned by team-platform.
# Each resource is tagged with its Backstage entity and the service that writes to it.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      system      = "commerce"
      environment = var.environment
      managed-by  = "terraform"
      repo        = "acme/platform"
    }
  }
}

# orders-db: only orders-api connects to it (docs/adr/0002-orders-api-owns-order-data.md).
resource "aws_db_instance" "orders" {
  identifier                  = "${var.environment}-orders-db"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = var.orders_db_instance_class
  allocated_storage           = var.orders_db_allocated_storage_gb
  db_name                     = "orders"
  username                    = "orders_api"
  manage_master_user_password = true
  storage_encrypted           = true
  backup_retention_period     = 7
  deletion_protection         = var.environment == "production"
  skip_final_snapshot         = var.environment != "production"

  tags = {
    Name             = "orders-db"
    backstage-entity = "resource:orders-db"
    service          = "orders-api"
    data-owner       = "team-orders"
  }
}

# order-invoiced-queue: billing-worker publishes order.invoiced here.
resource "aws_sqs_queue" "order_invoiced_dlq" {
  name                      = "${var.environment}-order-invoiced-dlq"
  message_retention_seconds = 1209600 # 14 days

  tags = {
    Name             = "order-invoiced-dlq"
    backstage-entity = "resource:order-invoiced-queue"
    service          = "billing-worker"
  }
}

resource "aws_sqs_queue" "order_invoiced" {
  name                       = "${var.environment}-order-invoiced"
  message_retention_seconds  = var.order_invoiced_retention_seconds
  visibility_timeout_seconds = 30

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_invoiced_dlq.arn
    maxReceiveCount     = 5
  })

  tags = {
    Name             = "order-invoiced-queue"
    backstage-entity = "resource:order-invoiced-queue"
    service          = "billing-worker"
    channel          = "order.invoiced"
  }
}

output "orders_db_endpoint" {
  description = "Host and port orders-api connects to."
  value       = aws_db_instance.orders.endpoint
}

output "order_invoiced_queue_url" {
  description = "URL billing-worker publishes order.invoiced events to."
  value       = aws_sqs_queue.order_invoiced.url
}

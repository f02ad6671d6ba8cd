output "tandem_region" {
  description = "This region's Tandem name."
  value       = var.tandem_region
}

output "vpc_id" {
  description = "The region's VPC."
  value       = aws_vpc.this.id
}

output "private_route_table_ids" {
  description = "Private route tables (app and data subnets): the peering module adds routes to the peer VPCs here."
  value       = aws_route_table.private[*].id
}

output "zookeeper_subnet_id" {
  description = "The subnet reserved for the region's ZooKeeper node."
  value       = aws_subnet.zookeeper.id
}

output "postgres_endpoint" {
  description = "RDS endpoint (host:port) of the region's PostgreSQL."
  value       = aws_db_instance.this.endpoint
}

output "postgres_master_secret_arn" {
  description = "Secrets Manager secret, managed by RDS, with the master user's password (for running sql/tandem-user.sql)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "postgres_tandem_secret_arn" {
  description = "Secrets Manager secret with the 'tandem' database user's password."
  value       = aws_secretsmanager_secret.postgres.arn
}

output "kafka_bootstrap" {
  description = "MSK bootstrap brokers for SASL/SCRAM over TLS (port 9096)."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "router_lb_dns_name" {
  description = "DNS name of the region's router NLB."
  value       = aws_lb.router.dns_name
}

output "router_lb_zone_id" {
  description = "Hosted zone id of the router NLB (for Route 53 alias records)."
  value       = aws_lb.router.zone_id
}

output "region_yaml" {
  description = "The daemon config rendered for this region (no secrets in it)."
  value       = local.region_yaml
}

output "router_json" {
  description = "The router config rendered for this region."
  value       = local.router_json
}

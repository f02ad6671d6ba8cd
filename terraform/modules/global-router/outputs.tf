output "domain_name" {
  description = "The router's global DNS name."
  value       = var.domain_name
}

output "health_check_ids" {
  description = "Route 53 health check per Tandem region."
  value       = { for name, hc in aws_route53_health_check.router : name => hc.id }
}

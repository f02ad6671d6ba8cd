output "vpc_cidr" {
  description = "The VPC CIDR this layout was computed from."
  value       = var.vpc_cidr
}

output "public_cidrs" {
  description = "Public subnets, one per zone (NAT gateways and the router's load balancer)."
  value       = local.public_cidrs
}

output "app_cidr" {
  description = "The block that holds every app subnet: peer regions open their MSK and ZooKeeper ports to exactly this CIDR."
  value       = local.app_cidr
}

output "app_cidrs" {
  description = "Private app subnets, one per zone (daemon and router tasks)."
  value       = local.app_cidrs
}

output "data_cidrs" {
  description = "Private data subnets, one per zone (RDS, MSK, ZooKeeper)."
  value       = local.data_cidrs
}

output "zookeeper_cidr" {
  description = "The subnet that holds only the region's ZooKeeper node (in the first zone)."
  value       = local.zookeeper_cidr
}

output "zookeeper_ip" {
  description = "The fixed private address of this region's ZooKeeper node (host 10 of its subnet)."
  value       = local.zookeeper_ip
}

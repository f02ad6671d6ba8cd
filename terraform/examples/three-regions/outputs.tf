output "router_dns_name" {
  description = "Global DNS name of the router: Route 53 sends each client to the nearest healthy region (gRPC over TLS on port 443)."
  value       = module.global_router.domain_name
}

output "regions" {
  description = "Per Tandem region: AWS region, PostgreSQL endpoint, MSK bootstrap (SASL/SCRAM), router NLB and the secrets to use when creating the tandem database user."
  value = zipmap(
    [local.names.a, local.names.b, local.names.c],
    [
      {
        aws_region                 = var.region_a.aws_region
        postgres_endpoint          = module.region_a.postgres_endpoint
        postgres_master_secret_arn = module.region_a.postgres_master_secret_arn
        postgres_tandem_secret_arn = module.region_a.postgres_tandem_secret_arn
        kafka_bootstrap            = module.region_a.kafka_bootstrap
        router_lb_dns_name         = module.region_a.router_lb_dns_name
      },
      {
        aws_region                 = var.region_b.aws_region
        postgres_endpoint          = module.region_b.postgres_endpoint
        postgres_master_secret_arn = module.region_b.postgres_master_secret_arn
        postgres_tandem_secret_arn = module.region_b.postgres_tandem_secret_arn
        kafka_bootstrap            = module.region_b.kafka_bootstrap
        router_lb_dns_name         = module.region_b.router_lb_dns_name
      },
      {
        aws_region                 = var.region_c.aws_region
        postgres_endpoint          = module.region_c.postgres_endpoint
        postgres_master_secret_arn = module.region_c.postgres_master_secret_arn
        postgres_tandem_secret_arn = module.region_c.postgres_tandem_secret_arn
        kafka_bootstrap            = module.region_c.kafka_bootstrap
        router_lb_dns_name         = module.region_c.router_lb_dns_name
      },
    ]
  )
}

output "zookeeper_connect" {
  description = "ZooKeeper connect string of the three-region ensemble."
  value       = local.zookeeper_connect
}

output "zookeeper_instances" {
  description = "ZooKeeper node per Tandem region: server id and EC2 instance id (aws ssm start-session --target ...)."
  value = zipmap(
    [local.names.a, local.names.b, local.names.c],
    [
      { node_id = module.zookeeper_a.node_id, instance_id = module.zookeeper_a.instance_id },
      { node_id = module.zookeeper_b.node_id, instance_id = module.zookeeper_b.instance_id },
      { node_id = module.zookeeper_c.node_id, instance_id = module.zookeeper_c.instance_id },
    ]
  )
}

output "rendered_config_paths" {
  description = "The daemon config files rendered for each region (the same text the ECS tasks receive)."
  value       = { for name, f in local_file.region_yaml : name => f.filename }
}

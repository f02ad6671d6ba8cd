locals {
  default_tags = merge(var.tags, { "tandem:cluster" = var.cluster_name, "managed-by" = "terraform" })

  regions = [var.region_a, var.region_b, var.region_c]
  names   = { a = var.region_a.name, b = var.region_b.name, c = var.region_c.name }

  # One ZooKeeper node per region, at a fixed address from each region's layout, so every node and
  # every client knows the whole ensemble before anything is created.
  zookeeper_ensemble = [
    { id = 1, ip = module.layout_a.zookeeper_ip },
    { id = 2, ip = module.layout_b.zookeeper_ip },
    { id = 3, ip = module.layout_c.zookeeper_ip },
  ]
  zookeeper_connect = join(",", [for n in local.zookeeper_ensemble : format("%s:2181", n.ip)])
  zookeeper_cidrs   = [for n in local.zookeeper_ensemble : format("%s/32", n.ip)]
  app_cidrs         = [module.layout_a.app_cidr, module.layout_b.app_cidr, module.layout_c.app_cidr]

  # What each region tells the others: where its Kafka is, and which CIDRs its daemons use.
  peer = {
    a = { kafka_bootstrap = module.region_a.kafka_bootstrap, app_cidr = module.layout_a.app_cidr, data_cidrs = module.layout_a.data_cidrs }
    b = { kafka_bootstrap = module.region_b.kafka_bootstrap, app_cidr = module.layout_b.app_cidr, data_cidrs = module.layout_b.data_cidrs }
    c = { kafka_bootstrap = module.region_c.kafka_bootstrap, app_cidr = module.layout_c.app_cidr, data_cidrs = module.layout_c.data_cidrs }
  }

  # Router latency table: each client region's own region first, then the others in slot order.
  router_latency_table = {
    for i, r in local.regions : r.name => concat([r.name], [for j, o in local.regions : o.name if j != i])
  }

  region_settings = {
    cluster_name             = var.cluster_name
    zookeeper_connect        = local.zookeeper_connect
    zookeeper_cidrs          = local.zookeeper_cidrs
    admin_cidrs              = var.admin_cidrs
    tandem_image             = var.tandem_image
    router_domain_name       = var.router_domain_name
    route53_zone_id          = var.route53_zone_id
    db_instance_class        = var.db_instance_class
    msk_broker_instance_type = var.msk_broker_instance_type
  }
}

# --- layout: pure arithmetic, no provider ---------------------------------------------------------

module "layout_a" {
  source   = "../../modules/network-layout"
  vpc_cidr = var.region_a.vpc_cidr
}

module "layout_b" {
  source   = "../../modules/network-layout"
  vpc_cidr = var.region_b.vpc_cidr
}

module "layout_c" {
  source   = "../../modules/network-layout"
  vpc_cidr = var.region_c.vpc_cidr
}

# One SASL/SCRAM credential for the daemons on every MSK cluster, so a daemon reads every peer.
resource "random_password" "kafka_scram" {
  length  = 40
  special = false
}

# --- regions ----------------------------------------------------------------------------------

module "region_a" {
  source = "../../modules/region"
  # A providers map replaces inheritance for every provider the module needs, so random is listed too.
  providers = { aws = aws.a, random = random }

  tandem_region        = local.names.a
  layout               = module.layout_a
  peers                = zipmap([local.names.b, local.names.c], [local.peer.b, local.peer.c])
  kafka_scram          = { username = "tandem", password = random_password.kafka_scram.result }
  nat_gateways         = var.nat_gateways_per_region
  router_count         = var.router_count
  router_latency_table = local.router_latency_table

  cluster_name             = local.region_settings.cluster_name
  zookeeper_connect        = local.region_settings.zookeeper_connect
  zookeeper_cidrs          = local.region_settings.zookeeper_cidrs
  admin_cidrs              = local.region_settings.admin_cidrs
  tandem_image             = local.region_settings.tandem_image
  router_domain_name       = local.region_settings.router_domain_name
  route53_zone_id          = local.region_settings.route53_zone_id
  db_instance_class        = local.region_settings.db_instance_class
  msk_broker_instance_type = local.region_settings.msk_broker_instance_type
}

module "region_b" {
  source = "../../modules/region"
  # A providers map replaces inheritance for every provider the module needs, so random is listed too.
  providers = { aws = aws.b, random = random }

  tandem_region        = local.names.b
  layout               = module.layout_b
  peers                = zipmap([local.names.a, local.names.c], [local.peer.a, local.peer.c])
  kafka_scram          = { username = "tandem", password = random_password.kafka_scram.result }
  nat_gateways         = var.nat_gateways_per_region
  router_count         = var.router_count
  router_latency_table = local.router_latency_table

  cluster_name             = local.region_settings.cluster_name
  zookeeper_connect        = local.region_settings.zookeeper_connect
  zookeeper_cidrs          = local.region_settings.zookeeper_cidrs
  admin_cidrs              = local.region_settings.admin_cidrs
  tandem_image             = local.region_settings.tandem_image
  router_domain_name       = local.region_settings.router_domain_name
  route53_zone_id          = local.region_settings.route53_zone_id
  db_instance_class        = local.region_settings.db_instance_class
  msk_broker_instance_type = local.region_settings.msk_broker_instance_type
}

module "region_c" {
  source = "../../modules/region"
  # A providers map replaces inheritance for every provider the module needs, so random is listed too.
  providers = { aws = aws.c, random = random }

  tandem_region        = local.names.c
  layout               = module.layout_c
  peers                = zipmap([local.names.a, local.names.b], [local.peer.a, local.peer.b])
  kafka_scram          = { username = "tandem", password = random_password.kafka_scram.result }
  nat_gateways         = var.nat_gateways_per_region
  router_count         = var.router_count
  router_latency_table = local.router_latency_table

  cluster_name             = local.region_settings.cluster_name
  zookeeper_connect        = local.region_settings.zookeeper_connect
  zookeeper_cidrs          = local.region_settings.zookeeper_cidrs
  admin_cidrs              = local.region_settings.admin_cidrs
  tandem_image             = local.region_settings.tandem_image
  router_domain_name       = local.region_settings.router_domain_name
  route53_zone_id          = local.region_settings.route53_zone_id
  db_instance_class        = local.region_settings.db_instance_class
  msk_broker_instance_type = local.region_settings.msk_broker_instance_type
}

# --- ZooKeeper: three nodes, one per region ----------------------------------------------------

module "zookeeper_a" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.a }

  cluster_name     = var.cluster_name
  tandem_region    = local.names.a
  node_id          = 1
  ensemble         = local.zookeeper_ensemble
  vpc_id           = module.region_a.vpc_id
  subnet_id        = module.region_a.zookeeper_subnet_id
  private_ip       = module.layout_a.zookeeper_ip
  client_cidrs     = local.app_cidrs
  instance_type    = var.zookeeper_instance_type
  zookeeper_sha512 = var.zookeeper_sha512
}

module "zookeeper_b" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.b }

  cluster_name     = var.cluster_name
  tandem_region    = local.names.b
  node_id          = 2
  ensemble         = local.zookeeper_ensemble
  vpc_id           = module.region_b.vpc_id
  subnet_id        = module.region_b.zookeeper_subnet_id
  private_ip       = module.layout_b.zookeeper_ip
  client_cidrs     = local.app_cidrs
  instance_type    = var.zookeeper_instance_type
  zookeeper_sha512 = var.zookeeper_sha512
}

module "zookeeper_c" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.c }

  cluster_name     = var.cluster_name
  tandem_region    = local.names.c
  node_id          = 3
  ensemble         = local.zookeeper_ensemble
  vpc_id           = module.region_c.vpc_id
  subnet_id        = module.region_c.zookeeper_subnet_id
  private_ip       = module.layout_c.zookeeper_ip
  client_cidrs     = local.app_cidrs
  instance_type    = var.zookeeper_instance_type
  zookeeper_sha512 = var.zookeeper_sha512
}

# --- inter-region VPC peering: a full mesh of three links ----------------------------------------

module "peering_ab" {
  source    = "../../modules/peering"
  providers = { aws.requester = aws.a, aws.accepter = aws.b }

  name      = "${var.cluster_name}-${local.names.a}-${local.names.b}"
  requester = { vpc_id = module.region_a.vpc_id, vpc_cidr = var.region_a.vpc_cidr, route_table_ids = module.region_a.private_route_table_ids }
  accepter  = { vpc_id = module.region_b.vpc_id, vpc_cidr = var.region_b.vpc_cidr, route_table_ids = module.region_b.private_route_table_ids, aws_region = var.region_b.aws_region }
}

module "peering_ac" {
  source    = "../../modules/peering"
  providers = { aws.requester = aws.a, aws.accepter = aws.c }

  name      = "${var.cluster_name}-${local.names.a}-${local.names.c}"
  requester = { vpc_id = module.region_a.vpc_id, vpc_cidr = var.region_a.vpc_cidr, route_table_ids = module.region_a.private_route_table_ids }
  accepter  = { vpc_id = module.region_c.vpc_id, vpc_cidr = var.region_c.vpc_cidr, route_table_ids = module.region_c.private_route_table_ids, aws_region = var.region_c.aws_region }
}

module "peering_bc" {
  source    = "../../modules/peering"
  providers = { aws.requester = aws.b, aws.accepter = aws.c }

  name      = "${var.cluster_name}-${local.names.b}-${local.names.c}"
  requester = { vpc_id = module.region_b.vpc_id, vpc_cidr = var.region_b.vpc_cidr, route_table_ids = module.region_b.private_route_table_ids }
  accepter  = { vpc_id = module.region_c.vpc_id, vpc_cidr = var.region_c.vpc_cidr, route_table_ids = module.region_c.private_route_table_ids, aws_region = var.region_c.aws_region }
}

# --- global entry for the router ------------------------------------------------------------------

module "global_router" {
  source    = "../../modules/global-router"
  providers = { aws = aws.a }

  domain_name = var.router_domain_name
  zone_id     = var.route53_zone_id
  regions = zipmap(
    [local.names.a, local.names.b, local.names.c],
    [
      { aws_region = var.region_a.aws_region, lb_dns_name = module.region_a.router_lb_dns_name, lb_zone_id = module.region_a.router_lb_zone_id },
      { aws_region = var.region_b.aws_region, lb_dns_name = module.region_b.router_lb_dns_name, lb_zone_id = module.region_b.router_lb_zone_id },
      { aws_region = var.region_c.aws_region, lb_dns_name = module.region_c.router_lb_dns_name, lb_zone_id = module.region_c.router_lb_zone_id },
    ]
  )
}

# --- the rendered daemon configs, written next to this root for review (no secrets in them) ------

resource "local_file" "region_yaml" {
  for_each = zipmap(
    [local.names.a, local.names.b, local.names.c],
    [module.region_a.region_yaml, module.region_b.region_yaml, module.region_c.region_yaml]
  )

  filename        = "${path.module}/rendered/${each.key}.yaml"
  content         = each.value
  file_permission = "0644"
}

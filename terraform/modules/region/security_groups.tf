# One security group per role; each rule is one link of the design and nothing else.
#
#   link                                     port   from
#   admin → daemon status page                8080  var.admin_cidrs
#   daemon → RDS (same region)                5432  daemon SG
#   daemon → MSK (same region)                9096  daemon SG
#   peer daemons → MSK (cross region)         9096  each peer's app CIDR (SG references do not cross regions)
#   daemon, router → ZooKeeper                2181  rules live in modules/zookeeper-node
#   world → router NLB                         443  0.0.0.0/0  ← the only world-open rule
#   router NLB → router tasks            7070/7080  router LB SG
#
# Egress is scoped the same way; 443 to anywhere is for AWS APIs (ECR, Secrets Manager, Logs) via NAT.

resource "aws_security_group" "daemon" {
  name        = "${local.name}-daemon"
  description = "Tandem daemon tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(local.tags, { Name = "${local.name}-daemon" })
}

resource "aws_security_group" "router" {
  name        = "${local.name}-router"
  description = "Tandem router tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(local.tags, { Name = "${local.name}-router" })
}

resource "aws_security_group" "router_lb" {
  name        = "${local.name}-router-lb"
  description = "Public NLB in front of the Tandem router"
  vpc_id      = aws_vpc.this.id
  tags        = merge(local.tags, { Name = "${local.name}-router-lb" })
}

resource "aws_security_group" "rds" {
  name        = "${local.name}-rds"
  description = "Tandem region PostgreSQL (RDS)"
  vpc_id      = aws_vpc.this.id
  tags        = merge(local.tags, { Name = "${local.name}-rds" })
}

resource "aws_security_group" "msk" {
  name        = "${local.name}-msk"
  description = "Tandem region Kafka (MSK), SASL/SCRAM over TLS"
  vpc_id      = aws_vpc.this.id
  tags        = merge(local.tags, { Name = "${local.name}-msk" })
}

# --- daemon -----------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "daemon_http_from_admin" {
  for_each = toset(var.admin_cidrs)

  security_group_id = aws_security_group.daemon.id
  description       = "Daemon status page, /healthz, /metrics from admin networks"
  ip_protocol       = "tcp"
  from_port         = var.daemon_http_port
  to_port           = var.daemon_http_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "daemon_to_rds" {
  security_group_id            = aws_security_group.daemon.id
  description                  = "Capture and apply on the region's PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.rds.id
}

resource "aws_vpc_security_group_egress_rule" "daemon_to_msk" {
  security_group_id            = aws_security_group.daemon.id
  description                  = "Ship changes to the region's Kafka"
  ip_protocol                  = "tcp"
  from_port                    = 9096
  to_port                      = 9096
  referenced_security_group_id = aws_security_group.msk.id
}

resource "aws_vpc_security_group_egress_rule" "daemon_to_peer_msk" {
  for_each = toset(flatten([for peer in values(var.peers) : peer.data_cidrs]))

  security_group_id = aws_security_group.daemon.id
  description       = "Consume peer regions' changes from their Kafka"
  ip_protocol       = "tcp"
  from_port         = 9096
  to_port           = 9096
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "daemon_to_zookeeper" {
  for_each = toset(var.zookeeper_cidrs)

  security_group_id = aws_security_group.daemon.id
  description       = "Controller participant: ZooKeeper client port"
  ip_protocol       = "tcp"
  from_port         = 2181
  to_port           = 2181
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "daemon_to_aws_apis" {
  security_group_id = aws_security_group.daemon.id
  description       = "ECR, Secrets Manager and CloudWatch Logs over HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# --- RDS and MSK ------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "rds_from_daemon" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from the region's daemon only"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.daemon.id
}

resource "aws_vpc_security_group_ingress_rule" "msk_from_daemon" {
  security_group_id            = aws_security_group.msk.id
  description                  = "Kafka SASL/SCRAM over TLS from the region's daemon"
  ip_protocol                  = "tcp"
  from_port                    = 9096
  to_port                      = 9096
  referenced_security_group_id = aws_security_group.daemon.id
}

resource "aws_vpc_security_group_ingress_rule" "msk_from_peer_daemons" {
  for_each = { for name, peer in var.peers : name => peer.app_cidr }

  security_group_id = aws_security_group.msk.id
  description       = "Kafka SASL/SCRAM over TLS from peer region daemons (consume this region's changes)"
  ip_protocol       = "tcp"
  from_port         = 9096
  to_port           = 9096
  cidr_ipv4         = each.value
}

# --- router -----------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "router_lb_public_https" {
  security_group_id = aws_security_group.router_lb.id
  description       = "Router public port: gRPC over TLS from anywhere (the only world-open rule)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "router_lb_to_router" {
  for_each = toset(["7070", "7080"])

  security_group_id            = aws_security_group.router_lb.id
  description                  = "NLB to router tasks (gRPC 7070, HTTP health 7080)"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.router.id
}

resource "aws_vpc_security_group_ingress_rule" "router_from_lb" {
  for_each = toset(["7070", "7080"])

  security_group_id            = aws_security_group.router.id
  description                  = "Router gRPC 7070 and HTTP 7080 from its NLB only"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.router_lb.id
}

resource "aws_vpc_security_group_egress_rule" "router_to_zookeeper" {
  for_each = toset(var.zookeeper_cidrs)

  security_group_id = aws_security_group.router.id
  description       = "Router follows ownership and membership in ZooKeeper"
  ip_protocol       = "tcp"
  from_port         = 2181
  to_port           = 2181
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "router_to_aws_apis" {
  security_group_id = aws_security_group.router.id
  description       = "ECR and CloudWatch Logs over HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# One ZooKeeper server on EC2 with systemd. EC2 rather than Fargate: a quorum member needs a stable
# address that every peer lists in its zoo.cfg, and a disk that survives restarts.

locals {
  name = "${var.cluster_name}-${var.tandem_region}-zk${var.node_id}"
  tags = merge(var.tags, { "tandem:cluster" = var.cluster_name, "tandem:region" = var.tandem_region, "tandem:role" = "zookeeper" })

  # The other nodes' addresses: only they may use the quorum and election ports.
  peer_cidrs = [for n in var.ensemble : "${n.ip}/32" if n.id != var.node_id]
}

data "aws_ssm_parameter" "al2023_arm64" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

resource "aws_security_group" "zookeeper" {
  name        = local.name
  description = "ZooKeeper node ${var.node_id}: clients on 2181, quorum 2888/3888 from the other nodes only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = local.name })
}

resource "aws_vpc_security_group_ingress_rule" "client" {
  for_each = toset(var.client_cidrs)

  security_group_id = aws_security_group.zookeeper.id
  description       = "ZooKeeper clients (daemons, routers)"
  ip_protocol       = "tcp"
  from_port         = 2181
  to_port           = 2181
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "quorum" {
  for_each = toset(local.peer_cidrs)

  security_group_id = aws_security_group.zookeeper.id
  description       = "Quorum traffic from another ensemble member"
  ip_protocol       = "tcp"
  from_port         = 2888
  to_port           = 2888
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "election" {
  for_each = toset(local.peer_cidrs)

  security_group_id = aws_security_group.zookeeper.id
  description       = "Leader election from another ensemble member"
  ip_protocol       = "tcp"
  from_port         = 3888
  to_port           = 3888
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "quorum" {
  for_each = toset(local.peer_cidrs)

  security_group_id = aws_security_group.zookeeper.id
  description       = "Quorum and election to the other members"
  ip_protocol       = "tcp"
  from_port         = 2888
  to_port           = 3888
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.zookeeper.id
  description       = "Package and ZooKeeper download, SSM Session Manager"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# No SSH: operators reach the node through SSM Session Manager.
data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "zookeeper" {
  name_prefix        = "${var.cluster_name}-zk${var.node_id}-"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.zookeeper.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "zookeeper" {
  name_prefix = "${var.cluster_name}-zk${var.node_id}-"
  role        = aws_iam_role.zookeeper.name
  tags        = local.tags
}

resource "aws_instance" "zookeeper" {
  ami                    = data.aws_ssm_parameter.al2023_arm64.value
  instance_type          = var.instance_type
  subnet_id              = var.subnet_id
  private_ip             = var.private_ip
  vpc_security_group_ids = [aws_security_group.zookeeper.id]
  iam_instance_profile   = aws_iam_instance_profile.zookeeper.name

  disable_api_termination = true

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = var.volume_gb
    encrypted   = true
  }

  user_data = templatefile("${path.module}/templates/cloud-init.sh.tftpl", {
    node_id           = var.node_id
    servers           = [for n in var.ensemble : "server.${n.id}=${n.ip}:2888:3888"]
    zookeeper_version = var.zookeeper_version
    zookeeper_sha512  = var.zookeeper_sha512
  })
  user_data_replace_on_change = false

  tags = merge(local.tags, { Name = local.name })

  lifecycle {
    ignore_changes = [ami]
  }
}

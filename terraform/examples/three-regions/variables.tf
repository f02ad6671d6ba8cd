variable "cluster_name" {
  description = "Tandem cluster name (the daemon's `cluster` setting), the same in every region."
  type        = string
  default     = "tandem"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.cluster_name))
    error_message = "cluster_name must be 1-40 lower-case letters, digits or dashes starting with a letter."
  }
}

variable "region_a" {
  description = "Region slot a (provider aws.a, ZooKeeper node 1): Tandem name (lower-case, e.g. us-east), AWS region code and a /16 VPC CIDR."
  type = object({
    name       = string
    aws_region = string
    vpc_cidr   = string
  })
  default = { name = "us-east", aws_region = "us-east-1", vpc_cidr = "10.10.0.0/16" }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.region_a.name))
    error_message = "region_a.name must be a Tandem region name: lower-case letters, digits and dashes starting with a letter (e.g. us-east), not an AWS code."
  }

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region_a.aws_region))
    error_message = "region_a.aws_region must be an AWS region code such as us-east-1."
  }

  validation {
    condition     = can(cidrhost(var.region_a.vpc_cidr, 0)) && endswith(var.region_a.vpc_cidr, "/16")
    error_message = "region_a.vpc_cidr must be a /16 IPv4 CIDR such as 10.10.0.0/16."
  }
}

variable "region_b" {
  description = "Region slot b (provider aws.b, ZooKeeper node 2): Tandem name (lower-case, e.g. us-east), AWS region code and a /16 VPC CIDR."
  type = object({
    name       = string
    aws_region = string
    vpc_cidr   = string
  })
  default = { name = "eu-west", aws_region = "eu-west-1", vpc_cidr = "10.20.0.0/16" }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.region_b.name))
    error_message = "region_b.name must be a Tandem region name: lower-case letters, digits and dashes starting with a letter (e.g. us-east), not an AWS code."
  }

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region_b.aws_region))
    error_message = "region_b.aws_region must be an AWS region code such as us-east-1."
  }

  validation {
    condition     = can(cidrhost(var.region_b.vpc_cidr, 0)) && endswith(var.region_b.vpc_cidr, "/16")
    error_message = "region_b.vpc_cidr must be a /16 IPv4 CIDR such as 10.10.0.0/16."
  }
}

variable "region_c" {
  description = "Region slot c (provider aws.c, ZooKeeper node 3): Tandem name (lower-case, e.g. us-east), AWS region code and a /16 VPC CIDR."
  type = object({
    name       = string
    aws_region = string
    vpc_cidr   = string
  })
  default = { name = "ap-south", aws_region = "ap-southeast-1", vpc_cidr = "10.30.0.0/16" }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.region_c.name))
    error_message = "region_c.name must be a Tandem region name: lower-case letters, digits and dashes starting with a letter (e.g. us-east), not an AWS code."
  }

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region_c.aws_region))
    error_message = "region_c.aws_region must be an AWS region code such as us-east-1."
  }

  validation {
    condition     = can(cidrhost(var.region_c.vpc_cidr, 0)) && endswith(var.region_c.vpc_cidr, "/16")
    error_message = "region_c.vpc_cidr must be a /16 IPv4 CIDR such as 10.10.0.0/16."
  }

  # Cross-variable checks (Terraform 1.9+), stated once here on the last slot.
  validation {
    condition     = length(distinct([var.region_a.name, var.region_b.name, var.region_c.name])) == 3
    error_message = "region_a, region_b and region_c must have three different Tandem names."
  }

  validation {
    condition     = length(distinct([var.region_a.aws_region, var.region_b.aws_region, var.region_c.aws_region])) == 3
    error_message = "region_a, region_b and region_c must be three different AWS regions: the ZooKeeper ensemble (one node per slot) must survive the loss of any one region."
  }

  validation {
    condition     = length(distinct([cidrhost(var.region_a.vpc_cidr, 0), cidrhost(var.region_b.vpc_cidr, 0), cidrhost(var.region_c.vpc_cidr, 0)])) == 3
    error_message = "region_a, region_b and region_c need three different /16 VPC CIDRs: peered VPCs cannot overlap (e.g. 10.10.0.0/16, 10.20.0.0/16, 10.30.0.0/16)."
  }
}

variable "admin_cidrs" {
  description = "CIDRs (VPN, monitoring) allowed to reach each daemon's HTTP status port. Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0)) && !contains(["0.0.0.0/0", "::/0"], c)])
    error_message = "admin_cidrs must be IPv4 CIDRs and must not contain 0.0.0.0/0 or ::/0."
  }
}

variable "tandem_image" {
  description = "Container image of Tandem (daemon and router), with a pinned tag or digest. It must be pullable from every region (ECR replication or a public registry)."
  type        = string

  validation {
    condition     = length(var.tandem_image) > 0 && !endswith(var.tandem_image, ":latest")
    error_message = "tandem_image must name an image with a pinned tag or digest, not :latest."
  }
}

variable "router_domain_name" {
  description = "Global DNS name of the router (Route 53 latency records), e.g. router.tandem.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.router_domain_name))
    error_message = "router_domain_name must be a lower-case DNS name such as router.tandem.example.com."
  }
}

variable "route53_zone_id" {
  description = "Route 53 public hosted zone that holds router_domain_name."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]+$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "zookeeper_sha512" {
  description = "SHA-512 of apache-zookeeper-<version>-bin.tar.gz (from downloads.apache.org), checked by every node before installing."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{128}$", var.zookeeper_sha512))
    error_message = "zookeeper_sha512 must be 128 lower-case hex digits."
  }
}

variable "db_instance_class" {
  description = "RDS instance class in every region."
  type        = string
  default     = "db.r6g.large"

  validation {
    condition     = contains(["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge"], var.db_instance_class)
    error_message = "db_instance_class must be one of db.t4g.medium (test only), db.r6g.large/xlarge/2xlarge, db.r7g.large/xlarge/2xlarge."
  }
}

variable "msk_broker_instance_type" {
  description = "MSK broker instance type in every region (three brokers per region)."
  type        = string
  default     = "kafka.m7g.large"

  validation {
    condition     = contains(["kafka.t3.small", "kafka.m5.large", "kafka.m7g.large", "kafka.m7g.xlarge", "kafka.m7g.2xlarge"], var.msk_broker_instance_type)
    error_message = "msk_broker_instance_type must be one of kafka.t3.small (test only), kafka.m5.large, kafka.m7g.large/xlarge/2xlarge."
  }
}

variable "zookeeper_instance_type" {
  description = "EC2 instance type of the three ZooKeeper nodes (arm64)."
  type        = string
  default     = "t4g.medium"

  validation {
    condition     = contains(["t4g.small", "t4g.medium", "t4g.large", "m7g.medium", "m7g.large"], var.zookeeper_instance_type)
    error_message = "zookeeper_instance_type must be one of t4g.small, t4g.medium, t4g.large, m7g.medium, m7g.large."
  }
}

variable "nat_gateways_per_region" {
  description = "NAT gateways per region: 1 is cheaper; 3 (one per zone) keeps egress up when a zone fails."
  type        = number
  default     = 1

  validation {
    condition     = contains([1, 3], var.nat_gateways_per_region)
    error_message = "nat_gateways_per_region must be 1 or 3."
  }
}

variable "router_count" {
  description = "Router tasks per region."
  type        = number
  default     = 2

  validation {
    condition     = var.router_count >= 1 && var.router_count <= 20
    error_message = "router_count must be between 1 and 20."
  }
}

variable "tags" {
  description = "Extra tags on every resource (added to the providers' default_tags)."
  type        = map(string)
  default     = {}
}

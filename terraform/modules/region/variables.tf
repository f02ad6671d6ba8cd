variable "cluster_name" {
  description = "Tandem cluster name (the daemon's `cluster` setting); the same in every region. Lower-case letters, digits and dashes."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.cluster_name))
    error_message = "cluster_name must be 1-40 lower-case letters, digits or dashes starting with a letter (the daemon's NAME type)."
  }
}

variable "tandem_region" {
  description = "This region's Tandem name (the daemon's `region` setting, e.g. us-east), not the AWS region code."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.tandem_region))
    error_message = "tandem_region must be 1-40 lower-case letters, digits or dashes starting with a letter, e.g. us-east."
  }
}

variable "layout" {
  description = "Subnet layout of this region's VPC, the outputs of modules/network-layout."
  type = object({
    vpc_cidr       = string
    public_cidrs   = list(string)
    app_cidr       = string
    app_cidrs      = list(string)
    data_cidrs     = list(string)
    zookeeper_cidr = string
    zookeeper_ip   = string
  })

  validation {
    condition     = length(var.layout.public_cidrs) == length(var.layout.app_cidrs) && length(var.layout.app_cidrs) == length(var.layout.data_cidrs) && length(var.layout.app_cidrs) >= 2
    error_message = "layout must have the same number (at least 2) of public, app and data subnets: pass the outputs of modules/network-layout."
  }
}

variable "peers" {
  description = "The other regions, by Tandem region name: their MSK bootstrap (SASL/SCRAM, port 9096) and data subnets, which this region's daemon consumes from, and their app CIDR, whose daemons consume this region's MSK."
  type = map(object({
    kafka_bootstrap = string
    app_cidr        = string
    data_cidrs      = list(string)
  }))

  validation {
    condition     = length(var.peers) >= 1 && alltrue([for name, p in var.peers : can(regex("^[a-z][a-z0-9-]{0,39}$", name)) && can(cidrhost(p.app_cidr, 0))])
    error_message = "peers needs at least one peer; each key must be a Tandem region name (lower-case, e.g. eu-west) and each app_cidr an IPv4 CIDR."
  }
}

variable "zookeeper_connect" {
  description = "ZooKeeper connect string (host:2181,...) of the ensemble spread over three regions."
  type        = string

  validation {
    condition     = can(regex("^[^,:]+:[0-9]+(,[^,:]+:[0-9]+)*$", var.zookeeper_connect))
    error_message = "zookeeper_connect must be host:port[,host:port...], e.g. 10.10.12.10:2181,10.20.12.10:2181,10.30.12.10:2181."
  }
}

variable "zookeeper_cidrs" {
  description = "The ZooKeeper nodes' addresses as /32 CIDRs: the daemon and router may reach port 2181 on these only."
  type        = list(string)

  validation {
    condition     = length(var.zookeeper_cidrs) >= 3 && alltrue([for c in var.zookeeper_cidrs : can(cidrhost(c, 0)) && endswith(c, "/32")])
    error_message = "zookeeper_cidrs must list at least three /32 CIDRs, one per ZooKeeper node."
  }
}

variable "admin_cidrs" {
  description = "CIDRs allowed to reach the daemon's HTTP status port (status page, /healthz, /metrics): your VPN or monitoring ranges. Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.admin_cidrs : can(cidrhost(c, 0)) && !contains(["0.0.0.0/0", "::/0"], c)])
    error_message = "admin_cidrs must be IPv4 CIDRs and must not include 0.0.0.0/0 or ::/0: the status port is for operators only."
  }
}

variable "tandem_image" {
  description = "Container image with the `tandem` launcher and the router (e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/tandem:0.1.0). Pin a tag or digest."
  type        = string

  validation {
    condition     = length(var.tandem_image) > 0 && !endswith(var.tandem_image, ":latest")
    error_message = "tandem_image must name an image with a pinned tag or digest, not :latest."
  }
}

variable "database_name" {
  description = "Name of the application database Tandem replicates."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lower-case PostgreSQL identifier (letters, digits, underscores; at most 63)."
  }
}

variable "postgres_engine_version" {
  description = "RDS PostgreSQL major.minor version. Logical replication with pgoutput needs 10+; Tandem is tested on 16 and 17."
  type        = string
  default     = "16.4"

  validation {
    condition     = can(regex("^(16|17)\\.[0-9]+$", var.postgres_engine_version))
    error_message = "postgres_engine_version must be a 16.x or 17.x version, e.g. 16.4."
  }
}

variable "db_instance_class" {
  description = "RDS instance class for the region's PostgreSQL."
  type        = string
  default     = "db.r6g.large"

  validation {
    condition     = contains(["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge"], var.db_instance_class)
    error_message = "db_instance_class must be one of db.t4g.medium (test only), db.r6g.large/xlarge/2xlarge, db.r7g.large/xlarge/2xlarge."
  }
}

variable "db_allocated_storage_gb" {
  description = "RDS storage in GiB (gp3). Replication slots retain WAL while a consumer is down, so leave headroom."
  type        = number
  default     = 100

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 65536
    error_message = "db_allocated_storage_gb must be between 20 and 65536."
  }
}

variable "db_multi_az" {
  description = "Run RDS Multi-AZ (a standby in another zone). Recommended outside test environments."
  type        = bool
  default     = true
}

variable "postgres_ssl_mode" {
  description = "sslmode in the daemon's JDBC URL. verify-full needs the RDS CA bundle in the image; require still encrypts (rds.force_ssl is on)."
  type        = string
  default     = "require"

  validation {
    condition     = contains(["require", "verify-ca", "verify-full"], var.postgres_ssl_mode)
    error_message = "postgres_ssl_mode must be require, verify-ca or verify-full (RDS forces TLS, so disable/prefer are not offered)."
  }
}

variable "kafka_version" {
  description = "Kafka version of the MSK cluster."
  type        = string
  default     = "3.6.0"

  validation {
    condition     = can(regex("^3\\.[0-9]+\\.[0-9]+", var.kafka_version))
    error_message = "kafka_version must be a 3.x MSK version, e.g. 3.6.0."
  }
}

variable "msk_broker_instance_type" {
  description = "MSK broker instance type; the cluster has one broker per zone."
  type        = string
  default     = "kafka.m7g.large"

  validation {
    condition     = contains(["kafka.t3.small", "kafka.m5.large", "kafka.m7g.large", "kafka.m7g.xlarge", "kafka.m7g.2xlarge"], var.msk_broker_instance_type)
    error_message = "msk_broker_instance_type must be one of kafka.t3.small (test only), kafka.m5.large, kafka.m7g.large/xlarge/2xlarge."
  }
}

variable "msk_volume_gb" {
  description = "EBS storage per MSK broker in GiB."
  type        = number
  default     = 100

  validation {
    condition     = var.msk_volume_gb >= 1 && var.msk_volume_gb <= 16384
    error_message = "msk_volume_gb must be between 1 and 16384."
  }
}

variable "daemon_cpu" {
  description = "Fargate CPU units of the daemon task (1024 = 1 vCPU)."
  type        = number
  default     = 1024

  validation {
    condition     = contains([512, 1024, 2048, 4096], var.daemon_cpu)
    error_message = "daemon_cpu must be 512, 1024, 2048 or 4096."
  }
}

variable "daemon_memory" {
  description = "Fargate memory of the daemon task in MiB; must be a valid pairing with daemon_cpu."
  type        = number
  default     = 2048

  validation {
    condition     = contains([1024, 2048, 4096, 8192, 16384], var.daemon_memory)
    error_message = "daemon_memory must be 1024, 2048, 4096, 8192 or 16384 MiB."
  }
}

variable "daemon_http_port" {
  description = "The daemon's HTTP port (status page, /healthz, /metrics): the `http.port` setting."
  type        = number
  default     = 8080

  validation {
    condition     = var.daemon_http_port >= 1024 && var.daemon_http_port <= 65535
    error_message = "daemon_http_port must be an unprivileged TCP port (1024-65535)."
  }
}

variable "router_count" {
  description = "Number of router tasks in the region (stateless; they answer from memory)."
  type        = number
  default     = 2

  validation {
    condition     = var.router_count >= 1 && var.router_count <= 20
    error_message = "router_count must be between 1 and 20."
  }
}

variable "router_domain_name" {
  description = "The router's global DNS name (e.g. router.tandem.example.com); each region's NLB serves a certificate for it."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.router_domain_name))
    error_message = "router_domain_name must be a lower-case DNS name such as router.tandem.example.com."
  }
}

variable "route53_zone_id" {
  description = "Route 53 public hosted zone that holds router_domain_name (used for the certificate's DNS validation)."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]+$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "router_latency_table" {
  description = "The router's latency table: for each client region (Tandem name), the Tandem regions nearest first. The same in every region."
  type        = map(list(string))

  validation {
    condition     = length(var.router_latency_table) >= 2 && alltrue([for client, order in var.router_latency_table : length(order) >= 1 && length(distinct(order)) == length(order) && can(regex("^[a-z][a-z0-9-]{0,39}$", client))])
    error_message = "router_latency_table needs a row for at least two client regions (Tandem names), each listing distinct regions nearest first."
  }
}

variable "router_tables" {
  description = "Owned tables the router maps keys for: name, shard count and shard groups in order (see region-router's README). Empty routes by group only."
  type = list(object({
    name   = string
    shards = number
    groups = list(string)
  }))
  default = []
}

variable "nat_gateways" {
  description = "NAT gateways in the region: 1 (cheaper, one zone's outage cuts egress) or one per zone."
  type        = number
  default     = 1

  validation {
    condition     = var.nat_gateways >= 1 && var.nat_gateways <= 4
    error_message = "nat_gateways must be between 1 and the number of zones (at most 4)."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention for the daemon and router."
  type        = number
  default     = 30

  validation {
    condition     = contains([7, 14, 30, 60, 90, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be one of 7, 14, 30, 60, 90, 180, 365."
  }
}

variable "tags" {
  description = "Tags added to every resource of the region (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "kafka_scram" {
  description = "SASL/SCRAM user of the Tandem daemons, the same on every region's MSK so one credential reads every peer. Generated by the root module; never commit it."
  type = object({
    username = string
    password = string
  })
  sensitive = true

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.kafka_scram.username)) && length(var.kafka_scram.password) >= 16
    error_message = "kafka_scram needs a username of letters, digits, '_' or '-' and a password of at least 16 characters."
  }
}

variable "cluster_name" {
  description = "Tandem cluster name, used in resource names and tags."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.cluster_name))
    error_message = "cluster_name must be 1-40 lower-case letters, digits or dashes starting with a letter."
  }
}

variable "tandem_region" {
  description = "Tandem name of the region that hosts this node (e.g. us-east)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.tandem_region))
    error_message = "tandem_region must be a lower-case Tandem region name such as us-east."
  }
}

variable "node_id" {
  description = "This node's ZooKeeper server id (myid), 1-255, unique in the ensemble."
  type        = number

  validation {
    condition     = var.node_id >= 1 && var.node_id <= 255 && floor(var.node_id) == var.node_id
    error_message = "node_id must be an integer between 1 and 255."
  }
}

variable "ensemble" {
  description = "Every node of the ensemble, this one included: server id and fixed private IP. Three nodes in three regions survive the loss of any one region."
  type = list(object({
    id = number
    ip = string
  }))

  validation {
    condition     = length(var.ensemble) == 3 && length(distinct([for n in var.ensemble : n.id])) == 3 && length(distinct([for n in var.ensemble : n.ip])) == 3
    error_message = "ensemble must list exactly three nodes with distinct ids and distinct IPs (one per region)."
  }
}

variable "vpc_id" {
  description = "VPC of the hosting region."
  type        = string
}

variable "subnet_id" {
  description = "The region's ZooKeeper subnet (from modules/region), which contains private_ip and nothing else."
  type        = string
}

variable "private_ip" {
  description = "This node's fixed private IP (from modules/network-layout); the other nodes and every client know it in advance."
  type        = string

  validation {
    condition     = can(cidrhost("${var.private_ip}/32", 0))
    error_message = "private_ip must be an IPv4 address."
  }
}

variable "client_cidrs" {
  description = "CIDRs of the ZooKeeper clients (every region's app CIDR: daemons and routers). Only these reach port 2181."
  type        = list(string)

  validation {
    condition     = length(var.client_cidrs) >= 1 && alltrue([for c in var.client_cidrs : can(cidrhost(c, 0)) && !contains(["0.0.0.0/0", "::/0"], c)])
    error_message = "client_cidrs must be IPv4 CIDRs of the app subnets, never 0.0.0.0/0."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the node (Graviton)."
  type        = string
  default     = "t4g.medium"

  validation {
    condition     = contains(["t4g.small", "t4g.medium", "t4g.large", "m7g.medium", "m7g.large"], var.instance_type)
    error_message = "instance_type must be one of t4g.small, t4g.medium, t4g.large, m7g.medium, m7g.large (arm64: the AMI is arm64)."
  }
}

variable "zookeeper_version" {
  description = "Apache ZooKeeper version installed on the node (the one Tandem is built and tested against)."
  type        = string
  default     = "3.9.5"

  validation {
    condition     = can(regex("^3\\.[89]\\.[0-9]+$", var.zookeeper_version))
    error_message = "zookeeper_version must be a 3.8.x or 3.9.x release."
  }
}

variable "zookeeper_sha512" {
  description = "SHA-512 of apache-zookeeper-<version>-bin.tar.gz from downloads.apache.org; the node refuses to install a tarball that does not match."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{128}$", var.zookeeper_sha512))
    error_message = "zookeeper_sha512 must be 128 lower-case hex digits (the .sha512 file published next to the tarball)."
  }
}

variable "volume_gb" {
  description = "Size of the node's encrypted root volume (snapshots and transaction logs) in GiB."
  type        = number
  default     = 30

  validation {
    condition     = var.volume_gb >= 20 && var.volume_gb <= 1000
    error_message = "volume_gb must be between 20 and 1000."
  }
}

variable "tags" {
  description = "Tags added to every resource of the node."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Name of the link, e.g. tandem-us-east-eu-west (tags only)."
  type        = string

  validation {
    condition     = length(var.name) > 0 && length(var.name) <= 255
    error_message = "name must be 1-255 characters."
  }
}

variable "requester" {
  description = "The requesting side: VPC id, its CIDR and its private route tables."
  type = object({
    vpc_id          = string
    vpc_cidr        = string
    route_table_ids = list(string)
  })

  validation {
    condition     = can(cidrhost(var.requester.vpc_cidr, 0))
    error_message = "requester.vpc_cidr must be an IPv4 CIDR."
  }
}

variable "accepter" {
  description = "The accepting side: VPC id, its CIDR, its private route tables and its AWS region code."
  type = object({
    vpc_id          = string
    vpc_cidr        = string
    route_table_ids = list(string)
    aws_region      = string
  })

  validation {
    condition     = can(cidrhost(var.accepter.vpc_cidr, 0)) && can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.accepter.aws_region))
    error_message = "accepter.vpc_cidr must be an IPv4 CIDR and accepter.aws_region an AWS region code such as eu-west-1."
  }
}

variable "tags" {
  description = "Tags on the peering connection."
  type        = map(string)
  default     = {}
}

variable "domain_name" {
  description = "The router's global name, e.g. router.tandem.example.com; clients connect to it on 443."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as router.tandem.example.com."
  }
}

variable "zone_id" {
  description = "Route 53 public hosted zone that holds domain_name."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]+$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "regions" {
  description = "One entry per Tandem region, keyed by Tandem name: AWS region code and the router NLB (DNS name and zone id)."
  type = map(object({
    aws_region  = string
    lb_dns_name = string
    lb_zone_id  = string
  }))

  validation {
    condition     = length(var.regions) >= 2 && length(distinct([for r in values(var.regions) : r.aws_region])) == length(var.regions)
    error_message = "regions needs at least two entries, each in a different AWS region (latency records are per AWS region)."
  }
}

variable "health_check_interval" {
  description = "Seconds between Route 53 health checks of each region's router (10 costs more than 30)."
  type        = number
  default     = 30

  validation {
    condition     = contains([10, 30], var.health_check_interval)
    error_message = "health_check_interval must be 10 or 30 (the values Route 53 offers)."
  }
}

variable "tags" {
  description = "Tags on the health checks."
  type        = map(string)
  default     = {}
}

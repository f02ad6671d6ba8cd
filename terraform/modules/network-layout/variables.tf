variable "vpc_cidr" {
  description = "The region's VPC CIDR, a /16 in RFC 1918 space (e.g. 10.10.0.0/16)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && endswith(var.vpc_cidr, "/16")
    error_message = "vpc_cidr must be an IPv4 CIDR with prefix length /16, such as 10.10.0.0/16."
  }
}

variable "zones" {
  description = "How many availability zones the region spreads over (one subnet of each tier per zone)."
  type        = number
  default     = 3

  validation {
    condition     = var.zones >= 2 && var.zones <= 4
    error_message = "zones must be between 2 and 4: RDS Multi-AZ and MSK need at least 2, the layout has room for 4."
  }
}

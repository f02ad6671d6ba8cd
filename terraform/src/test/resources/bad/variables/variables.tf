# Bad on purpose: one variable without a description, one CIDR list without validation.
variable "instance_size" {
  type    = string
  default = "large"
}

variable "peer_cidrs" {
  description = "CIDRs of the peer regions."
  type        = list(string)
}

variable "home_region" {
  description = "AWS region code."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}-", var.home_region))
    error_message = "home_region must be an AWS region code such as us-east-1."
  }
}

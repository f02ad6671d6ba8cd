# Bad on purpose: a misspelt module argument (so a required one is missing), an output that does not
# exist and an undeclared variable.
module "layout" {
  source    = "../../../../../modules/network-layout"
  vpc_cidrr = "10.10.0.0/16"
}

output "zookeeper" {
  description = "Not an output of network-layout."
  value       = module.layout.zookeeper_address
}

output "undeclared" {
  description = "Refers to a variable nobody declared."
  value       = var.missing
}

# Pure arithmetic, no resources and no provider: the one place that decides how a region's VPC
# CIDR is cut up. The example root calls it once per region so every module (and every peer
# region's security groups) agree on the same subnets and the same ZooKeeper address.
#
#   /16 VPC, e.g. 10.10.0.0/16
#   ├── public  10.10.0.0/24, 10.10.1.0/24, 10.10.2.0/24     NAT gateways, the router's NLB
#   ├── app     10.10.4.0/22 = 3 × /24                        daemon and router tasks (Fargate)
#   ├── data    10.10.8.0/22 = 3 × /24                        RDS, MSK brokers
#   └── zk      10.10.12.0/24                                 the ZooKeeper node alone, at .10
#
# ZooKeeper has a subnet of its own so its fixed address can never be taken first by an RDS or MSK
# network interface, which AWS places at random addresses in the data subnets.
locals {
  public_cidrs   = [for i in range(var.zones) : cidrsubnet(var.vpc_cidr, 8, i)]
  app_cidr       = cidrsubnet(var.vpc_cidr, 6, 1)
  app_cidrs      = [for i in range(var.zones) : cidrsubnet(local.app_cidr, 2, i)]
  data_cidr      = cidrsubnet(var.vpc_cidr, 6, 2)
  data_cidrs     = [for i in range(var.zones) : cidrsubnet(local.data_cidr, 2, i)]
  zookeeper_cidr = cidrsubnet(var.vpc_cidr, 8, 12)
  zookeeper_ip   = cidrhost(local.zookeeper_cidr, 10)
}

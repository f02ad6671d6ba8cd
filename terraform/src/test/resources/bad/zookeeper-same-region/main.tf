# Bad on purpose: nodes 1 and 2 end up in the same AWS region.
variable "home" {
  description = "AWS region of slots a and b."
  type        = string
  default     = "us-east-1"
}

provider "aws" {
  alias  = "a"
  region = var.home
}

provider "aws" {
  alias  = "b"
  region = "us-east-1"
}

provider "aws" {
  alias  = "c"
  region = "eu-west-1"
}

module "zookeeper_a" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.a }
  node_id   = 1
}

module "zookeeper_b" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.b }
  node_id   = 2
}

module "zookeeper_c" {
  source    = "../../modules/zookeeper-node"
  providers = { aws = aws.c }
  node_id   = 3
}

# Bad on purpose: an ensemble of two does not survive the loss of either region.
provider "aws" {
  alias  = "a"
  region = "us-east-1"
}

provider "aws" {
  alias  = "b"
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

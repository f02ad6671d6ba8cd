# Bad on purpose: region_a misses peer c, region_b sits on slot c's provider, two peerings missing,
# and the global router forgets a region.
provider "aws" {
  alias  = "a"
  region = "us-east-1"
}

provider "aws" {
  alias  = "b"
  region = "eu-west-1"
}

provider "aws" {
  alias  = "c"
  region = "ap-southeast-1"
}

module "region_a" {
  source    = "../../modules/region"
  providers = { aws = aws.a }
  peers     = zipmap([local.names.b], [local.peer.b])
}

module "region_b" {
  source    = "../../modules/region"
  providers = { aws = aws.c }
  peers     = zipmap([local.names.a, local.names.c], [local.peer.a, local.peer.c])
}

module "region_c" {
  source    = "../../modules/region"
  providers = { aws = aws.c }
  peers     = zipmap([local.names.a, local.names.b], [local.peer.a, local.peer.b])
}

module "peering_ab" {
  source    = "../../modules/peering"
  providers = { aws.requester = aws.a, aws.accepter = aws.b }
}

module "global_router" {
  source    = "../../modules/global-router"
  providers = { aws = aws.a }
  regions   = zipmap([local.names.a, local.names.b], [local.r.a, local.r.b])
}

# A root cannot loop over providers, so this example has a fixed layout of three region slots,
# a, b and c, each with its own provider alias. var.regions[0] is slot a, [1] is b, [2] is c.
# To add a region, add a slot: a provider alias, a layout, a region and a ZooKeeper-less region
# module call, peerings to every other slot (see README.md).

provider "aws" {
  alias  = "a"
  region = var.regions[0].aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "b"
  region = var.regions[1].aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "c"
  region = var.regions[2].aws_region

  default_tags {
    tags = local.default_tags
  }
}

# A root cannot loop over providers, so this example has a fixed layout of three region slots,
# a, b and c, each with its own provider alias and its own variable (region_a, region_b, region_c).
# Each slot hosts one ZooKeeper node. A fourth region would be a fourth slot: a provider alias, a
# layout, a region module (without a ZooKeeper node) and peerings to every other slot.

provider "aws" {
  alias  = "a"
  region = var.region_a.aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "b"
  region = var.region_b.aws_region

  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "c"
  region = var.region_c.aws_region

  default_tags {
    tags = local.default_tags
  }
}

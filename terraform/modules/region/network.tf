resource "aws_vpc" "this" {
  cidr_block           = var.layout.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "public" {
  count = length(local.zones)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.layout.public_cidrs[count.index]
  availability_zone = local.zones[count.index]

  tags = merge(local.tags, { Name = "${local.name}-public-${local.zones[count.index]}", "tandem:tier" = "public" })
}

resource "aws_subnet" "app" {
  count = length(local.zones)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.layout.app_cidrs[count.index]
  availability_zone = local.zones[count.index]

  tags = merge(local.tags, { Name = "${local.name}-app-${local.zones[count.index]}", "tandem:tier" = "app" })
}

resource "aws_subnet" "data" {
  count = length(local.zones)

  vpc_id            = aws_vpc.this.id
  cidr_block        = var.layout.data_cidrs[count.index]
  availability_zone = local.zones[count.index]

  tags = merge(local.tags, { Name = "${local.name}-data-${local.zones[count.index]}", "tandem:tier" = "data" })
}

# The ZooKeeper node's own subnet (first zone): nothing else is placed here, so its fixed IP stays free.
resource "aws_subnet" "zookeeper" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = var.layout.zookeeper_cidr
  availability_zone = local.zones[0]

  tags = merge(local.tags, { Name = "${local.name}-zookeeper", "tandem:tier" = "zookeeper" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${local.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = length(local.zones)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  count = min(var.nat_gateways, length(local.zones))

  domain = "vpc"
  tags   = merge(local.tags, { Name = "${local.name}-nat-${count.index}" })
}

resource "aws_nat_gateway" "this" {
  count = min(var.nat_gateways, length(local.zones))

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = merge(local.tags, { Name = "${local.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.this]
}

# One private route table per zone, so the peering module can add routes to every one and a
# zone can use its own NAT gateway when there is one per zone.
resource "aws_route_table" "private" {
  count = length(local.zones)

  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "${local.name}-private-${local.zones[count.index]}" })
}

resource "aws_route" "private_nat" {
  count = length(local.zones)

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index % length(aws_nat_gateway.this)].id
}

resource "aws_route_table_association" "app" {
  count = length(local.zones)

  subnet_id      = aws_subnet.app[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_route_table_association" "zookeeper" {
  subnet_id      = aws_subnet.zookeeper.id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_route_table_association" "data" {
  count = length(local.zones)

  subnet_id      = aws_subnet.data[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

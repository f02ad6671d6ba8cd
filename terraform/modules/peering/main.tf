# Inter-region VPC peering between two Tandem regions, with routes both ways. Traffic over
# inter-region peering stays on the AWS backbone and is encrypted by AWS. Security groups cannot
# reference groups across regions, so the region and ZooKeeper modules open ports to peer CIDRs.

resource "aws_vpc_peering_connection" "this" {
  provider = aws.requester

  vpc_id      = var.requester.vpc_id
  peer_vpc_id = var.accepter.vpc_id
  peer_region = var.accepter.aws_region
  auto_accept = false

  tags = merge(var.tags, { Name = var.name, Side = "requester" })
}

resource "aws_vpc_peering_connection_accepter" "this" {
  provider = aws.accepter

  vpc_peering_connection_id = aws_vpc_peering_connection.this.id
  auto_accept               = true

  tags = merge(var.tags, { Name = var.name, Side = "accepter" })
}

resource "aws_route" "requester_to_accepter" {
  provider = aws.requester
  count    = length(var.requester.route_table_ids)

  route_table_id            = var.requester.route_table_ids[count.index]
  destination_cidr_block    = var.accepter.vpc_cidr
  vpc_peering_connection_id = aws_vpc_peering_connection.this.id

  depends_on = [aws_vpc_peering_connection_accepter.this]
}

resource "aws_route" "accepter_to_requester" {
  provider = aws.accepter
  count    = length(var.accepter.route_table_ids)

  route_table_id            = var.accepter.route_table_ids[count.index]
  destination_cidr_block    = var.requester.vpc_cidr
  vpc_peering_connection_id = aws_vpc_peering_connection.this.id

  depends_on = [aws_vpc_peering_connection_accepter.this]
}

# Bad on purpose: PostgreSQL, SSH and ZooKeeper open to the world. The router's 443 is fine.
variable "open_cidrs" {
  description = "A CIDR list that lets the world in."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.open_cidrs) > 0
    error_message = "Not empty."
  }
}

resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_vpc_security_group_ingress_rule" "postgres_from_anywhere" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "router_public_https" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "ssh" {
  name = "ssh"

  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group_rule" "zookeeper_from_var" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  protocol          = "tcp"
  from_port         = 2181
  to_port           = 2181
  cidr_blocks       = var.open_cidrs
}

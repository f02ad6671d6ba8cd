# Bad on purpose: one group without logical replication, one instance on the RDS default group.
resource "aws_db_parameter_group" "plain" {
  name   = "plain"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "plain_group" {
  engine               = "postgres"
  instance_class       = "db.t4g.medium"
  parameter_group_name = aws_db_parameter_group.plain.name
}

resource "aws_db_instance" "default_group" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}

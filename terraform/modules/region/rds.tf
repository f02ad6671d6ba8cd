locals {
  # The database user the daemon connects as. Terraform does not create it (the postgresql
  # provider is optional): the operator runs terraform/sql/tandem-user.sql once per region.
  tandem_db_user    = "tandem"
  postgres_families = { "16" = "postgres16", "17" = "postgres17" }
}

# Logical replication is switched on here, in the parameter group: rds.logical_replication = 1
# sets wal_level = logical. HclRulesTest fails if any parameter group lacks it.
resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.name}-"
  family      = local.postgres_families[split(".", var.postgres_engine_version)[0]]
  description = "Tandem: logical replication for capture, TLS only"

  parameter {
    name         = "rds.logical_replication"
    value        = "1"
    apply_method = "pending-reboot"
  }

  # One slot per region for capture plus headroom for a slot being re-created after a gap.
  parameter {
    name         = "max_replication_slots"
    value        = "10"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "max_wal_senders"
    value        = "10"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${local.name}-"
  description = "Tandem data subnets"
  subnet_ids  = aws_subnet.data[*].id
  tags        = local.tags
}

resource "aws_db_instance" "this" {
  identifier_prefix = "${local.name}-"
  engine            = "postgres"
  engine_version    = var.postgres_engine_version
  instance_class    = var.db_instance_class
  db_name           = var.database_name

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_allocated_storage_gb * 4
  storage_type          = "gp3"
  storage_encrypted     = true

  # The master password is generated and rotated by RDS in Secrets Manager; Terraform never sees it.
  username                    = "tandem_admin"
  manage_master_user_password = true

  parameter_group_name   = aws_db_parameter_group.this.name
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.rds.id]
  publicly_accessible    = false
  multi_az               = var.db_multi_az

  backup_retention_period   = 7
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-final"
  copy_tags_to_snapshot     = true

  auto_minor_version_upgrade = true
  apply_immediately          = false

  tags = local.tags
}

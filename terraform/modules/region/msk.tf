resource "aws_msk_configuration" "this" {
  name           = "${local.name}-tandem"
  kafka_versions = [var.kafka_version]
  description    = "Tandem change topics: no auto-created topics, acks=all safe with one zone down"

  server_properties = <<-EOT
    auto.create.topics.enable=false
    default.replication.factor=3
    min.insync.replicas=2
    unclean.leader.election.enable=false
  EOT
}

resource "aws_msk_cluster" "this" {
  cluster_name           = "${local.name}-tandem"
  kafka_version          = var.kafka_version
  number_of_broker_nodes = length(local.zones)

  broker_node_group_info {
    instance_type   = var.msk_broker_instance_type
    client_subnets  = aws_subnet.data[*].id
    security_groups = [aws_security_group.msk.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.msk_volume_gb
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  # TLS between clients and brokers and between brokers; clients authenticate with SASL/SCRAM
  # (port 9096). HclRulesTest fails if either is missing.
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    unauthenticated = false

    sasl {
      scram = true
      iam   = false
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk.name
      }
    }
  }

  tags = local.tags
}

resource "aws_msk_scram_secret_association" "this" {
  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = [aws_secretsmanager_secret.kafka.arn]

  depends_on = [aws_secretsmanager_secret_version.kafka, aws_secretsmanager_secret_policy.kafka]
}

resource "aws_cloudwatch_log_group" "msk" {
  name              = "/tandem/${var.cluster_name}/${var.tandem_region}/msk"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

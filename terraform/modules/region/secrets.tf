# Secrets: generated here, stored in Secrets Manager under a per-region KMS key, and handed to the
# daemon task as environment variables by ECS (`secrets`), never written into its config file.
# Terraform state holds the generated values: keep state in an encrypted, access-controlled backend.

resource "aws_kms_key" "secrets" {
  description             = "Tandem ${local.name} secrets (database user, MSK SCRAM)"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  tags                    = local.tags
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/${local.name}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

resource "random_password" "postgres" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "postgres" {
  name        = "tandem/${var.cluster_name}/${var.tandem_region}/postgres"
  description = "Password of the '${local.tandem_db_user}' database user (TANDEM_POSTGRES_PASSWORD for the daemon)"
  kms_key_id  = aws_kms_key.secrets.arn
  tags        = local.tags
}

resource "aws_secretsmanager_secret_version" "postgres" {
  secret_id = aws_secretsmanager_secret.postgres.id
  secret_string = jsonencode({
    username = local.tandem_db_user
    password = random_password.postgres.result
  })
}

# MSK reads SCRAM credentials only from secrets whose name starts with AmazonMSK_ and that are
# encrypted with a customer managed key.
resource "aws_secretsmanager_secret" "kafka" {
  name        = "AmazonMSK_${var.cluster_name}_${var.tandem_region}_tandem"
  description = "SASL/SCRAM credentials of the Tandem daemon on this region's MSK"
  kms_key_id  = aws_kms_key.secrets.arn
  tags        = local.tags
}

resource "aws_secretsmanager_secret_version" "kafka" {
  secret_id = aws_secretsmanager_secret.kafka.id
  secret_string = jsonencode({
    username = var.kafka_scram.username
    password = var.kafka_scram.password
  })
}

resource "aws_secretsmanager_secret_policy" "kafka" {
  secret_arn = aws_secretsmanager_secret.kafka.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSKafkaResourcePolicy"
      Effect    = "Allow"
      Principal = { Service = "kafka.amazonaws.com" }
      Action    = "secretsmanager:getSecretValue"
      Resource  = aws_secretsmanager_secret.kafka.arn
    }]
  })
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_region" "current" {}

locals {
  name  = "${var.cluster_name}-${var.tandem_region}"
  zones = slice(data.aws_availability_zones.available.names, 0, length(var.layout.app_cidrs))
  tags  = merge(var.tags, { "tandem:cluster" = var.cluster_name, "tandem:region" = var.tandem_region })

  # The daemon's config file, rendered from what this module created and what the peers export.
  # Its keys are the daemon's settings (docs/configuration.md); RenderedConfigTest renders this
  # template with the same variables and runs the daemon's own config validation on it.
  # Credentials are not in it: they reach the task as environment variables from Secrets Manager.
  region_yaml = templatefile("${path.module}/templates/region.yaml.tftpl", {
    cluster           = var.cluster_name
    region            = var.tandem_region
    postgres_host     = aws_db_instance.this.address
    postgres_port     = aws_db_instance.this.port
    database          = var.database_name
    postgres_ssl_mode = var.postgres_ssl_mode
    postgres_user     = local.tandem_db_user
    kafka_bootstrap   = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
    peers             = { for name, peer in var.peers : name => peer.kafka_bootstrap }
    zookeeper_connect = var.zookeeper_connect
    http_port         = var.daemon_http_port
  })
}

# Bad on purpose: plaintext allowed, no SCRAM, anonymous clients, no TLS between brokers.
resource "aws_msk_cluster" "open" {
  cluster_name           = "open"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
      in_cluster    = false
    }
  }

  client_authentication {
    unauthenticated = true
  }
}

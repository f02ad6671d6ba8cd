# Daemon and router run as ECS services on Fargate: no hosts to patch, secrets injected by ECS
# from Secrets Manager, one IAM role per service. See terraform/README.md for EC2 vs Fargate.

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "daemon" {
  name              = "/tandem/${var.cluster_name}/${var.tandem_region}/daemon"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "router" {
  name              = "/tandem/${var.cluster_name}/${var.tandem_region}/router"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

locals {
  # The container writes the rendered config (not secret) to a file and starts the daemon on it.
  daemon_command = ["sh", "-c", "printf '%s' \"$TANDEM_REGION_YAML\" > /tmp/region.yaml && exec tandem daemon --config /tmp/region.yaml"]
  router_command = ["sh", "-c", "printf '%s' \"$TANDEM_ROUTER_JSON\" > /tmp/router.json && exec tandem-router /tmp/router.json"]

  # The router's JSON config (region-router's RouterConfig).
  router_json = jsonencode({
    bind                  = "0.0.0.0"
    grpc_port             = 7070
    http_port             = 7080
    rate_limit_per_client = 1000
    zookeeper = {
      connect = var.zookeeper_connect
      cluster = var.cluster_name
    }
    tables  = var.router_tables
    latency = var.router_latency_table
  })
}

resource "aws_ecs_task_definition" "daemon" {
  family                   = "${local.name}-daemon"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.daemon_cpu
  memory                   = var.daemon_memory
  execution_role_arn       = aws_iam_role.daemon_execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  container_definitions = jsonencode([{
    name        = "daemon"
    image       = var.tandem_image
    essential   = true
    command     = local.daemon_command
    environment = [{ name = "TANDEM_REGION_YAML", value = local.region_yaml }]
    secrets = [
      { name = "TANDEM_POSTGRES_PASSWORD", valueFrom = "${aws_secretsmanager_secret.postgres.arn}:password::" },
      { name = "TANDEM_KAFKA_SASL_USERNAME", valueFrom = "${aws_secretsmanager_secret.kafka.arn}:username::" },
      { name = "TANDEM_KAFKA_SASL_PASSWORD", valueFrom = "${aws_secretsmanager_secret.kafka.arn}:password::" },
    ]
    portMappings = [{ containerPort = var.daemon_http_port, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.daemon.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "daemon"
      }
    }
  }])

  tags = local.tags
}

# Exactly one daemon per region: it owns the region's replication slot. A deployment stops the old
# task before starting the new one (minimum 0 %, maximum 100 %) so two never capture at once.
resource "aws_ecs_service" "daemon" {
  name            = "daemon"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.daemon.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.daemon.id]
    assign_public_ip = false
  }

  tags = local.tags
}

resource "aws_ecs_task_definition" "router" {
  family                   = "${local.name}-router"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.router_execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  container_definitions = jsonencode([{
    name        = "router"
    image       = var.tandem_image
    essential   = true
    command     = local.router_command
    environment = [{ name = "TANDEM_ROUTER_JSON", value = local.router_json }]
    portMappings = [
      { containerPort = 7070, protocol = "tcp" },
      { containerPort = 7080, protocol = "tcp" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.router.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "router"
      }
    }
  }])

  tags = local.tags
}

resource "aws_ecs_service" "router" {
  name            = "router"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.router.arn
  desired_count   = var.router_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.router.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.router.arn
    container_name   = "router"
    container_port   = 7070
  }

  depends_on = [aws_lb_listener.router]
  tags       = local.tags
}

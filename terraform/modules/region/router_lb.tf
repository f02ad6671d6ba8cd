# The router's regional entry: a public NLB terminating TLS on 443 (ALPN h2 for gRPC) for the
# global name, forwarding to the router tasks' gRPC port. Target health is the router's HTTP
# /healthz on 7080; modules/global-router points Route 53 latency records at these NLBs.

resource "aws_lb" "router" {
  name_prefix        = substr(replace(var.tandem_region, "-", ""), 0, 6)
  load_balancer_type = "network"
  internal           = false
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.router_lb.id]

  enable_cross_zone_load_balancing = true
  tags                             = local.tags
}

resource "aws_lb_target_group" "router" {
  name_prefix = substr(replace(var.tandem_region, "-", ""), 0, 6)
  port        = 7070
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = aws_vpc.this.id

  health_check {
    protocol            = "HTTP"
    port                = "7080"
    path                = "/healthz"
    healthy_threshold   = 2
    unhealthy_threshold = 2
    interval            = 10
  }

  tags = local.tags
}

resource "aws_acm_certificate" "router" {
  domain_name       = var.router_domain_name
  validation_method = "DNS"
  tags              = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Every region asks for a certificate for the same name, so they share validation records.
resource "aws_route53_record" "router_cert_validation" {
  for_each = {
    for o in aws_acm_certificate.router.domain_validation_options : o.domain_name => o
  }

  zone_id         = var.route53_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "router" {
  certificate_arn         = aws_acm_certificate.router.arn
  validation_record_fqdns = [for r in aws_route53_record.router_cert_validation : r.fqdn]
}

resource "aws_lb_listener" "router" {
  load_balancer_arn = aws_lb.router.arn
  port              = 443
  protocol          = "TLS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.router.certificate_arn
  alpn_policy       = "HTTP2Preferred"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.router.arn
  }
}

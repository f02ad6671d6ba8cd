# The router's global entry: Route 53 latency records, one per region, each with a health check.
# A client resolves the name to the nearest region whose router answers; an unhealthy region drops
# out of DNS answers. Alias records also evaluate the NLB's own target health (the routers'
# /healthz), so a region whose router tasks are all down is skipped even while its NLB accepts TCP.

resource "aws_route53_health_check" "router" {
  for_each = var.regions

  fqdn              = each.value.lb_dns_name
  port              = 443
  type              = "TCP"
  request_interval  = var.health_check_interval
  failure_threshold = 3
  regions           = ["us-east-1", "eu-west-1", "ap-southeast-1"]

  tags = merge(var.tags, { Name = "tandem-router-${each.key}" })
}

resource "aws_route53_record" "router" {
  for_each = var.regions

  zone_id        = var.zone_id
  name           = var.domain_name
  type           = "A"
  set_identifier = each.key

  latency_routing_policy {
    region = each.value.aws_region
  }

  alias {
    name                   = each.value.lb_dns_name
    zone_id                = each.value.lb_zone_id
    evaluate_target_health = true
  }

  health_check_id = aws_route53_health_check.router[each.key].id
}

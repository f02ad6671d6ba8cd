output "node_id" {
  description = "The node's server id."
  value       = var.node_id
}

output "private_ip" {
  description = "The node's private IP."
  value       = aws_instance.zookeeper.private_ip
}

output "client_address" {
  description = "host:port for ZooKeeper clients."
  value       = "${aws_instance.zookeeper.private_ip}:2181"
}

output "instance_id" {
  description = "EC2 instance id (for `aws ssm start-session`)."
  value       = aws_instance.zookeeper.id
}

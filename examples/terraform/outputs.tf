output "state_machine_arn" {
  description = "The state machine: give it to createControlPlane (stateMachineArn)."
  value       = aws_sfn_state_machine.this.arn
}

output "router_function_name" {
  description = "The router Lambda's name."
  value       = aws_lambda_function.router.function_name
}

output "router_function_arn" {
  description = "The router Lambda's ARN."
  value       = aws_lambda_function.router.arn
}

output "plans_table_name" {
  description = "The recovery plans table (partition key PlanId)."
  value       = aws_dynamodb_table.plans.name
}

output "protection_groups_table_name" {
  description = "The protection groups table (partition key ProtectionGroupId)."
  value       = aws_dynamodb_table.protection_groups.name
}

output "history_table_name" {
  description = "The execution history table."
  value       = aws_dynamodb_table.history.name
}

output "notification_topic_arn" {
  description = "The notifications topic: subscribe to wave and execution notices and the failed-executions alarm."
  value       = aws_sns_topic.notifications.arn
}

output "kms_key_arn" {
  description = "The key of the tables and the topic: whoever writes plans and protection groups needs kms:GenerateDataKey and kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}

output "control_plane_policy_arn" {
  description = "The managed policy of the control plane (createControlPlane): attach it to the role of the tool or function that runs it."
  value       = aws_iam_policy.control_plane.arn
}

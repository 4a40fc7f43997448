# drs-waves: orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves.
#
# The same key, tables, topic, router Lambda, state machine, roles and alarm as the CDK construct
# and the CloudFormation template, without the control-plane API. The IAM policies and the state
# machine definition are not written here: they are generated from the library
# (npm run examples:terraform) into policies/*.json.tftpl and state-machine.asl.json.tftpl, and
# filled in with templatefile().

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  router_bundle_dir = coalesce(var.router_bundle_dir, "${path.root}/node_modules/drs-waves/dist/lambda/router")

  router_function_name = "${var.name_prefix}-router"

  # Whether plans' readiness is checked on a schedule.
  readiness_schedule = length(var.readiness_plan_ids) > 0

  # The pseudo parameters of the policy templates.
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id
}

# ---------------------------------------------------------------------------------------------
# Encryption key: tables and notifications.

resource "aws_kms_key" "this" {
  description             = "drs-waves: tables and notifications"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersTheKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # The failed-executions alarm publishes to the encrypted topic.
        Sid       = "CloudWatchAlarmsPublishToTheTopic"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# Tables: plans, protection groups and the execution history. Deletion protection is on:
# `terraform destroy` stops at them until you turn it off.

resource "aws_dynamodb_table" "plans" {
  name                        = "${var.name_prefix}-plans"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "PlanId"
  deletion_protection_enabled = true

  attribute {
    name = "PlanId"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = var.tags
}

resource "aws_dynamodb_table" "protection_groups" {
  name                        = "${var.name_prefix}-protection-groups"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "ProtectionGroupId"
  deletion_protection_enabled = true

  attribute {
    name = "ProtectionGroupId"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = var.tags
}

# The key schema of DynamoDbExecutionHistoryStore.tableDefinition() (a test compares them).
resource "aws_dynamodb_table" "history" {
  name                        = "${var.name_prefix}-history"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "PK"
  range_key                   = "SK"
  deletion_protection_enabled = true

  attribute {
    name = "PK"
    type = "S"
  }

  attribute {
    name = "SK"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# Notifications: wave and execution notices from the state machine, and the alarm.

resource "aws_sns_topic" "notifications" {
  name              = "${var.name_prefix}-notifications"
  display_name      = "drs-waves notifications"
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "notifications" {
  arn = aws_sns_topic.notifications.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowPublishThroughSSLOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.notifications.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        # This module's alarm only; the state machine publishes with its role (same account).
        Sid       = "FailedExecutionsAlarmPublishes"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.notifications.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_metric_alarm.executions_failed.arn } }
      },
    ]
  })
}

# ---------------------------------------------------------------------------------------------
# The router Lambda: the one function the state machine calls.

# Lambda writes to /aws/lambda/<function name>; the role may write there only, and not create
# log groups.
resource "aws_cloudwatch_log_group" "router" {
  name              = "/aws/lambda/${local.router_function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_iam_role" "router" {
  name        = "${var.name_prefix}-router"
  description = "drs-waves router: starts and follows DRS recovery jobs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
  tags = var.tags
}

# log_group_arn: the provider's log group ARN has no ":*", which the log streams need.
resource "aws_iam_role_policy" "router" {
  name = "drs-waves-router"
  role = aws_iam_role.router.id
  policy = templatefile("${path.module}/policies/router.json.tftpl", {
    partition                   = local.partition
    region                      = local.region
    account_id                  = local.account_id
    log_group_arn               = "${aws_cloudwatch_log_group.router.arn}:*"
    key_arn                     = aws_kms_key.this.arn
    plans_table_arn             = aws_dynamodb_table.plans.arn
    protection_groups_table_arn = aws_dynamodb_table.protection_groups.arn
    history_table_arn           = aws_dynamodb_table.history.arn
  })
}

# The roles of the other accounts plans name (account_roles): the router may assume these and no
# other (the AssumeAccountRoles statement of the library and the CloudFormation template).
resource "aws_iam_role_policy" "router_account_roles" {
  count = length(var.account_roles) > 0 ? 1 : 0
  name  = "drs-waves-account-roles"
  role  = aws_iam_role.router.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AssumeAccountRoles"
        Effect   = "Allow"
        Action   = ["sts:AssumeRole"]
        Resource = [for role in values(var.account_roles) : role.role_arn]
      },
    ]
  })
}

data "archive_file" "router" {
  type        = "zip"
  source_file = "${local.router_bundle_dir}/index.mjs"
  output_path = "${path.module}/.build/drs-waves-router.zip"
}

resource "aws_lambda_function" "router" {
  function_name    = local.router_function_name
  description      = "drs-waves: the action router the state machine calls"
  role             = aws_iam_role.router.arn
  filename         = data.archive_file.router.output_path
  source_code_hash = data.archive_file.router.output_base64sha256
  handler          = "index.handler"
  # The bundle targets Node.js 22 and carries its own AWS SDK. nodejs24.x (what the CDK construct
  # and the CloudFormation template use) needs AWS provider 6.20 or later: provider 5.x refuses it.
  runtime       = "nodejs22.x"
  architectures = ["arm64"]
  memory_size   = 512
  # Shorter than startWave's claim lease (120 s).
  timeout = 90

  environment {
    variables = merge(
      {
        HISTORY_TABLE           = aws_dynamodb_table.history.name
        PLANS_TABLE             = aws_dynamodb_table.plans.name
        PROTECTION_GROUPS_TABLE = aws_dynamodb_table.protection_groups.name
        # Where the scheduled readiness check publishes changes; empty: no scheduled check.
        DRS_WAVES_READINESS_TOPIC_ARN = local.readiness_schedule ? aws_sns_topic.notifications.arn : ""
      },
      # The router's accountRoles, as the prebuilt router reads them.
      length(var.account_roles) == 0 ? {} : {
        DRS_WAVES_ACCOUNT_ROLES = jsonencode({
          for account, role in var.account_roles :
          account => { roleArn = role.role_arn, externalId = role.external_id }
        })
      },
    )
  }

  tags = var.tags

  # The first invocation logs: the log group and the permission to write to it come first.
  depends_on = [aws_cloudwatch_log_group.router, aws_iam_role_policy.router]
}

# ---------------------------------------------------------------------------------------------
# The state machine: runs a plan's stages, each wave a Distributed Map child execution.

# Step Functions recommends the /aws/vendedlogs/ prefix (log resource policy size).
resource "aws_cloudwatch_log_group" "state_machine" {
  name              = "/aws/vendedlogs/states/${var.name_prefix}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_iam_role" "state_machine" {
  name        = "${var.name_prefix}-state-machine"
  description = "drs-waves state machine: invokes the router, runs waves as child executions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "states.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "state_machine" {
  name = "drs-waves-state-machine"
  role = aws_iam_role.state_machine.id
  policy = templatefile("${path.module}/policies/state-machine.json.tftpl", {
    router_function_arn = aws_lambda_function.router.arn
    topic_arn           = aws_sns_topic.notifications.arn
    key_arn             = aws_kms_key.this.arn
  })
}

resource "aws_iam_role_policy" "wave_actions" {
  count = var.action_function_prefix == "" ? 0 : 1
  name  = "drs-waves-wave-actions"
  role  = aws_iam_role.state_machine.id
  policy = templatefile("${path.module}/policies/wave-actions.json.tftpl", {
    partition              = local.partition
    region                 = local.region
    account_id             = local.account_id
    action_function_prefix = var.action_function_prefix
  })
}

resource "aws_iam_role_policy" "state_machine_log_delivery" {
  name   = "drs-waves-state-machine-log-delivery"
  role   = aws_iam_role.state_machine.id
  policy = templatefile("${path.module}/policies/state-machine-log-delivery.json.tftpl", {})
}

resource "aws_iam_role_policy" "state_machine_tracing" {
  name   = "drs-waves-state-machine-tracing"
  role   = aws_iam_role.state_machine.id
  policy = templatefile("${path.module}/policies/state-machine-tracing.json.tftpl", {})
}

resource "aws_sfn_state_machine" "this" {
  name     = var.name_prefix
  type     = "STANDARD"
  role_arn = aws_iam_role.state_machine.arn
  definition = templatefile(coalesce(var.state_machine_definition_template, "${path.module}/state-machine.asl.json.tftpl"), {
    router_function_arn    = aws_lambda_function.router.arn
    notification_topic_arn = aws_sns_topic.notifications.arn
  })

  # Every event, without execution data: inputs and outputs carry approval task tokens.
  logging_configuration {
    level                  = "ALL"
    include_execution_data = false
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
  }

  tracing_configuration {
    enabled = true
  }

  tags = var.tags

  # Step Functions checks the role's log delivery permissions when it creates the machine.
  depends_on = [
    aws_iam_role_policy.state_machine,
    aws_iam_role_policy.state_machine_log_delivery,
    aws_iam_role_policy.state_machine_tracing,
  ]
}

# The Distributed Map starts, describes and stops child executions of the state machine itself:
# the policy names the machine, so it is attached once the machine exists.
resource "aws_iam_role_policy" "distributed_map" {
  name = "drs-waves-distributed-map"
  role = aws_iam_role.state_machine.id
  policy = templatefile("${path.module}/policies/distributed-map.json.tftpl", {
    partition          = local.partition
    region             = local.region
    account_id         = local.account_id
    state_machine_arn  = aws_sfn_state_machine.this.arn
    state_machine_name = aws_sfn_state_machine.this.name
  })
}

# ---------------------------------------------------------------------------------------------
# The control plane (createControlPlane) from your own tools: attach this policy to the role of
# the tool or function that starts, approves, cancels, describes and cleans up executions.

resource "aws_iam_policy" "control_plane" {
  name        = "${var.name_prefix}-control-plane"
  description = "drs-waves control plane (createControlPlane): start, approve, reject, cancel, describe, clean up drills"
  policy = templatefile("${path.module}/policies/control-plane.json.tftpl", {
    partition          = local.partition
    region             = local.region
    account_id         = local.account_id
    key_arn            = aws_kms_key.this.arn
    history_table_arn  = aws_dynamodb_table.history.arn
    state_machine_arn  = aws_sfn_state_machine.this.arn
    state_machine_name = aws_sfn_state_machine.this.name
  })
  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# An alarm on failed executions, to the notifications topic.

resource "aws_cloudwatch_metric_alarm" "executions_failed" {
  alarm_name          = "${var.name_prefix}-executions-failed"
  alarm_description   = "A drs-waves execution failed: read its cause with describeExecution"
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.notifications.arn]
  tags                = var.tags
}

# ---------------------------------------------------------------------------------------------
# The scheduled readiness check (readiness_plan_ids): EventBridge Scheduler invokes the router
# with evaluate_readiness for each plan; the router records the result in the history and
# publishes to the topic when the plan's readiness changes.

resource "aws_iam_role_policy" "router_readiness_notices" {
  count = local.readiness_schedule ? 1 : 0
  name  = "drs-waves-readiness-notices"
  role  = aws_iam_role.router.id
  policy = templatefile("${path.module}/policies/router-readiness-notices.json.tftpl", {
    topic_arn = aws_sns_topic.notifications.arn
  })
}

resource "aws_iam_role" "readiness_scheduler" {
  count       = local.readiness_schedule ? 1 : 0
  name        = "${var.name_prefix}-readiness-scheduler"
  description = "drs-waves readiness schedule: invokes the router to check plans"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "scheduler.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "readiness_scheduler" {
  count = local.readiness_schedule ? 1 : 0
  name  = "drs-waves-readiness-scheduler"
  role  = aws_iam_role.readiness_scheduler[0].id
  policy = templatefile("${path.module}/policies/readiness-scheduler.json.tftpl", {
    router_function_arn = aws_lambda_function.router.arn
  })
}

resource "aws_scheduler_schedule" "readiness" {
  for_each            = toset(var.readiness_plan_ids)
  description         = "drs-waves: the readiness of plan ${each.key}"
  schedule_expression = var.readiness_schedule
  state               = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.router.arn
    role_arn = aws_iam_role.readiness_scheduler[0].arn
    input    = jsonencode({ action = "evaluate_readiness", planIds = [each.key] })

    # An invocation older than the next one is worth nothing.
    retry_policy {
      maximum_event_age_in_seconds = 1800
      maximum_retry_attempts       = 3
    }
  }
}

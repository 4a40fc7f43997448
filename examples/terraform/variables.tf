variable "name_prefix" {
  description = "Prefix of every name: tables, topic, function, roles, state machine, log groups."
  type        = string
  default     = "drs-waves"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name_prefix))
    error_message = "name_prefix: 1 to 40 letters, digits, '-' or '_' (IAM role names take 64 characters)."
  }
}

variable "router_bundle_dir" {
  description = "The directory holding the prebuilt router Lambda (index.mjs). null: <root module>/node_modules/drs-waves/dist/lambda/router, where `npm install drs-waves` puts it."
  type        = string
  default     = null
}

variable "state_machine_definition_template" {
  description = "A state machine definition template of your own (see README: `drs-waves asl --options`), naming $${router_function_arn} and $${notification_topic_arn}. null: the module's state-machine.asl.json.tftpl."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "How long the router and state machine logs are kept, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([30, 90, 180, 365, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days: one of 30, 90, 180, 365, 731, 1827, 3653."
  }
}

variable "action_function_prefix" {
  description = "Lets plans run wave actions: the name prefix of the lambda actions' functions (such as drs-waves-action-), and SSM Automation runbooks. Empty: no wave action that calls another service."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{0,63}$", var.action_function_prefix))
    error_message = "action_function_prefix: up to 63 letters, digits, - or _."
  }
}

variable "account_roles" {
  description = "The role the router assumes in each other AWS account plans name (accountId), by account ID: role_arn (a role of that account, such as target-account.template.json creates) and external_id (the ExternalId its trust policy requires). The router may assume these roles (sts:AssumeRole) and no other. Empty: plans name no other account."
  type = map(object({
    role_arn    = string
    external_id = string
  }))
  default = {}

  validation {
    condition = alltrue([
      for account, role in var.account_roles :
      can(regex("^\\d{12}$", account)) &&
      can(regex("^arn:aws[a-z-]*:iam::${account}:role/[\\w+=,.@/-]{1,512}$", role.role_arn)) &&
      can(regex("^[\\w+=,.@:/-]{2,1224}$", role.external_id))
    ])
    error_message = "account_roles: keys of 12 digits, each with a role_arn of a role in that account and an external_id of 2 to 1224 letters, digits or +=,.@:/-_ characters."
  }
}

variable "readiness_plan_ids" {
  description = "Plans whose readiness is checked on a schedule, one EventBridge Scheduler schedule each: the router records each result in the history and publishes to the notifications topic when a plan's readiness changes. Empty: no scheduled check."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([for id in var.readiness_plan_ids : can(regex("^[A-Za-z0-9_-]{1,64}$", id))]) && length(distinct(var.readiness_plan_ids)) == length(var.readiness_plan_ids)
    error_message = "readiness_plan_ids: plan IDs of 1 to 64 letters, digits, '-' or '_', each once."
  }
}

variable "readiness_schedule" {
  description = "When the readiness of readiness_plan_ids is checked: an EventBridge Scheduler rate or cron expression."
  type        = string
  default     = "rate(30 minutes)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.readiness_schedule))
    error_message = "readiness_schedule: an EventBridge Scheduler expression such as rate(30 minutes) or cron(0/30 * * * ? *)."
  }
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
  default     = {}
}

terraform {
  # templatefile(), optional variable validation and data sources as used here: Terraform 1.3+.
  required_version = ">= 1.3.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x knows Lambda runtimes up to nodejs22.x: see the runtime note in main.tf.
      version = "~> 5.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }
}

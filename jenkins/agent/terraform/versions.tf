# The provider the agent image bakes into its filesystem mirror: the one packages/infra uses
# (@cdktf/provider-aws 20.1.0 = hashicorp/aws 5.100.0). The lock file next to this pins its
# checksums; the image build fails when the provider it installs does not match them.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

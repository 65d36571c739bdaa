# Used by `make preview` when there is no terraform.tfvars. Not a real key: preview sends nothing to AWS.
ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPreviewOnlyNotARealKeyPreviewOnlyNotARea preview"
jenkins_repo_url = "https://github.com/example/shipyard.git"

#!/usr/bin/env bash
# Turns a fresh Amazon Linux 2023 instance into the project's Jenkins controller, with no manual
# set-up: Jenkins LTS on Java 21, pinned plugins, JCasC, the seeded multibranch job, and the tools
# the Jenkinsfile runs (Docker + ECR credential helper, Node + pnpm, Terraform, Ansible, make, git).
#
# cloud-init writes this directory to /opt/jenkins-bootstrap (with bootstrap.env) and runs this
# script as root. It is idempotent: run it again after changing bootstrap.env or an SSM parameter
# and it converges, restarting Jenkins only when its configuration changed.
# Progress goes to stdout and /var/log/jenkins-bootstrap.log.
set -euo pipefail

BOOTSTRAP_DIR=${BOOTSTRAP_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
LOG_FILE=${LOG_FILE:-/var/log/jenkins-bootstrap.log}
JENKINS_HOME=/var/lib/jenkins
CONFIG_DIR=/etc/jenkins-bootstrap
SECRETS_DIR=$JENKINS_HOME/casc-secrets

# Pinned tool versions. Bump them here, deliberately.
NODE_VERSION=24.21.0
PNPM_VERSION=10.34.8
PLUGIN_MANAGER_VERSION=2.15.0
TERRAFORM_VERSION=1.11
ANSIBLE_CORE_VERSION=2.18.6
JENKINS_SIGNING_KEY_URL=https://pkg.jenkins.io/redhat-stable/jenkins.io-2023.key

exec > >(tee -a "$LOG_FILE") 2>&1
started=$SECONDS
step() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
warn() { printf 'WARNING: %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run bootstrap.sh as root (cloud-init does)"

step "Reading $BOOTSTRAP_DIR/bootstrap.env"
[ -r "$BOOTSTRAP_DIR/bootstrap.env" ] || die "$BOOTSTRAP_DIR/bootstrap.env is missing: the infra package writes it into the user data"
# Parsed, not sourced: the file is data, and a value is never run as shell.
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  key=${line%%=*}
  [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]] || die "bootstrap.env: not a KEY=VALUE line: $line"
  export "$key=${line#*=}"
done <"$BOOTSTRAP_DIR/bootstrap.env"
for var in PROJECT AWS_REGION ECR_REPOSITORY_URL JENKINS_REPO_URL JENKINS_REPO_BRANCH SSM_PREFIX APP_PORT; do
  [ -n "${!var:-}" ] || die "$var is empty in bootstrap.env"
done
SSM_PREFIX=${SSM_PREFIX%/}
echo "project=$PROJECT region=$AWS_REGION repo=$JENKINS_REPO_URL ssm=$SSM_PREFIX/*"

step "Installing base packages (git, make, Java 21, Docker, ECR credential helper)"
dnf install -y -q git make jq tar xz gzip unzip fontconfig python3.11 python3.11-pip \
  java-21-amazon-corretto-headless docker amazon-ecr-credential-helper dnf-plugins-core

step "Installing Jenkins LTS from pkg.jenkins.io (signing key jenkins.io-2023)"
if [ ! -f /etc/yum.repos.d/jenkins.repo ]; then
  curl -fsSL -o /etc/yum.repos.d/jenkins.repo https://pkg.jenkins.io/redhat-stable/jenkins.repo
fi
rpm --import "$JENKINS_SIGNING_KEY_URL"
dnf install -y -q jenkins
echo "jenkins $(rpm -q --qf '%{VERSION}' jenkins), $(java -version 2>&1 | head -1)"

step "Installing Node.js $NODE_VERSION and pnpm $PNPM_VERSION"
if [ "$(node -v 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
  tarball="node-v$NODE_VERSION-linux-$arch.tar.xz"
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/$tarball" "https://nodejs.org/dist/v$NODE_VERSION/$tarball"
  curl -fsSL -o "$tmp/SHASUMS256.txt" "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt"
  (cd "$tmp" && grep " $tarball\$" SHASUMS256.txt | sha256sum -c -)
  tar -xJf "$tmp/$tarball" -C /usr/local --strip-components=1 --no-same-owner
  rm -rf "$tmp"
fi
if [ "$(pnpm -v 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION"
fi
echo "node $(node -v), pnpm $(pnpm -v)"

step "Installing Terraform $TERRAFORM_VERSION from the HashiCorp repository"
if [ ! -f /etc/yum.repos.d/hashicorp.repo ]; then
  dnf config-manager --add-repo https://rpm.releases.hashicorp.com/AmazonLinux/hashicorp.repo
fi
if ! terraform version 2>/dev/null | head -1 | grep -q "v$TERRAFORM_VERSION\."; then
  dnf install -y -q "terraform-$TERRAFORM_VERSION.*"
fi
terraform version | head -1

step "Installing Ansible (ansible-core $ANSIBLE_CORE_VERSION) and its collections"
if [ "$(/opt/ansible/bin/python -c 'import ansible; print(ansible.__version__)' 2>/dev/null || true)" != "$ANSIBLE_CORE_VERSION" ]; then
  python3.11 -m venv /opt/ansible
  /opt/ansible/bin/pip install -q "ansible-core==$ANSIBLE_CORE_VERSION" boto3 botocore
fi
for tool in ansible ansible-playbook ansible-galaxy ansible-inventory; do
  ln -sf "/opt/ansible/bin/$tool" "/usr/local/bin/$tool"
done
# System-wide, so the jenkins user finds them; major versions pinned, patches float.
/opt/ansible/bin/ansible-galaxy collection install -p /usr/share/ansible/collections \
  'amazon.aws:>=9.0.0,<10.0.0' 'community.aws:>=9.0.0,<10.0.0' \
  'community.docker:>=4.0.0,<5.0.0' 'community.general:>=10.0.0,<11.0.0'
ansible --version | head -1

step "Starting Docker; the jenkins user pushes to ECR through the credential helper"
systemctl enable --now docker
usermod -aG docker jenkins
install -d -o jenkins -g jenkins -m 0700 "$JENKINS_HOME/.docker"
printf '{\n  "credsStore": "ecr-login"\n}\n' >"$JENKINS_HOME/.docker/config.json"
chown jenkins:jenkins "$JENKINS_HOME/.docker/config.json"

step "Installing pinned plugins from plugins.txt (plugin installation manager $PLUGIN_MANAGER_VERSION)"
manager=/opt/jenkins-plugin-manager-$PLUGIN_MANAGER_VERSION.jar
if [ ! -f "$manager" ]; then
  curl -fsSL -o "$manager.tmp" \
    "https://github.com/jenkinsci/plugin-installation-manager-tool/releases/download/$PLUGIN_MANAGER_VERSION/jenkins-plugin-manager-$PLUGIN_MANAGER_VERSION.jar"
  mv "$manager.tmp" "$manager"
fi
install -d -o jenkins -g jenkins "$JENKINS_HOME/plugins"
java -jar "$manager" --war /usr/share/java/jenkins.war --plugin-download-directory "$JENKINS_HOME/plugins" \
  --plugin-file "$BOOTSTRAP_DIR/plugins.txt"
chown -R jenkins:jenkins "$JENKINS_HOME/plugins"

step "Reading secrets from SSM Parameter Store ($SSM_PREFIX/*)"
# Prints the parameter's value; nothing when it does not exist. Any other failure (no IAM
# permission, no network) stops the bootstrap rather than silently configuring less.
ssm_get() {
  local name="$SSM_PREFIX/$1" out
  if out=$(aws ssm get-parameter --region "$AWS_REGION" --name "$name" --with-decryption \
    --query Parameter.Value --output text 2>&1); then
    printf '%s' "$out"
  elif [[ $out == *ParameterNotFound* ]]; then
    return 0
  else
    die "cannot read SSM parameter $name: $out"
  fi
}
# Secrets go to files JCasC reads from $SECRETS, readable by jenkins only, never to the log.
write_secret() {
  install -m 0600 -o jenkins -g jenkins /dev/null "$SECRETS_DIR/$1"
  printf '%s' "$2" >"$SECRETS_DIR/$1"
}
install -d -o jenkins -g jenkins -m 0700 "$SECRETS_DIR"

admin_password=$(ssm_get admin-password)
if [ -n "$admin_password" ]; then
  echo "admin password: from SSM"
elif [ -s "$SECRETS_DIR/ADMIN_PASSWORD" ]; then
  admin_password=$(cat "$SECRETS_DIR/ADMIN_PASSWORD")
  warn "no $SSM_PREFIX/admin-password in SSM; keeping the generated password in $SECRETS_DIR/ADMIN_PASSWORD"
else
  admin_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  warn "no $SSM_PREFIX/admin-password in SSM; generated one, readable by root in $SECRETS_DIR/ADMIN_PASSWORD"
fi
write_secret ADMIN_PASSWORD "$admin_password"

deploy_key=$(ssm_get deploy-ssh-key)
if [ -n "$deploy_key" ]; then
  echo "deploy SSH key: from SSM"
else
  warn "no $SSM_PREFIX/deploy-ssh-key in SSM: the Deploy stage cannot reach the instances until you create it and rerun bootstrap.sh"
fi
write_secret DEPLOY_SSH_KEY "$deploy_key"

slack_token=$(ssm_get slack-token)
slack_channel=$(ssm_get slack-channel)
slack_team=$(ssm_get slack-team-domain)
if [ -n "$slack_token" ] && [ -n "$slack_channel" ]; then
  echo "Slack: notifications go to $slack_channel"
else
  # Without SLACK_CHANNEL the Jenkinsfile sends nothing.
  slack_channel=
  echo "Slack: not configured (needs $SSM_PREFIX/slack-token and slack-channel); no notifications"
fi
write_secret SLACK_TOKEN "$slack_token"

deploy_outputs=$(ssm_get deploy-outputs)
outputs_file=
if [ -n "$deploy_outputs" ]; then
  outputs_file=$JENKINS_HOME/$PROJECT-outputs.json
  install -m 0644 -o jenkins -g jenkins /dev/null "$outputs_file"
  printf '%s\n' "$deploy_outputs" >"$outputs_file"
  echo "deploy outputs: from SSM, written to $outputs_file"
fi

step "Configuring the Jenkins service (JCasC, no setup wizard)"
install -d -m 0755 "$CONFIG_DIR"
token=$(curl -fsS -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token 2>/dev/null || true)
public_host=$(curl -fsS -m 2 -H "X-aws-ec2-metadata-token: $token" \
  http://169.254.169.254/latest/meta-data/public-hostname 2>/dev/null || true)
cat >"$CONFIG_DIR/jenkins.env" <<ENV
PROJECT="$PROJECT"
AWS_REGION="$AWS_REGION"
ECR_REPOSITORY_URL="$ECR_REPOSITORY_URL"
JENKINS_REPO_URL="$JENKINS_REPO_URL"
JENKINS_REPO_BRANCH="$JENKINS_REPO_BRANCH"
SSM_PREFIX="$SSM_PREFIX"
APP_PORT="$APP_PORT"
REQUIRE_PRODUCTION_APPROVAL="${REQUIRE_PRODUCTION_APPROVAL:-true}"
SLACK_CHANNEL="$slack_channel"
SLACK_TEAM_DOMAIN="$slack_team"
DEPLOY_OUTPUTS="$outputs_file"
JENKINS_URL="http://${public_host:-localhost}:8080/"
CASC_JENKINS_CONFIG="$BOOTSTRAP_DIR/casc.yaml"
SECRETS="$SECRETS_DIR"
ENV
install -d -m 0755 /etc/systemd/system/jenkins.service.d
cat >/etc/systemd/system/jenkins.service.d/bootstrap.conf <<UNIT
[Service]
EnvironmentFile=$CONFIG_DIR/jenkins.env
Environment="JAVA_OPTS=-Djava.awt.headless=true -Djenkins.install.runSetupWizard=false"
UNIT
systemctl daemon-reload

step "Starting Jenkins"
# Restart only when something Jenkins reads at start changed, so a rerun does not kill builds.
fingerprint=$(cat "$CONFIG_DIR/jenkins.env" /etc/systemd/system/jenkins.service.d/bootstrap.conf \
  "$BOOTSTRAP_DIR/casc.yaml" "$BOOTSTRAP_DIR/seed-job.groovy" "$BOOTSTRAP_DIR/plugins.txt" \
  "$SECRETS_DIR"/* | sha256sum | cut -d' ' -f1)
systemctl enable jenkins
if ! systemctl is-active --quiet jenkins; then
  systemctl start jenkins
elif [ "$(cat "$CONFIG_DIR/fingerprint" 2>/dev/null || true)" != "$fingerprint" ]; then
  echo "configuration changed: restarting Jenkins"
  systemctl restart jenkins
else
  echo "configuration unchanged: Jenkins keeps running"
fi
echo "$fingerprint" >"$CONFIG_DIR/fingerprint"

for _ in $(seq 90); do
  code=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/login || true)
  [ "$code" = 200 ] && break
  sleep 2
done
[ "$code" = 200 ] || die "Jenkins did not answer on :8080 within 3 minutes; see journalctl -u jenkins"

step "Done in $((SECONDS - started)) s: Jenkins at ${public_host:+http://$public_host:8080/} (user admin)"

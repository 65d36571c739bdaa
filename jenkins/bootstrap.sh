#!/usr/bin/env bash
# Turns a fresh Amazon Linux 2023 instance into the project's Jenkins controller, with no manual
# set-up: Jenkins LTS (pinned) on Java 21, the pinned plugin set of plugins.lock.txt, JCasC, the
# seeded multibranch jobs, and the SSH connection to the build agent. The controller builds
# nothing itself (0 executors): there is no Docker, Node, Terraform or Ansible here.
#
# cloud-init writes this directory to /opt/jenkins-bootstrap (with bootstrap.env) and runs this
# script as root. It is idempotent: run it again after changing bootstrap.env or an SSM parameter
# and it converges, restarting Jenkins only when its configuration changed.
#
# Two phases, both run by default (BOOTSTRAP_PHASES="install configure"):
#   install    the Jenkins repository (signing key fingerprint checked), Jenkins at its pinned
#              version, the plugin manager (SHA-256 checked), the plugins (checked against the lock)
#   configure  secrets from SSM, the agent's address and host key, the JCasC files, the service
# Every system path sits under BOOTSTRAP_ROOT (empty on a real host), so the tests run the
# configure phase for real in a scratch directory with stub package commands on PATH.
# Progress goes to stdout and the log file.
set -euo pipefail

BOOTSTRAP_ROOT=${BOOTSTRAP_ROOT:-}
BOOTSTRAP_DIR=${BOOTSTRAP_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
BOOTSTRAP_PHASES=${BOOTSTRAP_PHASES:-install configure}
LOG_FILE=${LOG_FILE:-$BOOTSTRAP_ROOT/var/log/jenkins-bootstrap.log}
# One run at a time: `make jenkins-secrets` can start the configure phase (SSM Run Command) while
# cloud-init's first run is still installing; the second waits for the first.
LOCK_FILE=${LOCK_FILE:-$BOOTSTRAP_ROOT/run/jenkins-bootstrap.lock}
LOCK_WAIT_SECONDS=${LOCK_WAIT_SECONDS:-1500}
JENKINS_USER=${JENKINS_USER:-jenkins}
JENKINS_HOME=$BOOTSTRAP_ROOT/var/lib/jenkins
JENKINS_WAR=$BOOTSTRAP_ROOT/usr/share/java/jenkins.war
CONFIG_DIR=$BOOTSTRAP_ROOT/etc/jenkins-bootstrap
CASC_DIR=$CONFIG_DIR/casc
SYSTEMD_DIR=$BOOTSTRAP_ROOT/etc/systemd/system
YUM_REPOS_DIR=$BOOTSTRAP_ROOT/etc/yum.repos.d
RPM_GPG_DIR=$BOOTSTRAP_ROOT/etc/pki/rpm-gpg
TOOLS_DIR=$BOOTSTRAP_ROOT/opt/jenkins-tools
SECRETS_DIR=$JENKINS_HOME/casc-secrets
# Seconds to wait for the build agent to publish its SSH host key (it boots alongside).
AGENT_WAIT_SECONDS=${AGENT_WAIT_SECONDS:-300}

# Pinned versions. Bump them together, deliberately (docs/pipeline.md, "Plugins").
# Jenkins LTS line 2.568, the line of the plugin set in plugins.lock.txt (jenkinsci/bom bom-2.568.x).
JENKINS_VERSION=2.568.2
# The repository signing key since Jenkins 2.543 / LTS 2.541.1 (jenkins.io blog, 2025-12-23, "New
# Linux Repository Signing Keys"): jenkins.io-2026.key. The 2023 key expired on 2026-03-26 and no
# longer verifies current packages.
JENKINS_KEY_URL=https://pkg.jenkins.io/redhat-stable/jenkins.io-2026.key
JENKINS_KEY_FINGERPRINT=5E386EADB55F01504CAE8BCF7198F4B714ABFC68
PLUGIN_MANAGER_VERSION=2.15.0
# The SHA-256 published next to the jar as jenkins-plugin-manager-2.15.0.jar.sha256.
PLUGIN_MANAGER_SHA256=a86853ec2e2933f37a4b471ba65099b61e03c87a80c2ef8fe2315eb135672d43
PLUGIN_MANAGER_URL=https://github.com/jenkinsci/plugin-installation-manager-tool/releases/download/$PLUGIN_MANAGER_VERSION/jenkins-plugin-manager-$PLUGIN_MANAGER_VERSION.jar

step() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
warn() { printf 'WARNING: %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# The keys bootstrap.env may set. Anything else is refused, so the file cannot override a pin.
ENV_KEYS=(PROJECT AWS_REGION ECR_REPOSITORY_URL JENKINS_REPO_URL JENKINS_REPO_BRANCH SSM_PREFIX
  AGENT_SSM_PREFIX APP_PORT REQUIRE_PRODUCTION_APPROVAL DOCKER_GID)
REQUIRED_KEYS=(PROJECT AWS_REGION ECR_REPOSITORY_URL SSM_PREFIX AGENT_SSM_PREFIX APP_PORT DOCKER_GID)

# Reads KEY=VALUE lines into the environment. Parsed, not sourced: the file is data, and a value
# is never run as shell.
read_env_file() {
  local file=$1 name line key
  name=$(basename "$file")
  [ -r "$file" ] || die "$file is missing: the infra package writes it into the user data"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    [[ $key =~ ^[A-Z_][A-Z0-9_]*$ && $line == *=* ]] || die "$name: not a KEY=VALUE line: $line"
    [[ " ${ENV_KEYS[*]} " == *" $key "* ]] || die "$name: unknown setting $key (expected one of ${ENV_KEYS[*]})"
    export "$key=${line#*=}"
  done <"$file"
  for key in "${REQUIRED_KEYS[@]}"; do
    [ -n "${!key:-}" ] || die "$key is empty in $name"
  done
}

# Succeeds when the OpenPGP key file holds exactly one primary key, with the given fingerprint.
check_key_fingerprint() {
  local file=$1 expected=$2 found
  found=$(gpg --batch --no-default-keyring --with-colons --show-keys "$file" 2>/dev/null |
    awk -F: '$1 == "pub" { want = 1; next } want && $1 == "fpr" { print $10; want = 0 }')
  if [ "$found" != "$expected" ]; then
    printf 'error: %s: expected the single primary key %s, found: %s\n' "$file" "$expected" "${found:-none}" >&2
    return 1
  fi
}

# Succeeds when the file's SHA-256 is the expected one.
check_sha256() {
  local file=$1 expected=$2 actual
  actual=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$actual" != "$expected" ]; then
    printf 'error: %s: SHA-256 %s, expected %s\n' "$file" "$actual" "$expected" >&2
    return 1
  fi
}

# Downloads a URL to a file, atomically: the file exists only once complete.
download() {
  curl -fsSL --retry 3 -o "$2.part" "$1"
  mv "$2.part" "$2"
}

install_jenkins() {
  step "Installing Java 21 and the tools Jenkins uses (git for branch indexing, unzip, gpg)"
  dnf install -y -q fontconfig java-21-amazon-corretto-headless git unzip gnupg2 openssh-clients

  step "Installing Jenkins $JENKINS_VERSION from pkg.jenkins.io (signing key $JENKINS_KEY_FINGERPRINT)"
  install -d -m 0755 "$RPM_GPG_DIR" "$YUM_REPOS_DIR"
  local key=$RPM_GPG_DIR/jenkins.io-2026.key
  download "$JENKINS_KEY_URL" "$key.download"
  check_key_fingerprint "$key.download" "$JENKINS_KEY_FINGERPRINT" ||
    die "the Jenkins repository key at $JENKINS_KEY_URL is not the pinned one; nothing was installed"
  mv "$key.download" "$key"
  rpm --import "$key"
  # Our own repo file (not the one on pkg.jenkins.io): gpgcheck on, and the key is the checked file.
  cat >"$YUM_REPOS_DIR/jenkins.repo" <<REPO
[jenkins]
name=Jenkins LTS (pkg.jenkins.io/redhat-stable)
baseurl=https://pkg.jenkins.io/redhat-stable
gpgcheck=1
gpgkey=file://${key#"$BOOTSTRAP_ROOT"}
REPO
  if [ "$(rpm -q --qf '%{VERSION}' jenkins 2>/dev/null || true)" != "$JENKINS_VERSION" ]; then
    dnf install -y -q --allowerasing "jenkins-$JENKINS_VERSION"
  fi
  local installed
  installed=$(rpm -q --qf '%{VERSION}' jenkins)
  [ "$installed" = "$JENKINS_VERSION" ] || die "jenkins $installed is installed, expected $JENKINS_VERSION"
  echo "jenkins $installed, $(java -version 2>&1 | head -1)"
}

install_plugins() {
  step "Installing the plugin installation manager $PLUGIN_MANAGER_VERSION (SHA-256 checked)"
  install -d -m 0755 "$TOOLS_DIR"
  local manager=$TOOLS_DIR/jenkins-plugin-manager-$PLUGIN_MANAGER_VERSION.jar
  if [ ! -f "$manager" ] || ! check_sha256 "$manager" "$PLUGIN_MANAGER_SHA256" 2>/dev/null; then
    download "$PLUGIN_MANAGER_URL" "$manager.download"
    check_sha256 "$manager.download" "$PLUGIN_MANAGER_SHA256" ||
      die "the plugin manager download does not match its pinned SHA-256; nothing was installed"
    mv "$manager.download" "$manager"
  fi

  local lock=$BOOTSTRAP_DIR/plugins.lock.txt marker=$JENKINS_HOME/plugins/.lock-sha256 lock_sum
  lock_sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$marker" 2>/dev/null || true)" = "$lock_sum" ]; then
    echo "plugins: already the set of plugins.lock.txt"
    return
  fi
  step "Installing the $(grep -c '^[a-z]' "$lock") plugins of plugins.lock.txt, checked against the lock"
  # Into a staging directory first: the live plugins change only once the whole set checks out.
  local staging
  staging=$(mktemp -d "$JENKINS_HOME/plugins.staging.XXXXXX")
  # --latest=false: every version is the lock's; a dependency the lock lacks or pins too low is
  # still fetched by the tool, and the check below then fails naming it.
  java -jar "$manager" --war "$JENKINS_WAR" --plugin-download-directory "$staging" \
    --plugin-file "$lock" --latest=false --hide-security-warnings
  "$BOOTSTRAP_DIR/check-plugins.sh" "$staging" "$lock" "$JENKINS_VERSION" || {
    rm -rf "$staging"
    die "the resolved plugins differ from plugins.lock.txt (above); the installed plugins are unchanged"
  }
  install -d -o "$JENKINS_USER" -g "$JENKINS_USER" "$JENKINS_HOME/plugins"
  find "$JENKINS_HOME/plugins" -maxdepth 1 \( -name '*.jpi' -o -name '*.hpi' \) -delete
  mv "$staging"/*.jpi "$JENKINS_HOME/plugins/"
  rm -rf "$staging"
  echo "$lock_sum" >"$marker"
  chown -R "$JENKINS_USER:$JENKINS_USER" "$JENKINS_HOME/plugins"
}

# Prints an SSM parameter's value; nothing when it does not exist. Any other failure (no IAM
# permission, no network) stops the bootstrap rather than silently configuring less.
ssm_get() {
  local name=$1 out
  if out=$(aws ssm get-parameter --region "$AWS_REGION" --name "$name" --with-decryption \
    --query Parameter.Value --output text 2>&1); then
    printf '%s' "$out"
  elif [[ $out == *ParameterNotFound* ]]; then
    return 0
  else
    die "cannot read SSM parameter $name: $out"
  fi
}

# Secrets go to files JCasC reads from $SECRETS, readable by the Jenkins user only, never to the log.
write_secret() {
  install -m 0600 -o "$JENKINS_USER" -g "$JENKINS_USER" /dev/null "$SECRETS_DIR/$1"
  printf '%s' "$2" >"$SECRETS_DIR/$1"
}

read_secrets() {
  step "Reading secrets from SSM Parameter Store ($SSM_PREFIX/*)"
  install -d -o "$JENKINS_USER" -g "$JENKINS_USER" -m 0700 "$JENKINS_HOME" "$SECRETS_DIR"

  local admin_password
  admin_password=$(ssm_get "$SSM_PREFIX/admin-password")
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

  local deploy_key
  deploy_key=$(ssm_get "$SSM_PREFIX/deploy-ssh-key")
  if [ -n "$deploy_key" ]; then
    echo "deploy SSH key: from SSM (bound only in the Deploy stage of the release job)"
  else
    warn "no $SSM_PREFIX/deploy-ssh-key in SSM: the Deploy stage cannot reach the instances until you create it and rerun bootstrap.sh"
  fi
  write_secret DEPLOY_SSH_KEY "$deploy_key"

  local git_key
  git_key=$(ssm_get "$SSM_PREFIX/git-ssh-key")
  [ -n "$git_key" ] && echo "git SSH key: from SSM (read access to the repository)"
  write_secret GIT_SSH_KEY "$git_key"

  SLACK_TOKEN_VALUE=$(ssm_get "$SSM_PREFIX/slack-token")
  SLACK_CHANNEL_VALUE=$(ssm_get "$SSM_PREFIX/slack-channel")
  SLACK_TEAM_VALUE=$(ssm_get "$SSM_PREFIX/slack-team-domain")
  if [ -n "$SLACK_TOKEN_VALUE" ] && [ -n "$SLACK_CHANNEL_VALUE" ]; then
    echo "Slack: notifications go to $SLACK_CHANNEL_VALUE"
  else
    # Without SLACK_CHANNEL the Jenkinsfile sends nothing.
    SLACK_CHANNEL_VALUE=
    echo "Slack: not configured (needs $SSM_PREFIX/slack-token and slack-channel); no notifications"
  fi
  write_secret SLACK_TOKEN "$SLACK_TOKEN_VALUE"

  RELEASE_MANAGERS_VALUE=$(ssm_get "$SSM_PREFIX/release-managers")
  RELEASE_MANAGERS_VALUE=${RELEASE_MANAGERS_VALUE:-admin}
  [[ $RELEASE_MANAGERS_VALUE =~ ^[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*$ ]] ||
    die "$SSM_PREFIX/release-managers must be Jenkins user ids separated by commas, got: $RELEASE_MANAGERS_VALUE"
  echo "production approvals: $RELEASE_MANAGERS_VALUE"
}

# The controller's SSH key for the agent: made here, never leaves this host; its public half is
# published where the agent's sshd looks it up at each login.
agent_connection_key() {
  step "Preparing the SSH key the controller connects to the build agent with"
  local key=$SECRETS_DIR/AGENT_SSH_KEY
  if [ ! -s "$key" ]; then
    rm -f "$key" "$key.pub"
    ssh-keygen -q -t ed25519 -N '' -C "$PROJECT-jenkins-controller" -f "$key"
    chown "$JENKINS_USER:$JENKINS_USER" "$key" "$key.pub"
    chmod 0600 "$key"
  fi
  aws ssm put-parameter --region "$AWS_REGION" --name "$AGENT_SSM_PREFIX/authorized-key" --type String \
    --overwrite --value "$(cat "$key.pub")" >/dev/null ||
    die "cannot publish the agent key to $AGENT_SSM_PREFIX/authorized-key (the Jenkins role needs ssm:PutParameter on it)"
  echo "published $AGENT_SSM_PREFIX/authorized-key"
}

# Reads the agent's private address (written by Terraform) and the host key it published at boot.
# Sets AGENT_HOST and AGENT_HOST_KEY, both empty when the agent is not known yet.
agent_endpoint() {
  step "Looking up the build agent ($AGENT_SSM_PREFIX/address, $AGENT_SSM_PREFIX/host-key)"
  AGENT_HOST=$(ssm_get "$AGENT_SSM_PREFIX/address")
  AGENT_HOST_KEY=
  local waited=0
  while [ -n "$AGENT_HOST" ]; do
    AGENT_HOST_KEY=$(ssm_get "$AGENT_SSM_PREFIX/host-key")
    [ -n "$AGENT_HOST_KEY" ] || [ "$waited" -ge "$AGENT_WAIT_SECONDS" ] && break
    [ "$waited" -eq 0 ] && echo "waiting up to ${AGENT_WAIT_SECONDS}s for the agent to publish its host key"
    sleep 10
    waited=$((waited + 10))
  done
  # A malformed key would stop JCasC, and with it Jenkins: refuse it here instead.
  if [ -n "$AGENT_HOST_KEY" ] && ! [[ $AGENT_HOST_KEY =~ ^(ssh-ed25519|ecdsa-sha2-nistp256)\ [A-Za-z0-9+/]+=*$ ]]; then
    warn "$AGENT_SSM_PREFIX/host-key is not an ssh-ed25519 or ecdsa public key; ignoring it"
    AGENT_HOST_KEY=
  fi
  if [ -z "$AGENT_HOST" ] || [ -z "$AGENT_HOST_KEY" ]; then
    warn "no build agent yet: Jenkins starts without one and builds wait in the queue; rerun bootstrap.sh once the agent is up"
    AGENT_HOST='' AGENT_HOST_KEY=''
  else
    echo "agent: $AGENT_HOST, host key ${AGENT_HOST_KEY%% *} pinned"
  fi
}

# CASC_JENKINS_CONFIG is a directory: JCasC reads every YAML file in it. The agent node and the
# seed jobs are separate files, present only when there is an agent and a repository.
write_casc() {
  step "Writing the JCasC configuration ($CASC_DIR)"
  install -d -m 0755 "$CONFIG_DIR"
  rm -rf "$CASC_DIR"
  install -d -m 0755 "$CASC_DIR"
  install -m 0644 "$BOOTSTRAP_DIR/casc.yaml" "$CASC_DIR/jenkins.yaml"
  if [ -n "$AGENT_HOST" ]; then
    install -m 0644 "$BOOTSTRAP_DIR/casc-agent.yaml" "$CASC_DIR/agent.yaml"
    echo "build agent: configured"
  fi
  if [ -n "${JENKINS_REPO_URL:-}" ]; then
    install -m 0644 "$BOOTSTRAP_DIR/casc-seed.yaml" "$CASC_DIR/seed-jobs.yaml"
    echo "seed jobs: $PROJECT and $PROJECT-release for $JENKINS_REPO_URL"
  else
    echo "seed jobs: skipped (jenkins_repo_url is empty); Jenkins is otherwise fully configured"
  fi
}

write_service() {
  step "Configuring the Jenkins service (JCasC, no setup wizard)"
  local token public_host
  token=$(curl -fsS -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token 2>/dev/null || true)
  public_host=$(curl -fsS -m 2 -H "X-aws-ec2-metadata-token: $token" \
    http://169.254.169.254/latest/meta-data/public-hostname 2>/dev/null || true)
  JENKINS_PUBLIC_HOST=$public_host
  cat >"$CONFIG_DIR/jenkins.env" <<ENV
PROJECT="$PROJECT"
AWS_REGION="$AWS_REGION"
ECR_REPOSITORY_URL="$ECR_REPOSITORY_URL"
JENKINS_REPO_URL="${JENKINS_REPO_URL:-}"
JENKINS_REPO_BRANCH="${JENKINS_REPO_BRANCH:-develop}"
SSM_PREFIX="$SSM_PREFIX"
APP_PORT="$APP_PORT"
REQUIRE_PRODUCTION_APPROVAL="${REQUIRE_PRODUCTION_APPROVAL:-true}"
RELEASE_MANAGERS="$RELEASE_MANAGERS_VALUE"
SLACK_CHANNEL="$SLACK_CHANNEL_VALUE"
SLACK_TEAM_DOMAIN="$SLACK_TEAM_VALUE"
AGENT_HOST="$AGENT_HOST"
AGENT_HOST_KEY="$AGENT_HOST_KEY"
DOCKER_GID="$DOCKER_GID"
JENKINS_URL="http://${public_host:-localhost}:8080/"
CASC_JENKINS_CONFIG="${CASC_DIR#"$BOOTSTRAP_ROOT"}"
SECRETS="${SECRETS_DIR#"$BOOTSTRAP_ROOT"}"
ENV
  install -d -m 0755 "$SYSTEMD_DIR/jenkins.service.d"
  cat >"$SYSTEMD_DIR/jenkins.service.d/bootstrap.conf" <<UNIT
[Service]
EnvironmentFile=${CONFIG_DIR#"$BOOTSTRAP_ROOT"}/jenkins.env
Environment="JAVA_OPTS=-Djava.awt.headless=true -Djenkins.install.runSetupWizard=false"
UNIT
  systemctl daemon-reload
}

start_jenkins() {
  step "Starting Jenkins"
  # Restart only when something Jenkins reads at start changed, so a rerun does not kill builds.
  local fingerprint code=
  fingerprint=$(cat "$CONFIG_DIR/jenkins.env" "$SYSTEMD_DIR/jenkins.service.d/bootstrap.conf" \
    "$CASC_DIR"/*.yaml "$BOOTSTRAP_DIR/seed-job.groovy" "$BOOTSTRAP_DIR/plugins.lock.txt" \
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
}

main() {
  install -d -m 0755 "$(dirname "$LOG_FILE")" "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w "$LOCK_WAIT_SECONDS" 9 ||
    die "another bootstrap.sh still runs (it holds $LOCK_FILE); waited ${LOCK_WAIT_SECONDS}s, see $LOG_FILE"
  # Everything to the log too; errors stay on stderr.
  exec > >(tee -a "$LOG_FILE") 2> >(tee -a "$LOG_FILE" >&2)
  local started=$SECONDS
  [ -n "$BOOTSTRAP_ROOT" ] || [ "$(id -u)" -eq 0 ] || die "run bootstrap.sh as root (cloud-init does)"

  step "Reading $BOOTSTRAP_DIR/bootstrap.env"
  read_env_file "$BOOTSTRAP_DIR/bootstrap.env"
  SSM_PREFIX=${SSM_PREFIX%/} AGENT_SSM_PREFIX=${AGENT_SSM_PREFIX%/}
  echo "project=$PROJECT region=$AWS_REGION repo=${JENKINS_REPO_URL:-none} ssm=$SSM_PREFIX/* agent=$AGENT_SSM_PREFIX/*"

  local phase
  for phase in $BOOTSTRAP_PHASES; do
    case "$phase" in
      install)
        install_jenkins
        install_plugins
        ;;
      configure)
        read_secrets
        agent_connection_key
        agent_endpoint
        write_casc
        write_service
        start_jenkins
        ;;
      *) die "BOOTSTRAP_PHASES: unknown phase '$phase' (expected install and/or configure)" ;;
    esac
  done
  step "Done in $((SECONDS - started)) s: Jenkins at http://${JENKINS_PUBLIC_HOST:-localhost}:8080/ (user admin)"
}

# Sourcing the file (the tests do) defines the functions without running anything.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi

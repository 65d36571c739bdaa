#!/usr/bin/env bash
# Turns a fresh Amazon Linux 2023 instance into the Jenkins build agent: Docker, Java 21 for the
# agent process, and a `jenkins` user the controller logs in as over SSH. Builds run as that user
# in the jenkins/agent/Dockerfile image (the Jenkinsfile's `agent { dockerfile }`).
#
# This host holds no Jenkins secret: not JENKINS_HOME, not the admin password, not the controller's
# role. The `jenkins` user is in the docker group, which is root on this host, by design: builds
# need the engine. What a build can reach is therefore this host, its instance role, and the
# credentials its own job binds (docs/pipeline.md, "Security").
#
# cloud-init writes this directory to /opt/jenkins-agent-bootstrap (with agent.env) and runs this
# script as root. It is idempotent. Every system path sits under BOOTSTRAP_ROOT (empty on a real
# host), so the tests run it in a scratch directory with stub commands on PATH.
set -euo pipefail

BOOTSTRAP_ROOT=${BOOTSTRAP_ROOT:-}
BOOTSTRAP_DIR=${BOOTSTRAP_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
LOG_FILE=${LOG_FILE:-$BOOTSTRAP_ROOT/var/log/jenkins-agent-bootstrap.log}
AGENT_HOME=/var/lib/jenkins-agent
SSH_DIR=$BOOTSTRAP_ROOT/etc/ssh
SYSTEMD_DIR=$BOOTSTRAP_ROOT/etc/systemd/system
KEYS_COMMAND=/usr/local/libexec/jenkins-agent-authorized-keys
# The AWS CLI sshd's key command runs (AL2023 ships it there).
AWS_CLI=${AWS_CLI:-/usr/bin/aws}

step() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

ENV_KEYS=(PROJECT AWS_REGION AGENT_SSM_PREFIX DOCKER_GID)

# Reads KEY=VALUE lines into the environment, parsed, not sourced; every key is required.
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
  for key in "${ENV_KEYS[@]}"; do
    [ -n "${!key:-}" ] || die "$key is empty in $name"
  done
  [[ $DOCKER_GID =~ ^[0-9]+$ ]] || die "DOCKER_GID must be a number, got $DOCKER_GID"
}

# The controller pins this host's SSH key: publish it before anything slow, so the controller,
# which boots alongside, finds it.
publish_host_key() {
  step "Publishing this host's SSH host key to $AGENT_SSM_PREFIX/host-key"
  local key=$SSH_DIR/ssh_host_ed25519_key
  # sshd makes its host keys at its first start; make this one now if it has not run yet.
  install -d -m 0755 "$SSH_DIR"
  [ -f "$key.pub" ] || ssh-keygen -q -t ed25519 -N '' -f "$key"
  aws ssm put-parameter --region "$AWS_REGION" --name "$AGENT_SSM_PREFIX/host-key" --type String \
    --overwrite --value "$(cut -d' ' -f1-2 "$key.pub")" >/dev/null ||
    die "cannot write $AGENT_SSM_PREFIX/host-key (the agent role needs ssm:PutParameter on it)"
}

install_tools() {
  step "Installing Docker, Java 21 (the agent process) and git"
  # The docker group gets a fixed id before the package would pick one: the build container joins
  # it by number (DOCKER_GID in the Jenkinsfile's docker args).
  getent group docker >/dev/null || groupadd --gid "$DOCKER_GID" docker
  [ "$(getent group docker | cut -d: -f3)" = "$DOCKER_GID" ] ||
    die "the docker group exists with another id than $DOCKER_GID; set DOCKER_GID to it"
  dnf install -y -q docker git java-21-amazon-corretto-headless
  systemctl enable --now docker
  # Keeps the disk from filling with old build images and layers (AL2023 has no cron: a timer).
  install -d -m 0755 "$SYSTEMD_DIR"
  cat >"$SYSTEMD_DIR/docker-prune.service" <<'UNIT'
[Unit]
Description=Remove Docker images, containers and build cache unused for a week

[Service]
Type=oneshot
ExecStart=/usr/bin/docker system prune --all --force --filter until=168h
UNIT
  cat >"$SYSTEMD_DIR/docker-prune.timer" <<'UNIT'
[Unit]
Description=Prune Docker daily

[Timer]
OnCalendar=daily
Persistent=true

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now docker-prune.timer
}

create_user() {
  step "Creating the jenkins user (home $AGENT_HOME, in the docker group)"
  id jenkins >/dev/null 2>&1 || useradd --system --create-home --home-dir "$AGENT_HOME" --shell /bin/bash jenkins
  usermod -aG docker jenkins
}

# sshd asks SSM for the controller's public key at each login of `jenkins`: no key is copied
# here, and a new controller key works as soon as the controller publishes it.
configure_sshd() {
  step "Letting the controller in: sshd reads jenkins' key from $AGENT_SSM_PREFIX/authorized-key"
  install -d -m 0755 "$(dirname "$BOOTSTRAP_ROOT$KEYS_COMMAND")" "$SSH_DIR/sshd_config.d"
  cat >"$BOOTSTRAP_ROOT$KEYS_COMMAND" <<SCRIPT
#!/bin/sh
# AuthorizedKeysCommand for the jenkins user: the controller's public key, from SSM.
[ "\$1" = jenkins ] || exit 0
# sshd runs this as nobody, with no home and a bare PATH.
export HOME=/tmp
exec $AWS_CLI ssm get-parameter --region '$AWS_REGION' --name '$AGENT_SSM_PREFIX/authorized-key' \\
  --query Parameter.Value --output text
SCRIPT
  # sshd runs the command only if root owns it and nobody else can write it.
  chmod 0755 "$BOOTSTRAP_ROOT$KEYS_COMMAND"
  cat >"$SSH_DIR/sshd_config.d/50-jenkins-agent.conf" <<CONF
# The Jenkins controller logs in as jenkins with the key it published in SSM; nobody else may.
Match User jenkins
    AuthorizedKeysFile none
    AuthorizedKeysCommand $KEYS_COMMAND %u
    AuthorizedKeysCommandUser nobody
    PasswordAuthentication no
CONF
  sshd -t -f "$SSH_DIR/sshd_config"
  systemctl reload sshd
}

main() {
  install -d -m 0755 "$(dirname "$LOG_FILE")"
  # Everything to the log too; errors stay on stderr.
  exec > >(tee -a "$LOG_FILE") 2> >(tee -a "$LOG_FILE" >&2)
  local started=$SECONDS
  [ -n "$BOOTSTRAP_ROOT" ] || [ "$(id -u)" -eq 0 ] || die "run bootstrap.sh as root (cloud-init does)"
  step "Reading $BOOTSTRAP_DIR/agent.env"
  read_env_file "$BOOTSTRAP_DIR/agent.env"
  AGENT_SSM_PREFIX=${AGENT_SSM_PREFIX%/}
  publish_host_key
  install_tools
  create_user
  configure_sshd
  step "Done in $((SECONDS - started)) s: the controller connects as jenkins once it has read $AGENT_SSM_PREFIX/host-key"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi

import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Fn } from 'cdktf';
import { Document, Scalar } from 'yaml';

/** Where cloud-init writes the bootstrap files on the Jenkins server. */
export const BOOTSTRAP_TARGET = '/opt/jenkins-bootstrap';

/** Where cloud-init writes the build agent's bootstrap files on the agent. */
export const AGENT_BOOTSTRAP_TARGET = '/opt/jenkins-agent-bootstrap';

/**
 * Folders under `jenkins/` that are not the controller's: the agent host's bootstrap
 * (`agent-host/`) and the build image (`agent/`, built by the pipeline on the agent).
 */
export const AGENT_FOLDERS = ['agent', 'agent-host'];

/**
 * The docker group's id on the build agent. The agent's bootstrap creates the group with it, and
 * the build container joins it by number (the Jenkinsfile's `--group-add ${DOCKER_GID}`).
 */
export const AGENT_DOCKER_GID = 2375;

/**
 * EC2 caps user data at 16 KiB "in raw form, before it is base64-encoded" (EC2 User Guide, "Work
 * with instance user data"); ours is the gzip of the cloud-config.
 */
export const USER_DATA_LIMIT = 16 * 1024;

export interface JenkinsUserDataOptions {
  /** Folder whose files are shipped to the server (the repo's `jenkins/`). */
  readonly bootstrapDir: string;
  readonly project: string;
  readonly region: string;
  readonly ecrRepositoryUrl: string;
  /** Git URL the seed job builds; may be empty. */
  readonly jenkinsRepoUrl: string;
  /** @default 'develop' */
  readonly jenkinsRepoBranch?: string;
  /** SSM parameter prefix holding the Jenkins secrets. @default `/<project>/jenkins` */
  readonly ssmPrefix?: string;
  /** SSM parameter prefix of the agent's address and SSH keys. @default `/<project>/agent` */
  readonly agentSsmPrefix?: string;
  readonly appPort: number | string;
}

export interface AgentUserDataOptions {
  /** Folder whose `agent-host/` is shipped to the agent (the repo's `jenkins/`). */
  readonly bootstrapDir: string;
  readonly project: string;
  readonly region: string;
  /** SSM parameter prefix of the agent's address and SSH keys. @default `/<project>/agent` */
  readonly agentSsmPrefix?: string;
}

interface BootstrapFile {
  readonly relativePath: string;
  readonly content: Buffer;
}

/** Every regular file under `dir`, recursively, sorted, except READMEs and the `skip` folders. */
export function readBootstrapFiles(dir: string, skip: readonly string[] = []): BootstrapFile[] {
  const files: BootstrapFile[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skip.includes(rel)) walk(rel);
      } else if (entry.isFile() && !/^README/i.test(entry.name)) {
        files.push({ relativePath: rel, content: fs.readFileSync(path.join(dir, rel)) });
      }
    }
  };
  walk('');
  return files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

/**
 * Renders the Jenkins server's `#cloud-config`. Values may be Terraform tokens (the ECR URL is
 * only known after apply): they stay in the text and cdktf resolves them when the caller wraps
 * the result in `Fn.base64gzip`. Files are base64 so their content never needs escaping.
 */
export function renderJenkinsUserData(opts: JenkinsUserDataOptions): string {
  const files = readBootstrapFiles(opts.bootstrapDir, AGENT_FOLDERS);
  if (!files.some((f) => f.relativePath === 'bootstrap.sh')) {
    throw new Error(
      `renderJenkinsUserData: bootstrapDir must contain bootstrap.sh (looked in ${opts.bootstrapDir}).`,
    );
  }
  const env: Record<string, string | number> = {
    PROJECT: opts.project,
    AWS_REGION: opts.region,
    ECR_REPOSITORY_URL: opts.ecrRepositoryUrl,
    // Empty installs and configures Jenkins and skips only the seed jobs.
    JENKINS_REPO_URL: opts.jenkinsRepoUrl,
    JENKINS_REPO_BRANCH: opts.jenkinsRepoBranch ?? 'develop',
    SSM_PREFIX: opts.ssmPrefix ?? `/${opts.project}/jenkins`,
    AGENT_SSM_PREFIX: opts.agentSsmPrefix ?? `/${opts.project}/agent`,
    APP_PORT: opts.appPort,
    DOCKER_GID: AGENT_DOCKER_GID,
  };
  return renderCloudConfig(
    'renderJenkinsUserData',
    opts.bootstrapDir,
    BOOTSTRAP_TARGET,
    files,
    'bootstrap.env',
    env,
  );
}

/** Renders the build agent's `#cloud-config`: `agent-host/` of the folder, and its `agent.env`. */
export function renderAgentUserData(opts: AgentUserDataOptions): string {
  const files = readBootstrapFiles(path.join(opts.bootstrapDir, 'agent-host'));
  if (!files.some((f) => f.relativePath === 'bootstrap.sh')) {
    throw new Error(
      `renderAgentUserData: bootstrapDir must contain agent-host/bootstrap.sh (looked in ${opts.bootstrapDir}).`,
    );
  }
  const env: Record<string, string | number> = {
    PROJECT: opts.project,
    AWS_REGION: opts.region,
    AGENT_SSM_PREFIX: opts.agentSsmPrefix ?? `/${opts.project}/agent`,
    DOCKER_GID: AGENT_DOCKER_GID,
  };
  return renderCloudConfig(
    'renderAgentUserData',
    opts.bootstrapDir,
    AGENT_BOOTSTRAP_TARGET,
    files,
    'agent.env',
    env,
  );
}

function renderCloudConfig(
  caller: string,
  bootstrapDir: string,
  target: string,
  files: BootstrapFile[],
  envFile: string,
  env: Record<string, string | number>,
): string {
  // Plain text in YAML block scalars, not base64: gzip shrinks text four times better, and the
  // files must fit EC2's 16 KiB. terraformString() escapes what Terraform would interpret.
  const literal = (text: string) => {
    const scalar = new Scalar(text);
    scalar.type = 'BLOCK_LITERAL';
    return scalar;
  };
  const doc = new Document({
    write_files: [
      ...files.map((f) => ({
        path: `${target}/${f.relativePath}`,
        content: literal(f.content.toString('utf8')),
        owner: 'root:root',
        permissions: f.relativePath.endsWith('.sh') ? '0755' : '0644',
      })),
      {
        path: `${target}/${envFile}`,
        content: literal(
          `${Object.entries(env)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')}\n`,
        ),
        owner: 'root:root',
        permissions: '0644',
      },
    ],
    runcmd: [[`${target}/bootstrap.sh`]],
  });
  const text = `#cloud-config\n${doc.toString({ lineWidth: 0 })}`;
  const size = gzipSync(text).length;
  if (size > USER_DATA_LIMIT) {
    throw new Error(
      `${caller}: the files in ${bootstrapDir} make ${size} bytes of user data (gzipped), over EC2's ${USER_DATA_LIMIT}; move large content to the repo the seed job clones.`,
    );
  }
  return text;
}

/** A Terraform token (`\${TfToken[...]}`) inside rendered text. */
const TOKEN = /(\$\{TfToken\[[^\]]*\]\})/;

/**
 * The rendered text as a Terraform string expression: literal parts escaped so Terraform reads
 * them back byte for byte (quotes, newlines, backslashes, `\${` and `%{`, which shell scripts are
 * full of), tokens (the ECR URL, the agent's address...) left for Terraform to fill in. Pass the
 * result to `Fn.base64gzip`.
 */
export function terraformString(text: string): string {
  // Fn.rawString escapes quotes, newlines and `\${`; backslashes and `%{` are ours to escape.
  const raw = (part: string) => Fn.rawString(part.replace(/\\/g, '\\\\').replace(/%\{/g, '%%{'));
  if (!TOKEN.test(text)) return raw(text);
  const parts = text.split(TOKEN).filter((part) => part !== '');
  return Fn.join(
    '',
    parts.map((part) => (TOKEN.test(part) ? part : raw(part))),
  );
}

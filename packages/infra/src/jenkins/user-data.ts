import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';

/** Where cloud-init writes the bootstrap files on the Jenkins server. */
export const BOOTSTRAP_TARGET = '/opt/jenkins-bootstrap';

/** EC2 caps user data at 16 KiB (after base64). */
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
  readonly appPort: number | string;
}

interface BootstrapFile {
  readonly relativePath: string;
  readonly content: Buffer;
}

/** Every regular file under `dir`, recursively, sorted, except READMEs. */
export function readBootstrapFiles(dir: string): BootstrapFile[] {
  const files: BootstrapFile[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && !/^README/i.test(entry.name)) {
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
  const files = readBootstrapFiles(opts.bootstrapDir);
  if (!files.some((f) => f.relativePath === 'bootstrap.sh')) {
    throw new Error(
      `renderJenkinsUserData: bootstrapDir must contain bootstrap.sh (looked in ${opts.bootstrapDir}).`,
    );
  }
  const env: Record<string, string | number> = {
    PROJECT: opts.project,
    AWS_REGION: opts.region,
    ECR_REPOSITORY_URL: opts.ecrRepositoryUrl,
    JENKINS_REPO_URL: opts.jenkinsRepoUrl,
    JENKINS_REPO_BRANCH: opts.jenkinsRepoBranch ?? 'develop',
    SSM_PREFIX: opts.ssmPrefix ?? `/${opts.project}/jenkins`,
    APP_PORT: opts.appPort,
  };
  const doc = {
    write_files: [
      ...files.map((f) => ({
        path: `${BOOTSTRAP_TARGET}/${f.relativePath}`,
        encoding: 'b64',
        content: f.content.toString('base64'),
        owner: 'root:root',
        permissions: f.relativePath.endsWith('.sh') ? '0755' : '0644',
      })),
      {
        path: `${BOOTSTRAP_TARGET}/bootstrap.env`,
        content: `${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
        owner: 'root:root',
        permissions: '0644',
      },
    ],
    runcmd: [[`${BOOTSTRAP_TARGET}/bootstrap.sh`]],
  };
  // Single quotes: cdktf refuses double quotes inside a string it passes to a Terraform function.
  const text = `#cloud-config\n${stringify(doc, { singleQuote: true, lineWidth: 0 })}`;
  const size = Math.ceil((gzipSync(text).length * 4) / 3);
  if (size > USER_DATA_LIMIT) {
    throw new Error(
      `renderJenkinsUserData: the files in ${opts.bootstrapDir} make ${size} bytes of user data (gzip+base64), over EC2's ${USER_DATA_LIMIT}; move large content to the repo the seed job clones.`,
    );
  }
  return text;
}

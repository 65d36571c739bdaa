import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Fn, TerraformOutput, TerraformVariable, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  AGENT_DOCKER_GID,
  renderAgentUserData,
  renderJenkinsUserData,
  terraformString,
  USER_DATA_LIMIT,
} from '../src/jenkins/user-data';
import { jenkinsBootstrapDir } from '../src/paths';
import { bootstrapFixture, tempDir } from './helpers';
import { terraform, terraformEnv } from './terraform';

const opts = {
  bootstrapDir: bootstrapFixture,
  project: 'shipyard',
  region: 'eu-west-1',
  ecrRepositoryUrl: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service',
  jenkinsRepoUrl: 'https://github.com/example/shipyard.git',
  appPort: 3000,
};

interface CloudConfig {
  write_files: { path: string; encoding?: string; content: string; permissions: string }[];
  runcmd: string[][];
}

function cloudInitSchema(text: string, name: string): string {
  const file = path.join(tempDir(name), 'user-data.yaml');
  fs.writeFileSync(file, text);
  return execFileSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
}

describe('renderJenkinsUserData', () => {
  const text = renderJenkinsUserData(opts);
  const doc = parse(text) as CloudConfig;

  it('is a #cloud-config document', () => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
  });

  it("ships the controller's files as plain text, except READMEs and the agent's folders", () => {
    const shipped = doc.write_files.filter((f) => !f.path.endsWith('/bootstrap.env'));
    expect(shipped.map((f) => [f.path, f.permissions])).toEqual([
      ['/opt/jenkins-bootstrap/bootstrap.sh', '0755'],
      ['/opt/jenkins-bootstrap/jobs/seed.groovy', '0644'],
      ['/opt/jenkins-bootstrap/plugins.txt', '0644'],
    ]);
    for (const f of shipped) {
      expect(f.encoding).toBeUndefined();
      const source = path.join(bootstrapFixture, f.path.replace('/opt/jenkins-bootstrap/', ''));
      expect(f.content).toBe(fs.readFileSync(source, 'utf8'));
    }
  });

  it('writes bootstrap.env with the settings the bootstrap reads', () => {
    const env = doc.write_files.find((f) => f.path === '/opt/jenkins-bootstrap/bootstrap.env');
    expect(env?.content).toBe(
      [
        'PROJECT=shipyard',
        'AWS_REGION=eu-west-1',
        'ECR_REPOSITORY_URL=123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service',
        'JENKINS_REPO_URL=https://github.com/example/shipyard.git',
        'JENKINS_REPO_BRANCH=develop',
        'SSM_PREFIX=/shipyard/jenkins',
        'AGENT_SSM_PREFIX=/shipyard/agent',
        'APP_PORT=3000',
        `DOCKER_GID=${AGENT_DOCKER_GID}`,
        '',
      ].join('\n'),
    );
  });

  it('keeps an empty repository URL empty: the bootstrap then skips only the seed jobs', () => {
    const empty = parse(renderJenkinsUserData({ ...opts, jenkinsRepoUrl: '' })) as CloudConfig;
    const env = empty.write_files.find((f) => f.path.endsWith('/bootstrap.env'))?.content ?? '';
    expect(env.split('\n')).toContain('JENKINS_REPO_URL=');
  });

  it('runs bootstrap.sh', () => {
    expect(doc.runcmd).toEqual([['/opt/jenkins-bootstrap/bootstrap.sh']]);
  });

  it('passes the real cloud-init schema validation', () => {
    expect(cloudInitSchema(text, 'cloud-init')).toMatch(/^Valid cloud-config/);
  });

  it('renders the repository jenkins/ folder into user data that passes cloud-init schema and fits EC2', () => {
    const real = renderJenkinsUserData({ ...opts, bootstrapDir: jenkinsBootstrapDir });
    const paths = (parse(real) as CloudConfig).write_files.map((f) => f.path);
    for (const file of [
      'bootstrap.sh',
      'check-plugins.sh',
      'casc.yaml',
      'casc-agent.yaml',
      'casc-seed.yaml',
      'plugins.txt',
      'plugins.lock.txt',
      'seed-job.groovy',
      'bootstrap.env',
    ]) {
      expect(paths).toContain(`/opt/jenkins-bootstrap/${file}`);
    }
    expect(paths.filter((p) => /README|\/agent(-host)?\//.test(p))).toEqual([]);
    expect(gzipSync(real).length).toBeLessThanOrEqual(USER_DATA_LIMIT);
    expect(cloudInitSchema(real, 'cloud-init-real')).toMatch(/^Valid cloud-config/);
  });

  it('refuses a folder without bootstrap.sh, and files too big for EC2 user data', () => {
    const empty = tempDir('no-bootstrap');
    fs.writeFileSync(path.join(empty, 'plugins.txt'), 'git\n');
    expect(() => renderJenkinsUserData({ ...opts, bootstrapDir: empty })).toThrow(
      /bootstrapDir must contain bootstrap\.sh/,
    );
    const big = tempDir('big');
    fs.writeFileSync(path.join(big, 'bootstrap.sh'), '#!/bin/sh\n');
    // Random text does not compress below the limit.
    fs.writeFileSync(
      path.join(big, 'blob.txt'),
      Array.from({ length: USER_DATA_LIMIT * 2 }, () => Math.random().toString(36).slice(2, 3)).join(''),
    );
    expect(() => renderJenkinsUserData({ ...opts, bootstrapDir: big })).toThrow(/over EC2's 16384/);
  });
});

describe('renderAgentUserData', () => {
  const text = renderAgentUserData({
    bootstrapDir: bootstrapFixture,
    project: 'shipyard',
    region: 'eu-west-1',
  });
  const doc = parse(text) as CloudConfig;

  it("ships agent-host/ only, and agent.env, and runs the agent's bootstrap", () => {
    expect(doc.write_files.map((f) => [f.path, f.permissions])).toEqual([
      ['/opt/jenkins-agent-bootstrap/bootstrap.sh', '0755'],
      ['/opt/jenkins-agent-bootstrap/agent.env', '0644'],
    ]);
    expect(doc.write_files[1]?.content).toBe(
      `PROJECT=shipyard\nAWS_REGION=eu-west-1\nAGENT_SSM_PREFIX=/shipyard/agent\nDOCKER_GID=${AGENT_DOCKER_GID}\n`,
    );
    expect(doc.runcmd).toEqual([['/opt/jenkins-agent-bootstrap/bootstrap.sh']]);
  });

  it('renders the repository agent-host/ into user data that passes cloud-init schema', () => {
    const real = renderAgentUserData({
      bootstrapDir: jenkinsBootstrapDir,
      project: 'shipyard',
      region: 'eu-west-1',
    });
    expect(cloudInitSchema(real, 'cloud-init-agent')).toMatch(/^Valid cloud-config/);
  });
});

describe('terraformString', () => {
  // Terraform itself evaluates the expression as the launch templates use it (base64gzip), and the
  // test unzips what it made: every byte of the scripts must survive, and the tokens be filled in.
  it('round-trips the real user data through Terraform, byte for byte, with a variable filled in', async () => {
    const tricky = 'q="a \\"b\\"" ${HOME} $${x} %{ if y }%{ endif } back\\slash\ttab é\n';
    const real = renderJenkinsUserData({ ...opts, bootstrapDir: jenkinsBootstrapDir });
    const synth = Testing.synthScope((scope) => {
      const project = new TerraformVariable(scope, 'project', { type: 'string' });
      new TerraformOutput(scope, 'plain', { value: Fn.base64gzip(terraformString(tricky + real)) });
      new TerraformOutput(scope, 'withToken', {
        value: Fn.base64gzip(terraformString(`before ${project.stringValue} after "${tricky}"`)),
      });
    });
    const dir = tempDir('tf-string');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), synth);
    const env = terraformEnv(dir);
    const apply = await terraform(
      dir,
      ['apply', '-auto-approve', '-input=false', '-var', 'project=ship yard'],
      env,
    );
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const unzip = async (name: string) =>
      gunzipSync(
        Buffer.from((await terraform(dir, ['output', '-raw', name], env)).stdout, 'base64'),
      ).toString('utf8');
    expect(await unzip('plain')).toBe(tricky + real);
    expect(await unzip('withToken')).toBe(`before ship yard after "${tricky}"`);
  }, 60_000);
});

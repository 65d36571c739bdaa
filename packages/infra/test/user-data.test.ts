import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderJenkinsUserData, USER_DATA_LIMIT } from '../src/jenkins/user-data';
import { jenkinsBootstrapDir } from '../src/paths';
import { bootstrapFixture, tempDir } from './helpers';

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

describe('renderJenkinsUserData', () => {
  const text = renderJenkinsUserData(opts);
  const doc = parse(text) as CloudConfig;

  it('is a #cloud-config document', () => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
  });

  it('ships every file under the folder, recursively and base64-encoded, except READMEs', () => {
    const shipped = doc.write_files.filter((f) => f.encoding === 'b64');
    expect(shipped.map((f) => [f.path, f.permissions])).toEqual([
      ['/opt/jenkins-bootstrap/bootstrap.sh', '0755'],
      ['/opt/jenkins-bootstrap/jobs/seed.groovy', '0644'],
      ['/opt/jenkins-bootstrap/plugins.txt', '0644'],
    ]);
    const script = shipped[0]?.content ?? '';
    expect(Buffer.from(script, 'base64').toString()).toBe(
      fs.readFileSync(path.join(bootstrapFixture, 'bootstrap.sh'), 'utf8'),
    );
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
        'APP_PORT=3000',
        '',
      ].join('\n'),
    );
  });

  it('runs bootstrap.sh', () => {
    expect(doc.runcmd).toEqual([['/opt/jenkins-bootstrap/bootstrap.sh']]);
  });

  it('never puts a double quote in the text (cdktf cannot pass one to base64gzip)', () => {
    expect(text).not.toContain('"');
  });

  it('passes the real cloud-init schema validation', () => {
    const dir = tempDir('cloud-init');
    const file = path.join(dir, 'user-data.yaml');
    fs.writeFileSync(file, text);
    const out = execFileSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
    expect(out).toMatch(/^Valid cloud-config/);
  });

  it('renders the repository jenkins/ folder into user data that passes cloud-init schema', () => {
    const real = renderJenkinsUserData({ ...opts, bootstrapDir: jenkinsBootstrapDir });
    const paths = (parse(real) as CloudConfig).write_files.map((f) => f.path);
    for (const file of ['bootstrap.sh', 'casc.yaml', 'plugins.txt', 'seed-job.groovy', 'bootstrap.env']) {
      expect(paths).toContain(`/opt/jenkins-bootstrap/${file}`);
    }
    expect(paths).not.toContain('/opt/jenkins-bootstrap/README.md');
    const file = path.join(tempDir('cloud-init-real'), 'user-data.yaml');
    fs.writeFileSync(file, real);
    const out = execFileSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
    expect(out).toMatch(/^Valid cloud-config/);
  });

  it('refuses a folder without bootstrap.sh, and files too big for EC2 user data', () => {
    const empty = tempDir('no-bootstrap');
    fs.writeFileSync(path.join(empty, 'plugins.txt'), 'git\n');
    expect(() => renderJenkinsUserData({ ...opts, bootstrapDir: empty })).toThrow(
      /bootstrapDir must contain bootstrap\.sh/,
    );
    const big = tempDir('big');
    fs.writeFileSync(path.join(big, 'bootstrap.sh'), '#!/bin/sh\n');
    // Random bytes do not compress, so gzip cannot rescue them.
    fs.writeFileSync(
      path.join(big, 'blob.bin'),
      Buffer.from(Array.from({ length: USER_DATA_LIMIT }, () => Math.floor(Math.random() * 256))),
    );
    expect(() => renderJenkinsUserData({ ...opts, bootstrapDir: big })).toThrow(/over EC2's 16384/);
  });
});

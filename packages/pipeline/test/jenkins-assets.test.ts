import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { filesUnder, repoRoot } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const jenkinsDir = join(repoRoot, 'jenkins');
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shipyard-jenkins-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The files cloud-init writes: every regular file under jenkins/ except READMEs. */
const bootstrapFiles = () => filesUnder(jenkinsDir).filter((f) => !f.split('/').at(-1)?.startsWith('README'));

async function cloudInitSchema(content: string) {
  const file = join(scratch, `user-data-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, content);
  return execa('cloud-init', ['schema', '--config-file', file], { reject: false });
}

describe('Jenkins server bootstrap assets', () => {
  it('`cloud-init schema` rejects a broken cloud-config (so the check above can fail)', async () => {
    const result = await cloudInitSchema('#cloud-config\nwrite_files:\n  - path: 5\n    encoding: bogus\n');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("'bogus' is not one of");
  });

  it('every shell script passes shellcheck', async () => {
    const scripts = bootstrapFiles().filter((f) => f.endsWith('.sh'));
    expect(scripts).toContain('bootstrap.sh');
    const result = await execa('shellcheck', ['--severity=style', ...scripts], {
      cwd: jenkinsDir,
      reject: false,
    });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('casc.yaml passes yamllint', async () => {
    const config = JSON.stringify({
      extends: 'default',
      rules: { 'line-length': { max: 140 }, 'document-start': 'disable' },
    });
    const result = await execa('yamllint', ['--strict', '-d', config, 'casc.yaml'], {
      cwd: jenkinsDir,
      reject: false,
    });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('casc.yaml holds no secret values, only references', () => {
    const casc = readFileSync(join(jenkinsDir, 'casc.yaml'), 'utf8');
    for (const secret of ['ADMIN_PASSWORD', 'DEPLOY_SSH_KEY', 'SLACK_TOKEN']) {
      expect(casc).toMatch(new RegExp(`"\\$\\{${secret}(:-)?\\}"`));
    }
    expect(casc).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|xox[bp]-/);
  });

  it('every variable casc.yaml needs is one bootstrap.sh provides', () => {
    const casc = readFileSync(join(jenkinsDir, 'casc.yaml'), 'utf8');
    const bootstrap = readFileSync(join(jenkinsDir, 'bootstrap.sh'), 'utf8');
    const envBlock = bootstrap.split('<<ENV\n')[1]?.split('\nENV\n')[0] ?? '';
    const provided = new Set([
      ...envBlock.split('\n').map((line) => line.split('=')[0]),
      ...[...bootstrap.matchAll(/write_secret ([A-Z_]+) /g)].map((m) => m[1]),
    ]);
    expect(provided).toContain('JENKINS_REPO_URL');
    expect(provided).toContain('ADMIN_PASSWORD');
    const required = [...casc.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1] ?? '');
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(provided, `casc.yaml needs \${${name}}`).toContain(name);
    // The seed job reads the repository from the service environment too.
    expect(readFileSync(join(jenkinsDir, 'seed-job.groovy'), 'utf8')).toContain("env['JENKINS_REPO_URL']");
  });

  describe('plugins.txt', () => {
    const lines = readFileSync(join(jenkinsDir, 'plugins.txt'), 'utf8').split('\n').filter(Boolean);
    const ids = lines.map((l) => l.split(':')[0] ?? '');

    it('pins every plugin as id:version', () => {
      for (const line of lines) expect(line).toMatch(/^[a-z0-9][a-z0-9_-]*:[0-9][0-9A-Za-z._-]*$/);
    });

    it('has no duplicates and is sorted by id', () => {
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort());
    });

    it('holds what the Jenkinsfile, JCasC and the seed job use', () => {
      for (const id of [
        'workflow-aggregator',
        'git',
        'configuration-as-code',
        'job-dsl',
        'slack',
        'junit',
        'timestamper',
        'ssh-agent',
        'pipeline-stage-view',
        'credentials-binding',
        'branch-api',
        'workflow-multibranch',
        'basic-branch-build-strategies',
        'pipeline-input-step',
        'pipeline-model-definition',
      ]) {
        expect(ids, `plugins.txt lacks ${id}`).toContain(id);
      }
    });
  });
});

// The real linters and Ansible's own syntax check over ansible/, as part of `make test`.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const ansibleDir = fileURLToPath(new URL('../../../ansible/', import.meta.url));
const env = { ANSIBLE_CONFIG: `${ansibleDir}ansible.cfg`, NO_COLOR: '1' };
const playbooks = readdirSync(ansibleDir).filter(
  (file) => file.endsWith('.yml') && file !== 'requirements.yml',
);

describe('ansible/', () => {
  it('has the playbooks the deploy CLI runs', () => {
    expect(playbooks.sort()).toEqual([
      'deploy.yml',
      'describe-lb.yml',
      'lock.yml',
      'provision.yml',
      'reconcile.yml',
      'rollback.yml',
      'status.yml',
    ]);
  });

  it.each(playbooks)(
    '%s passes ansible-playbook --syntax-check',
    async (playbook) => {
      const result = await execa(
        'ansible-playbook',
        ['--syntax-check', '-i', 'localhost,', '-e', 'deploy_env=staging', playbook],
        { cwd: ansibleDir, env, reject: false, all: true },
      );
      expect(result.exitCode, result.all).toBe(0);
    },
    60_000,
  );

  it('passes ansible-lint with the production profile (.ansible-lint)', async () => {
    const result = await execa('ansible-lint', ['--offline', '--profile', 'production', '-f', 'pep8'], {
      cwd: ansibleDir,
      env,
      reject: false,
      all: true,
    });
    expect(result.exitCode, result.all).toBe(0);
  }, 180_000);

  it('passes yamllint in strict mode', async () => {
    const result = await execa('yamllint', ['--strict', '.'], { cwd: ansibleDir, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
  }, 60_000);
});

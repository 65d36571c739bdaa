import { describe, expect, it } from 'vitest';
import { failureReason, logToOutput } from '../src/ansible.js';
import { ansibleEnv, inventoryListArgs, playbookArgs } from '../src/playbook.js';
import { runVars } from '../src/run.js';

describe('playbookArgs', () => {
  const base = {
    playbook: '/r/ansible/deploy.yml',
    inventory: '/t/inventory.yml',
    extraVarsFile: '/t/extra.json',
  };

  it('passes the inventory and the extra vars file, playbook last', () => {
    expect(playbookArgs(base)).toEqual([
      '-i',
      '/t/inventory.yml',
      '--extra-vars',
      '@/t/extra.json',
      '/r/ansible/deploy.yml',
    ]);
  });

  it('adds limit, check, diff and verbosity (capped at -vvvv)', () => {
    expect(playbookArgs({ ...base, limit: 'i-1,i-2', check: true, diff: true, verbosity: 6 })).toEqual([
      '-i',
      '/t/inventory.yml',
      '--extra-vars',
      '@/t/extra.json',
      '--limit',
      'i-1,i-2',
      '--check',
      '--diff',
      '-vvvv',
      '/r/ansible/deploy.yml',
    ]);
  });

  it('keeps a hostile limit as one argument', () => {
    expect(playbookArgs({ ...base, limit: 'a; rm -rf /' })).toContain('a; rm -rf /');
  });
});

describe('inventoryListArgs', () => {
  it('lists the inventory as JSON', () => {
    expect(inventoryListArgs('/x/inv.yml')).toEqual(['-i', '/x/inv.yml', '--list']);
  });
});

describe('ansibleEnv', () => {
  it('points ANSIBLE_CONFIG at our config and forces colour only on a terminal', () => {
    expect(ansibleEnv('/r/ansible/ansible.cfg', false)).toEqual({ ANSIBLE_CONFIG: '/r/ansible/ansible.cfg' });
    expect(ansibleEnv('/r/ansible/ansible.cfg', true)).toEqual({
      ANSIBLE_CONFIG: '/r/ansible/ansible.cfg',
      ANSIBLE_FORCE_COLOR: '1',
    });
  });
});

describe('runVars', () => {
  it('hands the play the stop marker, the result file and the CLI pid, and the events file if asked', () => {
    expect(
      runVars('staging', { stop: '/t/stop', result: '/t/result.json' }, 42, { app_image: 'r/x:1' }),
    ).toEqual({
      deploy_env: 'staging',
      app_image: 'r/x:1',
      deploy_stop_file: '/t/stop',
      deploy_result_file: '/t/result.json',
      deploy_cli_pid: 42,
    });
    expect(
      runVars('production', { stop: '/t/stop', result: '/t/r.json', events: '/x/events.jsonl' }, 1, {}),
    ).toMatchObject({ deploy_events_file: '/x/events.jsonl' });
  });
});

describe('logToOutput', () => {
  it("drops the prefix of Ansible's log lines, so the recap parses", () => {
    expect(
      logToOutput(
        '2026-12-01 14:46:08,327 p=31041 u=root n=ansible | PLAY RECAP ***\n' +
          '2026-12-01 14:46:08,327 p=31041 u=root n=ansible | h1   : ok=7    changed=0    unreachable=0    failed=0',
      ),
    ).toBe('PLAY RECAP ***\nh1   : ok=7    changed=0    unreachable=0    failed=0');
  });
});

describe('failureReason', () => {
  it("quotes Ansible's msg, else its first fatal line", () => {
    expect(
      failureReason("TASK [x]\nfatal: [h]: FAILED! =>\n  changed: false\n  msg: 'cannot make the lock'\n"),
    ).toBe('cannot make the lock');
    expect(failureReason('ERROR! the playbook could not be found\n')).toBe(
      'ERROR! the playbook could not be found',
    );
  });
});

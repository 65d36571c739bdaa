import { describe, expect, it } from 'vitest';
import { ansibleEnv, inventoryListArgs, playbookArgs } from '../src/playbook.js';

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

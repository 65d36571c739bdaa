import { describe, expect, it } from 'vitest';
import { describeHolder, isStale, type LockHolder, lockRefusal, newHolder } from '../src/lock.js';
import { lockVars } from '../src/lock-store.js';

const holder: LockHolder = {
  id: 'abc',
  who: 'jenkins@ci-1',
  pid: 4242,
  since: '2025-01-01T10:00:00.000Z',
  command: 'rollout',
  image: 'r.example/shipyard-service:1.2.0',
  cwd: '/var/lib/jenkins/workspace/shipyard_main',
};
const now = new Date('2025-01-01T10:03:00.000Z');

describe('describeHolder', () => {
  it('names who, what, which process, since when and from where', () => {
    expect(describeHolder(holder, now)).toBe(
      'jenkins@ci-1 (rollout of r.example/shipyard-service:1.2.0, pid 4242, since 2025-01-01T10:00:00.000Z, ' +
        '3 min 0 s ago, from /var/lib/jenkins/workspace/shipyard_main)',
    );
  });

  it('copes with a holder file that says little', () => {
    expect(describeHolder({}, now)).toBe('someone unknown');
    expect(describeHolder({ who: 'unknown (no holder file)' }, now)).toBe('unknown (no holder file)');
    expect(describeHolder({ who: 'bob@x', command: 'rollback' }, now)).toBe('bob@x (rollback)');
  });
});

describe('lockRefusal', () => {
  it('is one line naming the holder, with how to free a lock whose deploy is gone', () => {
    const error = lockRefusal('staging', holder, now);
    expect(error.message).toMatch(/^staging is locked by jenkins@ci-1 \(rollout of /);
    expect(error.hint).toContain('`deploy lock release --env staging`');
    expect(`${error.message}. ${error.hint}`).not.toContain('\n');
  });
});

describe('isStale', () => {
  const dead = () => false;
  const alive = () => true;
  it('only for a lock of this user and machine whose process is gone', () => {
    expect(isStale(holder, 'jenkins@ci-1', dead)).toBe(true);
    expect(isStale(holder, 'jenkins@ci-1', alive)).toBe(false);
    expect(isStale(holder, 'alice@laptop', dead)).toBe(false);
    expect(isStale({ who: 'jenkins@ci-1' }, 'jenkins@ci-1', dead)).toBe(false);
  });
});

describe('newHolder', () => {
  it('records this process, now, the command, the image and the checkout', () => {
    const h = newHolder('rollout', 'r/x:1', '/src', now);
    expect(h).toMatchObject({
      pid: process.pid,
      since: now.toISOString(),
      command: 'rollout',
      image: 'r/x:1',
      cwd: '/src',
    });
    expect(h.who).toMatch(/^.+@.+$/);
    expect(h.id).not.toBe(newHolder('rollout', 'r/x:1', '/src', now).id);
  });
});

describe('lockVars', () => {
  it('passes the action, the result file, and the holder or the id to release', () => {
    expect(lockVars('staging', 'acquire', '/t/r.json', { holder })).toEqual({
      deploy_env: 'staging',
      deploy_lock_action: 'acquire',
      deploy_lock_result_file: '/t/r.json',
      deploy_lock_holder: holder,
    });
    expect(lockVars('production', 'release', '/t/r.json', { expectId: 'abc' })).toEqual({
      deploy_env: 'production',
      deploy_lock_action: 'release',
      deploy_lock_result_file: '/t/r.json',
      deploy_lock_expect_id: 'abc',
    });
    expect(lockVars('staging', 'status', '/t/r.json')).toEqual({
      deploy_env: 'staging',
      deploy_lock_action: 'status',
      deploy_lock_result_file: '/t/r.json',
    });
  });
});

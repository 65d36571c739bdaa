import { describe, expect, it } from 'vitest';
import {
  type EnvironmentStatus,
  formatLock,
  formatStatus,
  type HostStatus,
  inService,
} from '../src/status.js';

const now = new Date('2025-01-01T10:01:00.000Z');
const host = (over: Partial<HostStatus>): HostStatus => ({
  host: 'i-1',
  image: 'r.example/shipyard-service:1.2.0',
  running: true,
  health: 200,
  lb: 'healthy',
  in_lb: true,
  current: 'r.example/shipyard-service:1.2.0',
  previous: 'r.example/shipyard-service:1.1.0',
  ...over,
});

describe('inService', () => {
  it('needs the load balancer, a running container and a healthy answer', () => {
    expect(inService(host({}))).toBe(true);
    expect(inService(host({ in_lb: false }))).toBe(false);
    expect(inService(host({ running: false }))).toBe(false);
    expect(inService(host({ health: 503 }))).toBe(false);
  });
});

describe('formatStatus', () => {
  it('shows each host, the lock, and says when all is well', () => {
    const status: EnvironmentStatus = {
      hosts: [host({}), host({ host: 'i-2' })],
      lock: { held: false, holder: {} },
    };
    expect(formatStatus('production', status, now)).toBe(
      [
        'production: 2 host(s)',
        '  host  image                             load balancer  health  in service',
        '  i-1   r.example/shipyard-service:1.2.0  healthy (in)   200     yes',
        '  i-2   r.example/shipyard-service:1.2.0  healthy (in)   200     yes',
        'lock: not locked',
        'Every host is in service.',
      ].join('\n'),
    );
  });

  it('names the hosts out of service, the holder of the lock, and what to run', () => {
    const status: EnvironmentStatus = {
      hosts: [
        host({}),
        host({ host: 'i-2', image: '', running: false, health: -1, lb: 'MAINT', in_lb: false }),
      ],
      unreachable: ['i-3'],
      lock: {
        held: true,
        holder: { who: 'jenkins@ci', pid: 7, command: 'rollout', since: '2025-01-01T10:00:00.000Z' },
      },
    };
    const text = formatStatus('staging', status, now);
    expect(text).toContain('  i-2   (no container)                    MAINT (out)    no answer  NO');
    expect(text).toContain('  i-3: unreachable');
    expect(text).toContain(
      'lock: locked by jenkins@ci (rollout, pid 7, since 2025-01-01T10:00:00.000Z, 1 min 0 s ago)',
    );
    expect(text).toContain(
      'Not in service: i-2, i-3. `deploy reconcile --env staging` puts every host back on whichever image is healthy.',
    );
  });
});

describe('formatLock', () => {
  it('says free or who holds it', () => {
    expect(formatLock('staging', { held: false, holder: {} })).toBe('staging: not locked');
    expect(formatLock('staging', { held: true, holder: { who: 'a@b' } }, now)).toBe('staging: locked by a@b');
  });
});

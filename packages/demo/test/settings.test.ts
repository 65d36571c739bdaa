import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderInventory } from '../src/inventory.js';
import { imageRef, lbUrl, resolveSettings } from '../src/settings.js';
import { repoRoot } from './helpers.js';

const inventory = readFileSync(path.join(repoRoot, 'demo', 'inventory.yml'), 'utf8');

describe('resolveSettings', () => {
  it('defaults to the documented ports, docker and .demo/', () => {
    const s = resolveSettings({}, '/repo');
    expect(s.dir).toBe('/repo/.demo');
    expect(s.registry).toBe('127.0.0.1:5000');
    expect(s.lbPorts).toEqual({ staging: 8081, production: 8082 });
    expect(s.instancePorts).toEqual([18001, 18002, 18003, 18004]);
    expect(s.containerBuild).toEqual(['docker', 'build']);
    expect(lbUrl(s, 'production')).toBe('http://127.0.0.1:8082');
    expect(imageRef(s, '1.2.3')).toBe('127.0.0.1:5000/shipyard-service:1.2.3');
  });

  it('takes the CI container overrides as argv', () => {
    const s = resolveSettings(
      { CONTAINER_CLI: 'podman', CONTAINER_BUILD: 'buildah bud --isolation chroot --layers' },
      '/r',
    );
    expect(s.containerBuild).toEqual(['buildah', 'bud', '--isolation', 'chroot', '--layers']);
  });

  it.each([
    [{ DEMO_STAGING_PORT: 'eighty' }, /DEMO_STAGING_PORT=eighty is not a TCP port/],
    [{ DEMO_INSTANCE_PORTS: '1,2,3' }, /needs four distinct ports, got 3/],
    [{ DEMO_INSTANCE_PORTS: '1,1,2,3' }, /needs four distinct ports/],
    [{ DEMO_REGISTRY: '10.0.0.1:5000' }, /not a loopback host:port/],
    [{ DEMO_REGISTRY_MODE: 'cloud' }, /not one of auto, binary, container/],
    [{ DEMO_CHECK_RISE: '0' }, /DEMO_CHECK_RISE=0 is not a positive integer/],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => resolveSettings(env, '/r')).toThrow(message);
  });
});

describe('renderInventory', () => {
  it('lists four hosts, two per environment, on the configured ports', () => {
    const s = resolveSettings({ DEMO_INSTANCE_PORTS: '19001,19002,19003,19004' }, '/r');
    const { hosts, text } = renderInventory(inventory, s);
    expect(hosts).toEqual([
      { name: 'staging-1', env: 'staging', port: 19001, container: 'shipyard-demo-staging-1' },
      { name: 'staging-2', env: 'staging', port: 19002, container: 'shipyard-demo-staging-2' },
      { name: 'production-1', env: 'production', port: 19003, container: 'shipyard-demo-production-1' },
      { name: 'production-2', env: 'production', port: 19004, container: 'shipyard-demo-production-2' },
    ]);
    const parsed = parse(text, { merge: true });
    const p2 = parsed.all.children.production.hosts['production-2'];
    expect(p2.app_host_port).toBe(19004);
    // The merged local settings survive the rewrite.
    expect(p2.ansible_connection).toBe('local');
    expect(p2.app_lb_driver).toBe('haproxy');
    expect(p2.app_network_mode).toBe('host');
  });
});

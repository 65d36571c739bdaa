import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRegistry, registryAnswers, registryTags, stopRegistry } from '../src/registry.js';
import { testSettings } from './helpers.js';

// Debian's docker-registry for real, on this suite's own port.
describe('local registry (real docker-registry)', () => {
  const { settings, cleanup } = testSettings({
    DEMO_REGISTRY: '127.0.0.1:18016',
    DEMO_REGISTRY_MODE: 'binary',
  });
  afterAll(async () => {
    await stopRegistry(settings);
    cleanup();
  });

  it('starts once, is idempotent, serves the API, and stops', async () => {
    expect(await ensureRegistry(settings)).toBe('started (binary) at 127.0.0.1:18016');
    expect(await ensureRegistry(settings)).toBe('already running at 127.0.0.1:18016');
    expect(await registryAnswers('127.0.0.1:18016')).toBe(true);
    expect(await registryTags('127.0.0.1:18016', 'shipyard-service')).toEqual([]);
    // The config it runs from is ours, under the demo dir.
    const { stdout } = await execa('cat', [`${settings.dir}/registry/config.yml`]);
    expect(stdout).toContain('addr: 127.0.0.1:18016');
    expect(await stopRegistry(settings)).toBe(true);
    expect(await registryAnswers('127.0.0.1:18016')).toBe(false);
  });
});

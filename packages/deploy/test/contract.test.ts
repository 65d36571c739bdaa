import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOutputs, parseOutputs } from '../src/contract.js';

const fixture = new URL('fixtures/outputs.json', import.meta.url).pathname;

describe('outputs', () => {
  it('loads the fixture that follows docs/contracts.md §1', async () => {
    const outputs = await loadOutputs(fixture);
    expect(outputs.environments.staging.instances).toHaveLength(2);
    expect(outputs.appPort).toBe(3000);
  });

  it('says a missing file does not exist and how to make it', async () => {
    await expect(loadOutputs('/nonexistent/outputs.json')).rejects.toThrow(
      'outputs file /nonexistent/outputs.json does not exist',
    );
  });

  it('says an unreadable file cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outputs-'));
    await expect(loadOutputs(dir)).rejects.toThrow(/cannot be read \(EISDIR\)/);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseOutputs('{nope', 'o.json')).toThrow(/^outputs file o.json is not JSON/);
  });

  it('names the first field with the wrong shape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outputs-'));
    const file = join(dir, 'outputs.json');
    const broken = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(fixture, 'utf8')));
    broken.environments.staging.instances[0].privateIp = 42;
    await writeFile(file, JSON.stringify(broken));
    await expect(loadOutputs(file)).rejects.toThrow(
      /has the wrong shape at environments\.staging\.instances\.0\.privateIp: .*expected string/,
    );
  });
});

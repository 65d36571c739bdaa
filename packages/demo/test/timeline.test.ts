// A proof's timeline from the host phase events a real `make e2e` recorded (proof 1, staging then
// production) and a load report shaped like the load generator's.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEvents, TrafficRecorder } from '@shipyard/timeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../src/load.js';
import { proofFiles, startProofEvents, writeProofTimeline } from '../src/timeline.js';

const recorded = fileURLToPath(new URL('fixtures/rolling-release.events.jsonl', import.meta.url));
const HOSTS = ['staging-1', 'staging-2', 'production-1', 'production-2'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'demo-timeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('proofFiles and startProofEvents', () => {
  it('names the SVG and events after the proof, and starts the events afresh for the deploys of the proof', async () => {
    const files = proofFiles(path.join(dir, 'timelines'), 'rolling-release');
    expect(files).toEqual({
      svg: path.join(dir, 'timelines', 'rolling-release.svg'),
      events: path.join(dir, 'timelines', 'rolling-release.events.jsonl'),
    });
    await startProofEvents(files);
    expect((await stat(path.dirname(files.events))).isDirectory()).toBe(true);
    await writeFile(files.events, 'left over from an earlier run\n');
    await startProofEvents(files);
    await expect(stat(files.events)).rejects.toThrow(/ENOENT/);
  });
});

describe('writeProofTimeline', () => {
  it('draws every host with its recorded phases, and the load by the versions it saw', async () => {
    const files = proofFiles(dir, 'rolling-release');
    await copyFile(recorded, files.events);
    const events = parseEvents(await readFile(recorded, 'utf8'));
    const start = (events[0]?.t ?? 0) - 4000;
    const end = (events.at(-1)?.t ?? 0) + 2000;
    // 100 requests a second, moving from A to B as hosts come back in service.
    const traffic = new TrafficRecorder();
    const inService = events.filter((e) => e.phase === 'in').map((e) => e.t);
    for (let t = start; t < end; t += 10) {
      const onB = inService.filter((at) => at <= t).length;
      traffic.served(t, (t / 10) % 4 < onB ? '1.0.0-e2e-b' : '1.0.0');
    }
    const load: LoadReport = {
      url: 'http://127.0.0.1:8081/ + http://127.0.0.1:8082/',
      rate: 100,
      sent: 0,
      completed: 0,
      failed: 0,
      errors: 0,
      non2xx: 0,
      durationMs: end - start,
      versions: {},
      traffic: traffic.samples(),
    };
    const written = await writeProofTimeline({
      files,
      title: 'Proof 1: rolling release',
      load,
      hosts: HOSTS,
    });
    expect(written).toBe(files.svg);
    const svg = await readFile(files.svg, 'utf8');
    expect(svg).toContain('>Proof 1: rolling release</text>');
    expect(svg).toContain(
      '<tspan>Fixed-rate load of 100 requests/s in all (http://127.0.0.1:8081/ + http://127.0.0.1:8082/)',
    );
    for (const host of HOSTS) {
      expect(svg).toContain(`>${host}</text>`);
      for (const phase of ['out of the LB', 'starting', 'in service']) {
        expect(svg).toMatch(
          new RegExp(`aria-label="${host}: ${phase} \\(0\\.0\\.1-rollout-timeline\\.112\\.gd5f8223-e2e-b\\)`),
        );
      }
    }
    expect(svg).toMatch(/<tspan[^>]*>served: 1\.0\.0 \d+, 1\.0\.0-e2e-b \d+<\/tspan>/);
    expect(svg).toContain('>1.0.0-e2e-b</text>');
  });
});

describe('docs/img/e2e-rolling-release.svg', () => {
  it('is a picture of proof 1 from a real run: four hosts, each out, starting and back in, no failure', async () => {
    const svg = await readFile(
      fileURLToPath(new URL('../../../docs/img/e2e-rolling-release.svg', import.meta.url)),
      'utf8',
    );
    expect(svg).toContain('>Proof 1: rolling release of B over A, staging then production</text>');
    for (const host of HOSTS) {
      for (const phase of ['out of the LB', 'starting', 'in service']) {
        expect(svg).toMatch(new RegExp(`aria-label="${host}: ${phase} \\([^)]*-e2e-b\\)`));
      }
    }
    expect(svg).toMatch(/<tspan[^>]*>4 host\(s\) over [\d.]+ s: \d+ requests, 0 failed \(0\.00 %\)<\/tspan>/);
    // A real run from a committed tree: no "-dirty" version in the picture.
    expect(svg).not.toContain('-dirty');
  });
});

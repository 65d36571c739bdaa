import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEFORE } from '../src/model.js';
import { writeTimeline } from '../src/render.js';
import { TrafficRecorder } from '../src/traffic.js';
import { ROLLOUT, T0 } from './fixtures.js';

/** The aria-labels Vega gives each mark, for the marks of one named layer. */
function markLabels(svg: string, name: string): string[] {
  const group = new RegExp(`<g class="mark-\\w+ role-mark ${name}_marks"[^>]*>(.*?)</g>`, 's').exec(svg);
  return [...(group?.[1] ?? '').matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('writeTimeline (Vega-Lite compiled and rendered by Vega, headless)', () => {
  let dir: string;
  let svg: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timeline-render-'));
    const traffic = new TrafficRecorder();
    for (let ms = 0; ms < 16_000; ms += 20) {
      if (ms >= 11_000 && ms < 12_000 && ms % 100 === 0) traffic.failed(T0 + ms);
      else traffic.served(T0 + ms, ms >= 5000 && ms % 40 === 0 ? '1.1.0' : BEFORE);
    }
    file = join(dir, 'nested', 'rollout.svg');
    svg = await writeTimeline(
      file,
      { events: ROLLOUT, traffic: traffic.samples(), hosts: ['staging-1', 'staging-2'] },
      { title: 'Roll-out of 1.1.0 to staging', subtitle: ['HAProxy counters, every second'] },
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a standalone SVG, creating the directory', async () => {
    expect(await readFile(file, 'utf8')).toBe(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* width="\d+" height="\d+"/);
  });

  it('names every host and says what the picture is', () => {
    expect(svg).toContain('>staging-1</text>');
    expect(svg).toContain('>staging-2</text>');
    expect(svg).toContain('>Roll-out of 1.1.0 to staging</text>');
    // Subtitle lines are tspans, one per line.
    expect(svg).toContain('<tspan>HAProxy counters, every second</tspan>');
    expect(svg).toMatch(/<tspan[^>]*>2 host\(s\) over 16\.0 s: 800 requests, 10 failed \(1\.25 %\)<\/tspan>/);
    expect(svg).toMatch(/<tspan[^>]*>served: before 520, 1\.1\.0 270<\/tspan>/);
    expect(svg).toContain('>requests per second</text>');
    expect(svg).toContain('>seconds since 2025-06-01T12:00:00Z</text>');
  });

  it('draws one band per host phase, coloured by phase, with the phase legend', () => {
    expect(markLabels(svg, 'bands')).toEqual([
      'staging-1: out of the LB (1.1.0) from 2.0 s to 3.0 s',
      'staging-1: starting (1.1.0) from 3.0 s to 5.0 s',
      'staging-1: baking (in the LB) (1.1.0) from 5.0 s to 8.0 s',
      'staging-1: in service (1.1.0) from 8.0 s to 16.0 s',
      'staging-2: out of the LB (1.1.0) from 9.0 s to 10.0 s',
      'staging-2: starting (1.1.0) from 10.0 s to 12.0 s',
      'staging-2: rolling back (1.0.0) from 12.0 s to 14.0 s',
      'staging-2: in service (1.0.0) from 14.0 s to 16.0 s',
    ]);
    expect(svg).toMatch(/aria-label="staging-1: in service[^"]*"[^>]*fill="#54a24b"/);
    expect(svg).toMatch(/aria-label="staging-2: rolling back[^"]*"[^>]*fill="#b279a2"/);
    expect(markLabels(svg, 'failures')).toEqual(['staging-2: 1.1.0 failed at 12.0 s']);
    for (const phase of ['out of the LB', 'starting', 'baking (in the LB)', 'in service', 'rolling back']) {
      expect(svg).toContain(`>${phase}</text>`);
    }
  });

  it('stacks one area per series, failed in red, with the version legend', () => {
    const areas = svg.match(/<g class="mark-area role-mark traffic_marks"/g) ?? [];
    expect(areas).toHaveLength(3);
    expect(svg).toMatch(/served by: failed[^"]*"[^>]*fill="#e45756"/);
    expect(svg).toMatch(/served by: 1\.1\.0[^"]*"[^>]*fill="#4c78a8"/);
    for (const series of ['before', '1.1.0', 'failed']) expect(svg).toContain(`>${series}</text>`);
  });
});

// `deploy rollout|rollback --timeline` through the built CLI and the real ansible-playbook, on
// inventories that need no container engine: bad paths are refused before anything runs, and
// the alb driver's picture is written, honest about what it could not sample, even on failure.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3';

let work: string;
let inventory: string;

function deploy(args: string[]) {
  return execa('node', [cli, ...args], { reject: false, all: true });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deploy-timeline-cli-'));
  inventory = join(work, 'inventory.yml');
  // Two "AWS" hosts that are this machine; the target group is missing, so the role's own
  // validation stops the roll-out before it touches anything.
  const host = { ansible_connection: 'local', ansible_python_interpreter: '{{ ansible_playbook_python }}' };
  await writeFile(
    inventory,
    stringify({
      staging: {
        vars: { app_lb_driver: 'alb', app_state_dir: join(work, 'state'), app_become: false },
        hosts: { 'i-0aaa': host, 'i-0bbb': host },
      },
    }),
  );
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('--timeline refuses a path it cannot write, before anything runs', () => {
  it.each([
    [
      'in a directory that does not exist',
      () => join(work, 'missing', 'rollout.svg'),
      /no writable directory/,
    ],
    ['that is a directory', () => work, /is a directory\. Give a file name/],
  ])('a file %s', async (_, path, pattern) => {
    const result = await deploy([
      'rollout',
      '--env',
      'staging',
      '--inventory',
      inventory,
      '--image',
      image,
      '--timeline',
      path(),
    ]);
    expect(result.exitCode).toBe(1);
    const lines = (result.all ?? '').split('\n').filter(Boolean);
    expect(lines, result.all).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: --timeline /);
    expect(lines[0]).toMatch(pattern);
  });

  it('the same for --events on rollback', async () => {
    const result = await deploy([
      'rollback',
      '--env',
      'staging',
      '--inventory',
      inventory,
      '--events',
      join(work, 'missing', 'events.jsonl'),
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/^error: --events .* cannot be written \(no writable directory/);
  });
});

describe('--timeline with the alb driver', () => {
  it('writes the picture of a failed roll-out: every host named, and traffic marked as not sampled', async () => {
    const file = join(work, 'out', 'rollout.svg');
    await mkdir(join(work, 'out'));
    const result = await deploy([
      'rollout',
      '--env',
      'staging',
      '--inventory',
      inventory,
      '--image',
      image,
      '--timeline',
      file,
    ]);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toContain('==> Find where to sample each host for the timeline');
    expect(result.all).toContain(`==> Write the timeline ${file}`);
    expect(result.all).toMatch(
      /Wrote the timeline of staging \(0 host phase event\(s\), 0 load balancer sample\(s\)\)/,
    );
    expect(result.all).toMatch(/error: rollout on staging failed/);
    const svg = await readFile(file, 'utf8');
    expect(svg).toContain(`>Roll out ${image} to staging: failed (exit code 2)</text>`);
    expect(svg).toContain(
      '<tspan>Per-version traffic is not sampled for the alb driver (AWS target groups): host bands only for i-0aaa, i-0bbb.</tspan>',
    );
    expect(svg).toContain('>i-0aaa</text>');
    expect(svg).toContain('>i-0bbb</text>');
    // No traffic chart at all: only the host rows.
    expect(svg).not.toContain('traffic_marks');
    expect(svg).not.toContain('requests per second');
  }, 120_000);
});

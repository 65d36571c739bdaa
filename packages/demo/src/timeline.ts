import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readEvents, writeTimeline } from '@shipyard/timeline';
import type { LoadReport } from './load.js';

/** A proof's picture and the host phase events behind it: `<dir>/<name>.svg`, `<dir>/<name>.events.jsonl`. */
export interface ProofFiles {
  readonly svg: string;
  readonly events: string;
}

export function proofFiles(dir: string, name: string): ProofFiles {
  return { svg: path.join(dir, `${name}.svg`), events: path.join(dir, `${name}.events.jsonl`) };
}

/**
 * Starts a proof's events file afresh: every deploy of the proof (staging, then production)
 * appends its hosts' phases to the one file (`deploy --events`).
 */
export async function startProofEvents(files: ProofFiles): Promise<void> {
  await mkdir(path.dirname(files.events), { recursive: true });
  await rm(files.events, { force: true });
}

export interface ProofTimeline {
  readonly files: ProofFiles;
  /** e.g. "Proof 1: rolling release of B over A". */
  readonly title: string;
  /** The proof's load, both load balancers added up (combineLoads). */
  readonly load: LoadReport;
  /** Every host, in inventory order, so an untouched host still has its row. */
  readonly hosts: readonly string[];
}

/**
 * Writes one proof's SVG from what the demo's own load generator counted each second (versions
 * from the response bodies, failures as the client saw them) and the hosts' phase events.
 * Returns the SVG's path.
 */
export async function writeProofTimeline(proof: ProofTimeline): Promise<string> {
  const { load } = proof;
  await writeTimeline(
    proof.files.svg,
    { events: await readEvents(proof.files.events), traffic: load.traffic, hosts: proof.hosts },
    {
      title: proof.title,
      subtitle: [
        `Fixed-rate load of ${load.rate} requests/s in all (${load.url}) from the demo's load generator.`,
        'Versions from each response body; failed: non-2xx answers, refused or reset connections, timeouts.',
      ],
    },
  );
  return proof.files.svg;
}

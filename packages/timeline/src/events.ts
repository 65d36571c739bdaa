import { readFile } from 'node:fs/promises';
import { ShipyardError } from '@shipyard/cli-kit';

/**
 * Where a host is in a roll-out. The playbooks append one event per change to the file named by
 * the Ansible extra var `deploy_events_file` (docs/deploy.md, "A picture of each roll-out").
 */
export const PHASES = ['out', 'starting', 'baking', 'in', 'failed', 'rollback'] as const;
export type Phase = (typeof PHASES)[number];

/** One line of the events file. */
export interface PhaseEvent {
  /** When the host entered the phase, epoch milliseconds. */
  readonly t: number;
  /** The Ansible inventory_hostname. */
  readonly host: string;
  readonly phase: Phase;
  /** The image the phase is about: the one being started, baked, or returned to. */
  readonly image: string;
}

const isPhase = (value: unknown): value is Phase => PHASES.includes(value as Phase);

function toEvent(value: unknown): PhaseEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { t: raw, host, phase, image } = value as Record<string, unknown>;
  // A string of digits is read too: Ansible renders a nested template value as a string.
  const t = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof t !== 'number' || !Number.isFinite(t)) return undefined;
  if (typeof host !== 'string' || host === '' || !isPhase(phase)) return undefined;
  return { t, host, phase, image: typeof image === 'string' ? image : '' };
}

/**
 * Parses the JSON-lines events file, ordered by time. Blank lines are skipped; any other line
 * that is not an event is an error naming the line, since a wrong picture is worse than none.
 */
export function parseEvents(text: string, source = 'the events file'): PhaseEvent[] {
  const events: PhaseEvent[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const event = toEvent(parsed);
    if (!event) {
      throw new ShipyardError(
        `line ${index + 1} of ${source} is not a phase event: ${line.slice(0, 120)}`,
        `Each line must be {"t": <epoch ms>, "host": "<name>", "phase": "${PHASES.join('|')}", "image": "<ref>"}.`,
      );
    }
    events.push(event);
  }
  // A stable sort keeps the file's order for events stamped in the same millisecond.
  return events.sort((a, b) => a.t - b.t);
}

/** Reads an events file; a file that was never written (no host changed phase) has no events. */
export async function readEvents(file: string): Promise<PhaseEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseEvents(text, file);
}

import type { Phase, PhaseEvent } from '../src/events.js';

/** A fixed origin, so times in tests read as seconds. */
export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
export const A = '127.0.0.1:5000/shipyard-service:1.0.0';
export const B = '127.0.0.1:5000/shipyard-service:1.1.0';

export const at = (seconds: number, host: string, phase: Phase, image = B): PhaseEvent => ({
  t: T0 + seconds * 1000,
  host,
  phase,
  image,
});

/** Two hosts: the first goes through to B, the second fails and is rolled back to A. */
export const ROLLOUT: PhaseEvent[] = [
  at(2, 'staging-1', 'out'),
  at(3, 'staging-1', 'starting'),
  at(5, 'staging-1', 'baking'),
  at(8, 'staging-1', 'in'),
  at(9, 'staging-2', 'out'),
  at(10, 'staging-2', 'starting'),
  at(12, 'staging-2', 'failed'),
  at(12, 'staging-2', 'rollback', A),
  at(14, 'staging-2', 'in', A),
];

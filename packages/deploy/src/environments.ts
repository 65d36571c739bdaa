import { DeployError } from './errors.js';

export const ENVIRONMENTS = ['staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function parseEnvironment(value: string | undefined): Environment {
  if (value === undefined) {
    throw new DeployError('missing --env', `Pass --env ${ENVIRONMENTS.join('|')}.`);
  }
  if (!(ENVIRONMENTS as readonly string[]).includes(value)) {
    throw new DeployError(`unknown environment "${value}"`, `Use one of: ${ENVIRONMENTS.join(', ')}.`);
  }
  return value as Environment;
}

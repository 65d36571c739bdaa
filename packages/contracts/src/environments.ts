import { z } from 'zod';

/** The environments every package knows, in the order a release reaches them. */
export const ENVIRONMENTS = ['staging', 'production'] as const;

export type Environment = (typeof ENVIRONMENTS)[number];

export const environmentSchema = z.enum(ENVIRONMENTS);

export function isEnvironment(value: unknown): value is Environment {
  return environmentSchema.safeParse(value).success;
}

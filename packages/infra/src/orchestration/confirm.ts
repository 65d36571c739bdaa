import { createInterface } from 'node:readline/promises';
import { ShipyardError } from '@shipyard/cli-kit';
import type { StackName } from './stacks';

/** Asks one question on the terminal; undefined when there is no terminal to ask on. */
export type Ask = ((question: string) => Promise<string>) | undefined;

export function terminalAsk(): Ask {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(`${question} `);
    } finally {
      rl.close();
    }
  };
}

export interface DestroyConsent {
  /** AUTO_APPROVE=1: no prompt for the stacks in general. */
  readonly autoApprove: boolean;
  /** CONFIRM_PRODUCTION=production: the second confirmation production needs, given up front. */
  readonly confirmProduction?: string | undefined;
}

/** The first question, naming what goes: the shared stack takes the images with it. */
export function destroyQuestion(stacks: readonly StackName[]): string {
  const images = stacks.includes('shared')
    ? ' The shared stack takes the ECR repository with it, and every image in it.'
    : '';
  return `Destroy the ${stacks.join(', ')} stack(s)?${images} Type 'destroy' to continue:`;
}

export const PRODUCTION_QUESTION = "This destroys PRODUCTION. Type 'production' to continue:";

async function confirm(ask: Ask, question: string, expected: string): Promise<void> {
  if (!ask) {
    throw new ShipyardError(
      'refusing to destroy without a terminal to confirm on; nothing was destroyed',
      'Set AUTO_APPROVE=1 (infra destroy --auto-approve) to destroy unattended.',
    );
  }
  const answer = (await ask(question)).trim();
  if (answer !== expected) {
    throw new ShipyardError(`not confirmed (expected '${expected}'); nothing was destroyed`);
  }
}

/**
 * Every confirmation a destroy needs, asked before anything runs: `destroy` for the stacks
 * (unless auto-approved), then `production` once more when production is among them. Unattended,
 * production needs CONFIRM_PRODUCTION=production.
 */
export async function confirmDestroy(
  stacks: readonly StackName[],
  consent: DestroyConsent,
  ask: Ask,
): Promise<void> {
  if (!consent.autoApprove) await confirm(ask, destroyQuestion(stacks), 'destroy');
  if (stacks.includes('production') && consent.confirmProduction !== 'production') {
    if (consent.autoApprove) {
      throw new ShipyardError(
        'destroying production also needs CONFIRM_PRODUCTION=production; nothing was destroyed',
        'Add CONFIRM_PRODUCTION=production (infra destroy --confirm-production production).',
      );
    }
    await confirm(ask, PRODUCTION_QUESTION, 'production');
  }
}

#!/usr/bin/env node
/**
 * `demo`: the local environment (`make demo`, `make demo-down`, `make e2e`). Its own entry point
 * for now; `addDemoCommands(program.command('demo'))` in cli.ts makes it `deploy demo …`.
 */
import { Command } from 'commander';
import { addDemoCommands } from './demo/program.js';
import { formatError } from './errors.js';

const program = new Command('demo').description(
  'The whole pipeline on this machine: local registry, four local hosts, one HAProxy per environment.\n' +
    'Run from the repository root. Settings come from DEMO_* variables (docs/demo.md).',
);
try {
  await addDemoCommands(program).parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exitCode = 1;
}

#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '@shipyard/cli-kit';
import { Command } from 'commander';
import { registerApply } from './commands/apply';
import { registerBench } from './commands/bench';
import { registerCheckCredentials } from './commands/check-credentials';
import { registerCreateTfvars } from './commands/create-tfvars';
import { registerDestroy } from './commands/destroy';
import { registerHcl } from './commands/hcl';
import { registerIamPolicy } from './commands/iam-policy';
import { registerJenkinsSecrets } from './commands/jenkins-secrets';
import { registerOutputs } from './commands/outputs';
import { registerPlan } from './commands/plan';
import { registerPreview } from './commands/preview';
import { registerSynth } from './commands/synth';
import { packageRoot } from './paths';

/** `0.0.0 (cdktf 0.21.0, @cdktf/provider-aws 20.1.0)`: the pins matter more than our version. */
function versionLine(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const pins = ['cdktf', '@cdktf/provider-aws'].map((name) => `${name} ${pkg.dependencies[name]}`);
  return `${pkg.version} (${pins.join(', ')})`;
}

export function buildProgram(): Command {
  const program = new Command('infra')
    .description(
      'Build the cloud: synthesize the CDK for Terraform stacks and run Terraform over them in dependency ' +
        'order (shared -> staging -> production). make is the front door: `make help`.',
    )
    .version(versionLine());
  // In the order a newcomer meets them; one file per command.
  registerCreateTfvars(program);
  registerSynth(program);
  registerPreview(program);
  registerCheckCredentials(program);
  registerIamPolicy(program);
  registerPlan(program);
  registerApply(program);
  registerOutputs(program);
  registerJenkinsSecrets(program);
  registerDestroy(program);
  registerHcl(program);
  registerBench(program);
  return program;
}

if (require.main === module) {
  // A cdktf dependency calls util.isArray (DEP0044); the warning says nothing about our code.
  process.noDeprecation = true;
  void runCli(buildProgram(), process.argv).then((code) => {
    process.exitCode = code;
  });
}

import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli';
import { infra } from './terraform';

describe('the infra CLI', () => {
  const program = buildProgram();

  it('has one command per concern, each with a summary and examples in its help', () => {
    expect(program.commands.map((c) => c.name())).toEqual([
      'create-tfvars',
      'synth',
      'preview',
      'check-credentials',
      'iam-policy',
      'plan',
      'apply',
      'outputs',
      'jenkins-secrets',
      'destroy',
      'hcl',
      'bench',
    ]);
    for (const command of program.commands) {
      expect(command.summary(), command.name()).toMatch(/\S/);
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) }).outputHelp();
      expect(help, command.name()).toMatch(/\nExamples:\n {2}\$ infra /);
    }
  });

  it('prints its version with the cdktf and provider pins', async () => {
    const r = await infra(['--version'], process.env);
    expect(r.stdout.trim()).toBe('0.0.0 (cdktf 0.21.0, @cdktf/provider-aws 20.1.0)');
  });

  it('names the stacks in one line when --stack is not one of them, before doing anything', async () => {
    const r = await infra(['apply', '--stack', 'prod'], { ...process.env, HOME: '/nonexistent' });
    expect([r.code, r.stderr]).toEqual([
      1,
      "error: option '--stack <name>' argument 'prod' is invalid. Allowed choices are shared, staging, production.\n",
    ]);
  });
});

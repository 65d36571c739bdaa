import { describe, expect, it } from 'vitest';
import {
  applyPlanArgs,
  destroyArgs,
  fmtArgs,
  initArgs,
  outputJsonArgs,
  planArgs,
  showPlanArgs,
  stateListArgs,
  targetedApplyArgs,
  validateArgs,
} from '../src/terraform/args';

describe('terraform argv builders', () => {
  it('plans with the tfvars, then the shared inputs, and saves the plan', () => {
    expect(
      planArgs({
        dir: '/o/stacks/staging',
        tfvars: '/r/terraform.tfvars',
        sharedInputs: '/p/staging.inputs.json',
        json: true,
        out: '/p/staging.tfplan',
      }),
    ).toEqual([
      '-chdir=/o/stacks/staging',
      'plan',
      '-input=false',
      '-json',
      '-var-file=/r/terraform.tfvars',
      '-var-file=/p/staging.inputs.json',
      '-out=/p/staging.tfplan',
    ]);
  });

  it('plans a preview without the lock, in plain text off a terminal', () => {
    expect(planArgs({ dir: 'd', tfvars: 't', lock: false, color: false })).toEqual([
      '-chdir=d',
      'plan',
      '-input=false',
      '-lock=false',
      '-no-color',
      '-var-file=t',
    ]);
    expect(planArgs({ dir: 'd', tfvars: 't', lock: false, color: true })).not.toContain('-no-color');
  });

  it('inits quietly, and shows, applies and reads outputs of a stack', () => {
    expect(initArgs('d')).toEqual(['-chdir=d', 'init', '-input=false', '-no-color']);
    expect(showPlanArgs({ dir: 'd', plan: 'p', color: false })).toEqual([
      '-chdir=d',
      'show',
      '-no-color',
      'p',
    ]);
    expect(applyPlanArgs({ dir: 'd', plan: 'p' })).toEqual(['-chdir=d', 'apply', '-input=false', 'p']);
    expect(outputJsonArgs('d')).toEqual(['-chdir=d', 'output', '-json']);
    expect(stateListArgs('d')).toEqual(['-chdir=d', 'state', 'list']);
    expect(validateArgs('d')).toEqual(['-chdir=d', 'validate', '-no-color']);
    expect(fmtArgs('d')).toEqual(['-chdir=d', 'fmt', '-list=false']);
  });

  it('lifts the production deletion protection with a targeted apply, then destroys with the same variables', () => {
    const vars = {
      tfvars: 't',
      sharedInputs: 'i.json',
      vars: { production_deletion_protection: 'false' },
    };
    expect(targetedApplyArgs({ dir: 'd', target: 'aws_lb.production_alb_766BD9B7', ...vars })).toEqual([
      '-chdir=d',
      'apply',
      '-input=false',
      '-auto-approve',
      '-var-file=t',
      '-var-file=i.json',
      '-var=production_deletion_protection=false',
      '-target=aws_lb.production_alb_766BD9B7',
    ]);
    expect(destroyArgs({ dir: 'd', ...vars })).toEqual([
      '-chdir=d',
      'destroy',
      '-input=false',
      '-auto-approve',
      '-var-file=t',
      '-var-file=i.json',
      '-var=production_deletion_protection=false',
    ]);
  });
});

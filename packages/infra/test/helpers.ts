import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import type { SynthSettings } from '../src/config/settings';

export const fixturesDir = path.join(__dirname, 'fixtures');
export const bootstrapFixture = path.join(fixturesDir, 'jenkins');

/** Settings with fixed paths, so snapshots do not depend on the machine. */
export function testSettings(overrides: Partial<SynthSettings> = {}): SynthSettings {
  return {
    outdir: '/shipyard/out',
    stateRegion: 'eu-west-1',
    stateKeyPrefix: 'shipyard',
    localStateDir: '/shipyard/state',
    preview: false,
    ...overrides,
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `shipyard-infra-${prefix}-`));
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature.
export type TfJson = Record<string, any>;

/** All resources of one type in a synthesized stack, as a list of their bodies. */
export function resources(json: TfJson, type: string): TfJson[] {
  return Object.values((json.resource?.[type] ?? {}) as Record<string, TfJson>);
}

/** Asserts with cdktf's matcher and shows what was synthesized when it fails. */
export function hasResource(synth: string, type: string, props: TfJson): boolean {
  const ok = Testing.toHaveResourceWithProperties(synth, type, props);
  if (!ok) {
    const json = JSON.parse(synth) as TfJson;
    console.error(
      `no ${type} with ${JSON.stringify(props)} in:`,
      JSON.stringify(json.resource?.[type], null, 2),
    );
  }
  return ok;
}

/** One statement of an inline IAM policy, as synthesized. */
export interface IamStatement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition?: TfJson;
}

/** The statements of a synthesized `aws_iam_role_policy` (plain JSON, tokens inside strings). */
export function policyStatements(policy: string): IamStatement[] {
  return (JSON.parse(policy) as { Statement: IamStatement[] }).Statement;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputsSchema } from '@shipyard/contracts';
import { describe, expect, it } from 'vitest';
import { mergeOutputs, type StackOutputs } from '../src/outputs/merge';
import { fixturesDir } from './helpers';

const read = (name: string) => JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', name), 'utf8'));
const stacks = (): StackOutputs => ({
  shared: read('shared.json'),
  staging: read('staging.json'),
  production: read('production.json'),
});

describe('mergeOutputs', () => {
  it('turns the three stacks’ terraform output -json into the outputs.json of docs/contracts.md', () => {
    expect(mergeOutputs(stacks())).toEqual(read('expected-outputs.json'));
  });

  it('produces exactly the keys of the contract', () => {
    const merged = mergeOutputs(stacks());
    expect(Object.keys(merged).sort()).toEqual(
      ['appPort', 'ecrRepositoryUrl', 'environments', 'jenkinsUrl', 'project', 'region', 'sshUser'].sort(),
    );
    expect(Object.keys(merged.environments.staging).sort()).toEqual(
      ['albDnsName', 'albUrl', 'instances', 'targetGroupArn'].sort(),
    );
    expect(outputsSchema.safeParse(merged).success).toBe(true);
  });

  it('says which stack to apply when its outputs are missing', () => {
    expect(() => mergeOutputs({ ...stacks(), production: {} })).toThrow(
      /the production stack has no output "instanceIds": apply it first/,
    );
  });

  it('refuses outputs that break the contract', () => {
    const bad = stacks();
    bad.shared.appPort = { value: 'three thousand' };
    expect(() => mergeOutputs(bad)).toThrow(/outputs do not match the contract at appPort/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputs } from '../src/commands/outputs';
import { commandLines, errorLine, fakeTerraform, testContext, workspace } from './fake-terraform';
import { fixturesDir } from './helpers';

const fixture = (name: string) => fs.readFileSync(path.join(fixturesDir, 'outputs', name), 'utf8');

describe('infra outputs', () => {
  it("writes outputs.json from the three stacks' terraform output -json", async () => {
    const w = workspace('outputs');
    const tf = fakeTerraform((c) =>
      c.args[0] === 'output' ? { stdout: fixture(`${c.stack}.json`) } : undefined,
    );
    const outputs = path.join(w.dir, 'outputs.json');
    await writeOutputs(testContext(tf), { ...w.options, outputs }, w.env);
    expect(JSON.parse(fs.readFileSync(outputs, 'utf8'))).toEqual(
      JSON.parse(fixture('expected-outputs.json')),
    );
    expect(commandLines(tf.calls).filter((l) => l.endsWith('output -json'))).toEqual([
      'shared: output -json',
      'staging: output -json',
      'production: output -json',
    ]);
  });

  it('writes nothing when the outputs break the contract', async () => {
    const w = workspace('outputs-bad');
    const broken = (stack: string) => {
      const json = JSON.parse(fixture(`${stack}.json`));
      if (stack === 'staging') json.albUrl.value = 'not a url';
      return JSON.stringify(json);
    };
    const tf = fakeTerraform((c) => (c.args[0] === 'output' ? { stdout: broken(c.stack) } : undefined));
    const outputs = path.join(w.dir, 'outputs.json');
    expect(await errorLine(writeOutputs(testContext(tf), { ...w.options, outputs }, w.env))).toMatch(
      /^error: outputs do not match the contract at environments\.staging\.albUrl/,
    );
    expect(fs.existsSync(outputs)).toBe(false);
  });
});

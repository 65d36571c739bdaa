import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeOutputs, type TerraformOutputJson } from '../outputs/merge';

/**
 * `node dist/tools/write-outputs.js <dir> <out>`: merges `<dir>/{shared,staging,production}.json`
 * (each a stack's `terraform output -json`) into `<out>`.
 */
function main([dir, out]: string[]): void {
  if (!dir || !out) throw new Error('usage: write-outputs <dir of stack outputs> <outputs.json>');
  const read = (stack: string): TerraformOutputJson =>
    JSON.parse(fs.readFileSync(path.join(dir, `${stack}.json`), 'utf8')) as TerraformOutputJson;
  const merged = mergeOutputs({
    shared: read('shared'),
    staging: read('staging'),
    production: read('production'),
  });
  fs.writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

import * as fs from 'node:fs';
import { PREVIEW_SHARED_INPUTS, sharedInputsFromOutputs } from '../stacks/shared-inputs';

/**
 * `node dist/tools/shared-inputs.js <shared outputs.json|--preview> <out.tfvars.json>`: writes the
 * variables an environment stack takes from the shared stack.
 */
function main([source, out]: string[]): void {
  if (!source || !out)
    throw new Error('usage: shared-inputs <shared terraform output -json file|--preview> <out>');
  const inputs =
    source === '--preview'
      ? PREVIEW_SHARED_INPUTS
      : sharedInputsFromOutputs(
          JSON.parse(fs.readFileSync(source, 'utf8')) as Record<string, { value: unknown }>,
        );
  fs.writeFileSync(out, `${JSON.stringify(inputs, null, 2)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

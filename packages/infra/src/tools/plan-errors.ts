import * as fs from 'node:fs';
import { errorLines } from './diagnostics';

/** `node dist/tools/plan-errors.js <plan -json log>`: prints each error on one line to stderr. */
const file = process.argv[2];
const log = file ? fs.readFileSync(file, 'utf8') : '';
const lines = errorLines(log);
// Output that is not JSON (a crash, a CLI usage error) is shown as is rather than lost.
for (const line of lines.length > 0 ? lines : [log.trim()]) console.error(`error: ${line}`);

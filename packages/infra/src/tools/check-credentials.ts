import * as fs from 'node:fs';
import { findCredentialSource, NO_CREDENTIALS } from './aws-credentials';

/** `node dist/tools/check-credentials.js <terraform.tfvars>`: exits 1 with one line when none are found. */
const tfvars = process.argv[2];
const text = tfvars && fs.existsSync(tfvars) ? fs.readFileSync(tfvars, 'utf8') : '';
const source = findCredentialSource(process.env, text);
if (source === undefined) {
  console.error(`error: ${NO_CREDENTIALS}`);
  process.exitCode = 1;
} else {
  console.log(`AWS credentials: ${source}`);
}

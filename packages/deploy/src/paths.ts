import { fileURLToPath } from 'node:url';
import { packageVersion as versionOf } from '@shipyard/cli-kit';

// src/ and dist/ both sit two levels below the repository root.
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const ansibleDir = fileURLToPath(new URL('../../../ansible/', import.meta.url));
export const ansibleConfig = `${ansibleDir}ansible.cfg`;
export const defaultOutputsFile = `${repoRoot}outputs.json`;
export const packageVersion = versionOf(import.meta.url);

import { fileURLToPath } from 'node:url';
import { packageVersion as versionOf } from '@shipyard/cli-kit';

// src/ and dist/ both sit two levels below the repository root.
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The deploy CLI the Deploy stage runs (a separate product: called, never imported). */
export const deployCli = fileURLToPath(new URL('../../deploy/dist/cli.js', import.meta.url));
export const serviceDockerfile = 'packages/service/Dockerfile';
export const packageVersion = versionOf(import.meta.url);

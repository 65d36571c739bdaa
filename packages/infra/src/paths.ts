import * as path from 'node:path';

// src/ and dist/ sit at the same depth, so this holds for compiled and test code alike.
export const packageRoot = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(packageRoot, '..', '..');

/** Where the Jenkins bootstrap files live (rendered into the Jenkins server's user data). */
export const jenkinsBootstrapDir = path.join(repoRoot, 'jenkins');

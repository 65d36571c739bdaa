import { packageConfig } from '../../vitest.shared.js';

// Tests start real tools (git, make, a JVM, a container CLI); a loaded CI machine needs headroom.
export default packageConfig('pipeline', { testTimeout: 60_000, hookTimeout: 120_000 });

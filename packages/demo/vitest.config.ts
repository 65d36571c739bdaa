import { packageConfig } from '../../vitest.shared.js';

// Tests start real processes (HAProxy, a registry, stand-in services); a busy CI machine needs headroom.
export default packageConfig('demo', { testTimeout: 30_000 });

import { packageConfig } from '../../vitest.shared.js';

export default packageConfig('deploy', {
  globalSetup: ['test/global-setup.ts'],
  // Tests spawn real processes (node, ansible); a busy CI machine needs headroom.
  testTimeout: 30_000,
});

import { packageConfig } from '../../vitest.shared.js';

export default packageConfig('deploy', {
  globalSetup: ['test/global-setup.ts'],
  // Tests spawn real processes (node, ansible); a busy CI machine needs headroom.
  testTimeout: 30_000,
  // The real-tool files share one container engine and the machine's two cores. Side by side they
  // starve each other: the crash-loop race test then missed its retries once. One file at a time.
  fileParallelism: false,
});

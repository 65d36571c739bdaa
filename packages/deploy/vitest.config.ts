import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Tests spawn real processes (node, ansible); a busy CI machine needs headroom.
    testTimeout: 30_000,
    // Jenkins publishes JUnit; locally the default reporter is enough.
    reporters: process.env.JUNIT_DIR ? ['default', 'junit'] : ['default'],
    outputFile: process.env.JUNIT_DIR ? { junit: `${process.env.JUNIT_DIR}/deploy.xml` } : {},
  },
});

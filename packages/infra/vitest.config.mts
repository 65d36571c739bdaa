import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The real-Terraform specs start the AWS provider (a large binary) many times on a shared
    // 2-core machine; their wall time is not a performance measure (see `make bench-infra`).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Jenkins publishes JUnit; locally the default reporter is enough.
    reporters: process.env.JUNIT_DIR ? ['default', 'junit'] : ['default'],
    outputFile: process.env.JUNIT_DIR ? { junit: `${process.env.JUNIT_DIR}/infra.xml` } : {},
  },
});

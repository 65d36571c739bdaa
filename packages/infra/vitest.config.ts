import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Jenkins publishes JUnit; locally the default reporter is enough.
    reporters: process.env.JUNIT_DIR ? ['default', 'junit'] : ['default'],
    outputFile: process.env.JUNIT_DIR ? { junit: `${process.env.JUNIT_DIR}/infra.xml` } : {},
  },
});

import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * Every package's vitest config: its tests under test/, and JUnit XML in JUNIT_DIR when the
 * pipeline asks for it (Jenkins publishes it); locally the default reporter is enough.
 */
export function packageConfig(name: string, test: TestOptions = {}) {
  const junit = process.env.JUNIT_DIR;
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      reporters: junit ? ['default', 'junit'] : ['default'],
      outputFile: junit ? { junit: `${junit}/${name}.xml` } : {},
      ...test,
    },
  });
}

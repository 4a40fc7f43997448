import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: [
      { find: /^drs-waves\/testing$/, replacement: src('testing/index.ts') },
      { find: /^drs-waves\/cdk$/, replacement: src('cdk/index.ts') },
      { find: /^drs-waves$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['test/setup.ts'],
  },
});

import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
/** Bundled CommonJS dependencies call require(): give each ES module bundle one. */
const REQUIRE =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const define = { __DRS_WAVES_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    // The library: valibot is bundled (tree-shaken), so installing drs-waves adds no package.
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'report/index': 'src/report/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    target: 'node22',
    splitting: false,
    treeshake: true,
    noExternal: ['valibot'],
    define,
  },
  {
    // The CDK construct: it imports the library by its own name, so it does not carry a copy.
    entry: { 'cdk/index': 'src/cdk/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    target: 'node22',
    // import.meta.url in the CommonJS build: the construct finds its prebuilt functions.
    shims: true,
    external: ['drs-waves'],
    define,
  },
  {
    // The CLI: its own parsing, YAML and progress libraries are bundled; the optional peers
    // (the SDK, aws-local-stepfunctions, dynalite) are loaded when a command needs them.
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    target: 'node22',
    banner: { js: `#!/usr/bin/env node\n${REQUIRE}` },
    minify: true,
    noExternal: ['valibot', 'commander', 'yaml', 'log-update'],
    define,
  },
  {
    // The Lambda functions, prebuilt for users without a bundler: one minified ES module each,
    // the AWS SDK included, so they run the SDK versions they were tested with.
    entry: {
      'lambda/router/index': 'src/lambda/router.ts',
      'lambda/api/index': 'src/lambda/api.ts',
    },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    dts: false,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    minify: true,
    splitting: false,
    noExternal: [/.*/],
    banner: { js: REQUIRE },
    define,
  },
]);

// Writes examples/cloudformation/drs-waves.template.json from the library:
//
//   npm run examples:cloudformation
//
// esbuild compiles examples/cloudformation/buildTemplate.ts (with drs-waves from src/) to a
// temporary module, which renders the template. test/examples/cloudformation.test.ts fails when
// the checked-in file differs from this output.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = await mkdtemp(join(tmpdir(), 'drs-waves-cfn-'));
try {
  const outfile = join(dir, 'buildTemplate.mjs');
  await build({
    entryPoints: [join(root, 'examples', 'cloudformation', 'buildTemplate.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    alias: { 'drs-waves': join(root, 'src', 'index.ts') },
    // Bundled CommonJS dependencies call require(): give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const { renderCloudFormationTemplate } = await import(pathToFileURL(outfile).href);
  const target = join(root, 'examples', 'cloudformation', 'drs-waves.template.json');
  await writeFile(target, renderCloudFormationTemplate());
  console.log(`Wrote ${target}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

// Imports a TypeScript module of this repository that imports `drs-waves`: esbuild compiles it
// (with drs-waves from src/) to a temporary ES module, which is imported and then deleted. The
// example generators use it to render their files from the library itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The exports of `entry` (a path under the repository root). */
export async function importFromSource(entry) {
  const dir = await mkdtemp(join(tmpdir(), 'drs-waves-source-'));
  try {
    const outfile = join(dir, `${basename(entry, '.ts')}.mjs`);
    await build({
      entryPoints: [join(root, entry)],
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
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

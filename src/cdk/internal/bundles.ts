import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions drs-waves ships prebuilt, each in `dist/lambda/<name>/index.mjs`. */
export type BundleName = 'router' | 'api';

/** The drs-waves package root: the nearest directory above this module with its package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === 'drs-waves') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('drs-waves/cdk cannot find the drs-waves package root');
    dir = parent;
  }
}

/**
 * The directory of a prebuilt function bundle shipped in the package.
 *
 * @throws `Error` naming the path when the bundle is missing (a source checkout not built yet).
 */
export function prebuiltBundle(name: BundleName): string {
  const dir = join(packageRoot(), 'dist', 'lambda', name);
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(
      `The prebuilt ${name} function is missing: no ${join(dir, 'index.mjs')}. Build the package (npm run build) or pass the code in the construct's props.`,
    );
  }
  return dir;
}

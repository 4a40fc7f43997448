// Runs app.ts for the CDK CLI (see cdk.json): esbuild compiles the app and its local modules
// to one ES module, leaving packages (aws-cdk-lib, esbuild...) to node_modules, then runs it.
// Inside the drs-waves repository, `drs-waves` is compiled from source.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '..', '..', 'src', 'index.ts');
const outfile = join(here, 'cdk.out.app', 'app.mjs');
await build({
  entryPoints: [join(here, 'app.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  alias: existsSync(source) ? { 'drs-waves': source } : {},
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
await main(here);

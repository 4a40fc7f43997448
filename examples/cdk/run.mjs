// Runs app.ts for the CDK CLI (see cdk.json): esbuild compiles the app to one ES module,
// leaving packages (aws-cdk-lib, drs-waves...) to node_modules, then runs it. Inside the
// drs-waves repository, `drs-waves/cdk` is compiled from source and takes the functions that
// `npm run build` wrote to dist/lambda.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '..', '..', 'src', 'cdk', 'index.ts');
const outfile = join(here, 'cdk.out.app', 'app.mjs');
await build({
  entryPoints: [join(here, 'app.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  alias: existsSync(source) ? { 'drs-waves/cdk': source } : {},
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
main();

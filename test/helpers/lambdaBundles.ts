import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { aws_lambda as lambda } from 'aws-cdk-lib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

/**
 * The router and API functions bundled from source into `outDir` (as `npm run build` bundles
 * them into dist/lambda), as CDK code: tests run before the package is built.
 */
export async function lambdaCodeFromSource(
  outDir: string,
): Promise<{ routerCode: lambda.Code; apiCode: lambda.Code }> {
  const bundle = async (name: 'router' | 'api') => {
    const dir = join(outDir, name);
    await mkdir(dir, { recursive: true });
    await build({
      entryPoints: [join(root, 'src', 'lambda', `${name}.ts`)],
      outfile: join(dir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    return lambda.Code.fromAsset(dir);
  };
  const [routerCode, apiCode] = await Promise.all([bundle('router'), bundle('api')]);
  return { routerCode, apiCode };
}

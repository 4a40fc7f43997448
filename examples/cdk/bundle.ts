import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Where `bundleLambdas` wrote each function: a directory holding `index.mjs`. */
export interface LambdaBundles {
  /** The router Lambda (`lambda/router.ts`). */
  readonly router: string;
  /** The control-plane API Lambda (`lambda/api.ts`). */
  readonly api: string;
}

/** Options of {@link bundleLambdas}. */
export interface BundleOptions {
  /** The directory of the handlers (`examples/cdk/lambda`). */
  readonly lambdaDir: string;
  /** Where to write one directory per function. */
  readonly outDir: string;
  /**
   * Module aliases. Inside the drs-waves repository, `{ 'drs-waves': '<repo>/src/index.ts' }`
   * bundles the library from source; in your project, leave it out and `drs-waves` comes from
   * `node_modules`.
   */
  readonly alias?: Readonly<Record<string, string>>;
}

/**
 * Bundles each Lambda into one ES module with esbuild: offline, no Docker. The AWS SDK is
 * bundled too, so the deployed code runs the SDK versions it was tested with rather than the
 * runtime's.
 */
export async function bundleLambdas(options: BundleOptions): Promise<LambdaBundles> {
  const bundleOne = async (name: keyof LambdaBundles): Promise<string> => {
    const dir = join(options.outDir, name);
    await mkdir(dir, { recursive: true });
    await build({
      entryPoints: [join(options.lambdaDir, `${name}.ts`)],
      outfile: join(dir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      // Some bundled CommonJS dependencies call require(): give ES modules one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      alias: { ...(options.alias ?? {}) },
      logLevel: 'warning',
    });
    return dir;
  };
  const [router, api] = await Promise.all([bundleOne('router'), bundleOne('api')]);
  return { router, api };
}

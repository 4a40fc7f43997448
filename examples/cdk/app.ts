/**
 * The CDK app of the reference deployment. Run it through `run.mjs` (see `cdk.json`):
 *
 *   cd examples/cdk && npx aws-cdk@2 deploy
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, aws_lambda as lambda } from 'aws-cdk-lib';
import { bundleLambdas } from './bundle';
import { DrsWavesStack } from './DrsWavesStack';

/** Bundles the Lambdas and synthesizes the app; `exampleDir` is `examples/cdk`. */
export async function main(exampleDir: string): Promise<void> {
  // Inside the drs-waves repository the library is bundled from source.
  const source = resolve(exampleDir, '..', '..', 'src', 'index.ts');
  const bundles = await bundleLambdas({
    lambdaDir: join(exampleDir, 'lambda'),
    outDir: join(exampleDir, 'cdk.out.lambda'),
    ...(existsSync(source) ? { alias: { 'drs-waves': source } } : {}),
  });
  const app = new App();
  new DrsWavesStack(app, 'DrsWaves', {
    routerCode: lambda.Code.fromAsset(bundles.router),
    apiCode: lambda.Code.fromAsset(bundles.api),
    machine: { pollIntervalSeconds: 30, wavesInParallel: 5 },
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
      ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
    },
  });
  app.synth();
}

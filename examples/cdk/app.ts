/**
 * The CDK app of the reference deployment: one stack holding the `DrsWavesOrchestrator`
 * construct, with the router and API functions the package ships prebuilt. Run it through
 * `run.mjs` (see `cdk.json`):
 *
 *   cd examples/cdk && npx aws-cdk@2 deploy
 */
import { App, Stack } from 'aws-cdk-lib';
import { DrsWavesOrchestrator } from 'drs-waves/cdk';

/** Synthesizes the app. */
export function main(): void {
  const app = new App();
  const stack = new Stack(app, 'DrsWaves', {
    env: {
      ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
      ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
    },
  });
  new DrsWavesOrchestrator(stack, 'Orchestrator', {
    machine: { pollIntervalSeconds: 30, wavesInParallel: 5 },
  });
  app.synth();
}

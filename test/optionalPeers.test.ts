/**
 * The optional peer dependencies (the AWS SDK clients, aws-local-stepfunctions, dynalite) are
 * truly optional: the library, `drs-waves/testing` and the CLI are bundled from source as
 * `npm run build` bundles them (the peers left out), into a folder where no package can be
 * found, and run there with Node.js. Whatever needs a peer fails with the install command.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Every optional peer of package.json. */
const ALL_PEERS = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: object })
    .peerDependencies,
);
/** The peers the library and the testing entry load (the CDK ones serve drs-waves/cdk). */
const PEERS = ALL_PEERS.filter((name) => name !== 'aws-cdk-lib' && name !== 'constructs');
const REQUIRE =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const threeTier = join(root, 'examples', 'plans', 'three-tier.json');

let dir = '';

/** Runs `node` in the scratch folder. */
const node = (...args: string[]) => {
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drs-waves-no-peers-'));
  const bundle = (entry: string, outfile: string, format: 'esm' | 'cjs' = 'esm') =>
    build({
      entryPoints: [join(root, 'src', entry)],
      outfile: join(dir, outfile),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format,
      external: ALL_PEERS,
      define: { __DRS_WAVES_VERSION__: '"0.0.0-test"' },
      ...(format === 'esm' ? { banner: { js: REQUIRE } } : {}),
      logLevel: 'error',
    });
  await Promise.all([
    bundle('index.ts', 'index.mjs'),
    bundle('index.ts', 'index.cjs', 'cjs'),
    bundle('testing/index.ts', 'testing.mjs'),
    bundle('cli/index.ts', 'cli.mjs'),
  ]);
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('without the optional peer dependencies', () => {
  it('runs in a folder where none of them can be found', () => {
    const resolve = createRequire(join(dir, 'index.cjs')).resolve;
    for (const peer of PEERS) expect(() => resolve(peer), peer).toThrow(/Cannot find module/);
  });

  it('imports drs-waves and uses it; what needs the SDK names the install command', async () => {
    await writeFile(
      join(dir, 'library.mjs'),
      `
const lib = await import('./index.mjs');
const failure = (promise) => promise.then(() => 'resolved', (e) => [e.name, e.message]);
const plan = lib.parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: ['s-00000000000000001'] }] });
const sdkClient = { send: async () => { throw new Error('never called'); } };
const drs = lib.createDrsAdapter(sdkClient);
const control = lib.createControlPlane({
  sfn: sdkClient,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:drs-waves',
  history: new lib.InMemoryExecutionHistoryStore(),
  drs,
});
const dynamo = { client: sdkClient, tableName: 't' };
console.log(JSON.stringify({
  stages: lib.planStages(plan).map((s) => s.map((w) => w.id)),
  states: Object.keys(lib.buildPollingStateMachine({ lambdaArn: 'arn' }).States).length > 0,
  policies: typeof lib.drsWavesPolicies,
  drs: await failure(drs.startRecovery({ sourceServerIds: ['s-00000000000000001'], isDrill: true })),
  history: await failure(new lib.DynamoDbExecutionHistoryStore(dynamo).getExecution('e')),
  plans: await failure(new lib.DynamoDbPlanStore(dynamo).getPlan('p')),
  groups: await failure(new lib.DynamoDbProtectionGroupStore(dynamo).getGroups(['g'])),
  control: await failure(control.startExecution({ planId: 'p', executionType: 'DRILL' })),
  notices: await failure(lib.createSnsAdapter({ topicArn: 'arn' }).publish({ subject: 's', message: 'm' })),
}));
`,
    );
    const run = node('library.mjs');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toStrictEqual({
      stages: [['a']],
      states: true,
      policies: 'function',
      // Not a DrsNonRetryableError: no DRS call failed.
      drs: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/client-drs for createDrsAdapter: npm install @aws-sdk/client-drs',
      ],
      history: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/lib-dynamodb for DynamoDbExecutionHistoryStore: npm install @aws-sdk/lib-dynamodb',
      ],
      plans: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/lib-dynamodb for DynamoDbPlanStore: npm install @aws-sdk/lib-dynamodb',
      ],
      groups: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/lib-dynamodb for DynamoDbProtectionGroupStore: npm install @aws-sdk/lib-dynamodb',
      ],
      control: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/client-sfn for startExecution: npm install @aws-sdk/client-sfn',
      ],
      notices: [
        'MissingPeerDependencyError',
        'drs-waves needs @aws-sdk/client-sns for createSnsAdapter: npm install @aws-sdk/client-sns',
      ],
    });
  });

  it('requires drs-waves as CommonJS the same way', async () => {
    await writeFile(
      join(dir, 'library.cjs'),
      `
const lib = require('./index.cjs');
lib.parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: ['s-00000000000000001'] }] });
lib.createDrsAdapter({}).describeJobLogItems('j').catch((e) => {
  console.log(lib.isMissingPeerDependencyError(e), e.message);
});
`,
    );
    const run = node('library.cjs');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'true drs-waves needs @aws-sdk/client-drs for createDrsAdapter: npm install @aws-sdk/client-drs\n',
    );
  });

  it('imports drs-waves/testing; the local runner and simulateDrill name what to install', async () => {
    await writeFile(
      join(dir, 'testing-run.mjs'),
      `
const lib = await import('./index.mjs');
const testing = await import('./testing.mjs');
const failure = (promise) => promise.then(() => 'resolved', (e) => [e.name, e.message]);
const plan = lib.parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: ['s-00000000000000001'] }] });
let calls = 0;
const machine = new testing.LocalStateMachine({
  definition: lib.buildPollingStateMachine({ lambdaArn: 'arn' }),
  handler: async () => { calls += 1; return {}; },
});
const execution = machine.start({ planId: 'p', executionType: 'DRILL' });
console.log(JSON.stringify({
  server: testing.fakeSourceServerId(7),
  result: await failure(execution.result),
  approvals: await failure(execution.approvalsRequested(1)),
  calls,
  simulate: await failure(testing.simulateDrill({ plan })),
  dynalite: await failure(testing.simulateDrill({ plan, storage: 'dynalite' })),
}));
`,
    );
    const run = node('testing-run.mjs');
    expect(run.stderr).toBe('');
    const local = [
      'MissingPeerDependencyError',
      'drs-waves needs aws-local-stepfunctions for LocalStateMachine: npm install --save-dev aws-local-stepfunctions',
    ];
    const simulate = [
      'MissingPeerDependencyError',
      'drs-waves needs @aws-sdk/client-drs for simulateDrill: npm install --save-dev @aws-sdk/client-drs',
    ];
    expect(JSON.parse(run.stdout)).toStrictEqual({
      server: 's-00000000000000007',
      result: local,
      approvals: local,
      calls: 0,
      simulate,
      dynalite: simulate,
    });
  });

  it('runs the CLI: validate and asl need no peer, simulate prints the install command and exits 2', () => {
    const validate = node('cli.mjs', 'validate', threeTier);
    expect(validate.status).toBe(0);
    expect(validate.stdout.trimEnd().split('\n').at(-1)).toBe('OK: no problems found.');
    const asl = node('cli.mjs', 'asl');
    expect(asl.status).toBe(0);
    expect(JSON.parse(asl.stdout).StartAt).toBeTypeOf('string');

    const out = join(dir, 'report');
    const simulate = node('cli.mjs', 'simulate', threeTier, '--out', out);
    expect(simulate).toStrictEqual({
      status: 2,
      stdout: '',
      stderr:
        'drs-waves: simulate needs @aws-sdk/client-drs and aws-local-stepfunctions: npm install --save-dev @aws-sdk/client-drs aws-local-stepfunctions\n',
    });
    const dynalite = node('cli.mjs', 'simulate', threeTier, '--out', out, '--storage', 'dynalite');
    expect(dynalite).toStrictEqual({
      status: 2,
      stdout: '',
      stderr:
        'drs-waves: simulate --storage dynalite needs @aws-sdk/client-drs, aws-local-stepfunctions, dynalite, @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb: npm install --save-dev @aws-sdk/client-drs aws-local-stepfunctions dynalite @aws-sdk/client-dynamodb @aws-sdk/lib-dynamodb\n',
    });
  });
});

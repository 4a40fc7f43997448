import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { parse } from 'node-html-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  approve,
  list,
  type OperateContext,
  reject,
  report,
  start,
  status,
} from '../../src/cli/commands/operate';
import { isInvalidOptionsError, parseRecoveryPlan } from '../../src/index';
import type { DrillReport } from '../../src/report/index';
import {
  type LocalDeployment,
  operateContextOf,
  STATE_MACHINE_ARN,
  startLocalDeployment,
} from '../helpers/localDeployment';
import { serverIds } from '../helpers/waves';

const plan = parseRecoveryPlan({
  id: 'shop',
  name: 'Shop',
  rtoMinutes: 60,
  waves: [
    { id: 'db', name: 'Database', servers: serverIds(2), rtoMinutes: 30 },
    {
      id: 'app',
      servers: serverIds(2, 2),
      dependsOn: ['db'],
      requireApproval: true,
      rtoMinutes: 45,
    },
    { id: 'web', servers: serverIds(1, 4), dependsOn: ['app'] },
  ],
});

let deployment: LocalDeployment;
let dir: string;
let transcript: string[];
let ctx: OperateContext;
const flags = () => ({ stateMachine: STATE_MACHINE_ARN, historyTable: deployment.stack.tableName });

beforeEach(async () => {
  deployment = await startLocalDeployment([plan]);
  dir = await mkdtemp(join(tmpdir(), 'drs-waves-operate-'));
  transcript = [];
  ctx = operateContextOf(deployment, (line) => transcript.push(line));
});
afterEach(async () => {
  await deployment.close();
  await rm(dir, { recursive: true, force: true });
});

/** Waits until the wave asks for approval, as an operator watching would. */
async function approvalRequested(executionId: string, waveId: string) {
  for (let i = 0; i < 500; i += 1) {
    const approval = await deployment.stack.history.getApproval(executionId, waveId);
    if (approval?.status === 'PENDING') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`wave ${waveId} never asked for approval`);
}

describe('operating a deployed drs-waves from the command line, on the local stack', () => {
  it('starts a drill, watches it, approves the waiting wave and reports it with its RTO and recovery points', async () => {
    const say = (command: string) => transcript.push(`$ drs-waves ${command}`);
    say('start shop --execution-id shop-drill-1');
    expect(await start('shop', { ...flags(), executionId: 'shop-drill-1' }, ctx)).toBe(0);

    say('status shop-drill-1 --watch --interval 1');
    const watching = status('shop-drill-1', { ...flags(), watch: true, interval: '1' }, ctx);
    await approvalRequested('shop-drill-1', 'app');
    // The operator approves once the watch shows the wave waiting.
    while (!transcript.includes('  app: AWAITING_APPROVAL')) {
      await new Promise((r) => setTimeout(r, 10));
    }
    say('approve shop-drill-1 app --by ops@example.com');
    expect(await approve('shop-drill-1', 'app', { ...flags(), by: 'ops@example.com' }, ctx)).toBe(
      0,
    );
    expect(await watching).toBe(0);

    say(`report shop-drill-1 --out ${dir}`);
    expect(await report('shop-drill-1', { ...flags(), out: dir }, ctx)).toBe(0);
    if (process.env.DRS_WAVES_TRANSCRIPT) {
      await writeFile(process.env.DRS_WAVES_TRANSCRIPT, `${transcript.join('\n')}\n`);
    }

    // The watch saw the wave wait, then each wave end, then the execution succeed.
    const text = transcript.join('\n');
    expect(text).toContain('  app: AWAITING_APPROVAL');
    expect(text).toMatch(/ {2}web: COMPLETED, 1\/1 launched, 0 failed/);
    expect(text).toContain('Execution shop-drill-1: SUCCEEDED (DRILL of plan shop)');
    expect(text).toContain('Approved wave app of shop-drill-1 (ops@example.com)');
    expect(transcript.at(-1)).toBe(
      `Report: ${join(dir, 'drill-report.html')} (also .md and .json)`,
    );

    // The report of the real execution: from its history and DRS, no simulation fields.
    const json = JSON.parse(await readFile(join(dir, 'drill-report.json'), 'utf8')) as DrillReport;
    expect(json).toMatchObject({
      source: 'execution',
      executionId: 'shop-drill-1',
      status: 'SUCCEEDED',
      plan: { id: 'shop', name: 'Shop', waveCount: 3, serverCount: 5, rtoMinutes: 60 },
      stages: [['db'], ['app'], ['web']],
    });
    expect(json.simulation).toBeUndefined();
    expect(json.stats).toBeUndefined();
    expect(json.waves.map((w) => [w.waveId, w.status, w.launched, w.rtoMinutes])).toStrictEqual([
      ['db', 'COMPLETED', 2, 30],
      ['app', 'COMPLETED', 2, 45],
      ['web', 'COMPLETED', 1, undefined],
    ]);
    // Every server's recovery point is the snapshot its instance launched from, as DRS says.
    const instances = await ctx.clients?.drs.describeRecoveryInstances({
      sourceServerIds: json.servers.map((s) => s.sourceServerId),
    });
    const snapshotOf = new Map(
      (instances ?? []).map((i) => [i.recoveryInstanceID, i.pointInTimeSnapshotDateTime]),
    );
    expect(json.servers).toHaveLength(5);
    for (const server of json.servers) {
      expect(server.verdict).toBe('LAUNCHED');
      expect(server.recoveryInstanceId).toMatch(/^i-/);
      expect(Date.parse(server.snapshotAt ?? '')).toBe(
        Date.parse(snapshotOf.get(server.recoveryInstanceId) ?? ''),
      );
    }
    const db = json.waves[0];
    expect(db?.recoveryPointAt).toBe(
      json.servers
        .filter((s) => s.waveId === 'db')
        .map((s) => s.snapshotAt)
        .sort()[0],
    );
    expect(json.recoveredAfterSeconds).toBe(
      Math.max(...json.waves.map((w) => w.recoveredAfterSeconds ?? 0)),
    );

    // The HTML: the waves table with RTO verdicts and recovery points, the servers' instances.
    const html = parse(await readFile(join(dir, 'drill-report.html'), 'utf8'));
    const headers = html
      .querySelectorAll('table')
      .map((t) => t.querySelectorAll('th').map((th) => th.text));
    expect(headers).toContainEqual(expect.arrayContaining(['RTO met', 'Oldest recovery point']));
    expect(html.text).not.toContain('Injected faults');
    const md = await readFile(join(dir, 'drill-report.md'), 'utf8');
    for (const server of json.servers) expect(md).toContain(server.recoveryInstanceId);

    transcript.length = 0;
    expect(await list({ ...flags(), json: true }, ctx)).toBe(0);
    expect(JSON.parse(transcript.join('\n')).executions).toStrictEqual([
      expect.objectContaining({ executionId: 'shop-drill-1', status: 'SUCCEEDED' }),
    ]);
  });

  it('reports a running execution as far as it has run, and refuses an unknown one by name', async () => {
    expect(await start('shop', { ...flags(), executionId: 'shop-drill-2' }, ctx)).toBe(0);
    await approvalRequested('shop-drill-2', 'app');
    transcript.length = 0;
    expect(await report('shop-drill-2', { ...flags(), out: dir, json: true }, ctx)).toBe(0);
    const running = JSON.parse(transcript.join('\n')) as DrillReport;
    expect(running.status).toBe('RUNNING');
    expect(running.endedAt).toBeUndefined();
    expect(running.waves.map((w) => w.status)).toStrictEqual([
      'COMPLETED',
      'NOT_STARTED',
      'NOT_STARTED',
    ]);
    const unknown = await report('nope', { ...flags(), out: dir }, ctx).catch((e: unknown) => e);
    expect((unknown as Error).name).toBe('HistoryRecordNotFoundError');
    expect((unknown as Error).message).toContain('"nope"');
    // Let the run end: reject the wave, and the execution fails (exit 1 on its report).
    await reject('shop-drill-2', 'app', { ...flags(), by: 'lead', reason: 'Freeze' }, ctx);
    await deployment.executions.get('shop-drill-2')?.result;
    expect(await report('shop-drill-2', { ...flags(), out: dir }, ctx)).toBe(1);
  });
});

describe('--stack: the target from a deployed stack', () => {
  let cfn: AwsClientStub<CloudFormationClient>;
  let client: CloudFormationClient;
  beforeEach(() => {
    client = new CloudFormationClient({ region: 'eu-west-1' });
    cfn = mockClient(client);
  });
  afterEach(() => cfn.restore());

  const outputs = (entries: Record<string, string>) =>
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'dr',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: Object.entries(entries).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });

  it("reads the reference template's outputs and the construct's hashed ones", async () => {
    const c = () =>
      ({ ...ctx, clients: { ...ctx.clients, cloudFormation: client } }) as OperateContext;
    await start('shop', { ...flags(), executionId: 'shop-drill-3' }, ctx);
    await approvalRequested('shop-drill-3', 'app');
    outputs({
      StateMachineArn: STATE_MACHINE_ARN,
      HistoryTableName: deployment.stack.tableName,
      PlansTableName: 'plans',
    });
    transcript.length = 0;
    expect(await status('shop-drill-3', { stack: 'dr' }, c())).toBe(0);
    expect(transcript[0]).toBe('Execution shop-drill-3: RUNNING (DRILL of plan shop)');
    expect(cfn.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toStrictEqual({
      StackName: 'dr',
    });
    outputs({
      OrchestratorStateMachineArn3E4F5A6B: STATE_MACHINE_ARN,
      OrchestratorHistoryTableName0A1B2C3D: deployment.stack.tableName,
    });
    transcript.length = 0;
    expect(await status('shop-drill-3', { stack: 'dr' }, c())).toBe(0);
    expect(transcript[0]).toBe('Execution shop-drill-3: RUNNING (DRILL of plan shop)');

    // Two constructs in one stack: refused, naming both, before any Step Functions call.
    outputs({
      BlueStateMachineArn3E4F5A6B: STATE_MACHINE_ARN,
      BlueHistoryTableName0A1B2C3D: 'blue-history',
      GreenStateMachineArn3E4F5A6C: STATE_MACHINE_ARN,
      GreenHistoryTableName0A1B2C3E: 'green-history',
    });
    const twice = await status('shop-drill-3', { stack: 'dr' }, c()).catch((e: unknown) => e);
    expect(isInvalidOptionsError(twice)).toBe(true);
    expect((twice as Error).message).toContain('has 2 drs-waves deployments (Blue, Green)');
    outputs({ PlansTableName: 'plans' });
    const none = await status('shop-drill-3', { stack: 'dr' }, c()).catch((e: unknown) => e);
    expect((none as Error).message).toContain(
      'Expected stack "dr" to have StateMachineArn and HistoryTableName outputs',
    );
    const bad = await status('x', { stack: 'no such/stack' }, c()).catch((e: unknown) => e);
    expect((bad as Error).message).toContain(
      '--stack: Expected a CloudFormation stack name or ID, got "no such/stack"',
    );
    await reject('shop-drill-3', 'app', { ...flags(), by: 'lead', reason: 'Done' }, ctx);
  });
});

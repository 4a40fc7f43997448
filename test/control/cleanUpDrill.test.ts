import {
  DrsClient,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ControlPlane,
  createControlPlane,
  DRS_API_LIMITS,
  type DrsPort,
  isCleanupRefusedError,
  isDrsNonRetryableError,
  isHistoryRecordNotFoundError,
  isInvalidOptionsError,
  startWave,
} from '../../src/index';
import { type Drill, startDrill } from '../helpers/drill';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds, waveOf } from '../helpers/waves';
import { controlPlane, STATE_MACHINE_ARN } from './helpers';

let drill: Drill | undefined;
let stack: Stack | undefined;
afterEach(async () => {
  await drill?.close();
  await stack?.close();
  drill = undefined;
  stack = undefined;
});

/** A control plane on the local stack; Step Functions is never called by cleanups. */
function control(s: Stack, drs?: DrsPort): ControlPlane {
  const deps = s.deps();
  return createControlPlane({
    sfn: {} as never,
    stateMachineArn: STATE_MACHINE_ARN,
    history: s.history,
    drs: drs ?? deps.drs,
    clock: () => s.emulator.now(),
  });
}

const terminateCalls = (s: Stack) => s.emulator.requestCount('TerminateRecoveryInstances');

/** Runs a 205-server drill to its end on the built state machine: 205 recovery instances. */
async function finishedDrill(): Promise<{
  stack: Stack;
  executionId: string;
  instances: string[];
}> {
  drill = await startDrill(
    {
      id: 'big',
      waves: [
        { id: 'db', servers: serverIds(105) },
        { id: 'app', servers: serverIds(100, 105) },
      ],
    },
    { machine: { pollIntervalSeconds: 600 } },
  );
  const execution = drill.start();
  expect(await execution.result).toMatchObject({ status: 'SUCCEEDED' });
  const servers = await drill.stack.history.listServers(execution.executionName);
  const instances = servers.flatMap((s) => (s.recoveryInstanceId ? [s.recoveryInstanceId] : []));
  expect(instances).toHaveLength(205);
  return { stack: drill.stack, executionId: execution.executionName, instances };
}

/** A finished 3-server drill, launched by startWave alone: 3 recovery instances, none recorded. */
async function smallDrill(): Promise<{
  stack: Stack;
  executionId: string;
  sources: string[];
  instances: string[];
}> {
  stack = await startStack();
  const s = stack;
  const sources = serverIds(3);
  await s.execution('small', ['db']);
  await startWave(
    { executionId: 'small', executionType: 'DRILL', wave: waveOf('db', sources) },
    s.deps(),
  );
  s.emulator.advance(15 * 60_000);
  await s.history.updateExecution('small', { status: 'SUCCEEDED' });
  const found = await s.deps().drs.describeRecoveryInstances({ sourceServerIds: sources });
  const instances = found.map((i) => i.recoveryInstanceID ?? '').sort();
  expect(instances).toHaveLength(3);
  return { stack: s, executionId: 'small', sources, instances };
}

/** Terminates recovery instances behind drs-waves' back, as someone in the console would. */
async function terminateDirectly(s: Stack, recoveryInstanceIDs: string[]): Promise<string> {
  const client = new DrsClient(s.emulator.clientConfig());
  try {
    const { job } = await client.send(
      new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs }),
    );
    return job?.jobID ?? '';
  } finally {
    client.destroy();
  }
}

describe('cleanUpDrill', () => {
  it('terminates a drill of 205 instances in calls of at most 200, and a retry sends nothing', async () => {
    const { stack: s, executionId, instances } = await finishedDrill();
    const plane = control(s);
    const first = await plane.cleanUpDrill({ executionId, requestedBy: 'ops' });
    expect([...first.terminatedInstanceIds].sort()).toStrictEqual([...instances].sort());
    expect(first.jobIds).toHaveLength(2);
    expect(first).toMatchObject({
      alreadyRequestedInstanceIds: [],
      goneInstanceIds: [],
      skippedInstanceIds: [],
    });
    expect(terminateCalls(s)).toBe(2);

    const batches = await s.history.listCleanupBatches(executionId);
    expect(batches.map((b) => b.recoveryInstanceIds.length).sort((a, b) => a - b)).toStrictEqual([
      5,
      DRS_API_LIMITS.maxRecoveryInstancesPerTerminate,
    ]);
    expect(batches.every((b) => !b.reconciled)).toBe(true);
    expect(await s.history.getCleanup(executionId)).toMatchObject({ requestedBy: 'ops' });

    // Retried while DRS terminates, and again once the instances are gone: nothing is sent.
    const retry = await plane.cleanUpDrill({ executionId });
    expect(retry.terminatedInstanceIds).toStrictEqual([]);
    expect(retry.alreadyRequestedInstanceIds).toHaveLength(205);
    s.emulator.advance(5 * 60_000);
    const later = await plane.cleanUpDrill({ executionId });
    expect(later).toMatchObject({ terminatedInstanceIds: [], jobIds: [], goneInstanceIds: [] });
    expect(later.alreadyRequestedInstanceIds).toHaveLength(205);
    expect(terminateCalls(s)).toBe(2);
    expect(s.emulator.jobs().filter((j) => j.type === 'TERMINATE')).toHaveLength(2);
  });

  it('finds a terminate call whose answer was lost, and never sends its instances again', async () => {
    const { stack: s, executionId } = await finishedDrill();
    const real = s.deps().drs;
    let calls = 0;
    // DRS accepts the second call, but its answer never reaches the caller.
    const lossy: DrsPort = {
      ...real,
      terminateRecoveryInstances: async (ids) => {
        calls += 1;
        const job = await real.terminateRecoveryInstances(ids);
        if (calls === 2) throw new Error('socket hang up');
        return job;
      },
    };
    await expect(control(s, lossy).cleanUpDrill({ executionId })).rejects.toThrow('socket hang up');
    expect(await s.history.listCleanupBatches(executionId)).toHaveLength(1);

    const retry = await control(s).cleanUpDrill({ executionId });
    expect(retry.terminatedInstanceIds).toStrictEqual([]);
    expect(retry.alreadyRequestedInstanceIds).toHaveLength(205);
    const batches = await s.history.listCleanupBatches(executionId);
    expect(batches.map((b) => b.reconciled).sort()).toStrictEqual([false, true]);
    expect(terminateCalls(s)).toBe(2);
  });

  it('finds a lost terminate call through its source servers, as DRS jobs name no recovery instance', async () => {
    const { stack: s, executionId, sources, instances } = await smallDrill();
    const real = s.deps().drs;
    // DRS accepts the only call, but its answer never reaches the caller.
    const lossy: DrsPort = {
      ...real,
      terminateRecoveryInstances: async (ids) => {
        await real.terminateRecoveryInstances(ids);
        throw new Error('socket hang up');
      },
    };
    await expect(control(s, lossy).cleanUpDrill({ executionId })).rejects.toThrow('socket hang up');
    expect(await s.history.listCleanupBatches(executionId)).toStrictEqual([]);
    expect(terminateCalls(s)).toBe(1);
    // What the retry has to go on: the job names the source servers, not the instances.
    const [job] = (await real.describeJobs({ fromDate: '2000-01-01T00:00:00Z' })).filter(
      (j) => j.type === 'TERMINATE',
    );
    expect(job?.participatingServers?.map((p) => Object.keys(p).sort())).toStrictEqual(
      sources.map(() => ['launchStatus', 'sourceServerID']),
    );
    expect(job?.participatingServers?.map((p) => p.sourceServerID).sort()).toStrictEqual(
      [...sources].sort(),
    );

    const retry = await control(s).cleanUpDrill({ executionId });
    expect(retry).toStrictEqual({
      executionId,
      terminatedInstanceIds: [],
      jobIds: [],
      alreadyRequestedInstanceIds: instances,
      goneInstanceIds: [],
      skippedInstanceIds: [],
    });
    expect(await s.history.listCleanupBatches(executionId)).toMatchObject([
      { jobId: job?.jobID, recoveryInstanceIds: instances, reconciled: true },
    ]);
    // Again once the instances are shutting down, then gone: still nothing is sent.
    s.emulator.advance(5_000);
    expect(await control(s).cleanUpDrill({ executionId })).toMatchObject({
      terminatedInstanceIds: [],
      alreadyRequestedInstanceIds: instances,
    });
    s.emulator.advance(5 * 60_000);
    expect(await control(s).cleanUpDrill({ executionId })).toMatchObject({
      terminatedInstanceIds: [],
      alreadyRequestedInstanceIds: instances,
      goneInstanceIds: [],
    });
    expect(terminateCalls(s)).toBe(1);
  });

  it('counts an instance a terminate job already holds as requested when DRS answers ConflictException', async () => {
    const { stack: s, executionId, instances } = await smallDrill();
    const [taken, ...rest] = instances as [string, ...string[]];
    const outside = await terminateDirectly(s, [taken]);

    const result = await control(s).cleanUpDrill({ executionId });
    expect(result).toMatchObject({
      terminatedInstanceIds: rest,
      alreadyRequestedInstanceIds: [taken],
      goneInstanceIds: [],
      skippedInstanceIds: [],
    });
    expect(result.jobIds).toHaveLength(1);
    const batches = await s.history.listCleanupBatches(executionId);
    expect(batches.find((b) => b.reconciled)).toMatchObject({
      jobId: outside,
      recoveryInstanceIds: [taken],
    });
    expect(batches.find((b) => !b.reconciled)).toMatchObject({
      jobId: result.jobIds[0],
      recoveryInstanceIds: rest,
    });
    // The outside call, the refused one, and the one DRS accepted without the taken instance.
    expect(terminateCalls(s)).toBe(3);
    expect(s.emulator.jobs().filter((j) => j.type === 'TERMINATE')).toHaveLength(2);
  });

  it('trusts the instance a ConflictException names while DescribeJobs does not list the job yet', async () => {
    const { stack: s, executionId, instances } = await smallDrill();
    const [taken, ...rest] = instances as [string, ...string[]];
    await terminateDirectly(s, [taken]);
    const real = s.deps().drs;
    // DRS's job listing is eventually consistent: the new terminate job is not listed yet.
    const lagging: DrsPort = {
      ...real,
      describeJobs: async (filter) =>
        (await real.describeJobs(filter)).filter((j) => j.type !== 'TERMINATE'),
    };
    const result = await control(s, lagging).cleanUpDrill({ executionId });
    expect(result).toMatchObject({
      terminatedInstanceIds: rest,
      alreadyRequestedInstanceIds: [taken],
      goneInstanceIds: [],
    });
    // Nothing recorded for the outside job: a later call finds it once it is listed.
    expect(
      (await s.history.listCleanupBatches(executionId)).map((b) => b.reconciled),
    ).toStrictEqual([false]);
    const later = await control(s).cleanUpDrill({ executionId });
    expect(later).toMatchObject({
      terminatedInstanceIds: [],
      alreadyRequestedInstanceIds: instances,
    });
    expect(s.emulator.jobs().filter((j) => j.type === 'TERMINATE')).toHaveLength(2);
  });

  it('throws a ConflictException that no terminate job explains, and sends nothing', async () => {
    const { stack: s, executionId, sources } = await smallDrill();
    // A new launch of one server is running: DRS refuses to terminate its instance meanwhile.
    const client = new DrsClient(s.emulator.clientConfig());
    await client.send(
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID: sources[0] }], isDrill: true }),
    );
    client.destroy();
    const error = await control(s)
      .cleanUpDrill({ executionId })
      .catch((e: unknown) => e);
    expect(isDrsNonRetryableError(error)).toBe(true);
    expect(error).toMatchObject({ drsErrorName: 'ConflictException' });
    expect(s.emulator.jobs().filter((j) => j.type === 'TERMINATE')).toHaveLength(0);
    expect(await s.history.listCleanupBatches(executionId)).toStrictEqual([]);
  });

  it('finds instances launched after a cancel, which no status check recorded', async () => {
    stack = await startStack();
    const s = stack;
    const ids = serverIds(3);
    await s.execution('cancelled', ['db']);
    // The wave started, then the execution was cancelled: no check ever recorded an instance.
    await startWave(
      { executionId: 'cancelled', executionType: 'DRILL', wave: waveOf('db', ids) },
      s.deps(),
    );
    await s.history.updateExecution('cancelled', { status: 'CANCELLED' });
    expect(await s.history.listServers('cancelled')).toStrictEqual([]);
    s.emulator.advance(15 * 60_000);

    const result = await control(s).cleanUpDrill({ executionId: 'cancelled' });
    expect(result.terminatedInstanceIds).toHaveLength(3);
  });

  it('never terminates an instance DRS says is not a drill instance', async () => {
    stack = await startStack();
    const s = stack;
    const [server] = serverIds(1) as [string];
    // A real recovery of the same server launched the instance the drill's history names.
    const client = new DrsClient(s.emulator.clientConfig());
    await client.send(
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID: server }], isDrill: false }),
    );
    client.destroy();
    s.emulator.advance(15 * 60_000);
    const [instance] = await s.deps().drs.describeRecoveryInstances({ sourceServerIds: [server] });
    await s.execution('d1', ['db']);
    await s.history.updateExecution('d1', { status: 'SUCCEEDED' });
    await s.history.putServers([
      {
        executionId: 'd1',
        waveId: 'db',
        sourceServerId: server,
        impact: 'CRITICAL',
        verdict: 'LAUNCHED',
        phase: 'LAUNCH',
        recoveryInstanceId: instance?.recoveryInstanceID ?? '',
        updatedAt: s.emulator.now().toISOString(),
      },
    ]);
    const result = await control(s).cleanUpDrill({ executionId: 'd1' });
    expect(result.skippedInstanceIds).toStrictEqual([instance?.recoveryInstanceID]);
    expect(result.terminatedInstanceIds).toStrictEqual([]);
    expect(terminateCalls(s)).toBe(0);
  });

  it('refuses a RECOVERY execution and a running drill before any DRS call', async () => {
    stack = await startStack();
    const s = stack;
    await s.execution('real', ['db'], 'RECOVERY');
    await s.history.updateExecution('real', { status: 'SUCCEEDED' });
    await s.execution('running', ['db']);
    const plane = control(s);

    const recovery = await plane.cleanUpDrill({ executionId: 'real' }).catch((e: unknown) => e);
    expect(isCleanupRefusedError(recovery)).toBe(true);
    expect(recovery).toMatchObject({ reason: 'RECOVERY' });
    expect((recovery as Error).message).toBe(
      'Execution "real" is a RECOVERY: its recovery instances now run the workload, and drs-waves never terminates them',
    );
    const running = await plane.cleanUpDrill({ executionId: 'running' }).catch((e: unknown) => e);
    expect(running).toMatchObject({ name: 'CleanupRefusedError', reason: 'RUNNING' });
    const ghost = await plane.cleanUpDrill({ executionId: 'ghost' }).catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(ghost)).toBe(true);

    expect(s.emulator.requestCount()).toBe(0);
    expect(await s.history.getCleanup('real')).toBeUndefined();
  });

  it('refuses an unknown field, telling the one meant, before reading anything', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .cleanUpDrill({ executionId: 'e1', requestBy: 'ops', force: true } as never)
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for cleanUpDrill (2 problems):',
        '- requestBy: Unknown field "requestBy" (did you mean "requestedBy"?)',
        '- force: Unknown field "force"',
      ].join('\n'),
    );
    expect(sfn.calls()).toHaveLength(0);
  });
});

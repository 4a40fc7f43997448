import type { Job } from '@aws-sdk/client-drs';
import { DRS_JOB_TAGS, type ExecutionRecord, type WaveLayoutRecord } from '../../src/index';
import type { SimulatedDrill } from '../../src/testing/index';
import { OPTIONAL_SERVER, type Scenario, WAVE_IDS } from './scenario';

/** What a run left behind, for the invariants. */
export interface RunOutcome {
  readonly scenario: Scenario;
  /** `undefined` when the run hung. */
  readonly drill: SimulatedDrill | undefined;
  /** Why the run was declared hung (no progress, or no end). */
  readonly hang: string | undefined;
  /** The execution record, when the history can still be read (memory runs). */
  readonly execution: ExecutionRecord | undefined;
  /** The layouts read from the history after the run (memory runs), by wave. */
  readonly layoutsAfter: ReadonlyMap<string, WaveLayoutRecord> | undefined;
}

const TERMINAL_WAVE = new Set(['COMPLETED', 'FAILED']);
const WAVE_NAMED = new RegExp(`\\bWave (${WAVE_IDS.join('|')})\\b`);

const sorted = (values: readonly string[]) => [...values].sort();
const same = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const serverIdsOf = (job: Job) =>
  (job.participatingServers ?? []).map((p) => p.sourceServerID ?? '');

/**
 * The liveness invariant, apart from the others: a run that drew only transient faults (see
 * `TRANSIENT_KINDS`) ends SUCCEEDED. Returns the failure, or `undefined`.
 */
export function checkLiveness(outcome: RunOutcome): string | undefined {
  const { scenario, drill } = outcome;
  if (!scenario.mustSucceed) return undefined;
  if (drill === undefined)
    return `liveness: a run with only transient faults hung: ${outcome.hang}`;
  if (drill.result.status !== 'SUCCEEDED') {
    return `liveness: a run with only transient faults ended ${String(drill.result.status)} ${drill.result.error ?? ''}: ${drill.result.cause ?? ''}`;
  }
  return undefined;
}

/**
 * Every safety invariant of the campaign, checked on one run; returns the violations, each a
 * sentence naming the invariant, the wave and the server.
 */
export function checkInvariants(outcome: RunOutcome): string[] {
  const { scenario, drill } = outcome;
  if (drill === undefined) return [`terminates: the run hung: ${outcome.hang}`];
  const executionId = scenario.options.executionId ?? '';
  const record = scenario.record;
  const violations: string[] = [];
  const fail = (invariant: string, text: string) => violations.push(`${invariant}: ${text}`);
  const { report, result } = drill;
  const cancelled = record.cancel !== undefined;

  // Our jobs: LAUNCH jobs tagged with this execution. Any other job is one the campaign
  // started for another tenant, on servers outside the plan.
  const ours: Job[] = [];
  for (const job of drill.jobs) {
    if (job.type !== 'LAUNCH') continue;
    if (job.tags?.[DRS_JOB_TAGS.executionId] !== executionId) {
      if (!record.foreignJobIds.has(job.jobID ?? '')) {
        fail('tagged', `job ${job.jobID} lacks the execution tag and is no foreign job`);
      } else if (Object.keys(job.tags ?? {}).some((k) => k.startsWith('drs-waves:'))) {
        fail('tagged', `foreign job ${job.jobID} carries drs-waves tags`);
      }
      continue;
    }
    ours.push(job);
    const expected = scenario.executionType === 'DRILL' ? 'START_DRILL' : 'START_RECOVERY';
    if (job.initiatedBy !== expected) {
      fail('execution type', `job ${job.jobID} was ${job.initiatedBy} in a ${expected} run`);
    }
  }

  // 1. No source server is in two LAUNCH jobs of the execution (whatever their waves).
  const seen = new Map<string, string>();
  for (const job of ours) {
    for (const id of serverIdsOf(job)) {
      const first = seen.get(id);
      if (first !== undefined) {
        fail(
          'launched once',
          `${id} is in jobs ${first} and ${job.jobID} (wave ${job.tags?.[DRS_JOB_TAGS.waveId]}, chunk ${job.tags?.[DRS_JOB_TAGS.chunk]})`,
        );
      }
      seen.set(id, `${job.jobID} (wave ${job.tags?.[DRS_JOB_TAGS.waveId]})`);
    }
  }

  // 2. The layout: recorded once per wave, and every job launches exactly its chunk of it.
  for (const [waveId, layouts] of record.layoutsSeen) {
    if (layouts.size > 1) {
      fail('layout once', `wave ${waveId} was read with ${layouts.size} different layouts`);
    }
  }
  if (outcome.layoutsAfter !== undefined) {
    for (const [waveId, layout] of record.layouts) {
      const after = outcome.layoutsAfter.get(waveId);
      if (JSON.stringify(after?.chunks) !== JSON.stringify(layout.chunks)) {
        fail('layout once', `wave ${waveId}'s recorded layout changed during the run`);
      }
    }
  }
  for (const job of ours) {
    const waveId = job.tags?.[DRS_JOB_TAGS.waveId] ?? '';
    const chunk = Number(job.tags?.[DRS_JOB_TAGS.chunk]);
    const layout = outcome.layoutsAfter?.get(waveId) ?? record.layouts.get(waveId);
    if (layout === undefined) {
      fail('in layout', `job ${job.jobID} of wave ${waveId} started, but no layout is recorded`);
      continue;
    }
    const inWave = new Set(layout.chunks.flatMap((c) => c.servers.map((s) => s.sourceServerId)));
    const outside = serverIdsOf(job).filter((id) => !inWave.has(id));
    if (outside.length > 0) {
      fail(
        'in layout',
        `job ${job.jobID} of wave ${waveId} launches ${outside.join(', ')}, outside the wave's recorded layout`,
      );
    }
    const expected = layout.chunks[chunk]?.servers.map((s) => s.sourceServerId);
    if (expected === undefined || !same(expected, serverIdsOf(job))) {
      fail(
        'in layout',
        `job ${job.jobID} (wave ${waveId}, chunk ${chunk}) launches [${serverIdsOf(job).join(', ')}], its chunk is [${expected?.join(', ') ?? 'missing'}]`,
      );
    }
  }

  // 3. Nothing starts after a cancel: every StartRecovery that reached DRS after the cancel was
  // recorded comes right after a status read made before it (the window only a DRS-side
  // condition could close).
  if (record.cancel !== undefined) {
    const at = record.cancel.seq;
    for (const start of record.startRecoveries) {
      if (start.seq < at) continue;
      const read = start.previous;
      if (read?.op === 'getExecution' && read.seq < at) {
        record.cancelWindowStarts += 1;
        continue;
      }
      fail(
        'nothing after cancel',
        `StartRecovery of wave ${start.waveId} chunk ${start.chunk} (${start.action}, invocation ${start.invocation}) reached DRS after the cancel was recorded at ${record.cancel.at}, after ${read === undefined ? 'no I/O call' : `${read.op}${read.seq > at ? ' made after the cancel' : ''}`}`,
      );
    }
  }

  // 4. A DRS refusal stops the wave's starts: no invocation that began after the refusal was
  // recorded sends a StartRecovery for the wave.
  for (const start of record.startRecoveries) {
    const refusedAt = record.refusals.get(start.waveId);
    if (refusedAt !== undefined && start.invocationStart > refusedAt) {
      fail(
        'nothing after refusal',
        `StartRecovery of wave ${start.waveId} chunk ${start.chunk} (${start.action}, invocation ${start.invocation}) after DRS refused a job of the wave`,
      );
    }
  }

  // Order: a wave's jobs start only after every wave it depends on completed.
  const endOf = new Map(report.waves.map((w) => [w.waveId, w]));
  for (const wave of scenario.plan.waves) {
    const starts = ours
      .filter((j) => j.tags?.[DRS_JOB_TAGS.waveId] === wave.id)
      .map((j) => Date.parse(j.creationDateTime ?? ''));
    if (starts.length === 0) continue;
    const first = Math.min(...starts);
    for (const dep of wave.dependsOn ?? []) {
      const done = endOf.get(dep);
      const ended = Date.parse(done?.endedAt ?? '');
      if (done?.status !== 'COMPLETED' || !(ended <= first)) {
        fail(
          'order',
          `wave ${wave.id} started at ${new Date(first).toISOString()} before ${dep} completed (${done?.status} ${done?.endedAt})`,
        );
      }
    }
  }

  // 5. Every server that launched is in the history with its instance ID.
  const recorded = new Map(report.servers.map((s) => [s.sourceServerId, s]));
  for (const job of ours) {
    for (const p of job.participatingServers ?? []) {
      if (p.launchStatus !== 'LAUNCHED') continue;
      const id = p.sourceServerID ?? '';
      const server = recorded.get(id);
      if (server?.recoveryInstanceId === undefined) {
        const wave = report.waves.find((w) => w.waveId === job.tags?.[DRS_JOB_TAGS.waveId]);
        const given = ['TIMED_OUT', 'FAILED'].includes(wave?.status ?? '')
          ? `; its wave ended ${wave?.status} at ${wave?.endedAt} with job ${job.jobID} ${job.status === 'COMPLETED' ? 'completed' : `still ${job.status}`} now`
          : '';
        fail(
          'launch recorded',
          `${id} (wave ${job.tags?.[DRS_JOB_TAGS.waveId]}, job ${job.jobID}) launched but the history has ${server === undefined ? 'no record of it' : `no instance ID (verdict ${server.verdict})`}${given}`,
        );
        continue;
      }
      if (server.jobId !== job.jobID) {
        fail('launch recorded', `${id} launched in job ${job.jobID}, history says ${server.jobId}`);
      }
      if (
        p.recoveryInstanceID !== undefined &&
        p.recoveryInstanceID !== server.recoveryInstanceId
      ) {
        fail(
          'launch recorded',
          `${id} launched as ${p.recoveryInstanceID}, history says ${server.recoveryInstanceId}`,
        );
      }
      if (!/^i-[0-9a-f]{17}$/.test(server.recoveryInstanceId)) {
        fail('launch recorded', `${id} has a malformed instance ID ${server.recoveryInstanceId}`);
      }
    }
  }

  // 6. The execution ends SUCCEEDED or FAILED; a failure names a wave that failed.
  const waves = new Map(report.waves.map((w) => [w.waveId, w]));
  if (result.status === 'FAILED') {
    const named = WAVE_NAMED.exec(result.cause ?? '')?.[1];
    if (named === undefined) {
      fail('failure named', `cause names no wave: ${JSON.stringify(result.cause)}`);
    } else if (!['FAILED', 'TIMED_OUT'].includes(waves.get(named)?.status ?? '')) {
      fail('failure named', `cause names wave ${named}, recorded ${waves.get(named)?.status}`);
    }
  } else if (result.status === 'SUCCEEDED') {
    for (const wave of report.waves) {
      if (wave.status !== 'COMPLETED') {
        fail('terminates', `the execution succeeded with wave ${wave.waveId} ${wave.status}`);
      }
    }
  } else {
    fail('terminates', `the execution ended ${String(result.status)}`);
  }
  const execution = outcome.execution;
  if (execution !== undefined) {
    // A cancel recorded in the history stays: the machine's end does not overwrite it.
    const expected = cancelled ? 'CANCELLED' : result.status;
    if (execution.status !== expected) {
      fail('history agrees', `execution recorded ${execution.status}, expected ${expected}`);
    }
    if (!cancelled && expected === 'FAILED' && execution.cause !== result.cause) {
      fail('history agrees', `execution cause ${JSON.stringify(execution.cause)} differs`);
    }
  }

  // 7. The history and the emulator agree: jobs per wave, and verdicts per server.
  const launchStatus = new Map<string, string>();
  for (const job of ours) {
    for (const p of job.participatingServers ?? []) {
      launchStatus.set(p.sourceServerID ?? '', p.launchStatus ?? 'UNKNOWN');
    }
  }
  for (const waveId of WAVE_IDS) {
    const wave = waves.get(waveId);
    const tagged = ours
      .filter((j) => j.tags?.[DRS_JOB_TAGS.waveId] === waveId)
      .map((j) => j.jobID ?? '');
    const jobIds = wave?.jobIds ?? [];
    if (!same(jobIds, tagged)) {
      fail(
        'history agrees',
        `wave ${waveId} (${wave?.status}) records jobs [${jobIds.join(', ')}], DRS has [${tagged.join(', ')}]`,
      );
    }
    if (wave === undefined) continue;
    const layout = outcome.layoutsAfter?.get(waveId) ?? record.layouts.get(waveId);
    if (layout !== undefined && wave.serverCount !== layout.serverCount) {
      fail(
        'history agrees',
        `wave ${waveId} counts ${wave.serverCount} servers, its layout ${layout.serverCount}`,
      );
    }
    const servers = report.servers.filter((s) => s.waveId === waveId);
    for (const server of servers) {
      const status = launchStatus.get(server.sourceServerId);
      if (server.verdict === 'LAUNCHED' && status !== 'LAUNCHED') {
        fail(
          'history agrees',
          `${server.sourceServerId} LAUNCHED in the history, ${status} in DRS`,
        );
      }
      // A server of a job that never started failed without DRS: it must be in no job.
      if (server.phase === 'NOT_STARTED') {
        if (status !== undefined) {
          fail(
            'history agrees',
            `${server.sourceServerId} never started in the history, ${status} in DRS`,
          );
        }
      } else if (server.verdict === 'FAILED' && status !== 'FAILED') {
        fail('history agrees', `${server.sourceServerId} FAILED in the history, ${status} in DRS`);
      }
      if (TERMINAL_WAVE.has(wave.status) && (status === 'LAUNCHED' || status === 'FAILED')) {
        if (server.verdict !== status) {
          fail(
            'history agrees',
            `${server.sourceServerId} of ${wave.status} wave ${waveId} is ${server.verdict} in the history, ${status} in DRS`,
          );
        }
      }
    }
    if (wave.status === 'COMPLETED') {
      const launched = servers.filter((s) => s.verdict === 'LAUNCHED').length;
      if (launched !== wave.launched) {
        fail(
          'history agrees',
          `wave ${waveId} counts ${wave.launched} launched, records ${launched}`,
        );
      }
      for (const server of servers) {
        if (
          server.sourceServerId !== OPTIONAL_SERVER &&
          launchStatus.get(server.sourceServerId) !== 'LAUNCHED'
        ) {
          fail('history agrees', `wave ${waveId} COMPLETED without ${server.sourceServerId}`);
        }
      }
      if (servers.length !== wave.serverCount) {
        fail(
          'history agrees',
          `wave ${waveId} COMPLETED with ${servers.length} of ${wave.serverCount} servers recorded`,
        );
      }
    }
  }
  return violations;
}

import type { Job } from '@aws-sdk/client-drs';
import { DRS_JOB_TAGS, type ExecutionRecord } from '../../src/index';
import type { SimulatedDrill } from '../../src/testing/index';
import { OPTIONAL_SERVER, type Scenario, WAVE_IDS } from './scenario';

/** What a run left behind, for the invariants. */
export interface RunOutcome {
  readonly scenario: Scenario;
  /** `undefined` when the run did not end within its timeout. */
  readonly drill: SimulatedDrill | undefined;
  /** The execution record, when the history can still be read (memory runs). */
  readonly execution: ExecutionRecord | undefined;
}

const TERMINAL_WAVE = new Set(['COMPLETED', 'FAILED']);
const WAVE_NAMED = new RegExp(`\\bWave (${WAVE_IDS.join('|')})\\b`);

const sorted = (values: readonly string[]) => [...values].sort();
const same = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/**
 * Every invariant of the campaign, checked on one run; returns the violations, each a sentence
 * naming the invariant, the wave and the server.
 */
export function checkInvariants(outcome: RunOutcome): string[] {
  const { scenario, drill } = outcome;
  if (drill === undefined) return ['terminates: the execution did not end within its timeout'];
  const executionId = scenario.options.executionId ?? '';
  const violations: string[] = [];
  const fail = (invariant: string, text: string) => violations.push(`${invariant}: ${text}`);
  const { report, result } = drill;

  // Our jobs: LAUNCH jobs tagged with this execution. Any other job is a violation.
  const ours: Job[] = [];
  for (const job of drill.jobs) {
    if (job.type !== 'LAUNCH') continue;
    if (job.tags?.[DRS_JOB_TAGS.executionId] !== executionId) {
      fail('tagged', `job ${job.jobID} lacks the execution tag`);
      continue;
    }
    ours.push(job);
    const expected = scenario.executionType === 'DRILL' ? 'START_DRILL' : 'START_RECOVERY';
    if (job.initiatedBy !== expected) {
      fail('execution type', `job ${job.jobID} was ${job.initiatedBy} in a ${expected} run`);
    }
  }

  // 1. No source server is in two LAUNCH jobs of the same wave.
  for (const waveId of WAVE_IDS) {
    const jobs = ours.filter((j) => j.tags?.[DRS_JOB_TAGS.waveId] === waveId);
    const seen = new Map<string, string>();
    for (const job of jobs) {
      for (const p of job.participatingServers ?? []) {
        const id = p.sourceServerID ?? '';
        const first = seen.get(id);
        if (first !== undefined) {
          fail('launched once', `${id} is in jobs ${first} and ${job.jobID} of wave ${waveId}`);
        }
        seen.set(id, job.jobID ?? '');
      }
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

  // 2. Every server that launched is in the history with its instance ID.
  const recorded = new Map(report.servers.map((s) => [s.sourceServerId, s]));
  for (const job of ours) {
    for (const p of job.participatingServers ?? []) {
      if (p.launchStatus !== 'LAUNCHED') continue;
      const id = p.sourceServerID ?? '';
      const server = recorded.get(id);
      if (server?.recoveryInstanceId === undefined) {
        fail(
          'launch recorded',
          `${id} (wave ${job.tags?.[DRS_JOB_TAGS.waveId]}, job ${job.jobID}) launched but the history has ${server === undefined ? 'no record of it' : `no instance ID (verdict ${server.verdict})`}`,
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

  // 3. The execution ends SUCCEEDED or FAILED; a failure names a wave that failed.
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
    const expected = result.status;
    if (execution.status !== expected) {
      fail('history agrees', `execution recorded ${execution.status}, ended ${expected}`);
    }
    if (expected === 'FAILED' && execution.cause !== result.cause) {
      fail('history agrees', `execution cause ${JSON.stringify(execution.cause)} differs`);
    }
  }

  // 4. The history and the emulator agree: jobs per wave, and verdicts per server.
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
    const servers = report.servers.filter((s) => s.waveId === waveId);
    for (const server of servers) {
      const status = launchStatus.get(server.sourceServerId);
      if (server.verdict === 'LAUNCHED' && status !== 'LAUNCHED') {
        fail(
          'history agrees',
          `${server.sourceServerId} LAUNCHED in the history, ${status} in DRS`,
        );
      }
      if (server.verdict === 'FAILED' && status !== 'FAILED') {
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

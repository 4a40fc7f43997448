import type { Job } from '@aws-sdk/client-drs';
import { DRS_JOB_TAGS, type ExecutionRecord, type WaveLayoutRecord } from '../../src/index';
import type { DrillReportAction } from '../../src/report/index';
import type { SimulatedDrill } from '../../src/testing/index';
import { OWN_ACCOUNT, OWN_REGION } from '../../src/testing/internal/emulatorFleet';
import {
  actionDocumentName,
  failsWave,
  OPTIONAL_SERVER,
  type PlannedAction,
  type Scenario,
  WAVE_IDS,
} from './scenario';

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

  // 1. No source server is in two LAUNCH jobs of the execution (whatever their waves), except
  // a retry's: a later job of the same wave, past its recorded layout's chunks (a failure
  // decision's new attempt), may relaunch a server whose every earlier launch FAILED.
  const seen = new Map<string, { label: string; waveId: string; failed: boolean }>();
  for (const job of ours) {
    const waveId = job.tags?.[DRS_JOB_TAGS.waveId] ?? '';
    const chunk = Number(job.tags?.[DRS_JOB_TAGS.chunk]);
    const layout = outcome.layoutsAfter?.get(waveId) ?? record.layouts.get(waveId);
    const retry = layout !== undefined && chunk >= layout.chunks.length;
    for (const p of job.participatingServers ?? []) {
      const id = p.sourceServerID ?? '';
      const first = seen.get(id);
      if (first !== undefined && !(retry && first.waveId === waveId && first.failed)) {
        fail(
          'launched once',
          `${id} is in jobs ${first.label} and ${job.jobID} (wave ${waveId}, chunk ${chunk})`,
        );
      }
      seen.set(id, {
        label: `${job.jobID} (wave ${waveId})`,
        waveId,
        failed: p.launchStatus === 'FAILED',
      });
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
    // A retry's job (past the layout's chunks) launches servers of the wave whose earlier
    // launch failed, checked above; the layout's own jobs launch exactly their chunk.
    if (chunk >= layout.chunks.length && outcome.scenario.options.decide !== undefined) continue;
    const expected = layout.chunks[chunk]?.servers.map((s) => s.sourceServerId);
    if (expected === undefined || !same(expected, serverIdsOf(job))) {
      fail(
        'in layout',
        `job ${job.jobID} (wave ${waveId}, chunk ${chunk}) launches [${serverIdsOf(job).join(', ')}], its chunk is [${expected?.join(', ') ?? 'missing'}]`,
      );
    }
  }

  // 2b. Every job runs in the account and Region of its chunk (its own DRS, its own quotas).
  for (const job of ours) {
    const waveId = job.tags?.[DRS_JOB_TAGS.waveId] ?? '';
    const chunk = Number(job.tags?.[DRS_JOB_TAGS.chunk]);
    const target = (outcome.layoutsAfter?.get(waveId) ?? record.layouts.get(waveId))?.chunks[chunk];
    if (target === undefined) continue;
    const [, , , region, account] = (job.arn ?? '').split(':');
    const expected = `${target.accountId ?? OWN_ACCOUNT} ${target.region ?? OWN_REGION}`;
    if (`${account} ${region}` !== expected) {
      fail(
        'in its account',
        `job ${job.jobID} (wave ${waveId}, chunk ${chunk}) ran in ${account} ${region}, its chunk belongs to ${expected}`,
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
    // An operator's retry (a failure decision) starts the wave's failed servers again.
    if (
      refusedAt !== undefined &&
      start.invocationStart > refusedAt &&
      start.action !== 'retry_wave'
    ) {
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
      // A wave an operator skipped lets the next stage go on, as a completed one.
      if (!['COMPLETED', 'SKIPPED'].includes(done?.status ?? '') || !(ended <= first)) {
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
        // A skipped wave is followed no more: a server of its jobs still pending then may
        // launch later, unrecorded (as documented).
        if (wave?.status === 'SKIPPED' && server?.verdict !== 'LAUNCHED') continue;
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
    const skipped = new Set(report.skippedWaveIds ?? []);
    for (const wave of report.waves) {
      // A skipped wave is listed as such: the success says it was not clean.
      if (wave.status !== 'COMPLETED' && !(wave.status === 'SKIPPED' && skipped.has(wave.waveId))) {
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
  checkActions(outcome, drill, ours, launchStatus, fail);
  return violations;
}

/** An action's place, for people: `before[1] of wave app`. */
const where = (a: { waveId: string; phase: string; index: number }) =>
  `${a.phase}[${a.index}] of wave ${a.waveId}`;
const keyOf = (a: { waveId: string; phase: string; index: number }) =>
  `${a.waveId}/${a.phase}/${a.index}`;
/** Run order within a wave: before its launch, then after, each by index. */
const runOrder = (
  a: { phase: string; index: number },
  b: { phase: string; index: number },
): number => (a.phase === b.phase ? a.index - b.index : a.phase === 'before' ? -1 : 1);
const ms = (iso: string | undefined) => Date.parse(iso ?? '');
/** How a wave of the report ended: `FAILED ActionFailed`, `COMPLETED`. */
const ending = (wave: { status: string; error?: string } | undefined) =>
  wave === undefined ? 'unreported' : `${wave.status}${wave.error ? ` ${wave.error}` : ''}`;

/**
 * The wave actions' invariants, from the report (`report.actions`, the waves), DRS's jobs, the
 * runbooks SSM Automation started and the Lambda hooks the harness saw called.
 */
function checkActions(
  outcome: RunOutcome,
  drill: SimulatedDrill,
  ours: readonly Job[],
  launchStatus: ReadonlyMap<string, string>,
  fail: (invariant: string, text: string) => void,
): void {
  const { scenario } = outcome;
  const { report, result } = drill;
  const record = scenario.record;
  const ran = report.actions ?? [];
  const waves = new Map(report.waves.map((w) => [w.waveId, w]));
  const plannedBy = new Map(scenario.actions.map((a) => [keyOf(a), a]));
  const ranBy = new Map(ran.map((a) => [keyOf(a), a]));
  const jobsOf = (waveId: string) => ours.filter((j) => j.tags?.[DRS_JOB_TAGS.waveId] === waveId);
  const layoutOf = (waveId: string) =>
    outcome.layoutsAfter?.get(waveId) ?? record.layouts.get(waveId);
  const failing = (waveId: string) =>
    ran.filter((a) => a.waveId === waveId && failsWave(a)).sort(runOrder);

  // Every action the report shows was planned, and ended as planned; every action of a wave that
  // the run reached ran: what ran is the wave's actions in run order up to the first that failed
  // the wave, all of them when the wave launched (its before actions) or COMPLETED (all).
  for (const a of ran) {
    const planned = plannedBy.get(keyOf(a));
    if (planned === undefined) {
      fail('action outcome', `${where(a)} (${a.label}) ran, but the plan has no such action`);
      continue;
    }
    if (a.type !== planned.action.type || a.onFailure !== planned.onFailure) {
      fail(
        'action outcome',
        `${where(a)} ran as ${a.type} under ${a.onFailure}, planned ${planned.action.type} under ${planned.onFailure}`,
      );
    }
    const wave = waves.get(a.waveId);
    if (a.outcome === undefined) {
      fail(
        'action outcome',
        `${where(a)} (${a.label}) started at ${a.startedAt} and never ended; its wave ended ${ending(wave)}`,
      );
    } else if (a.outcome !== planned.outcome) {
      fail(
        'action outcome',
        `${where(a)} (${a.label}) ended ${a.outcome}, planned ${planned.outcome}${a.cause === undefined ? '' : `: ${a.cause}`}`,
      );
    }
  }
  for (const waveId of WAVE_IDS) {
    const wave = waves.get(waveId);
    const planned = scenario.actions.filter((a) => a.waveId === waveId).sort(runOrder);
    // Its launch began (start_wave recorded its layout, or DRS has its jobs), or it COMPLETED
    // (an after action that failed it leaves it FAILED with ActionFailed).
    const launchBegan = record.layouts.has(waveId) || jobsOf(waveId).length > 0;
    const completed =
      wave?.status === 'COMPLETED' ||
      failing(waveId).some((a) => a.phase === 'after' && wave?.error === 'ActionFailed');
    let cut: string | undefined;
    let missing: PlannedAction | undefined;
    for (const p of planned) {
      const a = ranBy.get(keyOf(p));
      if (cut !== undefined) {
        if (a !== undefined) fail('action outcome', `${where(p)} ran after ${cut} failed the wave`);
        continue;
      }
      if (a === undefined) {
        const reached = p.phase === 'before' ? launchBegan || completed : completed;
        if (reached) {
          fail(
            'action outcome',
            `${where(p)} (${p.action.type}) never ran, yet the wave ${p.phase === 'before' ? 'began its launch' : 'COMPLETED'}`,
          );
        }
        missing ??= p;
        continue;
      }
      if (missing !== undefined) {
        fail('action outcome', `${where(p)} ran, but ${where(missing)} before it never did`);
      }
      if (failsWave(a)) cut = where(a);
    }
  }

  // A failure under FAIL fails its wave with ActionFailed, naming the action; before the launch,
  // the wave starts nothing in DRS. And ActionFailed comes from such a failure only.
  for (const waveId of WAVE_IDS) {
    const wave = waves.get(waveId);
    const [first] = failing(waveId);
    if (first === undefined) {
      if (wave?.error === 'ActionFailed') {
        fail(
          'action fails wave',
          `wave ${waveId} FAILED with ActionFailed, but no action of it failed under FAIL: ${wave.cause}`,
        );
      }
      continue;
    }
    if (
      // Skipped by an operator after it failed: the failure stays recorded.
      !['FAILED', 'SKIPPED'].includes(wave?.status ?? '') ||
      wave?.error !== 'ActionFailed' ||
      !wave.cause?.includes(`${first.phase}[${first.index}]`)
    ) {
      fail(
        'action fails wave',
        `${where(first)} ${first.outcome} under FAIL, but the wave ended ${ending(wave)}: ${wave?.cause ?? ''}`,
      );
    }
    if (first.phase !== 'before') continue;
    const inWave = new Set(serversOfWave(scenario, waveId));
    const jobs = ours.filter(
      (j) =>
        j.tags?.[DRS_JOB_TAGS.waveId] === waveId || serverIdsOf(j).some((id) => inWave.has(id)),
    );
    const starts = record.startRecoveries.filter((s) => s.waveId === waveId);
    if (jobs.length > 0 || starts.length > 0) {
      fail(
        'action fails wave',
        `${where(first)} ${first.outcome} under FAIL, yet the wave's servers are in DRS jobs [${jobs.map((j) => j.jobID).join(', ')}] (${starts.length} StartRecovery sent)`,
      );
    }
  }
  if (result.error === 'ActionFailed' && !ran.some(failsWave)) {
    fail(
      'action fails wave',
      `the execution failed with ActionFailed, but no action failed under FAIL`,
    );
  }

  // A failure under CONTINUE changes nothing: the wave goes on to its next action, its launch,
  // or stays COMPLETED, unless an action under FAIL failed it.
  for (const a of ran) {
    if (a.onFailure !== 'CONTINUE' || a.outcome === undefined || a.outcome === 'SUCCEEDED') {
      continue;
    }
    const wave = waves.get(a.waveId);
    if (failing(a.waveId).length > 0) continue;
    if (wave?.error === 'ActionFailed') {
      fail(
        'continue goes on',
        `${where(a)} ${a.outcome} under CONTINUE, and the wave FAILED with ActionFailed: ${wave.cause}`,
      );
      continue;
    }
    const next = scenario.actions.find(
      (p) => p.waveId === a.waveId && p.phase === a.phase && p.index === a.index + 1,
    );
    if (next !== undefined && !ranBy.has(keyOf(next))) {
      fail(
        'continue goes on',
        `${where(a)} ${a.outcome} under CONTINUE, and ${where(next)} never ran`,
      );
    } else if (a.phase === 'before' && (wave === undefined || wave.status === 'NOT_STARTED')) {
      fail(
        'continue goes on',
        `${where(a)} ${a.outcome} under CONTINUE, and the wave never started its launch`,
      );
    } else if (a.phase === 'after' && wave?.status !== 'COMPLETED') {
      fail(
        'continue goes on',
        `${where(a)} ${a.outcome} under CONTINUE, and the COMPLETED wave ended ${ending(wave)}`,
      );
    }
  }

  // Actions run only for a wave that started (every wave it depends on COMPLETED before), and
  // after actions only once the wave COMPLETED: every critical server launched, and the wave
  // recorded COMPLETED (or FAILED by an after action under FAIL). What ran outside the history
  // (Lambda functions, runbooks) ran for an action the history shows, once.
  for (const a of ran) {
    const wave = waves.get(a.waveId);
    if (wave === undefined || wave.status === 'NOT_STARTED') {
      fail('actions of started waves', `${where(a)} ran, but the wave never started`);
      continue;
    }
    const deps = scenario.plan.waves.find((w) => w.id === a.waveId)?.dependsOn ?? [];
    for (const dep of deps) {
      const done = waves.get(dep);
      // A wave an operator skipped lets the next stage go on, as a completed one.
      const past = done?.status === 'COMPLETED' || done?.status === 'SKIPPED';
      if (!past || !(ms(done?.endedAt) <= ms(a.startedAt))) {
        fail(
          'actions of started waves',
          `${where(a)} started at ${a.startedAt}, but ${dep} had not completed (${done?.status} ${done?.endedAt})`,
        );
      }
    }
    if (a.phase !== 'after') continue;
    const afterFailed = failing(a.waveId).some((f) => f.phase === 'after');
    if (!(wave.status === 'COMPLETED' || (afterFailed && wave.error === 'ActionFailed'))) {
      fail(
        'actions of started waves',
        `${where(a)} ran, but the wave ended ${ending(wave)} without completing`,
      );
    }
    const layout = layoutOf(a.waveId);
    const unlaunched = (layout?.chunks ?? [])
      .flatMap((c) => c.servers.map((s) => s.sourceServerId))
      .filter((id) => id !== OPTIONAL_SERVER && launchStatus.get(id) !== 'LAUNCHED');
    if (layout === undefined || unlaunched.length > 0) {
      fail(
        'actions of started waves',
        `${where(a)} ran, but ${layout === undefined ? 'the wave has no layout' : `${unlaunched.join(', ')} did not launch in DRS`}`,
      );
    }
  }
  const calls = new Map<string, number>();
  for (const call of record.actionCalls) calls.set(call, (calls.get(call) ?? 0) + 1);
  const documents = new Map(
    scenario.actions.map((p) => [actionDocumentName(p.waveId, p.phase, p.index), p]),
  );
  for (const automation of drill.automations) {
    const p = documents.get(automation.documentName);
    const key = p === undefined ? automation.documentName : keyOf(p);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    if (p !== undefined && automation.tags['drs-waves:wave'] !== p.waveId) {
      fail(
        'actions of started waves',
        `runbook ${automation.documentName} ran tagged with wave ${automation.tags['drs-waves:wave']}`,
      );
    }
  }
  for (const waveId of new Set(record.approvalsAnswered)) {
    const required = scenario.plan.waves.find((w) => w.id === waveId)?.requireApproval === true;
    if (!required && !ran.some((a) => a.waveId === waveId && a.type === 'approval')) {
      fail(
        'actions of started waves',
        `an approval of wave ${waveId} was requested, but the history has no start of its approval action`,
      );
    }
  }
  for (const [key, count] of calls) {
    const a = ranBy.get(key);
    if (a === undefined || count > 1) {
      fail(
        'actions of started waves',
        `the function or runbook of ${key} ran ${count} time(s), ${a === undefined ? 'but the history has no start of the action' : 'more than once'}`,
      );
    }
  }

  // A wave's actions run one at a time, in order: each starts once the one before it ended;
  // those before the launch end before its first job, those after start once it completed.
  for (const waveId of WAVE_IDS) {
    const wave = waves.get(waveId);
    const list = ran.filter((a) => a.waveId === waveId).sort(runOrder);
    let previous: DrillReportAction | undefined;
    for (const a of list) {
      if (a.endedAt !== undefined && ms(a.endedAt) < ms(a.startedAt)) {
        fail('action order', `${where(a)} ended at ${a.endedAt}, before its start ${a.startedAt}`);
      }
      if (previous !== undefined && !(ms(a.startedAt) >= ms(previous.endedAt))) {
        fail(
          'action order',
          `${where(a)} started at ${a.startedAt}, before ${where(previous)} ended (${previous.endedAt ?? 'never'})`,
        );
      }
      previous = a;
    }
    const firstJob = Math.min(...jobsOf(waveId).map((j) => ms(j.creationDateTime)));
    for (const a of list) {
      if (a.phase === 'before' && !(ms(a.endedAt) <= firstJob)) {
        fail(
          'action order',
          `${where(a)} ended at ${a.endedAt ?? 'never'}, after the wave's first job started (${new Date(firstJob).toISOString()})`,
        );
      }
      if (a.phase === 'after' && !(ms(a.startedAt) >= ms(wave?.endedAt))) {
        fail(
          'action order',
          `${where(a)} started at ${a.startedAt}, before the wave completed (${wave?.endedAt ?? 'never'})`,
        );
      }
    }
  }
}

/** A wave's servers as planned: inline and through its protection groups. */
function serversOfWave(scenario: Scenario, waveId: string): string[] {
  const wave = scenario.plan.waves.find((w) => w.id === waveId);
  const groups = new Map(scenario.groups.map((g) => [g.id, g]));
  return [
    ...(wave?.servers ?? []).map((s) => s.sourceServerId),
    ...(wave?.protectionGroups ?? []).flatMap(
      (id) => groups.get(id)?.servers.map((s) => s.sourceServerId) ?? [],
    ),
  ];
}

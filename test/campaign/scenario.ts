import type { Job } from '@aws-sdk/client-drs';
import {
  type ExecutionHistoryStore,
  type ExecutionType,
  parseRecoveryPlan,
  type RecoveryPlan,
} from '../../src/index';
import {
  type DrsFaults,
  fakeSourceServerId,
  type LambdaCall,
  type LambdaFault,
  type SimulateDrillOptions,
} from '../../src/testing/index';
import { override } from '../helpers/override';
import { Prng } from './prng';

/** Every kind of fault the campaign injects, in the order the summary lists them. */
export const FAULT_KINDS = [
  'drs-throttling',
  'drs-internal-error',
  'launch-failure-critical',
  'launch-failure-optional',
  'stuck-job',
  'lambda-fail-before',
  'lambda-fail-after',
  'death-after-start-recovery',
  'dynamodb-error-after-start-recovery',
  'duplicate-invocation',
  'conditional-write-race',
  'approval-rejected',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

const S = (n: number) => fakeSourceServerId(n);

/** The optional server of the campaign's plan: its failure never fails its wave. */
export const OPTIONAL_SERVER = S(10);

/** The campaign's waves: two stages run two waves in parallel; one optional server. */
const WAVES = [
  { id: 'db', servers: [S(1), S(2), S(3)] },
  { id: 'cache', servers: [S(4), S(5)], dependsOn: [] },
  { id: 'app', servers: [S(6), S(7), S(8)], dependsOn: ['db', 'cache'] },
  {
    id: 'batch',
    servers: [S(9), { sourceServerId: OPTIONAL_SERVER, impact: 'OPTIONAL' }],
    dependsOn: ['db'],
  },
  { id: 'web', servers: [S(11), S(12)], dependsOn: ['app'] },
] as const;

export const WAVE_IDS: readonly string[] = WAVES.map((w) => w.id);

const serversOf = (waveId: string): string[] =>
  (WAVES.find((w) => w.id === waveId)?.servers ?? []).map((s) =>
    typeof s === 'string' ? s : s.sourceServerId,
  );

const CRITICAL_SERVERS = WAVES.flatMap((w) => serversOf(w.id)).filter(
  (id) => id !== OPTIONAL_SERVER,
);

/** The router actions a Lambda fault may hit, and how many calls of each a run usually makes. */
const ACTIONS_HIT: readonly (readonly [string, number])[] = [
  ['begin_execution', 1],
  ['start_wave', 5],
  ['check_wave_status', 40],
  ['request_approval', 1],
  ['record_wave_failure', 1],
  ['finish_execution', 1],
];

/** A Lambda fault planned for the n-th call of an action. */
interface PlannedLambdaFault {
  readonly kind: FaultKind;
  readonly fault: LambdaFault;
  readonly action: string;
  readonly occurrence: number;
}

/** One campaign run: what simulateDrill is given, and what was injected. */
export interface Scenario {
  readonly seed: number;
  readonly storage: 'memory' | 'dynalite';
  readonly executionType: ExecutionType;
  readonly plan: RecoveryPlan;
  /** The fault kinds drawn for the run. */
  readonly planned: readonly FaultKind[];
  /** Faults that actually fired, by kind (a planned fault may find nothing to hit). */
  readonly fired: Map<FaultKind, number>;
  /** Conditional writes (wave intent, chunk claim) that lost a race to a duplicate. */
  racesLost: number;
  /** Waves that got a short timeout with a stuck server. */
  readonly stuckWave: string | undefined;
  /** Whether DRS reports `recoveryInstanceID` in `participatingServers` in this run. */
  readonly reportRecoveryInstanceId: boolean;
  /** The history store the router wrote to (unwrapped), once the run has started. */
  history: ExecutionHistoryStore | undefined;
  /** The simulateDrill options. */
  readonly options: SimulateDrillOptions;
  /** Human-readable lines, for a failing run's report. */
  readonly description: string[];
}

/** A failure as a dying Lambda or a DynamoDB client would throw it. */
function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Draws one run from its seed: the plan's options and the faults. */
export function drawScenario(seed: number, storage: 'memory' | 'dynalite'): Scenario {
  const rng = new Prng(seed * 7919 + 17);
  const planned: FaultKind[] = [];
  const fired = new Map<FaultKind, number>();
  const fire = (kind: FaultKind) => fired.set(kind, (fired.get(kind) ?? 0) + 1);
  const description: string[] = [];
  const faults: { -readonly [K in keyof DrsFaults]: DrsFaults[K] } = {};

  if (rng.chance(0.25)) {
    faults.throttleRate = Math.round(rng.between(0.005, 0.03) * 1000) / 1000;
    planned.push('drs-throttling');
    description.push(`throttleRate ${faults.throttleRate}`);
  }
  if (rng.chance(0.3)) {
    faults.internalErrorRate = Math.round(rng.between(0.01, 0.08) * 1000) / 1000;
    planned.push('drs-internal-error');
    description.push(`internalErrorRate ${faults.internalErrorRate}`);
  }
  const failLaunch: Record<string, string> = {};
  if (rng.chance(0.2)) {
    const id = rng.pick(CRITICAL_SERVERS);
    failLaunch[id] = 'InsufficientInstanceCapacity';
    planned.push('launch-failure-critical');
    description.push(`${id} fails to launch`);
  }
  if (rng.chance(0.2)) {
    failLaunch[OPTIONAL_SERVER] = 'InvalidSubnetID.NotFound';
    planned.push('launch-failure-optional');
    description.push(`optional ${OPTIONAL_SERVER} fails to launch`);
  }
  if (Object.keys(failLaunch).length > 0) faults.failLaunch = failLaunch;

  let stuckWave: string | undefined;
  let stuckTimeout = 0;
  if (rng.chance(0.12)) {
    stuckWave = rng.pick(WAVE_IDS);
    const id = rng.pick(serversOf(stuckWave).filter((s) => !(s in failLaunch)));
    faults.stuckServers = [id];
    stuckTimeout = rng.int(10, 25) * 60;
    planned.push('stuck-job');
    description.push(`${id} never finishes; wave ${stuckWave} times out after ${stuckTimeout} s`);
  }

  const approvalWave = rng.chance(0.15) ? 'web' : undefined;
  const reject = approvalWave !== undefined && rng.chance(0.35);
  if (reject) planned.push('approval-rejected');
  if (approvalWave) description.push(`web needs approval (${reject ? 'rejected' : 'approved'})`);

  const lambdaFaults: PlannedLambdaFault[] = [];
  const planLambda = (kind: FaultKind, fault: LambdaFault, actions = ACTIONS_HIT) => {
    const [action, typical] = rng.pick(actions);
    const occurrence = rng.int(1, Math.max(1, Math.min(typical, 12)));
    lambdaFaults.push({ kind, fault, action, occurrence });
    planned.push(kind);
    description.push(`${fault} on ${action} call #${occurrence}`);
  };
  if (rng.chance(0.15)) planLambda('lambda-fail-before', 'fail-before');
  if (rng.chance(0.35)) planLambda('lambda-fail-after', 'fail-after');
  if (rng.chance(0.3)) planLambda('duplicate-invocation', 'duplicate');
  const race = rng.chance(0.2);
  if (race) planLambda('conditional-write-race', 'duplicate', [['start_wave', 5]]);

  // A death between StartRecovery and the write of its job ID, or a DynamoDB error there.
  const deathAt = rng.chance(0.25) ? rng.int(1, 5) : undefined;
  if (deathAt !== undefined) {
    planned.push('death-after-start-recovery');
    description.push(`dies after StartRecovery #${deathAt}, before recording its job`);
  }
  const dynamoErrorAt = rng.chance(0.1) ? rng.int(1, 5) : undefined;
  if (dynamoErrorAt !== undefined) {
    planned.push('dynamodb-error-after-start-recovery');
    description.push(`DynamoDB refuses the write after StartRecovery #${dynamoErrorAt}`);
  }

  const executionType: ExecutionType = rng.chance(0.15) ? 'RECOVERY' : 'DRILL';
  const pollIntervalSeconds = rng.pick([30, 60, 60, 120]);
  const reportRecoveryInstanceId = rng.chance(0.5);
  description.push(
    `${storage}, ${executionType}, poll ${pollIntervalSeconds} s, recoveryInstanceID ${reportRecoveryInstanceId ? 'reported' : 'only in the log'}`,
  );

  const plan = parseRecoveryPlan({
    id: 'campaign',
    waves: WAVES.map((w) => ({
      ...w,
      servers: [...w.servers],
      ...('dependsOn' in w ? { dependsOn: [...w.dependsOn] } : {}),
      ...(w.id === stuckWave ? { timeoutSeconds: stuckTimeout } : {}),
      ...(w.id === approvalWave ? { requireApproval: true } : {}),
    })),
  });

  const calls = new Map<string, number>();
  const lambdaFault = (call: LambdaCall): LambdaFault | undefined => {
    const n = (calls.get(call.action) ?? 0) + 1;
    calls.set(call.action, n);
    const hit = lambdaFaults.find((f) => f.action === call.action && f.occurrence === n);
    if (hit === undefined) return undefined;
    fire(hit.kind);
    return hit.fault;
  };

  const scenario: Scenario = {
    seed,
    storage,
    executionType,
    plan,
    planned,
    fired,
    racesLost: 0,
    stuckWave,
    reportRecoveryInstanceId,
    history: undefined,
    description,
    options: {
      plan,
      seed,
      storage,
      executionType,
      executionId: `campaign-${seed}`,
      faults,
      emulator: { reportRecoveryInstanceId },
      machine: { pollIntervalSeconds },
      lambdaFault,
      ...(approvalWave ? { approve: () => (reject ? 'reject' : 'approve') } : {}),
      wrapHistory: (history) => {
        scenario.history = history;
        let jobWrites = 0;
        return override(history, {
          async setChunkJob(executionId, waveId, chunkIndex, jobId, token) {
            // Only the claim holder's write, right after DRS accepted the job (reconciliation
            // writes without a token).
            if (token !== undefined) {
              jobWrites += 1;
              if (jobWrites === deathAt) {
                fire('death-after-start-recovery');
                throw named('Sandbox.Timedout', 'Injected: died after StartRecovery');
              }
              if (jobWrites === dynamoErrorAt) {
                fire('dynamodb-error-after-start-recovery');
                throw named(
                  'ProvisionedThroughputExceededException',
                  'Injected: the request rate is too high',
                );
              }
            }
            return history.setChunkJob(executionId, waveId, chunkIndex, jobId, token);
          },
          ...(race
            ? {
                // Slow conditional writes, so a duplicated start interleaves with itself.
                async createWave(wave, chunks) {
                  await delay(rng.int(0, 3));
                  const result = await history.createWave(wave, chunks);
                  if (!result.created) scenario.racesLost += 1;
                  return result;
                },
                async claimChunk(executionId, waveId, chunkIndex, claim, staleBefore) {
                  await delay(rng.int(0, 3));
                  const claimed = await history.claimChunk(
                    executionId,
                    waveId,
                    chunkIndex,
                    claim,
                    staleBefore,
                  );
                  if (!claimed) scenario.racesLost += 1;
                  return claimed;
                },
              }
            : {}),
        });
      },
    },
  };
  return scenario;
}

/**
 * Counts the faults DRS injected by itself: a rate fault once per run that drew it (the
 * emulator does not say which requests it refused), a launch fault when the server was in a
 * job, an approval rejection when the execution failed on it.
 */
export function countDrsFaults(
  scenario: Scenario,
  jobs: readonly Job[],
  cause: string | undefined,
): void {
  const statusOf = new Map(
    jobs.flatMap((j) =>
      (j.participatingServers ?? []).map((p) => [p.sourceServerID ?? '', p.launchStatus] as const),
    ),
  );
  const faults = scenario.options.faults ?? {};
  const set = (kind: FaultKind, count: number) => {
    if (count > 0) scenario.fired.set(kind, count);
  };
  set('drs-throttling', faults.throttleRate ? 1 : 0);
  set('drs-internal-error', faults.internalErrorRate ? 1 : 0);
  const failing = Object.keys(faults.failLaunch ?? {}).filter(
    (id) => statusOf.get(id) === 'FAILED',
  );
  set('launch-failure-critical', failing.filter((id) => id !== OPTIONAL_SERVER).length);
  set('launch-failure-optional', failing.filter((id) => id === OPTIONAL_SERVER).length);
  set('stuck-job', (faults.stuckServers ?? []).filter((id) => statusOf.has(id)).length);
  set('approval-rejected', cause?.includes('Rejected in the simulation') ? 1 : 0);
}

import type { Job } from '@aws-sdk/client-drs';
import type { AccountRole } from '../accounts/AccountRole';
import { accountDrsOf, drsForTarget } from '../accounts/internal/drsForTarget';
import { buildPollingStateMachine } from '../asl/buildPollingStateMachine';
import type { PollingStateMachineOptions } from '../asl/PollingStateMachineOptions';
import { recordFailureDecision } from '../control/decideFailure';
import { createDrsAdapter } from '../drs/createDrsAdapter';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import {
  isDecisionRefusedError,
  isMissingPeerDependencyError,
  type MissingPeerDependencyError,
} from '../errors';
import { optionalField as opt } from '../internal/optionalField';
import {
  loadClientDrs,
  loadClientDynamoDb,
  loadDynalite,
  loadLibDynamoDb,
  loadLocalStepFunctions,
} from '../internal/optionalPeer';
import { PACKAGE_VERSION } from '../internal/packageVersion';
import { silentLogger } from '../logger';
import { planStages } from '../plan/planStages';
import type { ExecutionType, ProtectionGroup, RecoveryPlan, RecoveryPoint } from '../plan/types';
import { buildDrillReport } from '../report/buildDrillReport';
import type { DrillReport, SimulatedDrillReport } from '../report/DrillReport';
import { reportWave } from '../report/internal/reportRecords';
import { createActionRouter } from '../router/createActionRouter';
import { DynamoDbExecutionHistoryStore } from '../store/DynamoDbExecutionHistoryStore';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import { InMemoryExecutionHistoryStore } from '../store/InMemoryExecutionHistoryStore';
import { InMemoryPlanStore } from '../store/InMemoryPlanStore';
import { InMemoryProtectionGroupStore } from '../store/InMemoryProtectionGroupStore';
import type { PlanStore } from '../store/PlanStore';
import type { ProtectionGroupStore } from '../store/ProtectionGroupStore';
import { waveServers } from '../waves/internal/layout';
import { targetOf } from '../waves/internal/target';
import type { DrsEmulator } from './drsEmulator/DrsEmulator';
import type { DrsEmulatorOptions } from './drsEmulator/DrsEmulatorOptions';
import type { DrsFaults } from './drsEmulator/DrsFaults';
import { EmulatorFleet, OWN_ACCOUNT } from './internal/emulatorFleet';
import { startLocalDynamo } from './internal/localDynamo';
import { checkSimulateDrillOptions } from './internal/options';
import type { LocalExecutionResult } from './localRunner/LocalExecution';
import {
  type LambdaCall,
  type LambdaFault,
  type LocalLambdaHook,
  LocalStateMachine,
} from './localRunner/LocalStateMachine';
import {
  type LocalAutomation,
  type LocalRunbook,
  SsmAutomationStandIn,
} from './SsmAutomationStandIn';
import { StsStandIn } from './StsStandIn';

/**
 * A failed wave of a simulation waiting for a decision (`decide` of {@link SimulateDrillOptions}).
 *
 * @example
 * ```ts
 * import type { SimulatedDecisionRequest } from 'drs-waves/testing';
 *
 * const decide = (r: SimulatedDecisionRequest) => (r.attempt === 1 ? 'retry' : 'abort');
 * ```
 */
export interface SimulatedDecisionRequest {
  /** The failed wave. */
  readonly waveId: string;
  /** Its failed attempt, from 1. */
  readonly attempt: number;
  /**
   * The simulation's DRS: its clock, and its faults (`setFaults` reaches the emulator of every
   * account and Region the plan names).
   */
  readonly emulator: Pick<DrsEmulator, 'setFaults' | 'now'>;
}

/**
 * Where a simulated wave stands.
 *
 * @example
 * ```ts
 * import type { SimulatedWaveProgress } from 'drs-waves/testing';
 *
 * const line = (w: SimulatedWaveProgress) => `${w.waveId} ${w.status} ${w.launched}/${w.total}`;
 * ```
 */
export interface SimulatedWaveProgress {
  /** The wave. */
  readonly waveId: string;
  /**
   * `WAITING`, `AWAITING_APPROVAL`, `RUNNING`, `COMPLETED`, `FAILED`, `TIMED_OUT`,
   * `AWAITING_DECISION` (failed, waiting for an operator) or `SKIPPED`.
   */
  readonly status:
    | 'WAITING'
    | 'AWAITING_APPROVAL'
    | 'RUNNING'
    | 'COMPLETED'
    | 'FAILED'
    | 'TIMED_OUT'
    | 'AWAITING_DECISION'
    | 'SKIPPED';
  /** Servers launched so far. */
  readonly launched: number;
  /** Servers failed so far. */
  readonly failed: number;
  /** Servers in the wave (0 until it starts). */
  readonly total: number;
}

/**
 * A snapshot of a simulated drill, given to `onProgress` after every router call.
 *
 * @example
 * ```ts
 * import type { DrillProgress } from 'drs-waves/testing';
 *
 * const minutes = (p: DrillProgress) => Math.round(p.simulatedSeconds / 60);
 * ```
 */
export interface DrillProgress {
  /** Virtual time since the drill started. */
  readonly simulatedSeconds: number;
  /** Every wave, in plan order. */
  readonly waves: readonly SimulatedWaveProgress[];
}

/**
 * Options of {@link simulateDrill}.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan } from 'drs-waves';
 * import type { SimulateDrillOptions } from 'drs-waves/testing';
 *
 * const options: SimulateDrillOptions = {
 *   plan: parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ['s-00000000000000001'] }] }),
 *   seed: 7,
 *   faults: { failLaunch: { 's-00000000000000001': 'InsufficientInstanceCapacity' } },
 * };
 * ```
 */
export interface SimulateDrillOptions {
  /** The plan, from `parseRecoveryPlan`. */
  readonly plan: RecoveryPlan;
  /**
   * The protection groups the plan's waves name.
   *
   * @default []
   */
  readonly protectionGroups?: readonly ProtectionGroup[];
  /**
   * `DRILL`, or `RECOVERY` to rehearse the recovery path (still only the emulator is called).
   *
   * @default 'DRILL'
   */
  readonly executionType?: ExecutionType;
  /**
   * Seed of the emulator: the same seed, plan and faults give the same drill.
   *
   * @default 1
   */
  readonly seed?: number;
  /** Faults the DRS emulator injects. */
  readonly faults?: DrsFaults;
  /** Other emulator options (quotas, timings of post-launch actions...). */
  readonly emulator?: Omit<DrsEmulatorOptions, 'seed' | 'faults'>;
  /** State machine options; the Lambda ARN is not needed. */
  readonly machine?: Omit<PollingStateMachineOptions, 'lambdaArn'>;
  /**
   * Where the history lives: in memory, or in DynamoDB's wire protocol through dynalite.
   *
   * @default 'memory'
   */
  readonly storage?: 'memory' | 'dynalite';
  /** Faults of router invocations (see `LocalStateMachine`). */
  readonly lambdaFault?: (call: LambdaCall) => LambdaFault | undefined;
  /**
   * How approvals (`requireApproval` and `approval` actions) are answered: approved, rejected,
   * or left to time out.
   *
   * @default every wave is approved at once
   */
  readonly approve?: (waveId: string) => 'approve' | 'reject' | 'timeout';
  /**
   * How failure decisions (waves with `onWaveFailure: 'DECIDE'`) are answered: retry, skip,
   * abort, or left to time out. Called with the wave, its failed attempt and the emulator (an
   * operator who fixed the cause before retrying lifts its faults with `emulator.setFaults`).
   *
   * @default every failed wave is aborted
   */
  readonly decide?: (request: SimulatedDecisionRequest) => 'retry' | 'skip' | 'abort' | 'timeout';
  /**
   * With `machine.readinessCheck`: start the `RECOVERY` despite blocking readiness findings.
   *
   * @default false
   */
  readonly overrideReadiness?: boolean;
  /**
   * The execution's recovery point (its start input's `recoveryPoint`): each server launches
   * from its newest snapshot of the emulator's history at or before `before`, or from the
   * snapshot `snapshotIds` names for it. The emulator's clock starts at its `startTime`
   * (2026-01-01T00:00:00Z by default) and its servers have snapshots for the 7 days before.
   *
   * @default the latest data
   */
  readonly recoveryPoint?: RecoveryPoint;
  /** The functions of the plan's `lambda` actions, by ARN (see `LocalStateMachine`). */
  readonly lambdaHooks?: Readonly<Record<string, LocalLambdaHook>>;
  /** The runbooks of the plan's `ssmAutomation` actions, by document name. */
  readonly runbooks?: Readonly<Record<string, LocalRunbook>>;
  /**
   * Virtual seconds per real second; each poll then takes real time. As fast as possible
   * when absent or 0.
   */
  readonly speed?: number;
  /** Told after every router call. */
  readonly onProgress?: (progress: DrillProgress) => void;
  /**
   * The execution ID.
   *
   * @default `${plan.id}-sim-${seed}`
   */
  readonly executionId?: string;
  /**
   * Wraps the history store the router uses, to inject faults into its writes (a write that
   * fails after DRS was called, a slow conditional write...). Reports read the unwrapped store.
   */
  readonly wrapHistory?: (history: ExecutionHistoryStore) => ExecutionHistoryStore;
  /**
   * Wraps the DRS port the router uses, to inject faults between the router and DRS (an answer
   * lost after the request reached DRS...). With a plan naming other accounts or Regions, it
   * wraps each of their ports too, the orchestrator's own first.
   */
  readonly wrapDrs?: (drs: DrsPort) => DrsPort;
  /**
   * Wraps the router handler the local runner invokes, to abandon an invocation midway (a real
   * death: the rest of its work never runs) or act between attempts.
   */
  readonly wrapRouter?: (
    handler: (event: unknown) => Promise<unknown>,
  ) => (event: unknown) => Promise<unknown>;
  /**
   * Virtual seconds an invocation that times out (`Sandbox.Timedout`) takes, before its retry.
   *
   * @default 0
   */
  readonly lambdaTimeoutSeconds?: number;
  /**
   * The plan and protection group stores the router reads, for tests that edit them during
   * the drill.
   *
   * @default in-memory stores holding `plan` and `protectionGroups`
   */
  readonly stores?: {
    /** Where the router reads the plan (it must hold `plan`). */
    readonly plans?: PlanStore;
    /** Where the router reads protection groups. */
    readonly protectionGroups?: ProtectionGroupStore;
  };
}

/**
 * The outcome of a simulated drill.
 *
 * @example
 * ```ts
 * import type { SimulatedDrill } from 'drs-waves/testing';
 *
 * const passed = (d: SimulatedDrill) => d.report.status === 'SUCCEEDED';
 * ```
 */
export interface SimulatedDrill {
  /** The report: every wave and server, with times and counts. */
  readonly report: SimulatedDrillReport;
  /** What the local runner saw. */
  readonly result: LocalExecutionResult;
  /** Every DRS job the emulator ran, as `DescribeJobs` returned them at the end. */
  readonly jobs: readonly Job[];
  /** Every SSM Automation runbook the wave actions started, with its parameters and tags. */
  readonly automations: readonly LocalAutomation[];
}

const DRS_OPERATIONS = [
  'StartRecovery',
  'DescribeJobs',
  'DescribeJobLogItems',
  'DescribeSourceServers',
  'DescribeRecoveryInstances',
  'TerminateRecoveryInstances',
] as const;

/**
 * Runs a plan end to end on the local stack: the state machine from `buildPollingStateMachine`
 * on `aws-local-stepfunctions`, the real router, the DRS emulator on a virtual clock (a
 * two-server drill takes about nine virtual minutes and a fraction of a real second), and the
 * history in memory or in dynalite. Returns a {@link SimulatedDrillReport}; nothing leaves the machine.
 *
 * It needs optional peer dependencies of drs-waves (dev dependencies of your project):
 * `@aws-sdk/client-drs` and `aws-local-stepfunctions`, and for `storage: 'dynalite'` also
 * `dynalite`, `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb`. They are loaded when it is
 * called, before anything starts.
 *
 * @throws `InvalidOptionsError` (from `drs-waves`) listing every bad or unknown option, before
 * anything starts.
 * @throws `MissingPeerDependencyError` (from `drs-waves`) naming the first of those packages
 * that is not installed and the command that installs it, before anything starts.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan } from 'drs-waves';
 * import { simulateDrill } from 'drs-waves/testing';
 *
 * const plan = parseRecoveryPlan({
 *   id: 'shop',
 *   waves: [
 *     { id: 'db', servers: ['s-00000000000000001'] },
 *     { id: 'app', servers: ['s-00000000000000002'] },
 *   ],
 * });
 * const { report } = await simulateDrill({ plan, faults: { failLaunch: { 's-00000000000000002': 'boom' } } });
 * console.log(report.status, report.cause); // 'FAILED' 'Wave app failed: ...'
 * ```
 */
export async function simulateDrill(options: SimulateDrillOptions): Promise<SimulatedDrill> {
  checkSimulateDrillOptions(options);
  const storageKind = options.storage ?? 'memory';
  const [missing] = await missingSimulationPeers(storageKind);
  if (missing !== undefined) throw missing;
  const { DrsClient } = await loadClientDrs(SIMULATE, DEV);
  const { plan } = options;
  const seed = options.seed ?? 1;
  const executionType = options.executionType ?? 'DRILL';
  const executionId = options.executionId ?? `${plan.id}-sim-${seed}`;
  const wallStart = performance.now();
  // DRS per (account, Region) the plan names: an emulator each, on one virtual clock.
  const emulator = await EmulatorFleet.start(
    planTargets(plan, options.protectionGroups ?? []),
    { ...options.emulator, seed, ...(options.faults ? { faults: options.faults } : {}) },
    DrsClient,
  );
  const storage = await openStorage(storageKind);
  try {
    const drsClient = new DrsClient({ ...emulator.own.clientConfig(), maxAttempts: 5 });
    const drs = createDrsAdapter(drsClient);
    // Each account the plan names has a role, assumed through an STS that checks its ExternalId.
    const accounts = simulatedAccountRoles(emulator);
    const sts = new StsStandIn(
      Object.fromEntries(Object.values(accounts).map((r) => [r.roleArn, r.externalId])),
      () => emulator.now(),
    );
    // `wrapDrs` wraps DRS in every account and Region the router reaches, the own one first.
    const wrap = options.wrapDrs ?? ((port: DrsPort) => port);
    const elsewhere = emulator.isMultiTarget
      ? {
          accountRoles: accounts,
          sts,
          drsForAccount: (...a: Parameters<EmulatorFleet['drsForAccount']>) =>
            wrap(emulator.drsForAccount(...a)),
          drsFor: (target: DrsTarget) => wrap(emulator.drsFor(target)),
        }
      : {};
    const handler = createActionRouter({
      drs: options.wrapDrs ? options.wrapDrs(drs) : drs,
      history: options.wrapHistory ? options.wrapHistory(storage.history) : storage.history,
      protectionGroups:
        options.stores?.protectionGroups ??
        new InMemoryProtectionGroupStore(options.protectionGroups ?? []),
      plans: options.stores?.plans ?? new InMemoryPlanStore([plan]),
      ...elsewhere,
      clock: () => emulator.now(),
      ...(options.emulator?.quotas ? { quotas: options.emulator.quotas } : {}),
      // With completion: 'events', the router resumes waves through the local machine.
      taskCallbacks: {
        sendTaskSuccess: (token, output) => machine.sendTaskSuccess(token, output),
      },
    });
    const router = options.wrapRouter ? options.wrapRouter(handler) : handler;
    const machineOptions = {
      ...options.machine,
      lambdaArn: 'arn:aws:lambda:local:000000000000:function:drs-waves',
    };
    const pollMs = (options.machine?.pollIntervalSeconds ?? 30) * 1000;
    const startedAt = emulator.now();
    const progress = new Map<string, SimulatedWaveProgress>(
      plan.waves.map((w) => [
        w.id,
        { waveId: w.id, status: 'WAITING', launched: 0, failed: 0, total: 0 },
      ]),
    );
    const update = (waveId: string, patch: Partial<SimulatedWaveProgress>) => {
      const current = progress.get(waveId);
      if (current) progress.set(waveId, { ...current, ...patch });
    };
    let pendingApproval: ((token: string, waveId: string) => void) | undefined;
    let pendingDecision: ((token: string, waveId: string, attempt: number) => void) | undefined;
    const routerCalls: Record<string, number> = {};

    const events = options.machine?.completion === 'events';
    const ssmAutomation = new SsmAutomationStandIn({
      clock: () => emulator.now(),
      runbooks: options.runbooks ?? {},
    });
    const machine: LocalStateMachine = new LocalStateMachine({
      definition: buildPollingStateMachine(machineOptions),
      // DRS's launch results, delivered as the EventBridge rule would.
      ...(events
        ? {
            events: {
              nextInMs: () => {
                const at = emulator.nextLaunchEventAt();
                return at === undefined ? undefined : at.getTime() - emulator.now().getTime();
              },
              take: () => emulator.takeLaunchEvents(),
            },
          }
        : {}),
      ...(options.machine?.statePrefix ? { statePrefix: options.machine.statePrefix } : {}),
      advanceClock: (ms) => emulator.advance(ms),
      ...(options.lambdaFault ? { lambdaFault: options.lambdaFault } : {}),
      ...(options.lambdaHooks ? { lambdaHooks: options.lambdaHooks } : {}),
      ssmAutomation,
      ...(options.lambdaTimeoutSeconds === undefined
        ? {}
        : { lambdaTimeoutSeconds: options.lambdaTimeoutSeconds }),
      handler: async (raw) => {
        const event = raw as { action?: string; waveId?: string; taskToken?: string };
        const speed = options.speed ?? 0;
        if (event.action === 'check_wave_status' && speed > 0) {
          await new Promise((r) => setTimeout(r, pollMs / speed));
        }
        const action = event.action === undefined ? 'launch_result' : String(event.action);
        routerCalls[action] = (routerCalls[action] ?? 0) + 1;
        const answer = (await router(raw)) as Record<string, unknown>;
        const waveId = event.waveId ?? '';
        if (event.action === 'request_approval') {
          update(waveId, { status: 'AWAITING_APPROVAL' });
          pendingApproval?.(event.taskToken ?? '', waveId);
        } else if (event.action === 'start_wave') {
          update(waveId, {
            status:
              answer.status === 'COMPLETED'
                ? 'COMPLETED'
                : answer.status === 'FAILED'
                  ? 'FAILED'
                  : 'RUNNING',
            total: Number(answer.serverCount ?? 0),
          });
        } else if (event.action === 'check_wave_status') {
          const status = String(answer.status);
          update(waveId, {
            status:
              status === 'IN_PROGRESS' ? 'RUNNING' : (status as SimulatedWaveProgress['status']),
            launched: Number(answer.launched ?? 0),
            failed: Number(answer.failed ?? 0),
            total: Number(answer.total ?? 0),
          });
        } else if (event.action === 'request_decision') {
          update(waveId, { status: 'AWAITING_DECISION' });
          pendingDecision?.(event.taskToken ?? '', waveId, Number(answer.attempt));
        } else if (event.action === 'skip_wave') {
          update(waveId, { status: 'SKIPPED' });
        } else if (event.action === 'retry_wave') {
          update(waveId, { status: 'RUNNING' });
        } else if (event.action === 'record_wave_failure') {
          const current = progress.get(waveId);
          if (current?.status !== 'TIMED_OUT') update(waveId, { status: 'FAILED' });
        }
        options.onProgress?.({
          simulatedSeconds: (emulator.now().getTime() - startedAt.getTime()) / 1000,
          waves: [...progress.values()],
        });
        return answer;
      },
    });

    const input = {
      planId: plan.id,
      executionType,
      ...(executionType === 'RECOVERY'
        ? {
            confirmRecovery: plan.id,
            ...(options.overrideReadiness === true ? { overrideReadiness: true } : {}),
          }
        : {}),
      ...(options.recoveryPoint === undefined ? {} : { recoveryPoint: options.recoveryPoint }),
    };
    const execution = machine.start(input, { executionName: executionId });
    pendingApproval = (token, waveId) => {
      // Answer once the task waits for it; the router has stored the token by then.
      const decision = options.approve?.(waveId) ?? 'approve';
      void execution.approvalsRequested(1).then(() => {
        if (decision === 'approve')
          execution.sendTaskSuccess(token, { approvedBy: 'simulateDrill' });
        else if (decision === 'timeout') execution.sendTaskTimeout(token);
        else
          execution.sendTaskFailure(
            token,
            'ApprovalRejected',
            `Rejected in the simulation of wave ${waveId}`,
          );
      });
    };
    pendingDecision = (token, waveId, attempt) => {
      const choice = options.decide?.({ waveId, attempt, emulator }) ?? 'abort';
      void execution.approvalsRequested(1).then(async () => {
        if (choice === 'timeout') {
          execution.sendTaskTimeout(token);
          return;
        }
        // Recorded as the control plane records it, then answered; a refused decision (nothing
        // to relaunch, no attempt left, a cancelled execution) aborts, as the operator would next.
        const decide = (decision: 'RETRY' | 'SKIP' | 'ABORT') =>
          recordFailureDecision(storage.history, emulator.now(), {
            executionId,
            waveId,
            decision,
            decidedBy: 'simulateDrill',
          });
        const wanted = choice === 'retry' ? 'RETRY' : choice === 'skip' ? 'SKIP' : 'ABORT';
        const { output } = await decide(wanted).catch((error: unknown) => {
          if (
            isDecisionRefusedError(error) &&
            ['NOTHING_TO_RETRY', 'NO_ATTEMPTS_LEFT', 'EXECUTION_ENDED'].includes(error.reason)
          ) {
            return decide('ABORT');
          }
          throw error;
        });
        execution.sendTaskSuccess(token, output);
      });
    };
    const result = await execution.result;
    // The report reads DRS as an operator would after the drill: without the run's API faults.
    emulator.setFaults({ ...options.faults, throttleRate: 0, internalErrorRate: 0 });
    const report = await buildReport({
      drs,
      ...(emulator.isMultiTarget
        ? {
            drsFor: drsForTarget(
              { drs, drsFor: emulator.drsFor },
              accountDrsOf(elsewhere, () => emulator.now(), silentLogger),
              executionId,
            ),
          }
        : {}),
      routerCalls,
      dynamoRequests: storage.requests,
      dynamoCapacity: storage.capacity,
      options,
      executionId,
      executionType,
      result,
      history: storage.history,
      emulator,
      startedAt,
      wallSeconds: (performance.now() - wallStart) / 1000,
    });
    drsClient.destroy();
    return { report, result, jobs: emulator.jobs(), automations: ssmAutomation.automations() };
  } finally {
    await emulator.close();
    await storage.close();
  }
}

/**
 * The (account, Region) targets the plan's servers name, besides the orchestrator's own: inline
 * and through the protection groups given (`protectionGroups`; a store's are not read before the
 * run), as `startWave` resolves them. A wave whose servers conflict is left to `startWave`.
 */
function planTargets(plan: RecoveryPlan, groups: readonly ProtectionGroup[]): DrsTarget[] {
  const found = new Map(groups.map((g) => [g.id, g]));
  const targets: DrsTarget[] = [];
  for (const wave of plan.waves) {
    try {
      for (const s of waveServers(wave, found)) targets.push(targetOf(s));
    } catch {
      // startWave refuses the wave, naming the server.
    }
  }
  return targets;
}

/** The role of each account the simulation's emulators serve, as a deployment configures it. */
function simulatedAccountRoles(fleet: EmulatorFleet): Record<string, AccountRole> {
  const roles: Record<string, AccountRole> = {};
  for (const [{ accountId }] of fleet.entries()) {
    if (accountId === undefined || accountId === OWN_ACCOUNT) continue;
    roles[accountId] = {
      roleArn: `arn:aws:iam::${accountId}:role/drs-waves-target`,
      externalId: 'drs-waves-simulation',
    };
  }
  return roles;
}

const SIMULATE = 'simulateDrill';
const DEV = { dev: true };

/**
 * Loads every optional peer a simulation with `storage` needs, and returns a
 * `MissingPeerDependencyError` for each one that is not installed, in the order `simulateDrill`
 * needs them. Any other failure to load one is thrown.
 *
 * @internal
 */
export async function missingSimulationPeers(
  storage: 'memory' | 'dynalite',
): Promise<MissingPeerDependencyError[]> {
  const dynalite = `${SIMULATE} with storage "dynalite"`;
  const loads: Promise<unknown>[] = [
    loadClientDrs(SIMULATE, DEV),
    loadLocalStepFunctions(SIMULATE),
    ...(storage === 'dynalite'
      ? [loadDynalite(dynalite), loadClientDynamoDb(dynalite, DEV), loadLibDynamoDb(dynalite, DEV)]
      : []),
  ];
  const missing: MissingPeerDependencyError[] = [];
  for (const outcome of await Promise.allSettled(loads)) {
    if (outcome.status === 'fulfilled') continue;
    if (!isMissingPeerDependencyError(outcome.reason)) throw outcome.reason;
    missing.push(outcome.reason);
  }
  return missing;
}

interface Storage {
  readonly history: ExecutionHistoryStore;
  /** DynamoDB requests by operation, counted on the client (dynalite only). */
  readonly requests: Record<string, number> | undefined;
  /** Capacity units consumed (dynalite only). */
  readonly capacity: { read: number; write: number } | undefined;
  close(): Promise<void>;
}

async function openStorage(kind: 'memory' | 'dynalite'): Promise<Storage> {
  if (kind === 'memory') {
    return {
      history: new InMemoryExecutionHistoryStore(),
      requests: undefined,
      capacity: undefined,
      close: async () => {},
    };
  }
  const dynamo = await startLocalDynamo(`${SIMULATE} with storage "dynalite"`);
  await dynamo.createTable(DynamoDbExecutionHistoryStore.tableDefinition('drs-waves-history'));
  return {
    history: new DynamoDbExecutionHistoryStore({
      client: dynamo.doc,
      tableName: 'drs-waves-history',
    }),
    requests: dynamo.requests,
    capacity: dynamo.capacity,
    close: () => dynamo.close(),
  };
}

interface ReportInput {
  readonly drs: DrsPort;
  /** DRS in the other accounts and Regions, when the plan names any. */
  readonly drsFor?: (target: DrsTarget) => DrsPort;
  readonly routerCalls: Readonly<Record<string, number>>;
  readonly dynamoRequests: Readonly<Record<string, number>> | undefined;
  readonly dynamoCapacity: { read: number; write: number } | undefined;
  readonly options: SimulateDrillOptions;
  readonly executionId: string;
  readonly executionType: ExecutionType;
  readonly result: LocalExecutionResult;
  readonly history: ExecutionHistoryStore;
  readonly emulator: EmulatorFleet;
  readonly startedAt: Date;
  readonly wallSeconds: number;
}

async function buildReport(input: ReportInput): Promise<SimulatedDrillReport> {
  const { plan } = input.options;
  // Counted before the report's own DescribeRecoveryInstances calls.
  const drsCalls = Object.fromEntries(
    DRS_OPERATIONS.map((op) => [op, input.emulator.requestCount(op)]),
  );
  const endedAt = input.emulator.now().toISOString();
  // An execution refused at its first step (its plan, its budget) left nothing in the history.
  const recorded = await input.history.getExecution(input.executionId);
  const base =
    recorded === undefined
      ? unrecordedReport(plan, input.executionId, input.executionType, input.startedAt)
      : await buildDrillReport({
          history: input.history,
          executionId: input.executionId,
          drs: input.drs,
          ...opt('drsFor', input.drsFor),
          plan,
          clock: () => input.emulator.now(),
        });
  const waves = base.waves;
  // How long after a wave's last server finished the machine knew: the wave's end minus the
  // latest final event of its servers.
  let maxNoticeDelaySeconds: number | undefined;
  for (const wave of waves) {
    const ends = base.servers
      .filter((s) => s.waveId === wave.waveId && s.endedAt)
      .map((s) => Date.parse(s.endedAt ?? ''));
    if (wave.endedAt === undefined || ends.length === 0) continue;
    const delay = (Date.parse(wave.endedAt) - Math.max(...ends)) / 1000;
    maxNoticeDelaySeconds = Math.max(maxNoticeDelaySeconds ?? 0, Math.round(delay));
  }
  const faults = input.options.faults ?? {};
  const described = [
    ...Object.entries(faults.failLaunch ?? {}).map(
      ([id, error]) => `server ${id} fails to launch: ${error}`,
    ),
    ...(faults.stuckServers ?? []).map((id) => `server ${id} never finishes launching`),
    ...(faults.throttleRate
      ? [`${Math.round(faults.throttleRate * 100)}% of DRS calls throttled`]
      : []),
    ...(faults.internalErrorRate
      ? [
          `${Math.round(faults.internalErrorRate * 100)}% of DRS calls fail with InternalServerException`,
        ]
      : []),
    ...(faults.failPostLaunchActions ?? []).map((id) => `post-launch actions of ${id} fail`),
  ];
  // Waves that never started count the servers the plan and its groups name.
  const serverCount = new Set(
    plan.waves
      .flatMap((w) => w.servers.map((s) => s.sourceServerId))
      .concat(
        (input.options.protectionGroups ?? []).flatMap((g) =>
          g.servers.map((s) => s.sourceServerId),
        ),
      ),
  ).size;
  const { error, cause, ...rest } = base;
  const startedAt = input.startedAt.toISOString();
  return {
    ...rest,
    plan: { ...base.plan, serverCount },
    source: 'simulation',
    // What the machine answered, even where a faulty history write lost the record's end.
    status: input.result.status,
    ...opt('error', input.result.error),
    ...opt('cause', input.result.cause),
    startedAt,
    endedAt,
    reportedAt: endedAt,
    durationSeconds: Math.round((Date.parse(endedAt) - input.startedAt.getTime()) / 1000),
    simulation: {
      seed: input.options.seed ?? 1,
      faults: described,
      wallSeconds: Math.round(input.wallSeconds * 100) / 100,
    },
    stats: {
      stateTransitions: input.result.stats.stateTransitions,
      lambdaInvocations: input.result.stats.lambdaInvocations,
      largestHistoryEvents: input.result.stats.largestHistoryEvents,
      largestPayloadBytes: input.result.stats.largestPayloadBytes,
      drsCalls,
      routerCalls: { ...input.routerCalls },
      ...opt('dynamoRequests', input.dynamoRequests && { ...input.dynamoRequests }),
      ...opt(
        'dynamoCapacityUnits',
        input.dynamoCapacity && {
          read: input.dynamoCapacity.read,
          write: input.dynamoCapacity.write,
        },
      ),
      ...opt('maxNoticeDelaySeconds', maxNoticeDelaySeconds),
    },
  };
}

/** The report of an execution the history never recorded: every wave not started. */
function unrecordedReport(
  plan: RecoveryPlan,
  executionId: string,
  executionType: ExecutionType,
  startedAt: Date,
): DrillReport {
  const stages = planStages(plan).map((stage) => stage.map((w) => w.id));
  return {
    tool: { name: 'drs-waves', version: PACKAGE_VERSION },
    plan: { id: plan.id, waveCount: plan.waves.length, serverCount: 0 },
    source: 'simulation',
    executionId,
    executionType,
    status: 'FAILED',
    startedAt: startedAt.toISOString(),
    reportedAt: startedAt.toISOString(),
    durationSeconds: 0,
    stages,
    waves: stages.flatMap((ids, stage) =>
      ids.map((waveId) => {
        const wave = plan.waves.find((w) => w.id === waveId);
        return reportWave({
          waveId,
          name: wave?.name,
          stage,
          rtoMinutes: wave?.rtoMinutes,
          record: undefined,
          servers: [],
          startMs: startedAt.getTime(),
          startedAt: startedAt.toISOString(),
        });
      }),
    ),
    servers: [],
  };
}

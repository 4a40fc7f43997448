import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type ChunkRecord,
  DRS_JOB_TAGS,
  type DrsPort,
  type ExecutionHistoryStore,
  isDrsCallError,
  type WaveLayoutRecord,
  type WaveRecord,
} from '../../src/index';
import type { LocalLambdaHook, LocalRunbook, SimulateDrillOptions } from '../../src/testing/index';
import type { Prng } from './prng';
import {
  actionDocumentName,
  actionFunctionArn,
  type FaultKind,
  type PlannedDeath,
  type PlannedEdit,
  type Scenario,
} from './scenario';
import type { MutableGroupStore, MutablePlanStore } from './stores';

/** One router invocation, as the harness follows it through its I/O calls. */
interface Invocation {
  readonly id: number;
  readonly action: string;
  readonly waveId: string | undefined;
  /** The invocation's last I/O call so far. */
  last: { readonly op: string; readonly seq: number } | undefined;
  /** The time stamped on the last chunk claim it won. */
  claimedAt: string | undefined;
  /** Its first I/O call. */
  firstSeq: number | undefined;
  /** Ends the invocation with `Sandbox.Timedout`; its code never runs again. */
  readonly kill: () => void;
  dead: boolean;
}

/** A `StartRecovery` of this execution, as it left the router for DRS. */
export interface StartRecoveryEvent {
  /** Position among every I/O call of the run. */
  readonly seq: number;
  readonly invocation: number;
  readonly action: string;
  readonly waveId: string;
  readonly chunk: string;
  /** The invocation's I/O call just before, if any. */
  readonly previous: { readonly op: string; readonly seq: number } | undefined;
  /** The invocation's first I/O call. */
  readonly invocationStart: number;
}

/** What the harness saw during a run, for the invariants and the summary. */
export interface RunRecord {
  /** The unwrapped history store, once the run started. */
  history: ExecutionHistoryStore | undefined;
  /** Conditional writes that lost a race (wave intent, layout, chunk claim). */
  racesLost: number;
  /** Every `StartRecovery` of this execution the router sent, in order. */
  readonly startRecoveries: StartRecoveryEvent[];
  /** When the campaign recorded the execution CANCELLED: I/O position and virtual time. */
  cancel: { readonly seq: number; readonly at: string } | undefined;
  /** Jobs the campaign started for another tenant of the account. */
  readonly foreignJobIds: Set<string>;
  /** Foreign starts DRS refused (quota...), as `error` names. */
  readonly foreignRefused: string[];
  /** Every layout the router read or recorded, per wave, as JSON of its chunks. */
  readonly layoutsSeen: Map<string, Set<string>>;
  /** The first layout seen per wave. */
  readonly layouts: Map<string, WaveLayoutRecord>;
  /** Edits applied, with when. */
  readonly edits: string[];
  /** Deaths that fired: the kind, the action and the I/O call it died after. */
  readonly deaths: string[];
  /** Router invocations started (duplicates and retries included). */
  invocations: number;
  /** I/O calls (DRS and history) made by router invocations. */
  ioCalls: number;
  /** `StartRecovery` calls that reached DRS after the cancel but whose status read preceded it. */
  cancelWindowStarts: number;
  /** I/O calls a dead invocation tried (it had calls in parallel): never made. */
  callsAfterDeath: number;
  /** Chunk jobs recorded by reconciliation (found by their tags, not from StartRecovery's answer). */
  reconciled: number;
  /** Edits applied before, and after, the edited wave's layout was recorded. */
  editsBeforeLayout: number;
  editsAfterLayout: number;
  /**
   * StartRecovery calls DRS served more than the claim lease after the time stamped on their
   * chunk's claim (the virtual clock moved during the invocation): a takeover may run alongside.
   */
  readonly leaseOverruns: string[];
  /** When a DRS refusal of a chunk was recorded (its `notStarted`), by wave: I/O position. */
  readonly refusals: Map<string, number>;
  /** The latest virtual time seen in the router's writes. */
  virtualNow: string;
  /**
   * Each call of a wave action's Lambda function (its hook ran: it answered or threw), as
   * `wave/phase/index`; a function that outlasts its timeout is never called.
   */
  readonly actionCalls: string[];
  /** Each approval answered for a wave (requireApproval and approval actions). */
  readonly approvalsAnswered: string[];
}

/**
 * A call that never returns. A new promise each time: one shared promise would keep every dead
 * invocation (and its run) reachable through its reactions.
 */
const never = () => new Promise<never>(() => {});

const TRACE = process.env.CAMPAIGN_TRACE === '1';

/** The router's claim lease (the `claimLeaseSeconds` default). */
const CLAIM_LEASE_SECONDS = 120;

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether an `updateUnstartedChunk` patch releases a chunk that waits for quota. */
const isQuotaWait = (patch: { waitReason?: string } | undefined) =>
  patch?.waitReason !== undefined && /quota/i.test(patch.waitReason);

/**
 * Runs a scenario's I/O faults: every router invocation runs in its own AsyncLocalStorage
 * context, so a DRS or history call can end the invocation that made it (a real death: the
 * call reaches DRS or the store, then never returns, and the invocation fails with
 * `Sandbox.Timedout`), and cancels, edits and foreign jobs happen at chosen I/O calls.
 */
export class RunHarness {
  readonly record: RunRecord = {
    history: undefined,
    racesLost: 0,
    startRecoveries: [],
    cancel: undefined,
    foreignJobIds: new Set(),
    foreignRefused: [],
    layoutsSeen: new Map(),
    layouts: new Map(),
    edits: [],
    deaths: [],
    invocations: 0,
    ioCalls: 0,
    cancelWindowStarts: 0,
    callsAfterDeath: 0,
    reconciled: 0,
    editsBeforeLayout: 0,
    editsAfterLayout: 0,
    leaseOverruns: [],
    refusals: new Map(),
    virtualNow: '2026-01-01T00:00:00.000Z',
    actionCalls: [],
    approvalsAnswered: [],
  };

  readonly #scenario: Scenario;
  readonly #rng: Prng;
  readonly #plans: MutablePlanStore;
  readonly #groups: MutableGroupStore;
  readonly #als = new AsyncLocalStorage<Invocation>();
  #seq = 0;
  #drsCalls = 0;
  readonly #opCalls = new Map<string, number>();
  readonly #pendingDeaths: PlannedDeath[];
  #edit: PlannedEdit | undefined;
  #foreignIndex = 0;
  #cancelPending: boolean;
  #cancelling = false;
  #jobWrites = 0;
  #rawDrs: DrsPort | undefined;

  constructor(scenario: Scenario, rng: Prng, plans: MutablePlanStore, groups: MutableGroupStore) {
    this.#scenario = scenario;
    this.#rng = rng;
    this.#plans = plans;
    this.#groups = groups;
    this.#pendingDeaths = [...scenario.deaths];
    this.#edit = scenario.edit;
    this.#cancelPending = scenario.cancel !== undefined;
  }

  #fire(kind: FaultKind): void {
    const fired = this.#scenario.fired;
    fired.set(kind, (fired.get(kind) ?? 0) + 1);
  }

  #seeTime(iso: string | undefined): void {
    if (iso !== undefined && iso > this.record.virtualNow) this.record.virtualNow = iso;
  }

  /**
   * The Lambda hooks, runbooks and approval answers that make every planned wave action end as
   * planned: a hook answers within its timeout, throws, or outlasts it; a runbook succeeds,
   * fails, or never ends (stopped at its timeout); an approval is approved, rejected or left to
   * time out. Web's `requireApproval` keeps the scenario's answer.
   */
  actionOptions(): Pick<SimulateDrillOptions, 'lambdaHooks' | 'runbooks' | 'approve'> {
    const s = this.#scenario;
    const lambdaHooks: Record<string, LocalLambdaHook> = {};
    const runbooks: Record<string, LocalRunbook> = {};
    const approvals = new Map<string, 'approve' | 'reject' | 'timeout'>();
    for (const a of s.actions) {
      const { waveId, phase, index, outcome } = a;
      switch (a.action.type) {
        case 'lambda':
          lambdaHooks[actionFunctionArn(waveId, phase, index)] = {
            durationSeconds: a.durationSeconds ?? 1,
            handler: (event) => {
              this.record.actionCalls.push(`${event.waveId}/${event.phase}/${event.index}`);
              if (outcome === 'FAILED') {
                throw new Error(`Injected: action ${phase}[${index}] of ${waveId} failed`);
              }
              return { ok: true };
            },
          };
          break;
        case 'ssmAutomation':
          runbooks[actionDocumentName(waveId, phase, index)] =
            outcome === 'TIMED_OUT'
              ? { outcome: 'never' }
              : {
                  outcome: outcome === 'FAILED' ? 'Failed' : 'Success',
                  durationSeconds: a.durationSeconds ?? 60,
                };
          break;
        case 'approval':
          approvals.set(
            waveId,
            outcome === 'SUCCEEDED' ? 'approve' : outcome === 'FAILED' ? 'reject' : 'timeout',
          );
          break;
        case 'wait':
          break;
      }
    }
    const scenarioApprove = s.options.approve;
    return {
      ...(Object.keys(lambdaHooks).length > 0 ? { lambdaHooks } : {}),
      ...(Object.keys(runbooks).length > 0 ? { runbooks } : {}),
      ...(approvals.size === 0 && scenarioApprove === undefined
        ? {}
        : {
            approve: (waveId: string) => {
              this.record.approvalsAnswered.push(waveId);
              return approvals.get(waveId) ?? scenarioApprove?.(waveId) ?? 'approve';
            },
          }),
    };
  }

  /** The router handler, each invocation in its own context, dying when a planned death says. */
  wrapRouter = (
    handler: (event: unknown) => Promise<unknown>,
  ): ((event: unknown) => Promise<unknown>) => {
    return (event: unknown) => {
      const e = (event ?? {}) as { action?: unknown; waveId?: unknown };
      this.record.invocations += 1;
      let kill: () => void = () => {};
      const death = new Promise<never>((_, reject) => {
        kill = () =>
          reject(named('Sandbox.Timedout', 'Injected: the invocation died waiting for I/O'));
      });
      const invocation: Invocation = {
        id: this.record.invocations,
        action: String(e.action),
        waveId: typeof e.waveId === 'string' ? e.waveId : undefined,
        last: undefined,
        claimedAt: undefined,
        firstSeq: undefined,
        kill: () => {
          invocation.dead = true;
          kill();
        },
        dead: false,
      };
      return this.#als.run(invocation, () => Promise.race([handler(event), death]));
    };
  };

  /** The DRS port: counts and orders `StartRecovery`, starts foreign jobs, and dies. */
  wrapDrs = (drs: DrsPort): DrsPort => {
    // The orchestrator's own DRS comes first (foreign jobs start there); other accounts' after.
    this.#rawDrs ??= drs;
    return this.#intercept(drs, 'drs');
  };

  /** The history store: captures layouts, fails and slows writes, cancels, and dies. */
  wrapHistory = (history: ExecutionHistoryStore): ExecutionHistoryStore => {
    this.record.history = history;
    return this.#intercept(history, 'history');
  };

  #intercept<T extends object>(target: T, layer: 'drs' | 'history'): T {
    return new Proxy(target, {
      get: (t, property) => {
        const value: unknown = Reflect.get(t, property, t);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) =>
          this.#around(layer, property, args, () =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(t, args),
          );
      },
    });
  }

  async #around(
    layer: 'drs' | 'history',
    op: string,
    args: unknown[],
    call: () => Promise<unknown>,
  ): Promise<unknown> {
    const invocation = this.#als.getStore();
    if (invocation === undefined) return call();
    // A dead invocation makes no more calls (one it made in parallel before dying, if any).
    if (invocation.dead) {
      this.record.callsAfterDeath += 1;
      return never();
    }
    const seq = ++this.#seq;
    invocation.firstSeq ??= seq;
    const previous = invocation.last;
    invocation.last = { op, seq };
    this.record.ioCalls += 1;
    const io = this.record.ioCalls;
    if (layer === 'drs') this.#drsCalls += 1;

    await this.#before(layer, op, io, previous);
    if (layer === 'drs' && op === 'startRecovery') this.#noteStart(args, invocation, seq, previous);

    const special = await this.#special(op, args, invocation);
    if (special === 'died') return never();

    let result: unknown;
    let error: unknown;
    let failed = false;
    try {
      result = await call();
    } catch (e) {
      error = e;
      failed = true;
    }
    this.#after(op, args, result, error, seq);
    if (op === 'claimChunk' && result === true) {
      invocation.claimedAt = (args[3] as { at?: string } | undefined)?.at;
    }
    if (op === 'startRecovery' && invocation.claimedAt !== undefined) {
      const created = (result as { creationDateTime?: string } | undefined)?.creationDateTime;
      const gap = (Date.parse(created ?? '') - Date.parse(invocation.claimedAt)) / 1000;
      if (gap > CLAIM_LEASE_SECONDS) {
        const tags = (args[0] as { tags?: Record<string, string> }).tags ?? {};
        this.record.leaseOverruns.push(
          `${invocation.action} ${tags[DRS_JOB_TAGS.waveId]}/${tags[DRS_JOB_TAGS.chunk]} StartRecovery ${Math.round(gap)} s after its claim`,
        );
      }
    }
    if (TRACE) this.#trace(invocation, op, args, result, error);

    const n = (this.#opCalls.get(op) ?? 0) + 1;
    // A claim counts only when it was won: a death after it holds the chunk's claim.
    const counted = op !== 'claimChunk' || result === true;
    if (counted) this.#opCalls.set(op, n);
    // The status read just before a StartRecovery: the one after the claim.
    const statusRead =
      op === 'getExecution' && previous?.op === 'claimChunk' ? ++this.#statusReads : undefined;
    const death = this.#pendingDeaths.find((d) => {
      switch (d.point) {
        case 'any-io':
          return d.occurrence === io;
        case 'status-read':
          return d.occurrence === statusRead;
        case 'mid-create-wave':
          return false;
        default:
          return counted && OP_OF[d.point] === op && d.occurrence === n;
      }
    });
    if (death !== undefined) {
      this.#die(death, invocation, op);
      return never();
    }
    if (failed) throw error;
    return result;
  }

  #statusReads = 0;

  /** One line per I/O call, for `CAMPAIGN_TRACE=1` (debugging one seed). */
  #trace(invocation: Invocation, op: string, args: unknown[], result: unknown, error: unknown) {
    const brief = (v: unknown) => {
      const text = JSON.stringify(v, (key, value) =>
        ['participatingServers', 'launchStatuses', 'verdicts', 'servers'].includes(key)
          ? '…'
          : value,
      );
      return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
    };
    const jobs = Array.isArray(result)
      ? result.map((j: { jobID?: string; status?: string; tags?: Record<string, string> }) =>
          j.jobID
            ? `${j.jobID}:${j.status}:${j.tags?.[DRS_JOB_TAGS.waveId] ?? '-'}/${j.tags?.[DRS_JOB_TAGS.chunk] ?? '-'}`
            : '…',
        )
      : undefined;
    console.log(
      `${this.#seq} ${this.record.virtualNow.slice(11, 19)} #${invocation.id} ${invocation.action} ${invocation.waveId ?? ''} ${op} ${brief(args)} -> ${error === undefined ? brief(jobs ?? result) : `THROWS ${(error as Error).name}`}`,
    );
  }

  #die(death: PlannedDeath, invocation: Invocation, op: string): void {
    if (TRACE) console.log(`DIES: #${invocation.id} ${death.kind} after ${op}`);
    this.#pendingDeaths.splice(this.#pendingDeaths.indexOf(death), 1);
    this.#fire(death.kind);
    this.record.deaths.push(
      `${death.kind} (${invocation.action} ${invocation.waveId ?? ''} after ${op})`,
    );
    if (this.#edit?.at === 'death') this.#applyEdit();
    invocation.kill();
  }

  /** Cancels, edits and foreign jobs due at this I/O call, before it is made. */
  async #before(
    layer: 'drs' | 'history',
    op: string,
    io: number,
    previous: Invocation['last'],
  ): Promise<void> {
    const s = this.#scenario;
    if (this.#edit !== undefined && this.#edit.at !== 'death' && io >= this.#edit.at) {
      this.#applyEdit();
    }
    const foreign = s.foreign[this.#foreignIndex];
    if (layer === 'drs' && foreign !== undefined && this.#drsCalls >= foreign.atDrsCall) {
      this.#foreignIndex += 1;
      await this.#startForeign(foreign.servers);
    }
    const cancel = s.cancel;
    if (cancel !== undefined && this.#cancelPending && !this.#cancelling) {
      // Never inside StartRecovery: between the status read and the call, only a condition
      // checked by DRS itself could stop it.
      const at =
        cancel.point === 'any-io'
          ? op !== 'startRecovery'
          : cancel.point === 'status-read'
            ? op === 'getExecution' && previous?.op === 'claimChunk'
            : OP_OF[cancel.point] === op;
      if (at) this.#cancelCount += 1;
      const due =
        cancel.point === 'any-io'
          ? io >= cancel.occurrence
          : this.#cancelCount >= cancel.occurrence;
      if (at && due) await this.#cancel();
    }
    if (s.race && layer === 'history' && RACED.has(op)) await delay(this.#rng.int(0, 3));
  }

  #cancelCount = 0;

  async #cancel(): Promise<void> {
    const history = this.record.history;
    const executionId = this.#scenario.options.executionId ?? '';
    if (history === undefined) return;
    this.#cancelling = true;
    try {
      const execution = await history.getExecution(executionId);
      if (execution?.status !== 'RUNNING') return;
      await history.updateExecution(executionId, {
        status: 'CANCELLED',
        endedAt: this.record.virtualNow,
        error: 'ExecutionCancelled',
        cause: 'Cancelled by the fault campaign',
      });
      this.#cancelPending = false;
      this.record.cancel = { seq: ++this.#seq, at: this.record.virtualNow };
      if (TRACE) console.log(`${this.#seq} CANCELLED`);
      this.#fire('cancel');
    } finally {
      this.#cancelling = false;
    }
  }

  async #startForeign(servers: readonly string[]): Promise<void> {
    const drs = this.#rawDrs;
    if (drs === undefined) return;
    try {
      const job = await drs.startRecovery({
        sourceServerIds: servers,
        isDrill: true,
        tags: { team: 'another-team', purpose: 'foreign drill' },
      });
      if (job.jobID !== undefined) {
        this.record.foreignJobIds.add(job.jobID);
        this.#fire('foreign-job');
      }
    } catch (error) {
      this.record.foreignRefused.push(isDrsCallError(error) ? error.drsErrorName : String(error));
    }
  }

  #applyEdit(): void {
    const edit = this.#edit;
    if (edit === undefined) return;
    this.#edit = undefined;
    const { target, serverId } = edit;
    if (edit.kind === 'edit-group') {
      const group = this.#groups.group(target);
      if (group === undefined) return;
      const servers =
        edit.change === 'add'
          ? [...group.servers, { sourceServerId: serverId, impact: 'CRITICAL' as const }]
          : group.servers.filter((s) => s.sourceServerId !== serverId);
      this.#groups.setServers(target, servers);
    } else {
      const wave = this.#plans.plan.waves.find((w) => w.id === target);
      if (wave === undefined) return;
      const servers =
        edit.change === 'add'
          ? [...wave.servers, { sourceServerId: serverId, impact: 'CRITICAL' as const }]
          : wave.servers.filter((s) => s.sourceServerId !== serverId);
      this.#plans.setWaveServers(target, servers);
    }
    this.#fire(edit.kind);
    if (this.record.layouts.has(edit.wave)) this.record.editsAfterLayout += 1;
    else this.record.editsBeforeLayout += 1;
    this.record.edits.push(
      `${edit.change} ${serverId} ${edit.kind === 'edit-group' ? 'in group' : 'in wave'} ${target} at ${this.record.virtualNow} (layout of ${edit.wave} ${this.record.layouts.has(edit.wave) ? 'recorded' : 'not recorded'})`,
    );
  }

  #noteStart(
    args: unknown[],
    invocation: Invocation,
    seq: number,
    previous: Invocation['last'],
  ): void {
    const request = args[0] as { tags?: Record<string, string> } | undefined;
    const tags = request?.tags ?? {};
    if (tags[DRS_JOB_TAGS.executionId] !== this.#scenario.options.executionId) return;
    this.record.startRecoveries.push({
      seq,
      invocation: invocation.id,
      action: invocation.action,
      waveId: tags[DRS_JOB_TAGS.waveId] ?? '',
      chunk: tags[DRS_JOB_TAGS.chunk] ?? '',
      previous,
      invocationStart: invocation.firstSeq ?? seq,
    });
  }

  /**
   * Faults that replace the call itself: a DynamoDB refusal of the job write after
   * `StartRecovery`, and a death between the chunk writes and the wave write of `createWave`.
   */
  async #special(op: string, args: unknown[], invocation: Invocation): Promise<'died' | undefined> {
    const s = this.#scenario;
    if (op === 'setChunkJob' && args[4] !== undefined) {
      this.#jobWrites += 1;
      if (this.#jobWrites === s.dynamoErrorAt) {
        this.#fire('dynamodb-error-after-start-recovery');
        throw named(
          'ProvisionedThroughputExceededException',
          'Injected: the request rate is too high',
        );
      }
    }
    if (op === 'createWave') {
      this.#createWaves += 1;
      const death = this.#pendingDeaths.find(
        (d) => d.point === 'mid-create-wave' && d.occurrence === this.#createWaves,
      );
      const history = this.record.history;
      if (death !== undefined && history !== undefined) {
        const [wave, chunks] = args as [WaveRecord, readonly ChunkRecord[]];
        // The chunks are written first, each if absent, then the wave: write some chunks (all
        // of them, often) under the wave's key and the wave record under another execution,
        // which is the state a death between the chunk writes and the wave write leaves.
        const written = Math.min(
          chunks.length,
          Math.round((death.partial ?? 1) * (chunks.length + 0.49)),
        );
        await history.createWave(
          { ...wave, executionId: `${wave.executionId}-partial` },
          chunks.slice(0, written),
        );
        this.#die(death, invocation, `createWave (${written} of ${chunks.length} chunks written)`);
        return 'died';
      }
    }
    return undefined;
  }

  #createWaves = 0;

  /** What a call's answer says: layouts, lost races, quota waits, unlisted jobs. */
  #after(op: string, args: unknown[], result: unknown, error: unknown, seq: number): void {
    switch (op) {
      case 'recordLayout':
      case 'getLayout': {
        const layout =
          op === 'recordLayout'
            ? (result as { layout?: WaveLayoutRecord; created?: boolean } | undefined)?.layout
            : (result as WaveLayoutRecord | undefined);
        if (op === 'recordLayout' && (result as { created?: boolean })?.created === false) {
          this.record.racesLost += 1;
        }
        if (layout !== undefined) {
          const seen = this.record.layoutsSeen.get(layout.waveId) ?? new Set<string>();
          seen.add(JSON.stringify(layout.chunks));
          this.record.layoutsSeen.set(layout.waveId, seen);
          if (!this.record.layouts.has(layout.waveId)) {
            this.record.layouts.set(layout.waveId, layout);
          }
          this.#seeTime(layout.plannedAt);
        }
        break;
      }
      case 'createWave': {
        const [wave] = args as [WaveRecord];
        this.#seeTime(wave.startedAt);
        if ((result as { created?: boolean } | undefined)?.created === false) {
          this.record.racesLost += 1;
        }
        break;
      }
      case 'claimChunk': {
        this.#seeTime((args[3] as { at?: string } | undefined)?.at);
        if (result === false) this.record.racesLost += 1;
        break;
      }
      case 'setChunkJob': {
        if (args[4] === undefined && result === true) this.record.reconciled += 1;
        break;
      }
      case 'updateUnstartedChunk': {
        const patch = args[3] as { waitReason?: string; notStarted?: { error?: string } };
        if (isQuotaWait(patch)) this.#fire('quota-wait');
        const refusal = patch.notStarted?.error;
        if (refusal !== undefined && !OWN_REASONS.has(refusal) && result === true) {
          const waveId = String(args[1]);
          if (!this.record.refusals.has(waveId)) this.record.refusals.set(waveId, seq);
          this.#fire('drs-refusal');
        }
        break;
      }
      case 'updateWave': {
        this.#seeTime((args[2] as { checkedAt?: string } | undefined)?.checkedAt);
        break;
      }
      case 'describeJobs': {
        const filter = args[0] as { jobIds?: readonly string[] } | undefined;
        const jobs = result as readonly unknown[] | undefined;
        if (
          filter?.jobIds !== undefined &&
          jobs !== undefined &&
          jobs.length < filter.jobIds.length
        ) {
          this.#fire('job-listing-delay');
        }
        break;
      }
      default:
        break;
    }
    void error;
  }
}

/** The I/O call each death point dies after. */
const OP_OF: Readonly<Record<string, string>> = {
  'record-layout': 'recordLayout',
  'create-wave': 'createWave',
  'claim-chunk': 'claimChunk',
  'start-recovery': 'startRecovery',
  'set-chunk-job': 'setChunkJob',
  'update-unstarted-chunk': 'updateUnstartedChunk',
};

/** `notStarted` reasons of drs-waves itself, not DRS refusals. */
const OWN_REASONS: ReadonlySet<string> = new Set([
  'WaveTimeout',
  'ExecutionCancelled',
  'NotStarted',
]);

/** Conditional writes slowed down when a run races duplicated invocations. */
const RACED: ReadonlySet<string> = new Set(['recordLayout', 'createWave', 'claimChunk']);

import type { AslState } from '../../asl/types';

/**
 * How a local execution ended, and what it cost.
 *
 * @example
 * ```ts
 * import type { LocalExecutionResult } from 'drs-waves/testing';
 *
 * const ok = (r: LocalExecutionResult) => r.status === 'SUCCEEDED';
 * ```
 */
export interface LocalExecutionResult {
  /** `SUCCEEDED` or `FAILED`. */
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** The output, when it succeeded. */
  readonly output?: unknown;
  /** The error name, when it failed. */
  readonly error?: string;
  /** The cause, when it failed. */
  readonly cause?: string;
  /** What the run cost, counted from the interpreter's events. */
  readonly stats: LocalExecutionStats;
}

/**
 * Counts of one local run. History events are estimated per Step Functions execution (the
 * parent and each wave's child execution) from the states entered, as the service writes
 * them: a Task 5 events, a retry 3 more, any other state 2, each execution 2 of its own.
 *
 * @example
 * ```ts
 * import type { LocalExecutionStats } from 'drs-waves/testing';
 *
 * const fits = (s: LocalExecutionStats) => s.largestHistoryEvents < 25_000;
 * ```
 */
export interface LocalExecutionStats {
  /** States entered, in every execution: what Step Functions bills. */
  readonly stateTransitions: number;
  /** Router invocations, retries included. */
  readonly lambdaInvocations: number;
  /** Estimated history events of the parent execution. */
  readonly parentHistoryEvents: number;
  /** Estimated history events of each wave's child execution, by wave ID. */
  readonly waveHistoryEvents: Readonly<Record<string, number>>;
  /** The largest of all these. */
  readonly largestHistoryEvents: number;
  /** The largest state input, in bytes of JSON. */
  readonly largestPayloadBytes: number;
}

/**
 * A pending manual approval: the token to answer and the wave that waits.
 *
 * @example
 * ```ts
 * import type { PendingApproval } from 'drs-waves/testing';
 *
 * const describe = (p: PendingApproval) => `${p.waveId} waits (${p.taskToken})`;
 * ```
 */
export interface PendingApproval {
  /** The task token, as the router stored it. */
  readonly taskToken: string;
  /** The waiting wave. */
  readonly waveId: string;
}

interface Waiter {
  waveId: string;
  /** An approval, or a wave waiting for its launch results. */
  approval: boolean;
  answer: Promise<unknown>;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  settled: boolean;
  /** Whether the task has handed its token over and waits (the router stored it). */
  waiting: boolean;
}

interface RunHandle {
  readonly result: Promise<unknown>;
  readonly eventLogs: AsyncGenerator<Record<string, unknown>>;
}

const weight = (type: string) => (type === 'Task' ? 5 : type === 'Map' ? 4 : 2);

/**
 * One run of a {@link LocalStateMachine}: its result, and the callback API a wave waiting for
 * approval needs (the local `SendTaskSuccess` and `SendTaskFailure`).
 *
 * @example
 * ```ts
 * import type { LocalExecution } from 'drs-waves/testing';
 *
 * declare const execution: LocalExecution;
 * const [pending] = await execution.approvalsRequested(1);
 * if (pending) execution.sendTaskSuccess(pending.taskToken);
 * const result = await execution.result;
 * ```
 */
export class LocalExecution {
  /** The execution name, which the router records as the execution ID. */
  readonly executionName: string;
  /**
   * Settles when the execution ends. Rejects only when the execution could not start: with a
   * `MissingPeerDependencyError` when `aws-local-stepfunctions` is not installed, or the
   * interpreter's error when it refuses the definition.
   */
  readonly result: Promise<LocalExecutionResult>;
  /** SNS notices published so far. */
  notifications = 0;
  #resolveResult!: (result: LocalExecutionResult) => void;
  #rejectResult!: (error: unknown) => void;
  /** Why the execution could not start, once that is known. */
  #notStarted: { readonly error: unknown } | undefined;
  readonly #waiters = new Map<string, Waiter>();
  readonly #approvalListeners: (() => void)[] = [];
  #tokens = 0;
  #invocations = 0;

  /** @internal */
  constructor(executionName: string) {
    this.executionName = executionName;
    this.result = new Promise((resolve, reject) => {
      this.#resolveResult = resolve;
      this.#rejectResult = reject;
    });
    // A caller that only waits for approvals learns of a failed start from them: a result
    // nobody awaits must not end the process as an unhandled rejection.
    this.result.catch(() => undefined);
  }

  /**
   * Approvals requested and not yet answered.
   *
   * @example
   * ```ts
   * import type { LocalExecution } from 'drs-waves/testing';
   *
   * declare const execution: LocalExecution;
   * console.log(execution.pendingApprovals().map((p) => p.waveId));
   * ```
   */
  pendingApprovals(): PendingApproval[] {
    return [...this.#waiters.entries()]
      .filter(([, w]) => w.approval && w.waiting && !w.settled)
      .map(([taskToken, w]) => ({ taskToken, waveId: w.waveId }));
  }

  /**
   * Resolves once at least `count` approvals are pending; returns them. Rejects as `result`
   * does when the execution could not start.
   *
   * @example
   * ```ts
   * import type { LocalExecution } from 'drs-waves/testing';
   *
   * declare const execution: LocalExecution;
   * const [web] = await execution.approvalsRequested(1);
   * ```
   */
  approvalsRequested(count: number): Promise<PendingApproval[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#notStarted !== undefined) {
          reject(this.#notStarted.error);
          return true;
        }
        const pending = this.pendingApprovals();
        if (pending.length < count) return false;
        resolve(pending);
        return true;
      };
      if (!check()) this.#approvalListeners.push(() => void check());
    });
  }

  /**
   * Answers a waiting task with success (the local `SendTaskSuccess`): an approval.
   *
   * @throws `Error` for a token that is unknown or answered already.
   *
   * @example
   * ```ts
   * import type { LocalExecution } from 'drs-waves/testing';
   *
   * declare const execution: LocalExecution;
   * for (const p of execution.pendingApprovals()) execution.sendTaskSuccess(p.taskToken, { approvedBy: 'ops' });
   * ```
   */
  sendTaskSuccess(taskToken: string, output: unknown = {}): void {
    this.#take(taskToken).resolve(output);
  }

  /**
   * Answers a waiting task with failure (the local `SendTaskFailure`): a rejection.
   *
   * @throws `Error` for a token that is unknown or answered already.
   *
   * @example
   * ```ts
   * import type { LocalExecution } from 'drs-waves/testing';
   *
   * declare const execution: LocalExecution;
   * const [p] = execution.pendingApprovals();
   * if (p) execution.sendTaskFailure(p.taskToken, 'ApprovalRejected', 'Change freeze until Monday');
   * ```
   */
  sendTaskFailure(taskToken: string, error: string, cause = ''): void {
    const failure = new Error(cause);
    failure.name = error;
    this.#take(taskToken).reject(failure);
  }

  /**
   * Lets a waiting task reach its timeout (`States.Timeout`), as Step Functions does when no
   * answer comes: an approval left alone.
   *
   * @throws `Error` for a token that is unknown or answered already.
   *
   * @example
   * ```ts
   * import type { LocalExecution } from 'drs-waves/testing';
   *
   * declare const execution: LocalExecution;
   * const [p] = execution.pendingApprovals();
   * if (p) execution.sendTaskTimeout(p.taskToken);
   * ```
   */
  sendTaskTimeout(taskToken: string): void {
    const timeout = new Error('No answer within the task timeout');
    timeout.name = 'States.Timeout';
    this.#take(taskToken).reject(timeout);
  }

  #take(taskToken: string): Waiter {
    const waiter = this.#waiters.get(taskToken);
    if (!waiter || waiter.settled)
      throw new Error(`No task waits for token ${JSON.stringify(taskToken)}`);
    waiter.settled = true;
    return waiter;
  }

  /**
   * Answers a waiting task with success if one waits for `taskToken`; returns whether it did.
   *
   * @internal
   */
  answer(taskToken: string, output: unknown): boolean {
    const waiter = this.#waiters.get(taskToken);
    if (!waiter || waiter.settled) return false;
    waiter.settled = true;
    waiter.resolve(output);
    return true;
  }

  /**
   * Ends a wait at its timeout: a later answer finds no task waiting.
   *
   * @internal
   */
  expire(taskToken: string): void {
    const waiter = this.#waiters.get(taskToken);
    if (waiter) waiter.settled = true;
  }

  /** @internal */
  newTaskToken(waveId: string, approval = true): string {
    this.#tokens += 1;
    const token = `local-task-token-${this.executionName}-${this.#tokens}`;
    const waiter = { waveId, approval, settled: false, waiting: false } as Waiter;
    waiter.answer = new Promise<unknown>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    // An answer may come before the task waits for it: keep it until then.
    waiter.answer.catch(() => undefined);
    this.#waiters.set(token, waiter);
    return token;
  }

  /** @internal */
  waitForToken(taskToken: string): Promise<unknown> {
    const waiter = this.#waiters.get(taskToken);
    if (!waiter) throw new Error(`Unknown task token ${taskToken}`);
    waiter.waiting = true;
    for (const listener of this.#approvalListeners.splice(0)) listener();
    return waiter.answer;
  }

  /** @internal */
  recordInvocation(): void {
    this.#invocations += 1;
  }

  /** @internal */
  attach(started: Promise<RunHandle>, states: ReadonlyMap<string, AslState>): void {
    started.then(
      (run) => this.#follow(run, states),
      (error: unknown) => {
        this.#notStarted = { error };
        this.#rejectResult(error);
        for (const listener of this.#approvalListeners.splice(0)) listener();
      },
    );
  }

  #follow(run: RunHandle, states: ReadonlyMap<string, AslState>): void {
    const stats = { transitions: 0, parent: 2, waves: {} as Record<string, number>, payload: 0 };
    const consume = (async () => {
      for await (const event of run.eventLogs) {
        const state = event.state as { name?: string; type?: string; input?: unknown } | undefined;
        if (event.type !== 'StateEntered' && event.type !== 'StateRetried') continue;
        const inChild = event.index !== undefined;
        const input = state?.input as { wave?: { waveId?: string } } | undefined;
        const key = input?.wave?.waveId ?? `#${String(event.index)}`;
        const type = state?.type ?? states.get(state?.name ?? '')?.Type ?? 'Pass';
        const added = event.type === 'StateRetried' ? 3 : weight(type);
        if (event.type === 'StateEntered') {
          stats.transitions += 1;
          stats.payload = Math.max(
            stats.payload,
            Buffer.byteLength(JSON.stringify(state?.input ?? null)),
          );
        }
        if (inChild) stats.waves[key] = (stats.waves[key] ?? 2) + added;
        else stats.parent += added;
      }
    })();
    run.result.then(
      async (output) => {
        await consume.catch(() => undefined);
        this.#resolveResult({ status: 'SUCCEEDED', output, stats: this.#stats(stats) });
      },
      async (error: unknown) => {
        await consume.catch(() => undefined);
        // The interpreter wraps what failed the execution (a Fail state's Error and Cause, or
        // an uncaught error) in an ExecutionError: report the inner one, as Step Functions does.
        const outer = error as { name?: string; message?: string; cause?: unknown };
        const inner = (
          outer?.name === 'ExecutionError' && typeof outer.cause === 'object' && outer.cause
            ? outer.cause
            : outer
        ) as { name?: string; message?: string };
        this.#resolveResult({
          status: 'FAILED',
          error: String(inner?.name ?? 'Error'),
          cause: String(inner?.message ?? ''),
          stats: this.#stats(stats),
        });
      },
    );
  }

  #stats(s: {
    transitions: number;
    parent: number;
    waves: Record<string, number>;
    payload: number;
  }): LocalExecutionStats {
    return {
      stateTransitions: s.transitions,
      lambdaInvocations: this.#invocations,
      parentHistoryEvents: s.parent,
      waveHistoryEvents: { ...s.waves },
      largestHistoryEvents: Math.max(s.parent, ...Object.values(s.waves)),
      largestPayloadBytes: s.payload,
    };
  }
}

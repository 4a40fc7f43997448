import type { StateMachine } from 'aws-local-stepfunctions';
import { STATE_NAMES } from '../../asl/stateNames';
import type { AslRetrier, AslState, StateMachineDefinition } from '../../asl/types';
import { loadLocalStepFunctions } from '../../internal/optionalPeer';
import type { LambdaActionInput } from '../../router/actions';
import { checkLocalStateMachineOptions } from '../internal/options';
import type { SsmAutomationStandIn } from '../SsmAutomationStandIn';
import { LocalExecution } from './LocalExecution';

/**
 * What a local Lambda fault does to one router invocation:
 * - `fail-before`: the invocation fails with `Lambda.ServiceException`; the router never runs;
 * - `fail-after`: the router runs (its side effects happen), then the invocation fails with
 *   `Sandbox.Timedout`, as a Lambda that runs out of time after its work;
 * - `duplicate`: the router runs twice at once, as a duplicated delivery; one answer is kept.
 *
 * @example
 * ```ts
 * import type { LambdaFault } from 'drs-waves/testing';
 *
 * const fault: LambdaFault = 'fail-after';
 * ```
 */
export type LambdaFault = 'fail-before' | 'fail-after' | 'duplicate';

/**
 * One router invocation, as a fault injector sees it.
 *
 * @example
 * ```ts
 * import type { LambdaCall } from 'drs-waves/testing';
 *
 * const isStart = (call: LambdaCall) => call.action === 'start_wave';
 * ```
 */
export interface LambdaCall {
  /** The Task state that invokes the router (prefix removed). */
  readonly stateName: string;
  /** The router action. */
  readonly action: string;
  /** 1 for the first invocation of the run, counting retries. */
  readonly invocation: number;
}

/**
 * An SNS notice published by the machine, as the local runner caught it.
 *
 * @example
 * ```ts
 * import type { LocalNotification } from 'drs-waves/testing';
 *
 * const log = (n: LocalNotification) => console.log(n.subject, n.message);
 * ```
 */
export interface LocalNotification {
  /** The SNS subject. */
  readonly subject: string;
  /** The message. */
  readonly message: string;
}

/**
 * A local stand-in for the Lambda function of a `lambda` wave action.
 *
 * @example
 * ```ts
 * import type { LocalLambdaHook } from 'drs-waves/testing';
 *
 * const drain: LocalLambdaHook = { durationSeconds: 20, handler: (event) => ({ drained: event.waveId }) };
 * const broken: LocalLambdaHook = { handler: () => { throw new Error('LB not found'); } };
 * ```
 */
export interface LocalLambdaHook {
  /**
   * Virtual seconds the function takes.
   * @default 1
   */
  readonly durationSeconds?: number;
  /** What it does with its input; a throw is the function's error. */
  readonly handler?: (event: LambdaActionInput) => unknown;
}

/**
 * Options of {@link LocalStateMachine}.
 *
 * @example
 * ```ts
 * import { buildPollingStateMachine } from 'drs-waves';
 * import type { LocalStateMachineOptions } from 'drs-waves/testing';
 *
 * const options: LocalStateMachineOptions = {
 *   definition: buildPollingStateMachine({ lambdaArn: 'local' }),
 *   handler: async (event) => ({ echo: event }),
 * };
 * ```
 */
export interface LocalStateMachineOptions {
  /** The definition, from `buildPollingStateMachine`. */
  readonly definition: StateMachineDefinition;
  /** The router: what `createActionRouter` returns. */
  readonly handler: (event: unknown) => Promise<unknown>;
  /**
   * The `statePrefix` the definition was built with.
   *
   * @default ''
   */
  readonly statePrefix?: string;
  /**
   * Moves a virtual clock (such as `DrsEmulator.advance`) by each poll's `Wait`, which the
   * runner itself makes instant. Waves polling in parallel share the clock: each keeps its own
   * cursor, and the clock moves to the furthest one.
   */
  readonly advanceClock?: (ms: number) => void;
  /** Told of every SNS notice. */
  readonly onNotification?: (notice: LocalNotification) => void;
  /** Decides a fault for each router invocation; none when absent. */
  readonly lambdaFault?: (call: LambdaCall) => LambdaFault | undefined;
  /**
   * Virtual seconds an invocation that fails with `Sandbox.Timedout` took: Lambda stops it at
   * its timeout, and that time passes before Step Functions sees the error and retries.
   *
   * @default 0
   */
  readonly lambdaTimeoutSeconds?: number;
  /**
   * The functions of `lambda` wave actions, by function ARN: each takes its virtual
   * `durationSeconds` (past the action's timeout, the action times out) and runs its
   * `handler`, whose throw is the function's error. An ARN not listed fails as Lambda does
   * (`Lambda.ResourceNotFoundException`).
   */
  readonly lambdaHooks?: Readonly<Record<string, LocalLambdaHook>>;
  /** SSM Automation, for `ssmAutomation` wave actions; without it their runbooks fail to start. */
  readonly ssmAutomation?: SsmAutomationStandIn;
  /**
   * Where DRS's EventBridge events come from (such as the emulator's launch results), for a
   * definition built with `completion: 'events'`: while a wave waits for launches, the runner
   * moves the clock to the next event (`nextInMs`, from the clock's now), hands every due event
   * (`take`) to `handler`, as an EventBridge rule would, and fails the wait with
   * `States.Timeout` at its `TimeoutSeconds`: the safety net. Without it, only the safety net
   * ends a wait.
   */
  readonly events?: {
    /** Milliseconds from the clock's now to the next event, `undefined` when none is due. */
    readonly nextInMs: () => number | undefined;
    /** The events due now, each handed out once. */
    readonly take: () => readonly unknown[];
  };
}

/**
 * Runs a definition from `buildPollingStateMachine` on the local Step Functions interpreter
 * (`aws-local-stepfunctions`), with every Task bound in-process: router calls to your handler,
 * SNS publishes to `onNotification`, approvals to {@link LocalExecution.sendTaskSuccess} and
 * {@link LocalExecution.sendTaskFailure}. Waits are instant and move `advanceClock` instead;
 * retries wait no real time either, but move the clock by their backoff (the retrier's interval
 * times its backoff rate per attempt, halved for full jitter: its mean), and an invocation
 * that timed out by `lambdaTimeoutSeconds`: claim leases expire and takeovers run as they would.
 *
 * The constructor throws `InvalidOptionsError` (from `drs-waves`) listing every bad or unknown
 * option.
 *
 * `aws-local-stepfunctions` is an optional peer dependency of drs-waves (a dev dependency of
 * your project): the first {@link LocalStateMachine.start} loads it and builds the interpreter.
 * When it is not installed, the execution's `result` rejects with a `MissingPeerDependencyError`
 * (`npm install --save-dev aws-local-stepfunctions`).
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   buildPollingStateMachine, createActionRouter, createDrsAdapter, InMemoryExecutionHistoryStore,
 *   InMemoryPlanStore, InMemoryProtectionGroupStore, parseRecoveryPlan,
 * } from 'drs-waves';
 * import { DrsEmulator, LocalStateMachine } from 'drs-waves/testing';
 *
 * const emulator = await DrsEmulator.start();
 * const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ['s-00000000000000001'] }] });
 * const machine = new LocalStateMachine({
 *   definition: buildPollingStateMachine({ lambdaArn: 'local' }),
 *   handler: createActionRouter({
 *     drs: createDrsAdapter(new DrsClient(emulator.clientConfig())),
 *     history: new InMemoryExecutionHistoryStore(),
 *     protectionGroups: new InMemoryProtectionGroupStore(),
 *     plans: new InMemoryPlanStore([plan]),
 *     clock: () => emulator.now(),
 *   }),
 *   advanceClock: (ms) => emulator.advance(ms),
 * });
 * const result = await machine.start({ planId: 'shop', executionType: 'DRILL' }).result;
 * console.log(result.status); // 'SUCCEEDED'
 * await emulator.close();
 * ```
 */
export class LocalStateMachine {
  readonly #options: LocalStateMachineOptions;
  readonly #executions: LocalExecution[] = [];
  /** The definition as it was given, for the interpreter built on the first start. */
  readonly #definition: StateMachineDefinition;
  #machine: Promise<StateMachine> | undefined;
  readonly #prefix: string;
  #runs = 0;

  constructor(options: LocalStateMachineOptions) {
    checkLocalStateMachineOptions(options);
    this.#options = options;
    this.#prefix = options.statePrefix ?? '';
    this.#definition = withVirtualTimeouts(structuredClone(options.definition));
  }

  /** The interpreter: `aws-local-stepfunctions` is loaded, and the machine built, once. */
  #interpreter(): Promise<StateMachine> {
    this.#machine ??= loadLocalStepFunctions('LocalStateMachine').then(
      ({ StateMachine }) =>
        new StateMachine(this.#definition as never, {
          validationOptions: { checkPaths: false, checkArn: false },
        }),
    );
    return this.#machine;
  }

  /**
   * The local `SendTaskSuccess` of every execution this machine started: what the router's
   * `taskCallbacks` call to resume a wave waiting for launches. Resolves `false` for a token no
   * task waits for (unknown, answered, or timed out), as Step Functions' `TaskTimedOut` does.
   *
   * @example
   * ```ts
   * import type { LocalStateMachine } from 'drs-waves/testing';
   *
   * declare const machine: LocalStateMachine;
   * const taskCallbacks = { sendTaskSuccess: (token: string, output: string) => machine.sendTaskSuccess(token, output) };
   * ```
   */
  async sendTaskSuccess(taskToken: string, output: string): Promise<boolean> {
    for (const execution of this.#executions) {
      if (execution.answer(taskToken, JSON.parse(output))) return true;
    }
    return false;
  }

  /**
   * Starts an execution. Its name is the execution ID the router records. The first start loads
   * `aws-local-stepfunctions`; when it is missing, or the interpreter refuses the definition,
   * the execution's `result` rejects with that error (and `approvalsRequested` with it too).
   *
   * @example
   * ```ts
   * import type { LocalStateMachine } from 'drs-waves/testing';
   *
   * declare const machine: LocalStateMachine;
   * const execution = machine.start({ planId: 'shop', executionType: 'DRILL' }, { executionName: 'shop-drill-1' });
   * const { status, error, cause } = await execution.result;
   * ```
   */
  start(input: unknown, options: { readonly executionName?: string } = {}): LocalExecution {
    this.#runs += 1;
    const executionName = options.executionName ?? `local-${this.#runs}`;
    const execution = new LocalExecution(executionName);
    this.#executions.push(execution);
    const states = collectStates(this.#options.definition.States);
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const waits: Record<string, number> = {};
    const retries: Record<string, number> = {};
    /** The milliseconds a fixed Wait state of the definition waits (0 when it has none). */
    const waitMsOf = (name: string) => {
      const wait = states.get(this.#prefix + name);
      return wait?.Type === 'Wait' ? (wait.Seconds ?? 0) * 1000 : 0;
    };
    const pollMs = waitMsOf(STATE_NAMES.waitForPoll);
    // Virtual time: each wave keeps its own cursor, so waves polling in parallel share the
    // clock instead of each pushing it forward; the clock only moves to the furthest cursor.
    let elapsedMs = 0;
    const cursors = new Map<string, number>();
    // A wave start takes no virtual time, and no retry comes before it ends: the clock, and a
    // retried start of the same wave, wait for every start in flight (a duplicated
    // invocation's other copy included). Otherwise another wave's polls would move the clock
    // past a start's claim lease while its StartRecovery call is still running.
    const starting = new Map<Promise<unknown>, string>();
    const track = (call: Promise<unknown>, waveId: string): Promise<unknown> => {
      starting.set(call, waveId);
      const done = () => starting.delete(call);
      void call.then(done, done);
      return call;
    };
    const startsEnded = async (waveId?: string) => {
      const inFlight = () =>
        [...starting].filter(([, w]) => waveId === undefined || w === waveId).map(([c]) => c);
      for (let calls = inFlight(); calls.length > 0; calls = inFlight()) {
        await Promise.allSettled(calls);
      }
    };
    // A wave resumed by its launch results (or by its safety net) checks at once, as on Step
    // Functions: the clock waits for that check before another wave's wait moves it on.
    const resuming = new Map<string, { done: Promise<void>; end: () => void }>();
    // The waits for launches take turns at the clock.
    let clockTurns: Promise<unknown> = Promise.resolve();
    const resumedChecksEnded = async (waveId: string) => {
      for (let others = [...resuming].filter(([w]) => w !== waveId); others.length > 0; ) {
        await Promise.all(others.map(([, r]) => r.done));
        others = [...resuming].filter(([w]) => w !== waveId);
      }
    };
    const advanceWave = async (waveId: string, ms: number) => {
      await startsEnded();
      const target = (cursors.get(waveId) ?? elapsedMs) + ms;
      cursors.set(waveId, target);
      if (target > elapsedMs) {
        this.#options.advanceClock?.(target - elapsedMs);
        elapsedMs = target;
      }
    };
    // Failed attempts of each Task, per wave: the next call of that Task is their retry.
    const failures = new Map<string, { attempts: number; error: string }>();
    const lambdaTimeoutMs = (this.#options.lambdaTimeoutSeconds ?? 0) * 1000;
    let invocations = 0;

    // The last action each wave's `next_action` answered: a wait's seconds and an approval's
    // timeout pass on the virtual clock.
    const lastAction = new Map<
      string,
      { type?: string; seconds?: number; timeoutSeconds?: number }
    >();
    // Which wave each runbook belongs to, from its tags.
    const automationWaves = new Map<string, string>();
    const automationPollMs = waitMsOf(STATE_NAMES.waitForAutomation);

    for (const [name, state] of states) {
      if (state.Type === 'Wait') waits[name] = 0;
      if (state.Type !== 'Task' && state.Type !== 'Map') continue;
      retries[name] = 0;
      if (state.Type !== 'Task') continue;
      const bare = name.slice(this.#prefix.length);
      if (bare === STATE_NAMES.invokeLambdaAction) {
        handlers[name] = async (raw) => {
          const { FunctionName, Payload } = raw as {
            FunctionName?: string;
            Payload?: LambdaActionInput;
          };
          const event = Payload ?? ({} as LambdaActionInput);
          const waveId = String(event.waveId ?? '');
          const hook = this.#options.lambdaHooks?.[String(FunctionName)];
          if (hook === undefined) {
            throw named('Lambda.ResourceNotFoundException', `Function not found: ${FunctionName}`);
          }
          const timeout = Number(event.timeoutSeconds ?? Number.POSITIVE_INFINITY);
          const duration = hook.durationSeconds ?? 1;
          if (duration > timeout) {
            await advanceWave(waveId, timeout * 1000);
            throw named('States.Timeout', 'The function did not answer within its timeout');
          }
          await advanceWave(waveId, duration * 1000);
          return { Payload: (await hook.handler?.(event)) ?? null, StatusCode: 200 };
        };
        continue;
      }
      if (state.Resource.startsWith(SSM_PREFIX)) {
        const operation = state.Resource.slice(SSM_PREFIX.length);
        handlers[name] = async (raw) => {
          const ssm = this.#options.ssmAutomation;
          if (ssm === undefined) {
            throw named(
              'Ssm.AccessDeniedException',
              'No SSM Automation: give LocalStateMachine an ssmAutomation',
            );
          }
          const input = raw as {
            AutomationExecutionId?: string;
            Tags?: readonly { Key: string; Value: string }[];
          };
          if (operation === 'startAutomationExecution') {
            const answer = ssm.startAutomationExecution(raw as never);
            const wave = input.Tags?.find((t) => t.Key === 'drs-waves:wave')?.Value ?? '';
            automationWaves.set(answer.AutomationExecutionId, wave);
            return answer;
          }
          const id = String(input.AutomationExecutionId);
          if (operation === 'getAutomationExecution') {
            await advanceWave(automationWaves.get(id) ?? '', automationPollMs);
            return ssm.getAutomationExecution({ AutomationExecutionId: id });
          }
          return ssm.stopAutomationExecution({ AutomationExecutionId: id });
        };
        continue;
      }
      if (state.Resource.includes(':sns:')) {
        handlers[name] = async (raw) => {
          const p = raw as { Subject?: string; Message?: string };
          this.#options.onNotification?.({ subject: p.Subject ?? '', message: p.Message ?? '' });
          return { MessageId: `local-${execution.notifications}` };
        };
        continue;
      }
      const waitForToken = state.Resource.endsWith('.waitForTaskToken');
      const retriers = state.Retry ?? [];
      const invoke = async (payload: Record<string, unknown>, waveId: string) => {
        invocations += 1;
        execution.recordInvocation();
        const call = { stateName: bare, action: String(payload.action), invocation: invocations };
        const fault = this.#options.lambdaFault?.(call);
        if (fault === 'fail-before')
          throw named('Lambda.ServiceException', 'Injected: Lambda service error');
        const event = waitForToken
          ? {
              ...payload,
              taskToken: execution.newTaskToken(
                String(payload.waveId),
                bare !== STATE_NAMES.awaitLaunches,
              ),
            }
          : payload;
        const run = () => {
          const call = this.#options.handler(event);
          // Checks start waiting chunks too: no virtual time passes while either runs.
          return bare === STATE_NAMES.startWave || bare === STATE_NAMES.checkWaveStatus
            ? track(call, waveId)
            : call;
        };
        const [answer] = await Promise.all([run(), ...(fault === 'duplicate' ? [run()] : [])]);
        if (fault === 'fail-after')
          throw named('Sandbox.Timedout', 'Injected: Task timed out after its work');
        if (waitForToken) {
          const token = (event as { taskToken: string }).taskToken;
          if (bare === STATE_NAMES.awaitLaunches) return awaitLaunches(token, waveId, state);
          if (bare === STATE_NAMES.approvalAction) {
            // An approval action left unanswered times out after its timeout, on the clock.
            return execution.waitForToken(token).catch(async (error: unknown) => {
              if (error instanceof Error && error.name === 'States.Timeout') {
                await advanceWave(waveId, (lastAction.get(waveId)?.timeoutSeconds ?? 0) * 1000);
              }
              throw error;
            });
          }
          return execution.waitForToken(token);
        }
        if (bare === STATE_NAMES.nextAction) lastAction.set(waveId, answer as never);
        return { Payload: answer, StatusCode: 200 };
      };
      /**
       * A wave waiting for its launch results: the clock moves from event to event, each
       * delivered to the router, until the router resumes the wave or the task's timeout (the
       * safety net) passes.
       */
      const awaitLaunches = async (
        token: string,
        waveId: string,
        task: { TimeoutSeconds?: number },
      ) => {
        const answer = execution.waitForToken(token);
        let settled = false;
        let end = () => {};
        const done = new Promise<void>((resolve) => {
          end = resolve;
        });
        const answered = answer.then(
          () => {
            settled = true;
            // Resumed: the clock waits for this wave's check.
            resuming.set(waveId, { done, end });
          },
          () => {
            settled = true;
          },
        );
        const deadline =
          Math.max(cursors.get(waveId) ?? 0, elapsedMs) + (task.TimeoutSeconds ?? 0) * 1000;
        const source = this.#options.events;
        for (;;) {
          // Let answers already sent reach the waiter.
          await new Promise((r) => setImmediate(r));
          if (settled) return answer;
          if (elapsedMs >= deadline) break;
          // One wait at a time moves the clock and hands out the events now due: a wave they
          // resume is recorded as resuming before another wait looks.
          const step = async () => {
            // Resumed while waiting for its turn: nothing to move.
            if (settled) return;
            // Starts in flight, and waves resumed a moment ago, go first (checks never wait for
            // each other); then the clock moves to the next event.
            await startsEnded();
            await resumedChecksEnded(waveId);
            if (settled || elapsedMs >= deadline) return;
            const next = source?.nextInMs();
            const target =
              elapsedMs +
              Math.max(0, Math.min(next ?? Number.POSITIVE_INFINITY, deadline - elapsedMs));
            cursors.set(waveId, target);
            if (target > elapsedMs) {
              this.#options.advanceClock?.(target - elapsedMs);
              elapsedMs = target;
            }
            for (const event of source?.take() ?? []) await this.#options.handler(event);
          };
          const turn = clockTurns.then(step);
          clockTurns = turn.catch(() => undefined);
          // A wave resumed while its turn waits leaves at once: the wait holding the clock may
          // be waiting for this wave's check.
          await Promise.race([turn, answered]);
        }
        execution.expire(token);
        // The safety net: the machine checks next, and the clock waits for that check too.
        resuming.set(waveId, { done, end });
        throw named('States.Timeout', 'The wait for launch results reached its timeout');
      };
      handlers[name] = async (raw) => {
        const payload = (raw as { Payload?: Record<string, unknown> }).Payload ?? {};
        const waveId = String(payload.waveId ?? '');
        const key = `${waveId}\n${bare}`;
        const failed = failures.get(key);
        if (bare === STATE_NAMES.startWave && failed === undefined) {
          await startsEnded(waveId);
          cursors.set(waveId, elapsedMs);
        }
        // An action runs on the clock as it stands: a wave whose cursor lags it (another wave
        // of the stage moved it on) would otherwise take no time for its action's steps.
        if (bare === STATE_NAMES.nextAction && failed === undefined) {
          cursors.set(waveId, Math.max(cursors.get(waveId) ?? 0, elapsedMs));
        }
        if (failed !== undefined) {
          await advanceWave(waveId, backoffMs(retriers, failed.error, failed.attempts));
        } else if (bare === STATE_NAMES.checkWaveStatus) {
          await advanceWave(waveId, pollMs);
        } else if (bare === STATE_NAMES.recordAction) {
          // A wait action's seconds pass before its end is recorded.
          const last = lastAction.get(waveId);
          if (last?.type === 'wait') await advanceWave(waveId, (last.seconds ?? 0) * 1000);
          lastAction.delete(waveId);
        }
        try {
          const answer = await invoke(payload, waveId);
          failures.delete(key);
          return answer;
        } catch (error) {
          const errorName = error instanceof Error ? error.name : 'Error';
          // The safety net of a wait for launches is not a failure to retry.
          if (errorName === 'States.Timeout') throw error;
          failures.set(key, { attempts: (failed?.attempts ?? 0) + 1, error: errorName });
          if (errorName === 'Sandbox.Timedout' && lambdaTimeoutMs > 0) {
            await advanceWave(waveId, lambdaTimeoutMs);
          }
          throw error;
        } finally {
          // The check that follows a resume has run: the clock may move on.
          if (bare === STATE_NAMES.checkWaveStatus) {
            resuming.get(waveId)?.end();
            resuming.delete(waveId);
          }
        }
      };
    }

    const started = this.#interpreter().then((machine) =>
      machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: handlers as never,
          waitTimeOverrides: waits,
          retryIntervalOverrides: retries,
        },
        context: {
          Execution: {
            Id: `local:${executionName}`,
            Name: executionName,
            Input: input as never,
            StartTime: new Date().toISOString(),
          },
          Task: { Token: 'replaced-by-the-local-runner' },
        },
      }),
    );
    execution.attach(started as never, states);
    return execution;
  }
}

/**
 * The virtual time before a retry: the first retrier that matches the error, its interval times
 * its backoff rate per earlier attempt, capped by `MaxDelaySeconds`, halved under full jitter
 * (whose wait is uniform between 0 and that). 0 when no retrier matches.
 */
function backoffMs(retriers: readonly AslRetrier[], error: string, attempts: number): number {
  const retrier = retriers.find(
    (r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes('States.ALL'),
  );
  if (retrier === undefined) return 0;
  const seconds = Math.min(
    (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** Math.max(0, attempts - 1),
    retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
  );
  return (retrier.JitterStrategy === 'FULL' ? seconds / 2 : seconds) * 1000;
}

const SSM_PREFIX = 'arn:aws:states:::aws-sdk:ssm:';

/**
 * The interpreter reads a Task's `TimeoutSecondsPath` from its parameters, not from its input
 * as Step Functions does, and would time it out in real time: the runner keeps those timeouts
 * on the virtual clock itself (a hook's duration, an approval left alone), so the interpreter
 * gets a bound no local run reaches (23 days, within what a timer can hold).
 */
function withVirtualTimeouts(definition: StateMachineDefinition): StateMachineDefinition {
  const rewrite = (states: Record<string, unknown>) => {
    for (const state of Object.values(states) as Record<string, unknown>[]) {
      if (state.TimeoutSecondsPath !== undefined) {
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = 2_000_000;
      }
      const processor = state.ItemProcessor as { States?: Record<string, unknown> } | undefined;
      if (processor?.States) rewrite(processor.States);
    }
  };
  rewrite(definition.States as unknown as Record<string, unknown>);
  return definition;
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Every state of the definition, nested map states included, by name. Reads `ItemProcessor`
 * and also the deprecated `Iterator`, so older definitions (such as a baseline) run too.
 */
function collectStates(states: Readonly<Record<string, AslState>>): Map<string, AslState> {
  const all = new Map<string, AslState>();
  for (const [name, state] of Object.entries(states)) {
    all.set(name, state);
    if (state.Type !== 'Map') continue;
    const legacy = state as unknown as {
      Iterator?: { States: Readonly<Record<string, AslState>> };
    };
    const nested = state.ItemProcessor?.States ?? legacy.Iterator?.States ?? {};
    for (const [n, s] of collectStates(nested)) all.set(n, s);
  }
  return all;
}

import * as v from 'valibot';
import { describeValue, InvalidEventError, type Problem, UnknownActionError } from '../../errors';
import { isRecord, unknownFieldProblems } from '../../internal/records';
import { jsonSize } from '../../plan/internal/jsonSize';
import { issuePath } from '../../plan/internal/schema';
import { recoveryPointInputSchema } from '../../plan/internal/selection';
import {
  ACTIONS,
  type ActionName,
  type BeginExecutionEvent,
  type ExecutionInput,
  MAX_EVALUATED_PLANS,
  type OrchestrationEvent,
} from '../actions';

/** The Step Functions payload limit, in bytes of JSON: larger events are refused unread. */
export const MAX_EVENT_BYTES = 262_144;
/**
 * How deep an event may nest, in objects and arrays: an event is 2 levels deep (`input`,
 * `failure`), so 32 leaves room, bounds the walk that measures it, and stays far below the
 * depth `JSON.stringify` can follow (a few thousand levels, depending on the stack).
 */
export const MAX_EVENT_DEPTH = 32;
/** The longest task token accepted. */
export const MAX_TASK_TOKEN_LENGTH = 8192;
/** The longest `failure.Cause` kept: longer causes are cut to this length, not refused. */
export const MAX_CAUSE_LENGTH = 32_768;

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,80}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Every action name, in the order {@link ACTIONS} lists them. */
export const ACTION_NAMES: readonly ActionName[] = Object.freeze(Object.values(ACTIONS));

/** Whether `value` is one of the action names. */
export const isActionName = (value: unknown): value is ActionName =>
  typeof value === 'string' && (ACTION_NAMES as readonly string[]).includes(value);

type AnyIssue = v.BaseIssue<unknown>;

/** Messages of a strict object's key issues: a missing field, or an unknown one. */
const keyMessage = (issue: AnyIssue): string =>
  issue.expected === 'never' ? 'Unknown field' : 'Missing required field';

/** A nested strict object: arrays and `null` are refused before its fields are read. */
const nested = <T extends v.ObjectEntries>(entries: T, what: string) =>
  v.pipe(
    v.custom<Record<string, unknown>>(
      isRecord,
      (i) => `Expected ${what} as an object, got ${describeValue(i.input)}`,
    ),
    v.strictObject(entries, keyMessage),
  );

const idOf = (what: string, pattern: RegExp, max: number) =>
  v.pipe(
    v.string((i) => `Expected ${what} as a string, got ${describeValue(i.input)}`),
    v.regex(
      pattern,
      (i) =>
        `Expected ${what} of 1 to ${max} letters, digits, "-" or "_", got ${describeValue(i.input)}`,
    ),
  );

const executionId = idOf('an execution ID', EXECUTION_ID, 80);
const waveId = idOf('a wave ID', ID, 64);
const planId = idOf('a plan ID', ID, 64);

const executionType = v.picklist(
  ['DRILL', 'RECOVERY'],
  (i) => `Expected execution type "DRILL" or "RECOVERY", got ${describeValue(i.input)}`,
);

/** A safe integer of at least `min` (1: positive, 0: non-negative), named `kind` in messages. */
const integerFrom = (name: string, min: 0 | 1) => {
  const kind = min === 1 ? 'a positive integer' : 'a non-negative integer';
  return v.pipe(
    v.number((i) => `Expected ${name} to be ${kind}, got ${describeValue(i.input)}`),
    v.check(
      (n) => Number.isSafeInteger(n) && n >= min,
      (i) => `Expected ${name} to be ${kind}, got ${describeValue(i.input)}`,
    ),
  );
};

const positiveInteger = (name: string) => integerFrom(name, 1);

const boolean = (name: string) =>
  v.boolean((i) => `Expected ${name} to be a boolean, got ${describeValue(i.input)}`);

// The token is a secret: messages give its type or length, never its text.
const taskToken = v.pipe(
  v.string((i) => `Expected a task token as a string, got ${describeValue(i.input)}`),
  v.minLength(1, 'Expected a non-empty task token'),
  v.maxLength(
    MAX_TASK_TOKEN_LENGTH,
    (i) =>
      `Expected a task token of at most ${MAX_TASK_TOKEN_LENGTH} characters, got ${i.received}`,
  ),
);

/** Cuts a cause to {@link MAX_CAUSE_LENGTH} without splitting a surrogate pair. */
function cutCause(cause: string): string {
  if (cause.length <= MAX_CAUSE_LENGTH) return cause;
  const last = cause.charCodeAt(MAX_CAUSE_LENGTH - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_CAUSE_LENGTH - 1 : MAX_CAUSE_LENGTH;
  return cause.slice(0, end);
}

const inputEntries = {
  planId,
  executionType,
  confirmRecovery: v.exactOptional(
    v.string((i) => `Expected confirmRecovery as a string, got ${describeValue(i.input)}`),
  ),
  overrideReadiness: v.exactOptional(
    v.boolean((i) => `Expected overrideReadiness as a boolean, got ${describeValue(i.input)}`),
  ),
  resumeFrom: v.exactOptional(
    nested({ executionId, waveId }, 'a resume point ({ executionId, waveId })'),
  ),
  recoveryPoint: v.exactOptional(recoveryPointInputSchema),
};

const failureEntries = {
  Error: v.string((i) => `Expected Error as a string, got ${describeValue(i.input)}`),
  Cause: v.exactOptional(
    v.pipe(
      v.string((i) => `Expected Cause as a string, got ${describeValue(i.input)}`),
      v.transform(cutCause),
    ),
  ),
};

const failure = nested(failureEntries, 'a Step Functions error ({ Error, Cause })');

const beginExecution = v.strictObject(
  {
    action: v.literal(ACTIONS.beginExecution),
    executionId,
    input: nested(inputEntries, 'the execution input'),
    pollIntervalSeconds: positiveInteger('pollIntervalSeconds'),
    defaultWaveTimeoutSeconds: positiveInteger('defaultWaveTimeoutSeconds'),
    completion: v.exactOptional(
      v.picklist(
        ['polling', 'events'],
        (i) => `Expected completion "polling" or "events", got ${describeValue(i.input)}`,
      ),
    ),
  },
  keyMessage,
);

const loadStage = v.strictObject(
  {
    action: v.literal(ACTIONS.loadStage),
    executionId,
    stageIndex: integerFrom('stageIndex', 0),
  },
  keyMessage,
);

const startWave = v.strictObject(
  { action: v.literal(ACTIONS.startWave), executionId, executionType, waveId },
  keyMessage,
);

const checkWaveStatus = v.strictObject(
  {
    action: v.literal(ACTIONS.checkWaveStatus),
    executionId,
    waveId,
    timeoutSeconds: positiveInteger('timeoutSeconds'),
    requirePostLaunchActions: boolean('requirePostLaunchActions'),
    pollCount: v.exactOptional(positiveInteger('pollCount')),
  },
  keyMessage,
);

const requestApproval = v.strictObject(
  { action: v.literal(ACTIONS.requestApproval), executionId, waveId, taskToken },
  keyMessage,
);

const awaitWave = v.strictObject(
  { action: v.literal(ACTIONS.awaitWave), executionId, waveId, taskToken },
  keyMessage,
);

const recordWaveFailure = v.strictObject(
  { action: v.literal(ACTIONS.recordWaveFailure), executionId, waveId, failure },
  keyMessage,
);

const phase = v.picklist(
  ['before', 'after'],
  (i) => `Expected phase "before" or "after", got ${describeValue(i.input)}`,
);

const actionIndex = integerFrom('index', 0);

const endEntries = {
  outcome: v.picklist(
    ['SUCCEEDED', 'FAILED', 'TIMED_OUT'],
    (i) => `Expected outcome "SUCCEEDED", "FAILED" or "TIMED_OUT", got ${describeValue(i.input)}`,
  ),
  failure: v.exactOptional(failure),
};

const checkReadiness = v.strictObject(
  { action: v.literal(ACTIONS.checkReadiness), executionId },
  keyMessage,
);

const planIds = v.pipe(
  v.array(planId, (i) => `Expected planIds as an array of plan IDs, got ${describeValue(i.input)}`),
  v.check(
    (ids) => ids.length >= 1 && ids.length <= MAX_EVALUATED_PLANS,
    (i) =>
      `Expected 1 to ${MAX_EVALUATED_PLANS} plan IDs, got ${(i.input as readonly unknown[]).length}`,
  ),
  v.check(
    (ids) => new Set(ids).size === ids.length,
    (i) =>
      `Expected each plan ID once, got ${describeValue((i.input as readonly string[]).find((id, n, all) => all.indexOf(id) !== n))} twice`,
  ),
);

const evaluateReadiness = v.strictObject(
  { action: v.literal(ACTIONS.evaluateReadiness), planIds },
  keyMessage,
);

const nextAction = v.strictObject(
  { action: v.literal(ACTIONS.nextAction), executionId, waveId, phase, index: actionIndex },
  keyMessage,
);

const recordAction = v.strictObject(
  {
    action: v.literal(ACTIONS.recordAction),
    executionId,
    waveId,
    phase,
    index: actionIndex,
    end: nested(endEntries, 'an action end ({ outcome, failure })'),
  },
  keyMessage,
);

const finishExecution = v.strictObject(
  {
    action: v.literal(ACTIONS.finishExecution),
    executionId,
    status: v.picklist(
      ['SUCCEEDED', 'FAILED'],
      (i) => `Expected status "SUCCEEDED" or "FAILED", got ${describeValue(i.input)}`,
    ),
    failure: v.exactOptional(failure),
  },
  keyMessage,
);

const requestDecision = v.strictObject(
  { action: v.literal(ACTIONS.requestDecision), executionId, waveId, taskToken, failure },
  keyMessage,
);

const retryWave = v.strictObject(
  {
    action: v.literal(ACTIONS.retryWave),
    executionId,
    executionType,
    waveId,
    attempt: positiveInteger('attempt'),
  },
  keyMessage,
);

const skipWave = v.strictObject(
  { action: v.literal(ACTIONS.skipWave), executionId, waveId },
  keyMessage,
);

const expireDecision = v.strictObject(
  { action: v.literal(ACTIONS.expireDecision), executionId, waveId },
  keyMessage,
);

/** One strict schema per action, chosen by `action`. */
const eventSchema = v.variant('action', [
  beginExecution,
  loadStage,
  startWave,
  checkWaveStatus,
  requestApproval,
  awaitWave,
  recordWaveFailure,
  nextAction,
  recordAction,
  checkReadiness,
  evaluateReadiness,
  finishExecution,
  requestDecision,
  retryWave,
  skipWave,
  expireDecision,
]);

const ROOT_ENTRIES: Readonly<Record<ActionName, v.ObjectEntries>> = {
  [ACTIONS.beginExecution]: beginExecution.entries,
  [ACTIONS.loadStage]: loadStage.entries,
  [ACTIONS.startWave]: startWave.entries,
  [ACTIONS.checkWaveStatus]: checkWaveStatus.entries,
  [ACTIONS.requestApproval]: requestApproval.entries,
  [ACTIONS.awaitWave]: awaitWave.entries,
  [ACTIONS.recordWaveFailure]: recordWaveFailure.entries,
  [ACTIONS.nextAction]: nextAction.entries,
  [ACTIONS.recordAction]: recordAction.entries,
  [ACTIONS.checkReadiness]: checkReadiness.entries,
  [ACTIONS.evaluateReadiness]: evaluateReadiness.entries,
  [ACTIONS.finishExecution]: finishExecution.entries,
  [ACTIONS.requestDecision]: requestDecision.entries,
  [ACTIONS.retryWave]: retryWave.entries,
  [ACTIONS.skipWave]: skipWave.entries,
  [ACTIONS.expireDecision]: expireDecision.entries,
};

/** The entries of the nested objects, by field name (each name means one thing everywhere). */
const NESTED_ENTRIES: Readonly<Record<string, v.ObjectEntries>> = {
  input: inputEntries,
  resumeFrom: { executionId, waveId },
  failure: failureEntries,
  end: endEntries,
};

/** `begin_execution` with its input validated. */
export interface ParsedBeginExecutionEvent extends Omit<BeginExecutionEvent, 'input'> {
  /** The validated execution input. */
  readonly input: ExecutionInput;
}

/** Any event, validated. */
export type ParsedEvent =
  | Exclude<OrchestrationEvent, BeginExecutionEvent>
  | ParsedBeginExecutionEvent;

/** Compiles only while the schemas produce the contract's event types. */
type Assignable<T extends U, U> = T;
export type SchemaMatchesContract = Assignable<v.InferOutput<typeof eventSchema>, ParsedEvent>;

/**
 * `confirmRecovery` against the plan and execution type, read leniently from the raw event:
 * shapes the schema refuses are left to it.
 */
function confirmationProblems(event: Record<string, unknown>): Problem[] {
  const input = event.input;
  if (event.action !== ACTIONS.beginExecution || !isRecord(input)) return [];
  const confirm = Object.hasOwn(input, 'confirmRecovery') ? input.confirmRecovery : undefined;
  if (confirm !== undefined && typeof confirm !== 'string') return [];
  const path = 'input.confirmRecovery';
  if (input.executionType === 'RECOVERY' && typeof input.planId === 'string') {
    if (confirm === input.planId) return [];
    const plan = describeValue(input.planId);
    return [
      {
        path,
        message: `A RECOVERY of plan ${plan} needs confirmRecovery set to ${plan}, got ${describeValue(confirm)}`,
      },
    ];
  }
  if (input.executionType === 'DRILL' && confirm !== undefined) {
    return [
      { path, message: `Expected no confirmRecovery for a DRILL, got ${describeValue(confirm)}` },
    ];
  }
  return [];
}

/** The one problem of an event that JSON cannot represent. */
const NOT_JSON: Problem = { path: '', message: 'Expected an event that JSON can represent' };

/**
 * The event as a record, and its own `action` (`undefined` when it has none). Throws
 * {@link InvalidEventError} without action for an event that is not an object, or whose
 * `action` cannot be read (a getter that throws, a revoked proxy).
 */
function readAction(event: unknown): {
  readonly record: Record<string, unknown>;
  readonly action: unknown;
} {
  let record: Record<string, unknown> | undefined;
  let action: unknown;
  try {
    if (isRecord(event)) {
      record = event;
      action = Object.hasOwn(event, 'action') ? event.action : undefined;
    }
  } catch {
    throw new InvalidEventError(undefined, [NOT_JSON]);
  }
  if (record === undefined) {
    throw new InvalidEventError(undefined, [
      { path: '', message: `Expected an event object, got ${describeValue(event)}` },
    ]);
  }
  return { record, action };
}

const isUnknownKeyIssue = (issue: AnyIssue): boolean =>
  issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never';

/**
 * Validates an event for the action router.
 *
 * 1. Not an object (`null`, an array, a primitive), or its `action` cannot be read (a getter
 *    that throws, a revoked proxy): {@link InvalidEventError} without action.
 * 2. `action` missing, not a string or unknown: {@link UnknownActionError}.
 * 3. Nested more than {@link MAX_EVENT_DEPTH} objects and arrays deep, not representable as
 *    JSON (a cycle, a `BigInt`, a getter that throws), or over {@link MAX_EVENT_BYTES} of JSON:
 *    {@link InvalidEventError} with that one problem, before any field is validated.
 * 4. The action's strict schema, the `confirmRecovery` rule and unknown fields at every level:
 *    every problem in one {@link InvalidEventError}.
 *
 * The event returned is built from the schema's known fields only: no unknown key (such as
 * `__proto__`) ever reaches it.
 */
export function parseEvent(event: unknown): ParsedEvent {
  const { record, action } = readAction(event);
  if (!isActionName(action)) throw new UnknownActionError(action, ACTION_NAMES);

  const size = jsonSize(record, MAX_EVENT_DEPTH);
  if ('problem' in size) {
    throw new InvalidEventError(action, [
      size.problem === 'too-deep'
        ? { path: '', message: `Expected an event nested at most ${MAX_EVENT_DEPTH} levels deep` }
        : NOT_JSON,
    ]);
  }
  const bytes = size.bytes;
  if (bytes > MAX_EVENT_BYTES) {
    throw new InvalidEventError(action, [
      {
        path: '',
        message: `Expected an event of at most ${MAX_EVENT_BYTES} bytes of JSON, got ${bytes}`,
      },
    ]);
  }

  const result = v.safeParse(eventSchema, record);
  const problems: Problem[] = result.success
    ? []
    : result.issues
        .filter((issue) => !isUnknownKeyIssue(issue))
        .map((issue) => ({ path: issuePath(issue), message: issue.message }));
  problems.push(...confirmationProblems(record));
  problems.push(...unknownFieldProblems(record, ROOT_ENTRIES[action], '', NESTED_ENTRIES));
  if (problems.length > 0 || !result.success) throw new InvalidEventError(action, problems);
  return result.output;
}

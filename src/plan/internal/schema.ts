import * as v from 'valibot';
import { describeValue } from '../../errors';
import { isRecord } from '../../internal/records';
import { ACCOUNT_ID_PATTERN } from '../accountId';
import { SOURCE_SERVER_ID_PATTERN } from '../sourceServerId';
import { recoveryPointInputSchema, selectorInputSchema } from './selection';

/** Wave and plan IDs: safe in DRS tags, Step Functions names and DynamoDB keys. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The longest wave timeout accepted: a Standard workflow lives at most a year. */
export const MAX_TIMEOUT_SECONDS = 365 * 24 * 60 * 60;

/** The longest recovery-time objective accepted, in minutes: a year, as the longest run. */
export const MAX_RTO_MINUTES = 365 * 24 * 60;

/** An integer field from `min` to `max`, each bound named in its message. */
const boundedInteger = (name: string, min: number, max: number) =>
  v.pipe(
    v.number((i) => `Expected ${name} as a number, got ${describeValue(i.input)}`),
    v.integer((i) => `Expected ${name} to be an integer, got ${i.received}`),
    v.minValue(min, (i) => `Expected ${name} of at least ${min}, got ${i.received}`),
    v.maxValue(max, (i) => `Expected ${name} of at most ${max}, got ${i.received}`),
  );

/** A recovery-time objective in minutes: a positive integer, at most a year. */
const rtoMinutes = boundedInteger('rtoMinutes', 1, MAX_RTO_MINUTES);

type AnyIssue = v.BaseIssue<unknown>;

/**
 * Messages for object schemas: a missing field, or not an object at all. Objects are not
 * strict here because valibot reports only the first unknown key; `unknownFieldProblems`
 * reports all of them.
 */
function objectMessage(what: string) {
  return (issue: AnyIssue): string => {
    if (issue.expected?.startsWith('"')) return 'Missing required field';
    return `Expected ${what}, got ${describeValue(issue.input)}`;
  };
}

const isBidiControl = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/**
 * Whether `value` has a control character (C0, DEL, C1) or a bidirectional embedding, override
 * or isolate control: none has a place in a name, and they can make logs and reports lie. A
 * description may keep tabs and line breaks (`allowLines`).
 */
function hasControl(value: string, allowLines: boolean): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (allowLines && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || isBidiControl(c)) return true;
  }
  return false;
}

/** Whether `value` has a UTF-16 surrogate without its pair: not text, and not valid UTF-8. */
function hasLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** A string for a message: JSON-escaped, bidirectional controls included, cut at 80. */
function shown(value: string): string {
  return [...describeValue(value)]
    .map((c) => (isBidiControl(c.charCodeAt(0)) ? `\\u${c.charCodeAt(0).toString(16)}` : c))
    .join('');
}

const text = (what: string, max: number, allowLines = false) =>
  v.pipe(
    v.string((i) => `Expected ${what} as a string, got ${describeValue(i.input)}`),
    v.minLength(1, `Expected ${what} to be non-empty`),
    v.maxLength(max, (i) => `Expected ${what} of at most ${max} characters, got ${i.received}`),
    v.check(
      (value) => !hasControl(value, allowLines),
      (i) => `Expected ${what} without control characters, got ${shown(String(i.input))}`,
    ),
    v.check(
      (value) => !hasLoneSurrogate(value),
      (i) =>
        `Expected ${what} of well-formed Unicode (no lone surrogate), got ${shown(String(i.input))}`,
    ),
  );

const id = (what: string) =>
  v.pipe(
    v.string((i) => `Expected ${what} as a string, got ${describeValue(i.input)}`),
    v.regex(
      ID_PATTERN,
      (i) =>
        `Expected ${what} of 1 to 64 letters, digits, "-" or "_", got ${describeValue(i.input)}`,
    ),
  );

const sourceServerId = v.pipe(
  v.string((i) => `Expected a DRS source server ID, got ${describeValue(i.input)}`),
  v.regex(
    SOURCE_SERVER_ID_PATTERN,
    (i) =>
      `Expected a DRS source server ID matching ${SOURCE_SERVER_ID_PATTERN.source}, got ${describeValue(i.input)}`,
  ),
);

const impactLevel = v.picklist(
  ['CRITICAL', 'OPTIONAL'],
  (i) => `Expected impact "CRITICAL" or "OPTIONAL", got ${describeValue(i.input)}`,
);

/**
 * Refuses arrays (and `null`) before an object schema: valibot's `object` reads an array as an
 * object whose fields are all missing.
 */
const record = (what: string) =>
  v.custom<Record<string, unknown>>(
    isRecord,
    (i) => `Expected ${what}, got ${describeValue(i.input)}`,
  );

/** An AWS Region name, such as `eu-west-1` or `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const accountId = v.pipe(
  v.string((i) => `Expected accountId as a string, got ${describeValue(i.input)}`),
  v.regex(
    ACCOUNT_ID_PATTERN,
    (i) => `Expected accountId to be an AWS account ID of 12 digits, got ${describeValue(i.input)}`,
  ),
);

const region = v.pipe(
  v.string((i) => `Expected region as a string, got ${describeValue(i.input)}`),
  v.regex(
    REGION_PATTERN,
    (i) =>
      `Expected region to be an AWS Region name such as "eu-west-1", got ${describeValue(i.input)}`,
  ),
);

const SERVER_OBJECT = 'a source server ID or { sourceServerId, impact }';

export const serverObjectSchema = v.object(
  {
    sourceServerId,
    impact: v.optional(impactLevel, 'CRITICAL'),
    accountId: v.exactOptional(accountId),
    region: v.exactOptional(region),
  },
  objectMessage(SERVER_OBJECT),
);

/** A server: a bare ID (critical) or `{ sourceServerId, impact }`. */
const serverSchema = v.pipe(
  v.lazy((input) =>
    typeof input === 'string' ? sourceServerId : v.pipe(record(SERVER_OBJECT), serverObjectSchema),
  ),
  v.transform((s) =>
    typeof s === 'string' ? { sourceServerId: s, impact: 'CRITICAL' as const } : s,
  ),
);

const list = <T extends v.GenericSchema>(item: T, what: string) =>
  v.array(item, (i) => `Expected ${what} as an array, got ${describeValue(i.input)}`);

/** A Lambda function ARN, optionally with a version or alias. */
export const FUNCTION_ARN_PATTERN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** An SSM document name (or ARN), as `StartAutomationExecution` takes it. */
export const DOCUMENT_NAME_PATTERN =
  /^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:document\/)?[A-Za-z0-9_.:/-]{3,128}$/;

/** The longest synchronous Lambda invocation: 15 minutes. */
export const MAX_LAMBDA_ACTION_SECONDS = 900;

/** The most actions a wave runs before, and after, its launch. */
export const MAX_ACTIONS_PER_PHASE = 20;

const onFailure = v.optional(
  v.picklist(
    ['FAIL', 'CONTINUE'],
    (i) => `Expected onFailure "FAIL" or "CONTINUE", got ${describeValue(i.input)}`,
  ),
  'FAIL',
);

const stringRecord = (what: string) =>
  v.record(
    v.string(),
    v.array(
      v.string((i) => `Expected ${what} values as strings, got ${describeValue(i.input)}`),
      (i) => `Expected each of ${what} as an array of strings, got ${describeValue(i.input)}`,
    ),
    (i) => `Expected ${what} as an object of string arrays, got ${describeValue(i.input)}`,
  );

/** A string field matching `pattern`, `what` it must be named in the message. */
const patterned = (name: string, pattern: RegExp, what: string) =>
  v.pipe(
    v.string((i) => `Expected ${name} as a string, got ${describeValue(i.input)}`),
    v.regex(pattern, (i) => `Expected ${name} to be ${what}, got ${describeValue(i.input)}`),
  );

export const lambdaActionSchema = v.object(
  {
    type: v.literal('lambda'),
    functionArn: patterned('functionArn', FUNCTION_ARN_PATTERN, 'a Lambda function ARN'),
    timeoutSeconds: v.optional(boundedInteger('timeoutSeconds', 1, MAX_LAMBDA_ACTION_SECONDS), 300),
    onFailure,
    payload: v.exactOptional(record('payload as an object')),
  },
  objectMessage('a lambda action'),
);

export const ssmAutomationActionSchema = v.object(
  {
    type: v.literal('ssmAutomation'),
    documentName: patterned('documentName', DOCUMENT_NAME_PATTERN, 'an SSM document name'),
    documentVersion: v.exactOptional(text('a documentVersion', 128)),
    parameters: v.optional(stringRecord('parameters'), {}),
    targetParameter: v.exactOptional(text('a targetParameter', 128)),
    timeoutSeconds: v.optional(boundedInteger('timeoutSeconds', 60, MAX_TIMEOUT_SECONDS), 3600),
    onFailure,
  },
  objectMessage('an ssmAutomation action'),
);

export const waitActionSchema = v.object(
  { type: v.literal('wait'), seconds: boundedInteger('seconds', 1, MAX_TIMEOUT_SECONDS) },
  objectMessage('a wait action'),
);

export const approvalActionSchema = v.object(
  {
    type: v.literal('approval'),
    timeoutSeconds: v.optional(boundedInteger('timeoutSeconds', 60, MAX_TIMEOUT_SECONDS), 86_400),
    onFailure,
  },
  objectMessage('an approval action'),
);

/** The action schemas by type. */
export const ACTION_SCHEMAS = {
  lambda: lambdaActionSchema,
  ssmAutomation: ssmAutomationActionSchema,
  wait: waitActionSchema,
  approval: approvalActionSchema,
} as const;

const actionSchema = v.variant(
  'type',
  [lambdaActionSchema, ssmAutomationActionSchema, waitActionSchema, approvalActionSchema],
  (i) =>
    `Expected an action of type "lambda", "ssmAutomation", "wait" or "approval", got ${describeValue(isRecord(i.input) ? i.input.type : i.input)}`,
);

const actions = (what: string) =>
  v.pipe(
    list(v.pipe(record('an action object'), actionSchema), what),
    v.maxLength(
      MAX_ACTIONS_PER_PHASE,
      (i) => `Expected at most ${MAX_ACTIONS_PER_PHASE} ${what} actions, got ${i.received}`,
    ),
  );

const onWaveFailure = v.picklist(
  ['ABORT', 'DECIDE'],
  (i) => `Expected onWaveFailure "ABORT" or "DECIDE", got ${describeValue(i.input)}`,
);
const decisionTimeoutSeconds = boundedInteger('decisionTimeoutSeconds', 60, MAX_TIMEOUT_SECONDS);

export const waveSchema = v.object(
  {
    id: id('a wave ID'),
    name: v.exactOptional(text('a wave name', 256)),
    accountId: v.exactOptional(accountId),
    region: v.exactOptional(region),
    protectionGroups: v.optional(list(text('a protection group ID', 256), 'protectionGroups'), []),
    servers: v.optional(list(serverSchema, 'servers'), []),
    selector: v.exactOptional(selectorInputSchema),
    allowEmpty: v.exactOptional(
      v.boolean((i) => `Expected allowEmpty as a boolean, got ${describeValue(i.input)}`),
    ),
    recoveryPoint: v.exactOptional(recoveryPointInputSchema),
    fallbackToLatestSnapshot: v.exactOptional(
      v.boolean(
        (i) => `Expected fallbackToLatestSnapshot as a boolean, got ${describeValue(i.input)}`,
      ),
    ),
    dependsOn: v.exactOptional(list(id('a wave ID'), 'dependsOn')),
    timeoutSeconds: v.exactOptional(boundedInteger('timeoutSeconds', 60, MAX_TIMEOUT_SECONDS)),
    requireApproval: v.optional(
      v.boolean((i) => `Expected requireApproval as a boolean, got ${describeValue(i.input)}`),
      false,
    ),
    requirePostLaunchActions: v.exactOptional(
      v.boolean(
        (i) => `Expected requirePostLaunchActions as a boolean, got ${describeValue(i.input)}`,
      ),
    ),
    rtoMinutes: v.exactOptional(rtoMinutes),
    before: v.exactOptional(actions('before')),
    after: v.exactOptional(actions('after')),
    onWaveFailure: v.exactOptional(onWaveFailure),
    decisionTimeoutSeconds: v.exactOptional(decisionTimeoutSeconds),
  },
  objectMessage('a wave object'),
);

export const planSchema = v.object(
  {
    $schema: v.exactOptional(
      v.string((i) => `Expected $schema as a string, got ${describeValue(i.input)}`),
    ),
    id: id('a plan ID'),
    name: v.exactOptional(text('a plan name', 256)),
    description: v.exactOptional(text('a plan description', 4096, true)),
    executionType: v.optional(
      v.picklist(
        ['DRILL', 'RECOVERY'],
        (i) => `Expected execution type "DRILL" or "RECOVERY", got ${describeValue(i.input)}`,
      ),
      'DRILL',
    ),
    rtoMinutes: v.exactOptional(rtoMinutes),
    onWaveFailure: v.exactOptional(onWaveFailure),
    decisionTimeoutSeconds: v.exactOptional(decisionTimeoutSeconds),
    fallbackToLatestSnapshot: v.exactOptional(
      v.boolean(
        (i) => `Expected fallbackToLatestSnapshot as a boolean, got ${describeValue(i.input)}`,
      ),
    ),
    waves: v.pipe(
      list(v.pipe(record('a wave object'), waveSchema), 'waves'),
      v.minLength(1, 'Expected at least one wave, got none'),
    ),
  },
  objectMessage('a recovery plan object'),
);

/** What parseRecoveryPlan validates: {@link planSchema}, arrays refused. */
export const planInputSchema = v.pipe(record('a recovery plan object'), planSchema);

/** Renders a valibot issue path as `waves[0].servers[2]`. */
export function issuePath(issue: AnyIssue): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path;
}

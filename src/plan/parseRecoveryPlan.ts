import * as v from 'valibot';
import { describeValue, InvalidPlanError, type Problem } from '../errors';
import { isRecord, unknownFieldProblems } from '../internal/records';
import { orderingProblems, type WaveLink } from './internal/dependencies';
import { jsonSize, MAX_PLAN_DEPTH } from './internal/jsonSize';
import {
  ACTION_SCHEMAS,
  issuePath,
  planInputSchema,
  planSchema,
  serverObjectSchema,
  waveSchema,
} from './internal/schema';
import { recoveryPointSchema, selectorSchema } from './internal/selection';
import { isSourceServerId } from './sourceServerId';
import type { RecoveryPlan } from './types';

/**
 * Validates an untrusted recovery plan (parsed JSON, a DynamoDB item, an event field) and
 * returns it typed, with defaults applied. Every problem is reported at once, each with its
 * path, in one {@link InvalidPlanError}:
 *
 * - wrong or missing fields, unknown fields (a typo such as `dependOn` is never ignored, and
 *   is told the field it is closest to: `did you mean "dependsOn"?`);
 * - an execution type other than exactly `DRILL` or `RECOVERY` (no case folding, ever);
 * - a source server ID that does not match `^s-[0-9a-zA-Z]{17}$`;
 * - duplicate wave IDs, and `dependsOn` naming an unknown wave;
 * - a `dependsOn` cycle, named wave by wave (`app -> web -> app`): the first 20 cycles, then a
 *   count of the others;
 * - a server listed twice, in one wave or in two, and a protection group likewise (its servers
 *   would launch twice);
 * - a wave with neither servers, protection groups nor a selector;
 * - a selector without tags, a recovery point that is not an ISO 8601 time with its offset, or a
 *   snapshot ID that is not `pit-` and 17 letters or digits;
 * - control characters, bidirectional controls and lone surrogates in names, descriptions and
 *   protection group IDs.
 *
 * A plan over 400 KiB of JSON (409,600 bytes: one DynamoDB item), nested over 32 levels, or
 * that JSON cannot represent (a cycle, a `BigInt`, a getter that throws), is refused before any
 * field is validated, with that one problem. At most 100 problems are listed, then a count of
 * the others. A wave without `dependsOn` depends on the wave listed before it; a wave without
 * `fallbackToLatestSnapshot` takes the plan's. Dependencies are
 * followed without recursion: a chain as long as 400 KiB can hold (over 6,000 waves) is fine.
 *
 * @throws {@link InvalidPlanError} listing every problem found.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan } from 'drs-waves';
 *
 * const plan = parseRecoveryPlan({
 *   id: 'payments',
 *   waves: [
 *     { id: 'database', servers: ['s-1234567890abcdef0'] },
 *     { id: 'app', protectionGroups: ['pg-app'] },
 *   ],
 * });
 * plan.executionType; // 'DRILL' (the default)
 * ```
 */
export function parseRecoveryPlan(input: unknown): RecoveryPlan {
  const size = jsonSize(input);
  if ('problem' in size) {
    throw new InvalidPlanError([
      {
        path: '',
        message:
          size.problem === 'too-deep'
            ? `Expected a plan nested at most ${MAX_PLAN_DEPTH} levels deep`
            : 'Expected a plan that JSON can represent',
      },
    ]);
  }
  const bytes = size.bytes;
  if (bytes > MAX_PLAN_BYTES) {
    throw new InvalidPlanError([
      {
        path: '',
        message: `Expected a plan of at most ${MAX_PLAN_BYTES} bytes of JSON, got ${bytes}`,
      },
    ]);
  }
  const result = v.safeParse(planInputSchema, input);
  const problems: Problem[] = result.success
    ? []
    : result.issues.map((issue) => ({ path: issuePath(issue), message: issue.message }));
  problems.push(...crossCheck(input));
  if (problems.length > 0 || !result.success) throw new InvalidPlanError(capped(problems));
  const plan = result.output;
  // The plan's fallback is each wave's that sets none: a wave is started on its own.
  if (plan.fallbackToLatestSnapshot === undefined) return plan;
  const fallback = plan.fallbackToLatestSnapshot;
  return {
    ...plan,
    waves: plan.waves.map((w) =>
      w.fallbackToLatestSnapshot === undefined ? { ...w, fallbackToLatestSnapshot: fallback } : w,
    ),
  };
}

/**
 * The largest plan accepted, in bytes of UTF-8 JSON: 400 KiB, DynamoDB's item limit, so any
 * plan accepted can be stored as one item. A plan names protection groups to grow beyond it.
 */
const MAX_PLAN_BYTES = 409_600;

/** The most problems an `InvalidPlanError` lists; a last one counts the others. */
const MAX_PLAN_PROBLEMS = 100;

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PLAN_PROBLEMS) return problems;
  const more = problems.length - MAX_PLAN_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PLAN_PROBLEMS),
    { path: '', message: `and ${more} more problem${more === 1 ? '' : 's'}` },
  ];
}

interface LenientWave extends WaveLink {
  readonly dependsOnValid: boolean;
}

const stringsOf = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : undefined;

/**
 * Rules across fields. They read the raw input leniently, skipping what the schema already
 * reports as malformed, so one pass reports structural and cross-field problems together.
 */
function crossCheck(input: unknown): Problem[] {
  if (!isRecord(input)) return [];
  const problems = unknownFieldProblems(input, planSchema.entries, '');
  if (!Array.isArray(input.waves)) return problems;
  const firstIndex = new Map<string, number>();
  const waves: LenientWave[] = [];

  input.waves.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) return;
    problems.push(...unknownFieldProblems(raw, waveSchema.entries, `waves[${index}]`));
    problems.push(...actionProblems(raw, `waves[${index}]`));
    if (typeof raw.id !== 'string') return;
    const id = raw.id;
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      problems.push({
        path: `waves[${index}].id`,
        message: `Duplicate wave ID "${id}" (first at waves[${earlier}])`,
      });
      return;
    }
    firstIndex.set(id, index);
    const dependsOn = stringsOf(raw.dependsOn);
    waves.push({
      id,
      index,
      dependsOn,
      dependsOnValid: raw.dependsOn === undefined || !!dependsOn,
    });
  });

  // A wave whose dependsOn is malformed is left out: its order is unknown.
  problems.push(...orderingProblems(waves.filter((w) => w.dependsOnValid)));
  problems.push(...checkServers(input.waves));
  return problems;
}

/**
 * The rules of a wave's actions the schema cannot say: unknown fields in each action, at most one
 * approval per wave (`requireApproval` counts), and a `targetParameter` only after the launch,
 * when there are recovery instances to target.
 */
function actionProblems(wave: Record<string, unknown>, path: string): Problem[] {
  const problems: Problem[] = [];
  const approvals: string[] = wave.requireApproval === true ? [`${path}.requireApproval`] : [];
  for (const phase of ['before', 'after'] as const) {
    const list = wave[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((action: unknown, i) => {
      if (!isRecord(action) || typeof action.type !== 'string') return;
      const at = `${path}.${phase}[${i}]`;
      const schema = ACTION_SCHEMAS[action.type as keyof typeof ACTION_SCHEMAS];
      if (schema === undefined) return;
      problems.push(...unknownFieldProblems(action, schema.entries, at));
      if (action.type === 'approval') approvals.push(at);
      if (phase === 'before' && action.targetParameter !== undefined) {
        problems.push({
          path: `${at}.targetParameter`,
          message:
            'Expected targetParameter only after the launch: before it, the wave has no recovery instances',
        });
      }
    });
  }
  if (approvals.length > 1) {
    problems.push({
      path: approvals[1] ?? path,
      message: `Expected at most one approval per wave, got ${approvals.length} (${approvals.join(', ')})`,
    });
  }
  return problems;
}

function checkServers(rawWaves: readonly unknown[]): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, { index: number; wave: string; path: string }>();
  const groupOwner = new Map<string, { index: number; wave: string; path: string }>();
  rawWaves.forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const waveName = typeof raw.id === 'string' ? raw.id : `#${index}`;
    const servers = Array.isArray(raw.servers) ? raw.servers : [];
    const groups = Array.isArray(raw.protectionGroups) ? raw.protectionGroups : [];
    if (servers.length === 0 && groups.length === 0 && raw.selector === undefined) {
      problems.push({
        path: `waves[${index}]`,
        message: `Wave "${waveName}" has nothing to recover: list servers or protectionGroups`,
      });
    }
    for (const [field, entries] of [
      ['selector', selectorSchema.entries],
      ['recoveryPoint', recoveryPointSchema.pipe[0].entries],
    ] as const) {
      const value = raw[field];
      if (isRecord(value)) {
        problems.push(...unknownFieldProblems(value, entries, `waves[${index}].${field}`));
      }
    }
    groups.forEach((group: unknown, i) => {
      if (typeof group !== 'string') return;
      const path = `waves[${index}].protectionGroups[${i}]`;
      const first = groupOwner.get(group);
      if (first === undefined) {
        groupOwner.set(group, { index, wave: waveName, path });
        return;
      }
      const where = first.index === index ? 'twice in wave' : 'in wave';
      problems.push({
        path,
        message: `Protection group ${describeValue(group)} is listed ${where} "${first.wave}" already (${first.path})`,
      });
    });
    servers.forEach((server: unknown, i) => {
      const path = `waves[${index}].servers[${i}]`;
      if (isRecord(server))
        problems.push(...unknownFieldProblems(server, serverObjectSchema.entries, path));
      const sourceServerId = isRecord(server) ? server.sourceServerId : server;
      // A malformed ID is reported once, by the schema, not again as a duplicate.
      if (!isSourceServerId(sourceServerId)) return;
      const first = owner.get(sourceServerId);
      if (first === undefined) {
        owner.set(sourceServerId, { index, wave: waveName, path });
      } else {
        const where = first.index === index ? 'twice in wave' : 'in wave';
        problems.push({
          path,
          message: `Source server "${sourceServerId}" is listed ${where} "${first.wave}" already (${first.path})`,
        });
      }
    });
  });
  return problems;
}

/**
 * The JSON Schema of the recovery plan format, converted from the one valibot schema that
 * `parseRecoveryPlan` validates with (src/plan/internal/schema.ts): nothing here restates a
 * field. `scripts/generate-plan-schema.mjs` writes it to schema/recovery-plan.schema.json, which
 * the package ships; test/cli/planJsonSchema.test.ts fails when that file differs from
 * {@link renderPlanJsonSchema}.
 *
 * The JSON Schema is what an editor can check as you type: field names and types, ID patterns,
 * lengths, bounds, and (as the parser refuses them) unknown fields. The rules across fields
 * (duplicate IDs, dependency cycles, a server listed twice, the 400 KiB limit) and the refusal of
 * control characters are `parseRecoveryPlan`'s alone: `drs-waves validate` checks them.
 */
import { type JsonSchema, toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { planInputSchema } from '../src/plan/internal/schema';

type AnySchema = v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>;

/** Where the package ships the schema, relative to its root. */
export const PLAN_JSON_SCHEMA_PATH = 'schema/recovery-plan.schema.json';

const config = {
  target: 'draft-07',
  // A pipe of `record` (a guard against arrays and null, not convertible) then the object
  // schema converts as its last schema, the object.
  typeMode: 'output',
  // `check` refuses control characters and lone surrogates (and checks recovery point times),
  // `raw_check` checks selector tags and snapshot IDs; `transform` turns a bare server ID into
  // `{ sourceServerId, impact }`. None changes what a plan file may hold.
  ignoreActions: ['check', 'raw_check', 'transform'],
  overrideSchema: ({ valibotSchema, jsonSchema }) => {
    // parseRecoveryPlan refuses unknown fields in the plan, its waves and their servers.
    if (valibotSchema.type === 'object') return { ...jsonSchema, additionalProperties: false };
    // A lambda action's `payload`: any object (the guard refuses arrays and null).
    if (valibotSchema.type === 'custom') return { type: 'object' };
    // A server is a bare ID or an object: the lazy schema picks one by the input's type.
    if (valibotSchema.type === 'lazy') {
      const getter = (valibotSchema as v.LazySchema<AnySchema>).getter;
      return { anyOf: [convert(getter('')), convert(getter({}))] };
    }
    return undefined;
  },
} satisfies Parameters<typeof toJsonSchema>[1];

function convert(schema: AnySchema): JsonSchema {
  const { $schema: _, $defs, ...rest } = toJsonSchema(schema, config);
  // The converter files the lazy schema's first pick under $defs before the override replaces
  // the lazy schema itself: keep $defs only if something still refers to it.
  return $defs && JSON.stringify(rest).includes('"#/$defs/') ? { ...rest, $defs } : rest;
}

/** The JSON Schema of a recovery plan file, as an object. */
export function buildPlanJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'drs-waves recovery plan',
    description:
      'A recovery plan for drs-waves: waves of AWS DRS source servers. `drs-waves validate` checks what a JSON Schema cannot (duplicates, dependency cycles, quotas).',
    ...convert(planInputSchema),
  };
}

/** The file's text: the schema as two-space-indented JSON and a final newline. */
export function renderPlanJsonSchema(): string {
  return `${JSON.stringify(buildPlanJsonSchema(), null, 2)}\n`;
}

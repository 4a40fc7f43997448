import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { PLAN_JSON_SCHEMA_PATH, renderPlanJsonSchema } from '../../scripts/planJsonSchema';
import { parseRecoveryPlan } from '../../src/index';

const root = join(import.meta.dirname, '..', '..');
const shipped = join(root, PLAN_JSON_SCHEMA_PATH);
const plansDir = join(root, 'examples', 'plans');
const samples = (await readdir(plansDir)).filter((f) => f.endsWith('.json'));
const validatePlan = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(await readFile(shipped, 'utf8')),
);
const errorsOf = (plan: unknown) => {
  validatePlan(plan);
  return (validatePlan.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe('the JSON Schema of the plan format', () => {
  it('is what npm run schema generates (run it after changing the plan schema)', async () => {
    expect(await readFile(shipped, 'utf8')).toBe(renderPlanJsonSchema());
  });

  it('ships in the package', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      files: string[];
      exports: Record<string, unknown>;
    };
    expect(pkg.files).toContain(PLAN_JSON_SCHEMA_PATH);
    expect(pkg.exports['./recovery-plan.schema.json']).toBe(`./${PLAN_JSON_SCHEMA_PATH}`);
  });

  it.each(samples)('accepts the sample %s, which refers to it by $schema', async (file) => {
    const plan = JSON.parse(await readFile(join(plansDir, file), 'utf8')) as { $schema: string };
    expect(plan.$schema).toBe(`../../${PLAN_JSON_SCHEMA_PATH}`);
    expect(errorsOf(plan)).toStrictEqual([]);
    expect(parseRecoveryPlan(plan).id).toBe(file.replace(/\.json$/, ''));
  });

  it('accepts bare server IDs and server objects, with defaults left out', () => {
    expect(
      errorsOf({
        id: 'p',
        waves: [
          { id: 'a', servers: ['s-00000000000000001', { sourceServerId: 's-00000000000000002' }] },
          { id: 'b', protectionGroups: ['pg-b'], dependsOn: [], requireApproval: true },
        ],
      }),
    ).toStrictEqual([]);
  });

  it('refuses what the parser refuses field by field: unknown fields, bad IDs, bounds', () => {
    expect(
      errorsOf({
        id: 'a plan',
        executionType: 'drill',
        waves: [
          {
            id: 'a',
            dependOn: ['b'],
            servers: ['s-1', { sourceServerId: 's-00000000000000001', impact: 'LOW' }],
            timeoutSeconds: 59,
          },
        ],
        extra: true,
      }),
    ).toStrictEqual([
      ' must NOT have additional properties',
      '/id must match pattern "^[A-Za-z0-9_-]{1,64}$"',
      '/executionType must be equal to one of the allowed values',
      '/waves/0 must NOT have additional properties',
      '/waves/0/servers/0 must match pattern "^s-[0-9a-zA-Z]{17}$"',
      '/waves/0/servers/0 must be object',
      '/waves/0/servers/0 must match a schema in anyOf',
      '/waves/0/servers/1 must be string',
      '/waves/0/servers/1/impact must be equal to one of the allowed values',
      '/waves/0/servers/1 must match a schema in anyOf',
      '/waves/0/timeoutSeconds must be >= 60',
    ]);
    expect(errorsOf({ id: 'p', waves: [] })).toStrictEqual([
      '/waves must NOT have fewer than 1 items',
    ]);
  });
});

// Writes schema/recovery-plan.schema.json, the JSON Schema of the plan format, from the valibot
// schema parseRecoveryPlan validates with:
//
//   npm run schema
//
// esbuild compiles scripts/planJsonSchema.ts (with src/) to a temporary module, which renders
// the schema. test/cli/planJsonSchema.test.ts fails when the checked-in file differs from this
// output, so run it after changing the plan schema.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = await mkdtemp(join(tmpdir(), 'drs-waves-schema-'));
try {
  const outfile = join(dir, 'planJsonSchema.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'planJsonSchema.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
  });
  const { PLAN_JSON_SCHEMA_PATH, renderPlanJsonSchema } = await import(pathToFileURL(outfile).href);
  const target = join(root, PLAN_JSON_SCHEMA_PATH);
  await writeFile(target, renderPlanJsonSchema());
  console.log(`Wrote ${target}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

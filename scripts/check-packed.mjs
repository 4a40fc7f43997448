// Packs the package, installs the tarball into a scratch project and uses it the way a user
// would: `import` (ESM), `require` (CommonJS), the `testing` subpath, the plan JSON Schema and
// the `drs-waves` bin.
// Also shows that the error guards recognise errors across the ESM and CJS copies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'drs-waves-packed-'));
const run = (cmd, args, cwd = scratch) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  run('npm', ['pack', '--pack-destination', scratch, '--silent'], root);
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--no-package-lock',
    join(scratch, tarball),
  ]);

  writeFileSync(
    join(scratch, 'esm.mjs'),
    `
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { parseRecoveryPlan, planStages, isInvalidPlanError, ErrorName } from 'drs-waves';
import { fakeSourceServerId } from 'drs-waves/testing';
const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: [fakeSourceServerId(1)] }] });
assert.deepEqual(planStages(plan).map((s) => s.map((w) => w.id)), [['a']]);
const cjs = createRequire(import.meta.url)('drs-waves');
assert.notEqual(cjs.parseRecoveryPlan, parseRecoveryPlan, 'ESM and CJS are two copies');
let caught;
try { cjs.parseRecoveryPlan({}); } catch (e) { caught = e; }
assert.ok(isInvalidPlanError(caught), 'the ESM guard recognises a CJS error');
assert.equal(caught.name, ErrorName.InvalidPlan);
console.log('esm ok');
`,
  );
  writeFileSync(
    join(scratch, 'cjs.cjs'),
    `
const assert = require('node:assert/strict');
const { parseRecoveryPlan, isInvalidPlanError } = require('drs-waves');
const { fakeSourceServerId } = require('drs-waves/testing');
assert.equal(require('drs-waves/package.json').name, 'drs-waves');
assert.equal(parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: [fakeSourceServerId(2)] }] }).executionType, 'DRILL');
assert.throws(() => parseRecoveryPlan({ id: 'p', waves: [] }), (e) => isInvalidPlanError(e));
console.log('cjs ok');
`,
  );
  process.stdout.write(run(process.execPath, ['esm.mjs']));
  process.stdout.write(run(process.execPath, ['cjs.cjs']));
  const bin = join(scratch, 'node_modules', '.bin', 'drs-waves');
  const help = run(bin, ['--help']);
  if (!help.includes('simulate')) throw new Error(`the drs-waves bin printed:\n${help}`);
  const plan = join(root, 'examples', 'plans', 'three-tier.json');
  const drill = run(bin, ['simulate', plan, '--out', join(scratch, 'report'), '--no-progress']);
  if (!drill.includes('Drill SUCCEEDED')) throw new Error(`drs-waves simulate printed:\n${drill}`);
  console.log('bin ok: drs-waves simulate ran the three-tier drill from the packed package');

  // The JSON Schema of plans ships, by its export, and the bin reads a YAML plan from stdin.
  writeFileSync(
    join(scratch, 'schema.mjs'),
    `
import assert from 'node:assert/strict';
import schema from 'drs-waves/recovery-plan.schema.json' with { type: 'json' };
assert.equal(schema.title, 'drs-waves recovery plan');
assert.deepEqual(schema.required, ['id', 'waves']);
console.log('schema ok');
`,
  );
  process.stdout.write(run(process.execPath, ['schema.mjs']));
  const yaml = 'id: piped\nwaves:\n  - id: a\n    servers: [s-00000000000000001]\n';
  const validated = execFileSync(bin, ['validate', '-'], {
    cwd: scratch,
    input: yaml,
    stdio: ['pipe', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (!validated.includes('OK: no problems found.'))
    throw new Error(`drs-waves validate - printed:\n${validated}`);
  console.log('bin ok: drs-waves validate read a YAML plan from standard input');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

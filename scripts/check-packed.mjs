// Packs the package, installs the tarball into a scratch project and uses it the way a user
// would. First alone, as a Lambda project adds it: it must install no other package and run no
// install script, and the core entry, `validate` and `asl` must work without any optional peer.
// Then with the peers linked from this repository: `import` (ESM), `require` (CommonJS), the
// `testing` and `cdk` subpaths (a CDK app that only creates the construct, with its prebuilt
// functions, synthesizes and passes cdk-nag), the plan JSON Schema and the `drs-waves` bin.
// Also shows that the error guards recognise errors across the ESM and CJS copies.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'drs-waves-packed-'));
const run = (cmd, args, cwd = scratch) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  run('npm', ['pack', '--pack-destination', scratch, '--silent'], root);
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  const installed = run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--no-package-lock',
    '--foreground-scripts',
    join(scratch, tarball),
  ]);
  const packages = readdirSync(join(scratch, 'node_modules')).filter((d) => !d.startsWith('.'));
  if (packages.join() !== 'drs-waves') {
    throw new Error(`npm install drs-waves added more than itself: ${packages.join(', ')}`);
  }
  if (/> .*(preinstall|install|postinstall)/.test(installed)) {
    throw new Error(`npm install drs-waves ran install scripts:\n${installed}`);
  }
  console.log('install ok: drs-waves alone, no dependency, no install script');
  // The npm page renders the README without the repository's files: every link is absolute.
  const readme = readFileSync(join(scratch, 'node_modules', 'drs-waves', 'README.md'), 'utf8');
  const relative = [...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1]);
  if (relative.length > 0)
    throw new Error(`README links that break on npm: ${relative.join(', ')}`);
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md']) {
    readFileSync(join(scratch, 'node_modules', 'drs-waves', file), 'utf8');
  }
  writeFileSync(
    join(scratch, 'bare.mjs'),
    `
import assert from 'node:assert/strict';
import { buildPollingStateMachine, parseRecoveryPlan, aggregateWaveStatus, drsWavesPolicies } from 'drs-waves';
assert.equal(buildPollingStateMachine({ lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:r' }).StartAt.length > 0, true);
assert.equal(parseRecoveryPlan({ id: 'p', waves: [{ id: 'a', servers: ['s-00000000000000001'] }] }).id, 'p');
assert.equal(typeof aggregateWaveStatus, 'function');
assert.ok(drsWavesPolicies().router.length > 0);
await import('drs-waves/testing');
const { renderDrillReportMarkdown } = await import('drs-waves/report');
assert.equal(typeof renderDrillReportMarkdown, 'function');
console.log('bare ok: the core, testing and report entries load with no AWS SDK and no optional peer');
`,
  );
  process.stdout.write(run(process.execPath, ['bare.mjs']));
  const bareBin = join(scratch, 'node_modules', '.bin', 'drs-waves');
  const threeTier = join(root, 'examples', 'plans', 'three-tier.json');
  if (!run(bareBin, ['validate', threeTier]).includes('OK: no problems found.')) {
    throw new Error('drs-waves validate failed without optional peers');
  }
  JSON.parse(run(bareBin, ['asl']));
  console.log('bin ok: validate and asl need no optional peer');

  // Every optional peer of package.json, linked from this repository (no download), and
  // cdk-nag for the CDK app's checks.
  const { peerDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of [...Object.keys(peerDependencies), 'cdk-nag']) {
    mkdirSync(dirname(join(scratch, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(scratch, 'node_modules', name), 'dir');
  }
  writeFileSync(
    join(scratch, 'cdk.mjs'),
    `
import assert from 'node:assert/strict';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DrsWavesOrchestrator } from 'drs-waves/cdk';
const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'DrsWaves', { env: { account: '123456789012', region: 'eu-west-1' } });
new DrsWavesOrchestrator(stack, 'Orchestrator');
// cdk-nag's errors fail the synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const assembly = app.synth();
const template = Template.fromJSON(assembly.getStackByName('DrsWaves').template);
assert.equal(Object.keys(template.findResources('AWS::Lambda::Function')).length, 2);
console.log('cdk ok: new DrsWavesOrchestrator() synthesizes from the prebuilt functions, cdk-nag clean');
`,
  );
  const synthesized = run(process.execPath, ['cdk.mjs']);
  process.stdout.write(
    synthesized
      .split('\n')
      .filter((l) => l.startsWith('cdk ok'))
      .join('\n') + '\n',
  );

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
assert.equal(typeof require('drs-waves/cdk').DrsWavesOrchestrator, 'function');
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

/**
 * `npm run bench:package`: what drs-waves costs a Lambda project, measured on the packed
 * tarball, and written to bench/PACKAGE.md.
 *
 * - `npm install` of the tarball into an empty project: packages and bytes added, install
 *   scripts run.
 * - Handler bundles (esbuild, minified, ES module, everything bundled): the prebuilt router the
 *   package ships; a handler importing only `aggregateWaveStatus`; one importing only
 *   `buildPollingStateMachine`, built where no AWS SDK is installed.
 * - Cold import of the router bundle: median of fresh Node.js processes, against the router of
 *   `BASELINE_REF` (default: the commit before the package split) bundled the same way.
 *
 * Wall times depend on the machine: quote medians and the ratio, not single runs.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const BASELINE_REF = process.env.BASELINE_REF ?? '0912011';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Bytes of every file under `dir`, symbolic links not followed. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Packages installed under `node_modules` (scoped ones counted one by one). */
function packagesUnder(modules: string): string[] {
  return readdirSync(modules)
    .filter((d) => !d.startsWith('.'))
    .flatMap((d) =>
      d.startsWith('@') ? readdirSync(join(modules, d)).map((s) => `${d}/${s}`) : [d],
    );
}

async function bundleBytes(entry: string, cwd: string, options: object = {}): Promise<number> {
  const outfile = join(cwd, `${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    absWorkingDir: cwd,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
    ...options,
  });
  return statSync(outfile).size;
}

/** Milliseconds to import `file` in each of RUNS fresh processes. */
function coldImports(file: string): number[] {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const env = {
    ...process.env,
    HISTORY_TABLE: 'h',
    PLANS_TABLE: 'p',
    PROTECTION_GROUPS_TABLE: 'g',
    AWS_REGION: 'eu-west-1',
  };
  return Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env,
        encoding: 'utf8',
      }).trim(),
    ),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

const scratch = mkdtempSync(join(tmpdir(), 'drs-waves-bench-package-'));
try {
  run('npm', ['pack', '--pack-destination', scratch, '--silent'], root);
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz')) ?? '';
  const project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', private: true }));
  const log = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts', join(scratch, tarball)],
    project,
  );
  const modules = join(project, 'node_modules');
  const installed = packagesUnder(modules);
  const installBytes = bytesUnder(modules);
  const scripts = log.split('\n').filter((l) => /^> .*(install|prepare)/.test(l)).length;

  // Only buildPollingStateMachine, in the project without any AWS SDK.
  writeFileSync(
    join(project, 'asl.mjs'),
    "import { buildPollingStateMachine } from 'drs-waves';\nexport const handler = async () => buildPollingStateMachine({ lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:r' });\n",
  );
  const aslBytes = await bundleBytes('asl.mjs', project);

  // Only aggregateWaveStatus, with the SDK peers installed (linked from this repository).
  for (const name of [
    '@aws-sdk/client-drs',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-sfn',
    '@aws-sdk/lib-dynamodb',
  ]) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  }
  writeFileSync(
    join(project, 'aggregate.mjs'),
    "import { aggregateWaveStatus } from 'drs-waves';\nexport const handler = async (event) => aggregateWaveStatus(event.jobs, event.servers);\n",
  );
  const aggregateBytes = await bundleBytes('aggregate.mjs', project);

  const router = join(modules, 'drs-waves', 'dist', 'lambda', 'router', 'index.mjs');
  const routerBytes = statSync(router).size;

  // The router of BASELINE_REF, bundled from that commit's sources the same way.
  const baseline = join(scratch, 'baseline');
  mkdirSync(baseline);
  execFileSync('sh', [
    '-c',
    `git -C ${JSON.stringify(root)} archive ${BASELINE_REF} src examples/cdk/lambda | tar -x -C ${JSON.stringify(baseline)}`,
  ]);
  const baselineRouter = join(baseline, 'router.mjs');
  await build({
    entryPoints: [join(baseline, 'examples', 'cdk', 'lambda', 'router.ts')],
    outfile: baselineRouter,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    alias: { 'drs-waves': join(baseline, 'src', 'index.ts') },
    nodePaths: [join(root, 'node_modules')],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
  });
  const baselineBytes = statSync(baselineRouter).size;
  const now = coldImports(router);
  const before = coldImports(baselineRouter);

  const lines = [
    '# What drs-waves costs a Lambda project',
    '',
    `Written by \`npm run bench:package\` (Node.js ${process.version}); wall times are medians of ${RUNS} fresh processes on this machine.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| packages added by \`npm install drs-waves\` | ${installed.length} (${installed.join(', ')}) |`,
    `| bytes added | ${mb(installBytes)} |`,
    `| install scripts run | ${scripts} |`,
    `| prebuilt router bundle (AWS SDK included) | ${kib(routerBytes)} |`,
    `| router bundle of ${BASELINE_REF}, same settings | ${kib(baselineBytes)} |`,
    `| handler importing only \`aggregateWaveStatus\` | ${kib(aggregateBytes)} |`,
    `| handler importing only \`buildPollingStateMachine\`, no AWS SDK installed | ${kib(aslBytes)} |`,
    `| cold import of the router bundle | ${median(now).toFixed(1)} ms |`,
    `| cold import of the router of ${BASELINE_REF} | ${median(before).toFixed(1)} ms |`,
    `| ratio | ${(median(now) / median(before)).toFixed(2)} |`,
    '',
  ];
  writeFileSync(join(root, 'bench', 'PACKAGE.md'), lines.join('\n'));
  process.stdout.write(lines.join('\n'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

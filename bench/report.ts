/**
 * `npm run bench:report`: the drill report of the large sample plan (examples/plans/large.json,
 * 30 waves x 100 servers): its size as JSON, Markdown and HTML, and how long building and
 * rendering it take, written to bench/REPORT.md.
 *
 * The report is the one `simulateDrill` builds (seed 1, history in memory); it is then built
 * again from the drill's history, as `drs-waves report` builds one from a real execution's
 * (`buildDrillReport`, here without DRS). Wall times depend on the machine: quote medians, not
 * single runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRS_API_LIMITS, type ExecutionHistoryStore, parseRecoveryPlan } from 'drs-waves';
import {
  buildDrillReport,
  renderDrillReportHtml,
  renderDrillReportMarkdown,
} from 'drs-waves/report';
import { simulateDrill } from 'drs-waves/testing';

const root = join(import.meta.dirname, '..');
const RUNS = 7;
const plan = parseRecoveryPlan(
  JSON.parse(readFileSync(join(root, 'examples', 'plans', 'large.json'), 'utf8')),
);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Milliseconds of each of `RUNS` calls, after one warm-up call. */
async function time(fn: () => unknown): Promise<number[]> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function main() {
  process.stdout.write('bench: simulating examples/plans/large.json... ');
  // The drill's history, kept: the report is built from it again below, as `drs-waves report`
  // builds one from a real execution's.
  let history: ExecutionHistoryStore | undefined;
  const drill = await simulateDrill({
    plan,
    storage: 'memory',
    seed: 1,
    wrapHistory: (store) => {
      history = store;
      return store;
    },
  });
  const report = drill.report;
  console.log(`${report.status} in ${report.simulation.wallSeconds} s`);
  if (history === undefined) throw new Error('simulateDrill kept no history');
  const kept = history;
  const html = renderDrillReportHtml(report);
  const markdown = renderDrillReportMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  process.stdout.write('bench: rendering and building... ');
  const htmlMs = await time(() => renderDrillReportHtml(report));
  const markdownMs = await time(() => renderDrillReportMarkdown(report));
  const buildMs = await time(() =>
    buildDrillReport({ history: kept, executionId: report.executionId }),
  );
  console.log(
    `HTML median ${fmt(median(htmlMs), 1)} ms, build median ${fmt(median(buildMs), 1)} ms`,
  );

  const bytes = (text: string) => Buffer.byteLength(text);
  const instanceCalls = Math.ceil(report.servers.length / DRS_API_LIMITS.maxIdsPerFilter);
  const lines = [
    '# Drill report benchmark',
    '',
    `Measured by \`npm run bench:report\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}. The report of examples/plans/large.json (${fmt(report.plan.waveCount)} waves, ${fmt(report.servers.length)} servers), simulated with seed 1: ${report.status}. Times are the median of ${RUNS} runs after one warm-up, in one process.`,
    '',
    '| output | bytes | render median (ms) | the runs (ms) |',
    '| --- | ---: | ---: | --- |',
    `| HTML (\`renderDrillReportHtml\`) | ${fmt(bytes(html))} | ${fmt(median(htmlMs), 1)} | ${htmlMs.map((m) => fmt(m, 1)).join(', ')} |`,
    `| Markdown (\`renderDrillReportMarkdown\`) | ${fmt(bytes(markdown))} | ${fmt(median(markdownMs), 1)} | ${markdownMs.map((m) => fmt(m, 1)).join(', ')} |`,
    `| JSON (\`JSON.stringify\`, 2-space) | ${fmt(bytes(json))} | n/a | n/a |`,
    '',
    "| building the report again from the drill's history (`buildDrillReport`, history in memory, without DRS) | median (ms) | the runs (ms) |",
    '| --- | ---: | --- |',
    `| execution, ${fmt(report.waves.length)} waves, ${fmt(report.servers.length)} servers | ${fmt(median(buildMs), 1)} | ${buildMs.map((m) => fmt(m, 1)).join(', ')} |`,
    '',
    `With DRS, the build adds ${instanceCalls} \`DescribeRecoveryInstances\` calls (${fmt(report.servers.length)} instances, ${DRS_API_LIMITS.maxIdsPerFilter} per call); against DynamoDB, the reads of the execution, its waves and its servers (one Query each, paged).`,
    '',
  ];
  writeFileSync(join(root, 'bench', 'REPORT.md'), lines.join('\n'));
  console.log('bench: wrote bench/REPORT.md');
}

await main();

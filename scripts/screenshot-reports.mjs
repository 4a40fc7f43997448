// `npm run docs:screenshots`: simulates the three-tier and the large sample plans with the built
// CLI, then takes a screenshot of each HTML drill report with headless Chromium (Debian's
// `chromium` package: `apt-get install chromium`), into docs/images/. Each report is
// self-contained: nothing is fetched while the page renders.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './importFromSource.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM`);
  process.exit(2);
}
const cli = join(root, 'dist', 'cli', 'index.js');
if (!existsSync(cli)) {
  console.error('No built CLI: run npm run build first');
  process.exit(2);
}
const images = join(root, 'docs', 'images');
mkdirSync(images, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'drs-waves-screens-'));
try {
  for (const [name, plan, extra, height] of [
    // The three-tier sample with one failed application server: a failure section, a MISSED RTO.
    [
      'three-tier',
      'three-tier.json',
      ['--fail-server', 's-00000000000000005=InsufficientInstanceCapacity'],
      1700,
    ],
    ['large', 'large.json', [], 2400],
  ]) {
    const out = join(scratch, name);
    try {
      execFileSync(
        process.execPath,
        [
          cli,
          'simulate',
          join(root, 'examples', 'plans', plan),
          '--out',
          out,
          '--no-progress',
          ...extra,
        ],
        { stdio: 'ignore' },
      );
    } catch (error) {
      // A failed drill exits 1 and still writes its report.
      if (error.status !== 1) throw error;
    }
    const png = join(images, `drill-report-${name}.png`);
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--window-size=1280,${height}`,
        `--screenshot=${png}`,
        pathToFileURL(join(out, 'drill-report.html')).href,
      ],
      { stdio: 'ignore' },
    );
    console.log(`wrote ${png}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

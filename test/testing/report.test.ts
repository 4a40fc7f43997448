import { describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/report/DrillReport';
import { formatDuration } from '../../src/report/formatDuration';
import { renderDrillReportHtml } from '../../src/report/renderDrillReportHtml';
import { renderDrillReportMarkdown } from '../../src/report/renderDrillReportMarkdown';
import { APP0, APP1, CACHE0, CACHE1, DB0, DB1, largeReport, smallReport } from './reportFixtures';

/** The small report with hostile text in an error, a wave name and a fault. */
const hostileReport: DrillReport = {
  ...smallReport,
  simulation: { ...smallReport.simulation, faults: ['<img src=x onerror=alert(1)>'] },
  waves: smallReport.waves.map((wave) =>
    wave.waveId === 'app' ? { ...wave, name: `App" onmouseover="alert(1)' x` } : wave,
  ),
  servers: smallReport.servers.map((server) =>
    server.sourceServerId === APP1
      ? { ...server, error: 'boom | <script>alert("x")</script>\nline 2' }
      : server,
  ),
};

interface SvgBar {
  readonly classes: readonly string[];
  readonly outcome: string;
  readonly x: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

function bars(html: string, kind: 'wave-bar' | 'server-bar'): SvgBar[] {
  const pattern = new RegExp(
    `<rect class="${kind} ([^"]*)" data-outcome="([^"]*)" x="([^"]*)" y="[^"]*" width="([^"]*)" height="([^"]*)"><title>([^<]*)</title></rect>`,
    'g',
  );
  return [...html.matchAll(pattern)].map((m) => ({
    classes: (m[1] ?? '').split(' '),
    outcome: m[2] ?? '',
    x: Number(m[3]),
    width: Number(m[4]),
    height: Number(m[5]),
    title: m[6] ?? '',
  }));
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [59, '59 s'],
    [60, '1 min 00 s'],
    [534, '8 min 54 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 00 min 00 s'],
    [3725, '1 h 02 min 05 s'],
    [90_000, '25 h 00 min 00 s'],
  ])('formats %d seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('rounds to whole seconds before splitting into units', () => {
    expect([0.4, 59.5, 3599.6].map(formatDuration)).toStrictEqual([
      '0 s',
      '1 min 00 s',
      '1 h 00 min 00 s',
    ]);
  });

  it('signs negative values and names values that are not finite', () => {
    expect([-75, -0.4, Number.NaN, Number.POSITIVE_INFINITY].map(formatDuration)).toStrictEqual([
      '-1 min 15 s',
      '0 s',
      'unknown',
      'unknown',
    ]);
  });
});

describe('renderDrillReportMarkdown', () => {
  it('renders the small report exactly, waves in stage order', () => {
    expect(
      renderDrillReportMarkdown(smallReport),
    ).toBe(String.raw`# Drill report: shop (Shop) — FAILED

## Summary

| Item | Value |
| --- | --- |
| Plan | shop (Shop) |
| Execution ID | shop-drill-42 |
| Execution type | DRILL |
| Status | FAILED |
| Simulated duration | 1 h 02 min 05 s |
| Simulated clock | 2026-01-01T00:00:00.000Z to 2026-01-01T01:02:05.000Z |
| Wall time | 2 s |
| Seed | 42 |
| Waves | 3 in 2 stages: 1 COMPLETED, 1 FAILED, 1 TIMED_OUT |
| Servers | 6: 3 launched, 2 failed, 1 pending |
| State transitions | 1,234 |
| Lambda invocations | 321 |
| Largest history | 2,500 events (10.0% of the 25,000 limit) |
| Largest payload | 20,480 bytes (7.8% of the 256 KiB limit) |
| DRS calls | 363: DescribeJobLogItems 240, DescribeJobs 120, StartRecovery 3 |

## Failure

**Error:** WaveFailed

**Cause:** Stage 2 failed: wave app (critical server s-0000000000000app1 failed), wave cache (timed out with 1 server pending)

## Injected faults

- server s-0000000000000app1 fails to launch: InsufficientInstanceCapacity
- server s-00000000000000db1 fails to launch: UnsupportedOperation
- server s-000000000000ca0c1 never finishes conversion

## Waves

| Stage | Wave | Status | Servers | Launched | Failed | Started | Ended | Duration |
| ---: | --- | --- | ---: | ---: | ---: | --- | --- | --- |
| 1 | db (Database) | COMPLETED | 2 | 1 | 1 | +0 s | +8 min 54 s | 8 min 54 s |
| 2 | app (Application) | FAILED | 2 | 1 | 1 | +8 min 54 s | +20 min 00 s | 11 min 06 s |
| 2 | cache | TIMED_OUT | 2 | 1 | 0 | +8 min 54 s | +1 h 02 min 00 s | 53 min 06 s |

## Servers

| Server | Wave | Impact | Verdict | Recovery instance | Error | Ended |
| --- | --- | --- | --- | --- | --- | --- |
| s-00000000000000db0 | db | CRITICAL | LAUNCHED | i-0000000000000d0b0 | — | +8 min 00 s |
| s-00000000000000db1 | db | OPTIONAL | FAILED | — | UnsupportedOperation: boot mode \| UEFI<br>not supported | +6 min 10 s |
| s-0000000000000app1 | app | CRITICAL | FAILED | — | InsufficientInstanceCapacity | +15 min 30 s |
| s-0000000000000app0 | app | CRITICAL | LAUNCHED | i-00000000000000a90 | — | +18 min 00 s |
| s-000000000000ca0c0 | cache | CRITICAL | LAUNCHED | i-00000000000000ca0 | — | +12 min 00 s |
| s-000000000000ca0c1 | cache | CRITICAL | PENDING | — | — | — |

## Failed servers

| Server | Wave | Impact | Error |
| --- | --- | --- | --- |
| s-00000000000000db1 | db | OPTIONAL | UnsupportedOperation: boot mode \| UEFI<br>not supported |
| s-0000000000000app1 | app | CRITICAL | InsufficientInstanceCapacity |

---

Written by drs-waves 0.1.0.
`);
  });

  it('leaves out the failure section and says so when nothing failed', () => {
    const succeeded: DrillReport = {
      ...smallReport,
      status: 'SUCCEEDED',
      simulation: { ...smallReport.simulation, faults: [] },
      servers: smallReport.servers.map(({ error: _error, ...server }) => ({
        ...server,
        verdict: 'LAUNCHED' as const,
      })),
    };
    const { error: _error, cause: _cause, ...rest } = succeeded;
    const md = renderDrillReportMarkdown(rest);
    expect(md.startsWith('# Drill report: shop (Shop) — SUCCEEDED\n')).toBe(true);
    expect(md).not.toContain('## Failure');
    expect(md).toContain('## Injected faults\n\nNone.\n');
    expect(md).toContain('## Failed servers\n\nNo server failed.\n');
    expect(md).toContain('| Servers | 6: 6 launched, 0 failed, 0 pending |');
  });

  it('escapes pipes, HTML and line breaks in every cell and line', () => {
    const md = renderDrillReportMarkdown(hostileReport);
    expect(md).toContain(
      String.raw`| s-0000000000000app1 | app | CRITICAL | boom \| \<script\>alert("x")\</script\><br>line 2 |`,
    );
    expect(md).toContain(String.raw`- \<img src=x onerror=alert(1)\>`);
    expect(md).not.toMatch(/(?<!\\)<(script|img)/i);
    // Every row of the failures table still splits into exactly four cells.
    const failures = md.slice(md.indexOf('## Failed servers'));
    const rows = failures.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});

describe('renderDrillReportHtml', () => {
  const html = renderDrillReportHtml(smallReport);
  const large = renderDrillReportHtml(largeReport());

  it('is one self-contained page: nothing fetched, no scripts', () => {
    for (const page of [html, large]) {
      expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      expect(page).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
      );
      expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|@import|href=|url\(http/i);
      expect(page).not.toMatch(/\ssrc=/i);
      expect([...page.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toSatisfy((targets) =>
        (targets as string[]).every((target) => /^#hatch-[a-z-]+$/.test(target)),
      );
    }
  });

  it('escapes every string from the report', () => {
    const page = renderDrillReportHtml(hostileReport);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('boom | &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\nline 2');
    expect(page).toContain('<li>&lt;img src=x onerror=alert(1)&gt;</li>');
    expect(page).toContain('App&quot; onmouseover=&quot;alert(1)&#39; x');
    expect(page).not.toContain('" onmouseover');
    expect(page).not.toContain("alert(1)' x");
  });

  it('shows the same summary as the Markdown', () => {
    const md = renderDrillReportMarkdown(smallReport);
    const summary = md.slice(md.indexOf('| Plan |'), md.indexOf('\n\n## Failure'));
    const rows = summary.split('\n').map((line) => line.slice(2, -2).split(' | '));
    expect(rows).toHaveLength(15);
    for (const [label = '', value = ''] of rows) {
      const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(html).toContain(`<tr><th scope="row">${label}</th><td>${escaped}</td></tr>`);
    }
    expect(html).toContain('<dt>Error</dt><dd>WaveFailed</dd>');
    expect(html).toContain('<h1>Drill report: shop (Shop) — FAILED</h1>');
  });

  it('draws one bar per wave and one bar per server', () => {
    expect(bars(html, 'wave-bar')).toHaveLength(3);
    expect(bars(html, 'server-bar')).toHaveLength(6);
    expect(count(html, /class="wave-bar /g)).toBe(3);
    expect(count(html, /class="server-bar /g)).toBe(6);
    expect(bars(large, 'wave-bar')).toHaveLength(30);
    expect(bars(large, 'server-bar')).toHaveLength(3000);
    expect(count(large, /class="server-bar /g)).toBe(3000);
    const ids = bars(large, 'server-bar').map((bar) => bar.title.split(':')[0]);
    expect(new Set(ids).size).toBe(3000);
  });

  it('colours each bar by its outcome', () => {
    const outcomes = Object.fromEntries(
      bars(html, 'server-bar').map((bar) => [bar.title.split(':')[0], bar.outcome]),
    );
    expect(outcomes).toStrictEqual({
      [DB0]: 'launched',
      [DB1]: 'failed-optional',
      [APP0]: 'launched',
      [APP1]: 'failed',
      [CACHE0]: 'launched',
      [CACHE1]: 'pending',
    });
    expect(bars(html, 'wave-bar').map((bar) => [bar.title.split(':')[0], bar.outcome])).toEqual([
      ['Wave db (Database)', 'launched'],
      ['Wave app (Application)', 'failed'],
      ['Wave cache', 'pending'],
    ]);
    for (const rule of [
      '.timeline .launched{fill:#2e7d32}',
      '.timeline .failed{fill:#c62828}',
      '.timeline .failed-optional{fill:#ef6c00}',
      '.timeline .pending{fill:#9e9e9e}',
      '.timeline .pending.untimed{fill:url(#hatch-pending)}',
    ]) {
      expect(html).toContain(rule);
    }
    expect(html).toContain('<pattern id="hatch-pending"');
  });

  it('places bars on the simulated clock, untimed servers hatched from wave start to report end', () => {
    // 960 px for 3,725 s, after a 240 px label gutter.
    const byId = new Map(bars(html, 'server-bar').map((bar) => [bar.title.split(':')[0], bar]));
    const pending = byId.get(CACHE1);
    expect(pending?.classes).toStrictEqual(['pending', 'untimed']);
    expect([pending?.x, pending?.width]).toStrictEqual([377.6, 822.4]); // 8 min 54 s to 1 h 02 min 05 s
    const failed = byId.get(APP1);
    expect(failed?.classes).toStrictEqual(['failed']);
    expect([failed?.x, failed?.width]).toStrictEqual([379.2, 100.5]); // 9 min 00 s to 15 min 30 s
    // The wave-level chart and each wave's folded chart share the axis: 60 min, top and bottom.
    expect(count(html, /<text class="tick"[^>]*>60<\/text>/g)).toBe(2 * (1 + 3));
  });

  it('draws waves that never started and servers of no known wave, hatched across the run', () => {
    const page = renderDrillReportHtml({
      ...smallReport,
      waves: [
        ...smallReport.waves,
        {
          waveId: 'web',
          stage: 2,
          status: 'NOT_STARTED',
          serverCount: 1,
          launched: 0,
          failed: 0,
          pending: 1,
          jobIds: [],
        },
      ],
      stages: [...smallReport.stages, ['web']],
      servers: [
        ...smallReport.servers,
        {
          sourceServerId: 's-000000000000000e0',
          waveId: 'web',
          impact: 'CRITICAL',
          verdict: 'PENDING',
          phase: 'NONE',
        },
        {
          sourceServerId: 's-0000000000000aaa0',
          waveId: 'ghost',
          impact: 'OPTIONAL',
          verdict: 'PENDING',
          phase: 'NONE',
        },
      ],
    });
    // A wave that never started has no bar: it is written as such.
    expect(bars(page, 'wave-bar')).toHaveLength(3);
    expect(page).toContain('>Stage 3</text>');
    expect(count(page, /<text class="not-started"[^>]*>not started<\/text>/g)).toBe(1);
    const serverBars = bars(page, 'server-bar');
    expect(serverBars).toHaveLength(8);
    for (const bar of serverBars.slice(6)) {
      expect(bar).toMatchObject({ classes: ['pending', 'untimed'], x: 240, width: 960 });
    }
    // Servers of no known wave are listed under their own heading.
    expect(page).toContain('<summary>(no wave): 1 server, 0 launched, 0 failed</summary>');
    expect(page).toContain('<summary>web: 1 server, 0 launched, 0 failed</summary>');
  });

  it('gives each bar a tooltip with the server, verdict, error and instance', () => {
    const titles = new Map(bars(html, 'server-bar').map((bar) => [bar.title.split(':')[0], bar]));
    expect(titles.get(APP1)?.title).toBe(
      [
        `${APP1}: FAILED (CRITICAL)`,
        'Wave app, phase LAUNCH, launch status FAILED',
        'Error: InsufficientInstanceCapacity',
        'Job: drsjob-00000000000000002',
        'Times: started +9 min 00 s, ended +15 min 30 s',
      ].join('\n'),
    );
    expect(titles.get(DB0)?.title).toContain('Recovery instance: i-0000000000000d0b0');
    expect(titles.get(CACHE1)?.title).toContain('Times unknown');
  });

  it('keeps a 30-wave, 3,000-server report readable: one bar per wave, servers folded per wave', () => {
    // The first chart is wave-level: 30 bars, no server bar.
    const main = large.slice(large.indexOf('<svg'), large.indexOf('</svg>'));
    expect(count(main, /class="wave-bar /g)).toBe(30);
    expect(count(main, /class="server-bar /g)).toBe(0);
    // Each wave's servers in a folded section of their own, labelled, with a table.
    expect(count(large, /<details class="wave-servers">/g)).toBe(30);
    expect(count(large, /<details class="wave-servers" open/g)).toBe(0);
    expect(bars(large, 'server-bar').every((bar) => bar.height === 9)).toBe(true);
    expect(count(large, /<text class="server-label"/g)).toBe(3000);
    // No text below 11 px.
    const sizes = [...large.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    expect(Buffer.byteLength(large, 'utf8')).toBeLessThan(4 * 1024 * 1024);
  });
});

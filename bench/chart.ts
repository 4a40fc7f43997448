import type { Figures } from './run.ts';

interface Row {
  readonly name: string;
  readonly polling: Figures;
  readonly events: Figures;
  readonly seed: Figures;
}

const METRICS: [string, (f: Figures) => number][] = [
  ['DRS calls', (f) => Object.values(f.drsCalls).reduce((a, b) => a + b, 0)],
  ['State transitions', (f) => f.stateTransitions],
  ['Largest history', (f) => f.largestHistoryEvents],
  ['Largest payload (B)', (f) => f.largestPayloadBytes],
  ['DynamoDB requests', (f) => f.dynamoRequests],
  ['DynamoDB WCU', (f) => f.wcu],
];

const SERIES = [
  ['polling', 'drs-waves polling', '#1f6feb'],
  ['events', 'drs-waves event-driven', '#2da44e'],
  ['seed', 'seed design', '#8c959f'],
] as const;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A grouped bar chart, log scale: per scenario and figure, drs-waves polling and event-driven
 * beside the seed design.
 */
export function renderChart(rows: readonly Row[]): string {
  const barW = 12;
  const metricW = SERIES.length * barW + 10;
  const groupW = METRICS.length * metricW + 30;
  const width = 100 + rows.length * groupW;
  const height = 420;
  const top = 60;
  const plotH = 220;
  const max = Math.max(
    ...rows.flatMap((r) =>
      METRICS.flatMap(([, get]) =>
        SERIES.filter(([key]) => r[key].finished).map(([key]) => get(r[key])),
      ),
    ),
    10,
  );
  const decades = Math.ceil(Math.log10(max));
  const y = (v: number) => top + plotH - (Math.log10(Math.max(1, v)) / decades) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>drs-waves polling and event-driven against the seed guide's design (log scale)</title>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">drs-waves polling (blue), drs-waves event-driven (green), the seed guide's design (grey); log scale</text>`,
  ];
  SERIES.forEach(([, label, colour], k) => {
    parts.push(
      `<rect x="${10 + k * 190}" y="32" width="10" height="10" fill="${colour}"/>`,
      `<text x="${24 + k * 190}" y="41">${escapeXml(label)}</text>`,
    );
  });
  for (let d = 0; d <= decades; d += 1) {
    const yy = y(10 ** d);
    parts.push(
      `<line x1="80" x2="${width - 10}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`,
      `<text x="75" y="${yy + 4}" text-anchor="end">${(10 ** d).toLocaleString('en-US')}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const gx = 90 + i * groupW;
    parts.push(
      `<text x="${gx + groupW / 2 - 15}" y="${height - 8}" text-anchor="middle" font-weight="bold">${escapeXml(row.name)}</text>`,
    );
    METRICS.forEach(([label, get], m) => {
      const x = gx + m * metricW;
      SERIES.forEach(([key, name, colour], k) => {
        // A run that did not finish has no figures: no bar.
        if (!row[key].finished) return;
        const v = get(row[key]);
        const yy = y(v);
        parts.push(
          `<rect x="${x + k * barW}" y="${yy}" width="${barW - 2}" height="${top + plotH - yy}" fill="${colour}"><title>${escapeXml(`${row.name}, ${label}, ${name}: ${v.toLocaleString('en-US')}`)}</title></rect>`,
        );
      });
      parts.push(
        `<text transform="translate(${x + barW},${top + plotH + 8}) rotate(60)" font-size="9">${escapeXml(label)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

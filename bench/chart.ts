import type { Figures } from './run.ts';

interface Row {
  readonly name: string;
  readonly ours: Figures;
  readonly seed: Figures;
}

const METRICS: [string, (f: Figures) => number][] = [
  ['DRS calls', (f) => Object.values(f.drsCalls).reduce((a, b) => a + b, 0)],
  ['State transitions', (f) => f.stateTransitions],
  ['Largest history', (f) => f.largestHistoryEvents],
  ['Largest payload (B)', (f) => f.largestPayloadBytes],
  ['DynamoDB requests', (f) => f.dynamoRequests],
];

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A grouped bar chart, log scale: per scenario and figure, drs-waves beside the seed design. */
export function renderChart(rows: readonly Row[]): string {
  const barW = 14;
  const groupW = METRICS.length * (2 * barW + 10) + 30;
  const width = 100 + rows.length * groupW;
  const height = 400;
  const top = 50;
  const plotH = 220;
  const max = Math.max(
    ...rows.flatMap((r) => METRICS.flatMap(([, get]) => [get(r.ours), get(r.seed)])),
    10,
  );
  const decades = Math.ceil(Math.log10(max));
  const y = (v: number) => top + plotH - (Math.log10(Math.max(1, v)) / decades) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>drs-waves against the seed guide's design (log scale)</title>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">drs-waves (blue) against the seed guide's design (grey), log scale</text>`,
  ];
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
      const x = gx + m * (2 * barW + 10);
      for (const [k, figures, colour] of [
        [0, row.ours, '#1f6feb'],
        [1, row.seed, '#8c959f'],
      ] as const) {
        const v = get(figures);
        const yy = y(v);
        parts.push(
          `<rect x="${x + k * barW}" y="${yy}" width="${barW - 2}" height="${top + plotH - yy}" fill="${colour}"><title>${escapeXml(`${row.name}, ${label}, ${k === 0 ? 'drs-waves' : 'seed design'}: ${v.toLocaleString('en-US')}`)}</title></rect>`,
        );
      }
      parts.push(
        `<text transform="translate(${x + barW},${top + plotH + 8}) rotate(60)" font-size="9">${escapeXml(label)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

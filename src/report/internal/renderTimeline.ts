import type {
  DrillReport,
  DrillReportAction,
  DrillReportServer,
  DrillReportWave,
} from '../DrillReport';
import { formatDuration } from '../formatDuration';
import { escapeHtml } from './escapeHtml';
import { NO_WAVE, namedLabel } from './labels';
import { clockName, offsetLabel, reportEnd, secondsBetween } from './timing';
import { wavesInStageOrder } from './wavesInStageOrder';

/** The outcome a bar is coloured by; each is a CSS class of `renderDrillReportHtml`'s style sheet. */
type Outcome = 'launched' | 'failed' | 'failed-optional' | 'pending' | 'running';

/** Plans up to this many servers get taller server bars with their IDs as labels. */
const LABELLED_SERVER_LIMIT = 200;
const GUTTER = 240;
const PLOT = 960;
const WIDTH = GUTTER + PLOT + 24;
const LEGEND_HEIGHT = 28;
const AXIS_HEIGHT = 22;
const STAGE_HEIGHT = 20;
const WAVE_HEIGHT = 16;
const WAVE_BAR = 10;
/** An action drawn on its wave's row: thinner than the wave's bar. */
const ACTION_BAR = 6;
const WAVE_GAP = 6;
const LABEL_CHARS = 36;
const TICK_STEPS_MINUTES = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];
const MAX_TICKS = 12;

/**
 * The timeline of a report as an inline SVG Gantt chart (on the simulated clock for a simulation). Without
 * `waveId`: one bar per wave (class `wave-bar`), so the chart stays readable at thousands of
 * servers; a wave that never started gets no bar, only the words `not started` (class
 * `not-started`). With `waveId`: one bar per server of that wave (class `server-bar`), on the
 * same axis, for the wave's folded detail. Each bar has a `data-outcome` and a `<title>`
 * tooltip; bars whose start or end is unknown run from the wave's start (or the report's) to
 * the report's end and are hatched (class `untimed`). Every string from the report is escaped.
 * Only the wave-level chart holds the legend and the hatch patterns (one set per page).
 *
 * @example
 * ```ts
 * const svg = renderTimeline(report); // '<svg xmlns="http://www.w3.org/2000/svg" ...'
 * const db = renderTimeline(report, 'db'); // the servers of wave db
 * ```
 *
 * @internal
 */
export function renderTimeline(report: DrillReport, waveId?: string): string {
  const total = secondsBetween(report.startedAt, reportEnd(report));
  const span = Number.isFinite(total) && total > 0 ? total : 1;
  const x = (at: string | undefined, fallback: number): number => {
    const seconds = at === undefined ? Number.NaN : secondsBetween(report.startedAt, at);
    const clamped = Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), span) : fallback;
    return GUTTER + (clamped / span) * PLOT;
  };
  const waves = wavesInStageOrder(report);
  const actions = report.actions ?? [];
  const known = new Set(waves.map((wave) => wave.waveId));
  const detail = waveId !== undefined;
  const servers = detail
    ? report.servers.filter((s) =>
        waveId === NO_WAVE ? !known.has(s.waveId) : s.waveId === waveId,
      )
    : [];
  const labelled = servers.length <= LABELLED_SERVER_LIMIT;
  const pitch = labelled ? 14 : 4;
  const serverBar = labelled ? 9 : 3;
  const top = detail ? 0 : LEGEND_HEIGHT;

  const body: string[] = [];
  let y = top + AXIS_HEIGHT;
  const plotTop = y;
  if (detail) {
    const wave = waves.find((w) => w.waveId === waveId);
    for (const server of servers) {
      if (labelled) {
        body.push(
          `<text class="server-label" x="20" y="${y + serverBar}">${labelText(server.sourceServerId)}</text>`,
        );
      }
      const serverEnd = server.endedAt ?? server.launchedAt;
      const untimed = server.startedAt === undefined || serverEnd === undefined;
      const start = x(server.startedAt ?? wave?.startedAt, 0);
      const end = x(serverEnd, span);
      const outcome = serverOutcome(server);
      const tooltip = serverTooltip(report, server, untimed);
      body.push(bar('server-bar', outcome, untimed, start, end, y, serverBar, tooltip));
      y += pitch;
    }
  } else {
    let stage: number | undefined;
    for (const wave of waves) {
      if (wave.stage !== stage) {
        stage = wave.stage;
        body.push(
          `<text class="stage-label" x="8" y="${y + 14}">Stage ${escapeHtml(String(stage + 1))}</text>`,
          `<line class="stage-rule" x1="8" x2="${WIDTH - 8}" y1="${y + 18.5}" y2="${y + 18.5}"/>`,
        );
        y += STAGE_HEIGHT;
      }
      const label = namedLabel(wave.waveId, wave.name);
      body.push(`<text class="wave-label" x="8" y="${y + WAVE_BAR}">${labelText(label)}</text>`);
      if (wave.startedAt === undefined && wave.status === 'NOT_STARTED') {
        body.push(
          `<text class="not-started" x="${GUTTER + 4}" y="${y + WAVE_BAR}">not started</text>`,
        );
      } else {
        const start = x(wave.startedAt, 0);
        const end = x(wave.endedAt, span);
        const untimed = wave.startedAt === undefined || wave.endedAt === undefined;
        const outcome = waveOutcome(wave.status);
        body.push(
          bar('wave-bar', outcome, untimed, start, end, y + 3, WAVE_BAR, waveTooltip(report, wave)),
        );
      }
      // Its actions on the same row: before the launch they end where the wave bar starts,
      // after it they start where it ends. Thinner, so the wave's own bar stands out.
      for (const action of actions.filter((a) => a.waveId === wave.waveId)) {
        body.push(
          bar(
            'action-bar',
            actionOutcome(action),
            action.endedAt === undefined,
            x(action.startedAt, 0),
            x(action.endedAt, span),
            y + 3 + (WAVE_BAR - ACTION_BAR) / 2,
            ACTION_BAR,
            actionTooltip(report, action),
          ),
        );
      }
      y += WAVE_HEIGHT + WAVE_GAP;
    }
  }
  const plotBottom = y;
  const height = plotBottom + AXIS_HEIGHT;

  const ticks = tickMinutes(span);
  const axis: string[] = [
    `<text class="axis-title" x="${GUTTER - 8}" y="${top + 14}">minutes</text>`,
    `<text class="axis-title" x="${GUTTER - 8}" y="${plotBottom + 15}">minutes</text>`,
  ];
  for (const minutes of ticks) {
    const tx = num(GUTTER + ((minutes * 60) / span) * PLOT);
    const label = formatMinutes(minutes);
    axis.push(
      `<line class="grid" x1="${tx}" x2="${tx}" y1="${plotTop - 4}" y2="${plotBottom}"/>`,
      `<text class="tick" x="${tx}" y="${top + 14}">${label}</text>`,
      `<text class="tick" x="${tx}" y="${plotBottom + 15}">${label}</text>`,
    );
  }
  const what = detail
    ? `the servers of wave ${waveId === NO_WAVE ? 'unknown' : waveId}`
    : 'the waves';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(`Timeline of ${what} on ${clockName(report)}`)}">`,
    `<title>${escapeHtml(`Timeline of ${what}: ${formatDuration(report.durationSeconds)} on ${clockName(report)}`)}</title>`,
    ...(detail ? [] : [PATTERNS, legend()]),
    ...axis,
    ...body,
    '</svg>',
  ].join('\n');
}

function bar(
  kind: 'wave-bar' | 'server-bar' | 'action-bar',
  outcome: Outcome,
  untimed: boolean,
  start: number,
  end: number,
  y: number,
  height: number,
  tooltip: string,
): string {
  const width = Math.max(end - start, 1);
  const classes = `${kind} ${outcome}${untimed ? ' untimed' : ''}`;
  return `<rect class="${classes}" data-outcome="${outcome}" x="${num(start)}" y="${y}" width="${num(width)}" height="${height}"><title>${escapeHtml(tooltip)}</title></rect>`;
}

function waveOutcome(status: string): Outcome {
  switch (status) {
    case 'COMPLETED':
      return 'launched';
    case 'FAILED':
      return 'failed';
    case 'STARTED':
    case 'AWAITING_APPROVAL':
      return 'running';
    default:
      return 'pending';
  }
}

function serverOutcome(server: DrillReportServer): Outcome {
  if (server.verdict === 'LAUNCHED') return 'launched';
  if (server.verdict === 'FAILED')
    return server.impact === 'OPTIONAL' ? 'failed-optional' : 'failed';
  return 'pending';
}

function actionOutcome(action: DrillReportAction): Outcome {
  if (action.outcome === undefined) return 'running';
  if (action.outcome === 'SUCCEEDED') return 'launched';
  return action.onFailure === 'CONTINUE' ? 'failed-optional' : 'failed';
}

function actionTooltip(report: DrillReport, action: DrillReportAction): string {
  const lines = [
    `Action ${action.phase} ${action.index + 1} of wave ${action.waveId}: ${action.label}`,
    `${action.outcome ?? 'RUNNING'} (on failure: ${action.onFailure})`,
    `Started ${offsetLabel(report, action.startedAt)}, ended ${offsetLabel(report, action.endedAt)}`,
  ];
  if (action.cause !== undefined) lines.push(`Cause: ${action.cause}`);
  return lines.join('\n');
}

function waveTooltip(report: DrillReport, wave: DrillReportWave): string {
  const lines = [
    `Wave ${namedLabel(wave.waveId, wave.name)}: ${wave.status}`,
    `Stage ${wave.stage + 1}; ${wave.serverCount} servers: ${wave.launched} launched, ${wave.failed} failed, ${wave.pending} pending`,
    `Started ${offsetLabel(report, wave.startedAt)}, ended ${offsetLabel(report, wave.endedAt)}`,
  ];
  if (wave.jobIds.length > 0) lines.push(`Jobs: ${wave.jobIds.join(', ')}`);
  if (wave.error !== undefined) lines.push(`Error: ${wave.error}`);
  if (wave.cause !== undefined) lines.push(`Cause: ${wave.cause}`);
  return lines.join('\n');
}

function serverTooltip(report: DrillReport, server: DrillReportServer, untimed: boolean): string {
  const lines = [
    `${server.sourceServerId}: ${server.verdict} (${server.impact})`,
    `Wave ${server.waveId}, phase ${server.phase}${server.launchStatus === undefined ? '' : `, launch status ${server.launchStatus}`}`,
  ];
  if (server.error !== undefined) lines.push(`Error: ${server.error}`);
  if (server.recoveryInstanceId !== undefined) {
    lines.push(`Recovery instance: ${server.recoveryInstanceId}`);
  }
  if (server.jobId !== undefined) lines.push(`Job: ${server.jobId}`);
  const times = [`started ${offsetLabel(report, server.startedAt)}`];
  if (server.launchedAt !== undefined)
    times.push(`launched ${offsetLabel(report, server.launchedAt)}`);
  times.push(`ended ${offsetLabel(report, server.endedAt)}`);
  lines.push(`Times: ${times.join(', ')}`);
  if (untimed) lines.push('Times unknown: drawn from the wave start to the report end');
  return lines.join('\n');
}

function legend(): string {
  const items: readonly [Outcome, string, boolean][] = [
    ['launched', 'Launched / completed', false],
    ['failed', 'Failed (critical)', false],
    ['failed-optional', 'Failed (optional)', false],
    ['pending', 'Pending / timed out', false],
    ['running', 'In progress', false],
    ['pending', 'Hatched: time unknown', true],
  ];
  let lx = 8;
  const parts = items.map(([outcome, text, untimed]) => {
    const swatch = `<rect class="swatch ${outcome}${untimed ? ' untimed' : ''}" x="${lx}" y="6" width="12" height="12"/>`;
    const label = `<text class="legend-label" x="${lx + 16}" y="16">${text}</text>`;
    lx += 16 + text.length * 6.5 + 18;
    return swatch + label;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

const PATTERN_COLOURS: readonly [Outcome, string][] = [
  ['launched', '#2e7d32'],
  ['failed', '#c62828'],
  ['failed-optional', '#ef6c00'],
  ['pending', '#9e9e9e'],
  ['running', '#1565c0'],
];

const PATTERNS = `<defs>${PATTERN_COLOURS.map(
  ([outcome, colour]) =>
    `<pattern id="hatch-${outcome}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${colour}" fill-opacity="0.3"/><rect width="3" height="6" fill="${colour}"/></pattern>`,
).join('')}</defs>`;

/**
 * The CSS rules that colour the timeline's outcome classes, plain or hatched, for `renderDrillReportHtml`'s
 * style sheet.
 *
 * @example
 * ```ts
 * const style = `<style>${TIMELINE_STYLE}</style>`;
 * ```
 *
 * @internal
 */
export const TIMELINE_STYLE = PATTERN_COLOURS.map(
  ([outcome, colour]) =>
    `.timeline .${outcome}{fill:${colour}}.timeline .${outcome}.untimed{fill:url(#hatch-${outcome})}`,
).join('\n');

function tickMinutes(spanSeconds: number): number[] {
  const spanMinutes = spanSeconds / 60;
  let step = TICK_STEPS_MINUTES.find((s) => spanMinutes / s <= MAX_TICKS);
  if (step === undefined) step = 1440 * Math.ceil(spanMinutes / 1440 / MAX_TICKS);
  const ticks: number[] = [];
  for (let i = 0; i * step <= spanMinutes + 1e-9; i += 1) ticks.push(i * step);
  return ticks;
}

function formatMinutes(minutes: number): string {
  return String(Number(minutes.toFixed(2)));
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A label's escaped text, cut to fit the gutter; a cut label keeps its full text as a tooltip. */
function labelText(text: string): string {
  if (text.length <= LABEL_CHARS) return escapeHtml(text);
  return `<title>${escapeHtml(text)}</title>${escapeHtml(text.slice(0, LABEL_CHARS - 1))}…`;
}

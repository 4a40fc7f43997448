import { createHash } from 'node:crypto';
import type { Notice } from '../../notifications/NotificationPort';
import type { ReadinessFinding } from '../../readiness/ReadinessFinding';
import type { ReadinessReport } from '../../readiness/ReadinessReport';
import { inWords } from './checkReadinessAction';

/** The most finding keys a plan's readiness record keeps (an item stays far below 400 KB). */
export const KEPT_KEYS = 500;
/** The most findings a record keeps in words, and a notice lists per section. */
export const LISTED_FINDINGS = 20;
/** The most changes a record keeps. */
export const KEPT_CHANGES = 20;
/** SNS's longest subject. */
const SUBJECT_LENGTH = 100;

/**
 * What identifies a blocking finding from one check to the next: code, server, wave, account
 * and Region, never its message (a lag or an age moves at every check).
 */
export const keyOf = (f: ReadinessFinding): string =>
  [
    f.code,
    f.sourceServerId,
    f.waveId === undefined ? undefined : `(${f.waveId})`,
    f.accountId === undefined && f.region === undefined
      ? undefined
      : `[${[f.accountId, f.region].filter((part) => part !== undefined).join(' ')}]`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');

/** 16 hex digits of a SHA-256 of the sorted, distinct keys. */
export function fingerprintOf(keys: readonly string[]): string {
  return createHash('sha256')
    .update([...new Set(keys)].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/** The fingerprint of a plan with no blocking finding: what a plan never checked counts as. */
export const READY_FINGERPRINT = fingerprintOf([]);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Up to {@link LISTED_FINDINGS} lines, and how many more there are. */
function listed(lines: readonly string[]): string[] {
  const shown = lines.slice(0, LISTED_FINDINGS).map((line) => `- ${line}`);
  const more = lines.length - shown.length;
  return more > 0 ? [...shown, `- and ${more} more`] : shown;
}

/**
 * The notice of a change of readiness: the subject says what the plan is now; the message what
 * became blocking, what no longer is, and every blocking finding now (the first ones).
 */
export function readinessNotice(
  report: ReadinessReport,
  before: { readonly ready: boolean; readonly keys: readonly string[] },
): Notice {
  const { planId, summary } = report;
  const blocking = report.findings.filter((f) => f.severity === 'BLOCKING');
  const was = new Set(before.keys);
  const now = new Set(blocking.map(keyOf));
  const added = blocking.filter((f) => !was.has(keyOf(f)));
  const resolved = before.keys.filter((key) => !now.has(key));
  const state = summary.ready ? 'READY' : 'NOT READY';
  const subject =
    summary.ready !== before.ready
      ? `drs-waves: plan ${planId} is ${state}`
      : `drs-waves: plan ${planId} is still NOT READY, its blocking findings changed`;
  const lines = [
    `Plan ${planId} is ${state} (was ${before.ready ? 'READY' : 'NOT READY'}): ${plural(summary.blocking, 'blocking finding')}, ${plural(summary.warnings, 'warning')}, checked ${report.checkedAt}.`,
  ];
  if (added.length > 0) lines.push('', 'Now blocking:', ...listed(added.map(inWords)));
  if (resolved.length > 0) lines.push('', 'No longer blocking:', ...listed(resolved));
  if (blocking.length > 0) {
    lines.push('', 'Blocking findings:', ...listed(blocking.map(inWords)));
  }
  lines.push('', `Run drs-waves check for the whole report, with what to do about each finding.`);
  return {
    subject:
      subject.length > SUBJECT_LENGTH ? `${subject.slice(0, SUBJECT_LENGTH - 3)}...` : subject,
    message: lines.join('\n'),
    attributes: {
      planId,
      ready: String(summary.ready),
      blocking: String(summary.blocking),
    },
  };
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import * as v from 'valibot';
import { parseDocument, type YAMLError } from 'yaml';
import {
  InvalidOptionsError,
  isDrsWavesError,
  isMissingPeerDependencyError,
  type Problem,
} from '../errors';
import { isAccountId } from '../plan/accountId';
import { issuePath } from '../plan/internal/schema';
import { isIsoInstant, selectorInputSchema } from '../plan/internal/selection';
import { parseRecoveryPlan } from '../plan/parseRecoveryPlan';
import { isSourceServerId } from '../plan/sourceServerId';
import type { ProtectionGroup, RecoveryPlan, WaveServer } from '../plan/types';

/** Exit codes of the `drs-waves` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A bad input or environment that the command reports in one sentence rather than a list of
 * problems: an unreadable or unparsable file, a Node.js too old. `exitCode` is one of
 * {@link EXIT}.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The oldest Node.js major version that `simulate` runs on. */
export const MIN_NODE_MAJOR = 22;

/**
 * Refuses to go on under a Node.js older than {@link MIN_NODE_MAJOR}: the local Step Functions
 * runner calls APIs older versions lack (`Promise.withResolvers`), and would fail halfway.
 *
 * @throws {@link CliError} (exit 1) naming the version needed and the one running.
 */
export function requireNode(command: string, version: string = process.versions.node): void {
  const major = Number.parseInt(version, 10);
  if (major >= MIN_NODE_MAJOR) return;
  throw new CliError(
    `${command} needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version}`,
    EXIT.failed,
  );
}

/** The plan file name that stands for standard input. */
export const STDIN = '-';

type Format = 'JSON' | 'YAML';

/** `.json` is JSON, `.yaml` and `.yml` are YAML; any other name, and standard input, by content. */
function formatOf(file: string | undefined, text: string): Format {
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  if (extension === '.json') return 'JSON';
  if (extension === '.yaml' || extension === '.yml') return 'YAML';
  return /^\s*[{[]/.test(text) ? 'JSON' : 'YAML';
}

/** A YAML error in one line: its message and position, without the excerpt of the source. */
function yamlMessage(error: YAMLError): string {
  const at = error.linePos?.[0];
  if (error.code === 'MULTIPLE_DOCS' && at !== undefined) {
    return `Expected one document, got another at line ${at.line}, column ${at.col}`;
  }
  return (error.message.split('\n')[0] ?? '').replace(/:$/, '');
}

/**
 * Parses YAML 1.2 (core schema) as strictly as JSON: one document, unique keys, no unknown tags.
 * A document with nothing in it (comments only) is `undefined`.
 */
function parseYaml(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const error = document.errors[0] ?? document.warnings[0];
  if (error !== undefined) throw new Error(yamlMessage(error));
  if (document.contents === null) return undefined;
  return document.toJS({ maxAliasCount: 100 });
}

async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and parses an input file of the command, JSON or YAML: `.json` is JSON, `.yaml` and
 * `.yml` are YAML, any other name is read as JSON when it starts with `{` or `[`, else as YAML.
 * Given `stdin`, `-` reads it (standard input). An unreadable, empty or unparsable file is a
 * {@link CliError} (exit 2) naming the file and the parse error.
 */
export async function readDocument(
  file: string,
  what: 'plan' | 'groups' | 'options' | 'source servers',
  stdin?: () => AsyncIterable<string | Buffer>,
): Promise<unknown> {
  const fromStdin = stdin !== undefined && file === STDIN;
  const name = fromStdin ? 'standard input' : JSON.stringify(file);
  const subject = fromStdin
    ? `${capitalized(what)} from ${name}`
    : `${capitalized(what)} file ${name}`;
  let text: string;
  try {
    text = fromStdin ? await readAll(stdin()) : await readFile(file, 'utf8');
  } catch (error) {
    const from = fromStdin ? `the ${what} from ${name}` : `${what} file ${name}`;
    throw new CliError(`Cannot read ${from}: ${(error as Error).message}`, EXIT.usage);
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CliError(`${subject} is empty`, EXIT.usage);
  const format = formatOf(fromStdin ? undefined : file, text);
  let value: unknown;
  try {
    value = format === 'JSON' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(
      `${subject} is not valid ${format}: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
  if (value === undefined) throw new CliError(`${subject} is empty`, EXIT.usage);
  return value;
}

const capitalized = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * Reads and validates the plan: a JSON or YAML file (see {@link readDocument}), or `-` for
 * standard input.
 */
export async function readPlan(
  file: string,
  stdin: () => AsyncIterable<string | Buffer> = () => process.stdin,
): Promise<RecoveryPlan> {
  return parseRecoveryPlan(await readDocument(file, 'plan', stdin));
}

/**
 * Reads protection groups: `[{ id, accountId?, region?, servers: [id | { sourceServerId, impact }],
 * selector? }]`.
 */
export async function readGroups(file: string | undefined): Promise<ProtectionGroup[]> {
  if (file === undefined) return [];
  const raw = await readDocument(file, 'groups');
  const problems: Problem[] = [];
  if (!Array.isArray(raw)) {
    throw new InvalidOptionsError('drs-waves', [
      { path: 'groups', message: `Expected an array of protection groups in ${file}` },
    ]);
  }
  const groups = raw.map((g: unknown, i): ProtectionGroup => {
    const group = (typeof g === 'object' && g !== null ? g : {}) as Record<string, unknown>;
    if (typeof group.id !== 'string' || group.id === '')
      problems.push({ path: `groups[${i}].id`, message: 'Expected a group ID' });
    const servers = Array.isArray(group.servers) ? group.servers : [];
    const parsed = servers.map((s: unknown, j): WaveServer => {
      const entry =
        typeof s === 'object' && s !== null
          ? (s as Record<string, unknown>)
          : { sourceServerId: s };
      const impact = entry.impact ?? 'CRITICAL';
      if (!isSourceServerId(entry.sourceServerId)) {
        problems.push({
          path: `groups[${i}].servers[${j}]`,
          message: `Expected a DRS source server ID, got ${JSON.stringify(entry.sourceServerId)}`,
        });
      }
      if (impact !== 'CRITICAL' && impact !== 'OPTIONAL') {
        problems.push({
          path: `groups[${i}].servers[${j}].impact`,
          message: `Expected "CRITICAL" or "OPTIONAL", got ${JSON.stringify(impact)}`,
        });
      }
      return {
        sourceServerId: String(entry.sourceServerId),
        impact: impact as WaveServer['impact'],
      };
    });
    if (group.accountId !== undefined && !isAccountId(group.accountId)) {
      problems.push({
        path: `groups[${i}].accountId`,
        message: `Expected an AWS account ID of 12 digits, got ${JSON.stringify(group.accountId)}`,
      });
    }
    const selector =
      group.selector === undefined ? undefined : v.safeParse(selectorInputSchema, group.selector);
    if (selector?.success === false) {
      for (const issue of selector.issues) {
        const at = issuePath(issue);
        problems.push({
          path: `groups[${i}].selector${at === '' ? '' : `.${at}`}`,
          message: issue.message,
        });
      }
    }
    return {
      id: String(group.id),
      servers: parsed,
      ...(typeof group.region === 'string' ? { region: group.region } : {}),
      ...(typeof group.accountId === 'string' ? { accountId: group.accountId } : {}),
      ...(selector?.success === true ? { selector: selector.output } : {}),
    };
  });
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves', problems);
  return groups;
}

/**
 * The `--before` flag: an ISO 8601 time with its offset, or `undefined` when not given.
 *
 * @throws {@link InvalidOptionsError} naming the flag and the value.
 */
export function beforeFlag(command: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoInstant(value)) {
    throw new InvalidOptionsError(command, [
      {
        path: '--before',
        message: `Expected an ISO 8601 time with its offset, such as 2026-11-30T12:00:00Z, got ${JSON.stringify(value)}`,
      },
    ]);
  }
  return value;
}

/** Parses a number option, collecting a problem when it is not one within bounds. */
export function numberOption(
  problems: Problem[],
  name: string,
  value: string | undefined,
  bounds: { min: number; max: number; integer?: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (
    !Number.isFinite(n) ||
    n < bounds.min ||
    n > bounds.max ||
    (bounds.integer && !Number.isInteger(n))
  ) {
    problems.push({
      path: `--${name}`,
      message: `Expected ${bounds.integer ? 'an integer' : 'a number'} from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  return n;
}

/** Prints an error the way the command reports every failure, and returns the exit code. */
export function report(error: unknown): number {
  if (error instanceof CliError) {
    console.error(`drs-waves: ${error.message}`);
    return error.exitCode;
  }
  if (isDrsWavesError(error)) {
    console.error(`drs-waves: ${error.message}`);
    // A package to install is a problem of the set-up, as a bad flag is: not a failed run.
    return error.name === 'InvalidOptionsError' || isMissingPeerDependencyError(error)
      ? EXIT.usage
      : EXIT.failed;
  }
  console.error(`drs-waves: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

import { readFile } from 'node:fs/promises';
import { InvalidOptionsError, isDrsWavesError, type Problem } from '../errors';
import { parseRecoveryPlan } from '../plan/parseRecoveryPlan';
import { isSourceServerId } from '../plan/sourceServerId';
import type { ProtectionGroup, RecoveryPlan, WaveServer } from '../plan/types';

/** Exit codes of the `drs-waves` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Reads and parses a JSON file, naming the file in any error. */
export async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidOptionsError('drs-waves', [
      { path: what, message: `Cannot read ${JSON.stringify(file)}: ${(error as Error).message}` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionsError('drs-waves', [
      {
        path: what,
        message: `${JSON.stringify(file)} is not valid JSON: ${(error as Error).message}`,
      },
    ]);
  }
}

export async function readPlan(file: string): Promise<RecoveryPlan> {
  return parseRecoveryPlan(await readJson(file, 'plan'));
}

/** Reads protection groups: `[{ id, region?, servers: [id | { sourceServerId, impact }] }]`. */
export async function readGroups(file: string | undefined): Promise<ProtectionGroup[]> {
  if (file === undefined) return [];
  const raw = await readJson(file, 'groups');
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
    return {
      id: String(group.id),
      servers: parsed,
      ...(typeof group.region === 'string' ? { region: group.region } : {}),
    };
  });
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves', problems);
  return groups;
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
  if (isDrsWavesError(error)) {
    console.error(`drs-waves: ${error.message}`);
    return error.name === 'InvalidOptionsError' ? EXIT.usage : EXIT.failed;
  }
  console.error(`drs-waves: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/** What a CLI test sees: a fresh folder, and the lines the command printed. */
export interface CliConsole {
  /** A new temporary folder per test, removed after it. */
  dir: string;
  /** Lines printed with `console.log` in the current test. */
  readonly logs: string[];
  /** Lines printed with `console.error` in the current test. */
  readonly errors: string[];
}

/** Registers hooks that give every test of the file a fresh folder and capture its console. */
export function captureCli(prefix: string): CliConsole {
  const cli: CliConsole = { dir: '', logs: [], errors: [] };
  beforeEach(async () => {
    cli.dir = await mkdtemp(join(tmpdir(), prefix));
    cli.logs.length = 0;
    cli.errors.length = 0;
    vi.spyOn(console, 'log').mockImplementation(
      (...args: unknown[]) => void cli.logs.push(args.join(' ')),
    );
    vi.spyOn(console, 'error').mockImplementation(
      (...args: unknown[]) => void cli.errors.push(args.join(' ')),
    );
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(cli.dir, { recursive: true, force: true });
  });
  return cli;
}

import type { DrsReplicationStop } from './DrsReplicationStop';

/**
 * Faults the emulator injects. Launch faults (`failLaunch`, `failPostLaunchActions`,
 * `stuckServers`, `slowLaunch`) are read when a job is created, so they shape the jobs started
 * after they are set; the rates apply to every request from the moment they are set;
 * `dropLaunchEvents` applies to every launch event not yet taken; `replicationStops` are read
 * at every request, against the virtual clock (a stop set with a past `at` shows as if it had
 * begun then, snapshots included).
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsFaults } from 'drs-waves/testing';
 *
 * const faults: DrsFaults = {
 *   failLaunch: { 's-00000000000000001': 'Insufficient capacity' },
 *   throttleRate: 0.2,
 *   dropLaunchEvents: 0.1, // lose one launch event in ten
 * };
 * const emulator = await DrsEmulator.start({ faults });
 * await emulator.close();
 * ```
 */
export interface DrsFaults {
  /**
   * Source server ID to raw error: that server's launch fails. Its `launchStatus` ends
   * `FAILED`, the job log gets a `LAUNCH_FAILED` event carrying `eventData.rawError`, no
   * recovery instance is created, and the job still ends `COMPLETED`.
   *
   * @default `{}`
   */
  readonly failLaunch?: Readonly<Record<string, string>>;
  /**
   * Source servers whose post-launch action run ends `FAILED` (their `launchStatus` stays
   * `LAUNCHED`). Only visible when the emulator runs with `postLaunchActions: true`.
   *
   * @default `[]`
   */
  readonly failPostLaunchActions?: readonly string[];
  /**
   * Probability, from 0 to 1, that a request to one of the emulated operations gets
   * `ThrottlingException` (HTTP 429 with a `Retry-After: 1` header) instead of being served.
   * Each request draws from the seeded random stream, so the same seed throttles the same
   * requests.
   *
   * @default 0
   */
  readonly throttleRate?: number;
  /**
   * Probability, from 0 to 1, that a request to one of the emulated operations (not
   * throttled) gets `InternalServerException` (HTTP 500) instead of being served.
   *
   * @default 0
   */
  readonly internalErrorRate?: number;
  /**
   * Source servers that start launching and never finish: they stay `IN_PROGRESS`, so their job
   * never reaches `COMPLETED` and keeps counting against the quotas.
   *
   * @default `[]`
   */
  readonly stuckServers?: readonly string[];
  /**
   * Source server ID to extra seconds its launch takes: the server launches, late. A wave of
   * such servers takes as long as you need (hours, for a long-running wave).
   *
   * @default `{}`
   */
  readonly slowLaunch?: Readonly<Record<string, number>>;
  /**
   * Launch events ({@link DrsEmulator.takeLaunchEvents}) that are lost, as DRS sends them
   * best-effort: either a probability from 0 to 1 that each event is lost (each event draws once,
   * from the seeded random stream, so the same seed loses the same events), or the source
   * servers whose events are all lost. Lost events are neither returned by `takeLaunchEvents`
   * nor announced by {@link DrsEmulator.nextLaunchEventAt}. Read when the events are taken, so
   * it applies to every event not yet taken.
   *
   * @default 0
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start({ seed: 4, faults: { dropLaunchEvents: 0.25 } });
   * emulator.setFaults({ dropLaunchEvents: ['s-00000000000000002'] }); // that server's only
   * await emulator.close();
   * ```
   */
  readonly dropLaunchEvents?: number | readonly string[];
  /**
   * Source servers whose replication stops at a virtual time, and may come back: their state,
   * lag and snapshots change with the clock ({@link DrsReplicationStop}). A server may stop
   * several times; its stops must not overlap.
   *
   * @default `[]`
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * const at = new Date(emulator.now().getTime() + 30 * 60_000);
   * emulator.setFaults({ replicationStops: [{ sourceServerId: 's-00000000000000001', at }] });
   * await emulator.close();
   * ```
   */
  readonly replicationStops?: readonly DrsReplicationStop[];
}

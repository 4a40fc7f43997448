import type { Job } from '@aws-sdk/client-drs';
import type { DrsLaunchResultEvent } from '../../drs/DrsLaunchResultEvent';
import { describeValue, InvalidOptionsError } from '../../errors';
import type { DrsEmulatorOptions } from './DrsEmulatorOptions';
import type { DrsFaults } from './DrsFaults';
import type { DrsSourceServerSettings } from './DrsSourceServerSettings';
import { type HttpServerHandle, startHttpServer } from './internal/httpServer';
import { renderLaunchEvent } from './internal/launchEvents';
import { OPERATIONS, type OperationName } from './internal/operations/registry';
import { renderJob } from './internal/render';
import { defaultSettings } from './internal/replication';
import { RequestHandler } from './internal/requestHandler';
import {
  resolveFaults,
  resolveJobListingDelay,
  resolveOptions,
  resolveServerSettings,
} from './internal/resolveOptions';
import { MICROS_PER_MS } from './internal/timestamps';
import { DrsWorld } from './internal/world';

/**
 * An emulator of the AWS Elastic Disaster Recovery (DRS) API for tests: an HTTP server on a
 * loopback port that speaks DRS's REST-JSON protocol, so the real `DrsClient` of
 * `@aws-sdk/client-drs` talks to it (serialization, pagination and SDK retries all run for
 * real). It serves `StartRecovery`, `DescribeJobs`, `DescribeJobLogItems`,
 * `DescribeSourceServers`, `DescribeRecoveryInstances`, `TerminateRecoveryInstances`,
 * `DescribeRecoverySnapshots` and `GetLaunchConfiguration`.
 *
 * **Source servers** carry tags (`sourceServerSettings.tags`), shown by `DescribeSourceServers`;
 * {@link DrsEmulator.addSourceServer} and {@link DrsEmulator.tagSourceServer} change them while a
 * test runs. `StartRecovery` honours each server's `recoverySnapshotID`: the server launches
 * from that snapshot (its log shows `USING_PREVIOUS_SNAPSHOT`, its recovery instance's
 * `pointInTimeSnapshotDateTime` the snapshot's time).
 *
 * **Virtual clock.** Nothing happens in real time: the clock starts at `startTime` and moves
 * only with {@link DrsEmulator.advance}. When a job is created its whole schedule is drawn
 * from the seeded random stream, and every answer is derived from the schedule and the clock,
 * so a query at any time sees the state at that time. Jobs go `PENDING`, `STARTED`, then
 * `COMPLETED` (never `FAILED`, as in DRS: a failed server shows in
 * `participatingServers[].launchStatus`); log items appear only once their time has passed.
 *
 * **Timing model**, calibrated on recorded drills. Per server: `JOB_START` 0.3-0.4 s after
 * creation; snapshot about 0.2 s (done about 1 s after creation); `CONVERSION_START` 50-53 s
 * later; conversion 186 s +- 20 s; `LAUNCH_START` 0.5 s later; launch 294 s +- 30 s (job-wide
 * draws, with small per-server jitter); `JOB_END` 2-3 s after the last server's final state.
 * Queueing: the first two servers of a job convert at once and every further server waits
 * another 48-56 s for a conversion slot. So two servers take about 8 min 55 s, 25 servers about
 * 29 minutes and 100 servers about 94 minutes. A `LAUNCH_FAILED` fault comes 20-90 s after
 * `LAUNCH_START`. Terminate jobs clean each instance up in 40-70 s.
 *
 * **Shapes** follow the recorded responses: ISO timestamps with microseconds and `+00:00`,
 * `initiatedBy` `START_DRILL` / `START_RECOVERY`, `LAUNCH_END` events with
 * `eventData.targetInstanceID`, and no `recoveryInstanceID` in `participatingServers[]` unless
 * `reportRecoveryInstanceId` is on. A recovery instance ID equals its EC2 instance ID; a source
 * server has one recovery instance at a time (a newer launch replaces the older instance).
 *
 * **Replication.** Each source server replicates `CONTINUOUS`ly with no lag, and has a
 * recovery snapshot every 10 minutes (kept as DRS's default point-in-time policy keeps them) and
 * a launch configuration with an EC2 launch template, unless `sourceServerSettings` says
 * otherwise ({@link DrsSourceServerSettings}); `replicationStops` faults stop a server's
 * replication for a while of virtual time: its state, growing lag and missing snapshots show in
 * `DescribeSourceServers` and `DescribeRecoverySnapshots` as the clock moves.
 *
 * **Launch events.** Like DRS, which sends one `DRS Source Server Launch Result` event to
 * EventBridge per server when its launch ends, the emulator keeps one event per server of a
 * launch job: {@link DrsEmulator.takeLaunchEvents} hands out those due, and
 * {@link DrsEmulator.nextLaunchEventAt} tells when the next one is due. Servers that never finish
 * launching (`stuckServers`) send none, and `dropLaunchEvents` loses some, as DRS sends them
 * best-effort.
 *
 * **Errors** carry DRS's exception names in `x-amzn-errortype`: `ValidationException` (400),
 * `AccessDeniedException` (403, unsigned request), `ConflictException` (409, a server already in
 * an active job), `ResourceNotFoundException` (404, no launch configuration),
 * `ServiceQuotaExceededException` (402), `ThrottlingException` (429, with
 * `Retry-After: 1`) and `InternalServerException` (500). Any other path answers 404.
 *
 * @example
 * ```ts
 * import { DescribeJobsCommand, DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
 * import { DrsEmulator, fakeSourceServerId } from 'drs-waves/testing';
 *
 * const emulator = await DrsEmulator.start({ seed: 7 });
 * const client = new DrsClient({ ...emulator.clientConfig() });
 * const { job } = await client.send(
 *   new StartRecoveryCommand({
 *     sourceServers: [{ sourceServerID: fakeSourceServerId(1) }],
 *     isDrill: true,
 *   }),
 * );
 * emulator.advance(15 * 60_000); // 15 virtual minutes
 * const { items } = await client.send(
 *   new DescribeJobsCommand({ filters: { jobIDs: [job?.jobID ?? ''] } }),
 * );
 * console.log(items?.[0]?.status); // 'COMPLETED'
 * client.destroy();
 * await emulator.close();
 * ```
 */
export class DrsEmulator {
  /** The URL to send requests to: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The AWS Region the emulator answers for. */
  readonly region: string;
  readonly #world: DrsWorld;
  readonly #handler: RequestHandler;
  readonly #server: HttpServerHandle;

  private constructor(world: DrsWorld, handler: RequestHandler, server: HttpServerHandle) {
    this.#world = world;
    this.#handler = handler;
    this.#server = server;
    this.endpoint = `http://127.0.0.1:${server.port}`;
    this.region = world.options.region;
  }

  /**
   * Validates `options` and starts an emulator listening on 127.0.0.1, on a free port.
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) listing every bad option.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start({ seed: 3, quotas: { maxConcurrentJobs: 2 } });
   * console.log(emulator.endpoint); // 'http://127.0.0.1:54321'
   * await emulator.close();
   * ```
   */
  static async start(options?: DrsEmulatorOptions): Promise<DrsEmulator> {
    const world = new DrsWorld(resolveOptions(options));
    const handler = new RequestHandler(world);
    const server = await startHttpServer((request) => handler.handle(request));
    return new DrsEmulator(world, handler, server);
  }

  /**
   * The virtual clock.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start({ startTime: new Date('2026-03-01T08:00:00Z') });
   * emulator.now().toISOString(); // '2026-03-01T08:00:00.000Z'
   * await emulator.close();
   * ```
   */
  now(): Date {
    return new Date(Math.floor(this.#world.now / MICROS_PER_MS));
  }

  /**
   * Moves the virtual clock forward by `ms` milliseconds (0 or more).
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) when `ms` is negative or not finite.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * emulator.advance(9 * 60_000); // a two-server drill is done after about 9 minutes
   * await emulator.close();
   * ```
   */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new InvalidOptionsError('DrsEmulator.advance', [
        {
          path: 'ms',
          message: `Expected a non-negative finite number of milliseconds, got ${describeValue(ms)}`,
        },
      ]);
    }
    this.#world.now += Math.round(ms * MICROS_PER_MS);
  }

  /**
   * Replaces the fault set. Rates apply to the next request; launch faults to the next jobs;
   * `dropLaunchEvents` to every launch event not yet taken.
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) listing every bad field.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * emulator.setFaults({ throttleRate: 0.3 });
   * emulator.setFaults({}); // no faults again
   * await emulator.close();
   * ```
   */
  setFaults(faults: DrsFaults): void {
    this.#world.faults = resolveFaults(faults, this.#world.servers);
  }

  /**
   * Adds a source server now, as if it had just been added to DRS: `DescribeSourceServers` lists
   * it (with its `tags`) from now on, `StartRecovery` accepts it, and its recovery snapshots start
   * now (unless `settings.addedAt` says when it was added).
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) for a malformed ID or settings, or a server
   * that exists already.
   *
   * @example
   * ```ts
   * import { DrsEmulator, fakeSourceServerId } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start({ sourceServerIds: [fakeSourceServerId(1)] });
   * emulator.addSourceServer(fakeSourceServerId(2), { tags: { Tier: 'web' } });
   * await emulator.close();
   * ```
   */
  addSourceServer(sourceServerId: string, settings?: DrsSourceServerSettings): void {
    const world = this.#world;
    const resolved = resolveServerSettings('DrsEmulator.addSourceServer', sourceServerId, settings);
    const known =
      world.servers?.has(sourceServerId) ?? world.listedServers().includes(sourceServerId);
    if (known) {
      throw new InvalidOptionsError('DrsEmulator.addSourceServer', [
        { path: 'sourceServerId', message: `Source server "${sourceServerId}" exists already` },
      ]);
    }
    world.putServer(sourceServerId, {
      ...resolved,
      addedAtMicros: resolved.addedAtMicros ?? world.now,
    });
  }

  /**
   * Replaces the tags of a source server (as DRS's `TagResource` and `UntagResource` would):
   * `DescribeSourceServers` shows them from the next request.
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) for a server that does not exist or tags
   * that are not an object of strings.
   *
   * @example
   * ```ts
   * import { DrsEmulator, fakeSourceServerId } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start({ sourceServerIds: [fakeSourceServerId(1)] });
   * emulator.tagSourceServer(fakeSourceServerId(1), { Tier: 'web', App: 'shop' });
   * await emulator.close();
   * ```
   */
  tagSourceServer(sourceServerId: string, tags: Readonly<Record<string, string>>): void {
    const world = this.#world;
    const { tags: checked } = resolveServerSettings('DrsEmulator.tagSourceServer', sourceServerId, {
      tags,
    });
    if (!world.serverExists(sourceServerId)) {
      throw new InvalidOptionsError('DrsEmulator.tagSourceServer', [
        { path: 'sourceServerId', message: `Source server "${sourceServerId}" does not exist` },
      ]);
    }
    const current = world.settingsOf(sourceServerId) ?? defaultSettings();
    world.putServer(sourceServerId, { ...current, tags: checked });
  }

  /**
   * Replaces the `jobListingDelaySeconds` option: from the next request, `DescribeJobs` leaves
   * out the jobs created less than `seconds` virtual seconds ago (0 lists every job at once).
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) when `seconds` is negative or not finite.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * emulator.setJobListingDelay(5); // new jobs show in DescribeJobs 5 virtual seconds later
   * emulator.setJobListingDelay(0); // at once again
   * await emulator.close();
   * ```
   */
  setJobListingDelay(seconds: number): void {
    this.#world.options.jobListingDelaySeconds = resolveJobListingDelay(seconds);
  }

  /**
   * What to spread into `new DrsClient({...})`: the endpoint, the Region and dummy credentials.
   *
   * @example
   * ```ts
   * import { DrsClient } from '@aws-sdk/client-drs';
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * const client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 1 });
   * client.destroy();
   * await emulator.close();
   * ```
   */
  clientConfig(): {
    /** {@link DrsEmulator.endpoint}. */
    endpoint: string;
    /** {@link DrsEmulator.region}. */
    region: string;
    /** Dummy credentials: the emulator only checks that requests are signed. */
    credentials: {
      /** A dummy access key ID. */
      accessKeyId: string;
      /** A dummy secret access key. */
      secretAccessKey: string;
    };
  } {
    return {
      endpoint: this.endpoint,
      region: this.region,
      credentials: { accessKeyId: 'AKIDDRSEMULATOR', secretAccessKey: 'drs-emulator-secret' },
    };
  }

  /**
   * How many requests the emulator received: all of them, or those for one operation
   * (`'StartRecovery'`, `'DescribeJobs'`...). Requests answered with an injected fault count, so
   * SDK retries show.
   *
   * @throws `InvalidOptionsError` (from `drs-waves`) for an operation the emulator does not serve.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * emulator.requestCount(); // 0
   * emulator.requestCount('DescribeJobs'); // 0
   * await emulator.close();
   * ```
   */
  requestCount(operation?: string): number {
    if (operation === undefined) return this.#handler.count();
    if (!Object.hasOwn(OPERATIONS, operation)) {
      throw new InvalidOptionsError('DrsEmulator.requestCount', [
        {
          path: 'operation',
          message: `Expected one of ${Object.keys(OPERATIONS).join(', ')}, got ${describeValue(operation)}`,
        },
      ]);
    }
    return this.#handler.count(operation as OperationName);
  }

  /**
   * Every job, oldest first, as `DescribeJobs` would return it now (the SDK's `Job` shape).
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * const running = emulator.jobs().filter((job) => job.status !== 'COMPLETED');
   * console.log(running.length); // 0
   * await emulator.close();
   * ```
   */
  jobs(): Job[] {
    return this.#world.jobs.map((job) => renderJob(job, this.#world.now, this.#world.options));
  }

  /**
   * The `DRS Source Server Launch Result` events due and not taken before, oldest first (events
   * of the same microsecond in the order their jobs and servers were started). Each server of a
   * launch job (not of a terminate job) gets one event when its launch ends, at its `LAUNCH_END`
   * (`RECOVERY_LAUNCH_SUCCEEDED`) or `LAUNCH_FAILED` (`RECOVERY_LAUNCH_FAILED`) log item; a server
   * that never finishes launching (`stuckServers`) gets none. The event IDs are drawn from the
   * seed. An event the `dropLaunchEvents` fault in force drops is discarded for good.
   *
   * @example
   * ```ts
   * import { DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
   * import { DrsEmulator, fakeSourceServerId } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * const client = new DrsClient({ ...emulator.clientConfig() });
   * await client.send(
   *   new StartRecoveryCommand({
   *     sourceServers: [{ sourceServerID: fakeSourceServerId(1) }],
   *     isDrill: true,
   *   }),
   * );
   * emulator.takeLaunchEvents(); // [] (the launch takes about 9 virtual minutes)
   * emulator.advance(15 * 60_000);
   * const [event] = emulator.takeLaunchEvents();
   * console.log(event?.detail); // { state: 'RECOVERY_LAUNCH_SUCCEEDED', 'job-id': 'drsjob-...', 'is-drill': 'TRUE' }
   * emulator.takeLaunchEvents(); // [] (taken already)
   * client.destroy();
   * await emulator.close();
   * ```
   */
  takeLaunchEvents(): DrsLaunchResultEvent[] {
    const world = this.#world;
    return world.launchEvents
      .take(world.now, world.faults)
      .map((event) => renderLaunchEvent(event, world.options));
  }

  /**
   * When the next launch event is due: the first millisecond of virtual time at which
   * {@link DrsEmulator.takeLaunchEvents} returns it, so that `advance(next - now())` makes it due.
   * Events already due are left out (take them), and so are those the `dropLaunchEvents` fault in
   * force drops. `undefined` when no event is to come.
   *
   * @example
   * ```ts
   * import { DrsEmulator, type DrsLaunchResultEvent } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * // ... start jobs through a DrsClient, then deliver every launch event at its time:
   * const delivered: DrsLaunchResultEvent[] = [];
   * for (let next = emulator.nextLaunchEventAt(); next; next = emulator.nextLaunchEventAt()) {
   *   emulator.advance(next.getTime() - emulator.now().getTime());
   *   delivered.push(...emulator.takeLaunchEvents());
   * }
   * await emulator.close();
   * ```
   */
  nextLaunchEventAt(): Date | undefined {
    const at = this.#world.launchEvents.nextAt(this.#world.now, this.#world.faults);
    return at === undefined ? undefined : new Date(Math.ceil(at / MICROS_PER_MS));
  }

  /**
   * Stops the server and drops open connections. Calling it again is harmless.
   *
   * @example
   * ```ts
   * import { DrsEmulator } from 'drs-waves/testing';
   *
   * const emulator = await DrsEmulator.start();
   * await emulator.close();
   * ```
   */
  close(): Promise<void> {
    return this.#server.close();
  }
}

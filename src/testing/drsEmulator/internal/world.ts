/**
 * The emulated DRS account: its jobs, recovery instances and source servers, with the rules
 * `StartRecovery` and `TerminateRecoveryInstances` enforce. Nothing here changes with time: the
 * state at any virtual time is derived from the job records (see `records.ts`).
 *
 * @module
 */

import { conflictError, quotaError, validationError } from './apiError';
import { LaunchEventQueue } from './launchEvents';
import { Prng } from './prng';
import {
  isActive,
  type JobRecord,
  jobServerIds,
  type LaunchJobRecord,
  type RecoverySnapshotUse,
  type ServerRun,
  type TerminateJobRecord,
} from './records';
import type { ResolvedFaults, ResolvedOptions, ResolvedServerSettings } from './resolveOptions';
import { planLaunchJob, planTerminateJob } from './schedule';

/** One source server in one launch job. */
export interface LaunchRecord {
  readonly job: LaunchJobRecord;
  readonly run: ServerRun;
}

/** A launched server and the job that launched it: one recovery instance. */
export interface InstanceRecord extends LaunchRecord {
  /** The launch's recovery instance ID (equal to its EC2 instance ID, as in DRS). */
  readonly recoveryInstanceID: string;
}

/** A recovery instance as it is at some time. */
export interface LiveInstance extends InstanceRecord {
  readonly ec2InstanceState: 'RUNNING' | 'SHUTTING-DOWN';
}

/** What `StartRecovery` asks for, already checked for shape. */
export interface StartRecoveryInput {
  readonly sourceServerIDs: readonly string[];
  readonly isDrill: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The recovery snapshot each server launches from, by source server ID, with its time
   * (`timestamp`), checked by the caller; servers not listed launch from a new snapshot.
   */
  readonly snapshots?: ReadonlyMap<string, RecoverySnapshotUse>;
}

/** The stream number of the world's random draws (the fault draws use another). */
const WORLD_STREAM = 1;

/** The emulated account. `now` is the virtual time in microseconds. */
export class DrsWorld {
  readonly options: ResolvedOptions;
  now: number;
  faults: ResolvedFaults;
  /** The `DRS Source Server Launch Result` events of the launch jobs, not yet taken. */
  readonly launchEvents: LaunchEventQueue;
  readonly #rng: Prng;
  readonly #jobs: JobRecord[] = [];
  readonly #jobsById = new Map<string, JobRecord>();
  readonly #jobsByServer = new Map<string, JobRecord[]>();
  readonly #instances = new Map<string, InstanceRecord>();
  readonly #seenServers = new Set<string>();
  readonly #usedIds = new Set<string>();
  /** The servers that exist (`undefined`: every well-formed ID), added ones included. */
  readonly #servers: Set<string> | undefined;
  /** The servers' settings, those of added or retagged servers included. */
  readonly #settings: Map<string, ResolvedServerSettings>;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.#servers =
      options.sourceServerIds === undefined ? undefined : new Set(options.sourceServerIds);
    this.#settings = new Map(options.sourceServerSettings);
    // Without a list of servers, those with settings exist and are listed from the start.
    for (const id of options.sourceServerSettings.keys()) this.#seenServers.add(id);
    this.now = options.startMicros;
    this.faults = options.faults;
    this.#rng = new Prng(options.seed, WORLD_STREAM);
    this.launchEvents = new LaunchEventQueue(options.seed);
  }

  /** Every job, oldest first. */
  get jobs(): readonly JobRecord[] {
    return this.#jobs;
  }

  /** The job with this ID, if any. */
  job(jobID: string): JobRecord | undefined {
    return this.#jobsById.get(jobID);
  }

  /** Whether a source server exists. */
  serverExists(sourceServerID: string): boolean {
    return this.#servers?.has(sourceServerID) ?? true;
  }

  /** The servers configured or added, `undefined` when every well-formed ID exists. */
  get servers(): ReadonlySet<string> | undefined {
    return this.#servers;
  }

  /** A server's settings, if it has some. */
  settingsOf(sourceServerID: string): ResolvedServerSettings | undefined {
    return this.#settings.get(sourceServerID);
  }

  /**
   * Adds a source server (listed by `DescribeSourceServers` from now on) with its settings, or
   * replaces the settings of one that exists.
   */
  putServer(sourceServerID: string, settings: ResolvedServerSettings): void {
    this.#servers?.add(sourceServerID);
    this.#seenServers.add(sourceServerID);
    this.#settings.set(sourceServerID, settings);
  }

  /**
   * The source servers `DescribeSourceServers` lists without a filter: the configured ones, or
   * (when any well-formed ID exists) those with settings, added, or that took part in a job.
   * Sorted by ID.
   */
  listedServers(): string[] {
    return [...(this.#servers ?? this.#seenServers)].sort();
  }

  /** The most recent launch of a source server, if it ever took part in a launch job. */
  latestLaunch(sourceServerID: string): LaunchRecord | undefined {
    const jobs = this.#jobsByServer.get(sourceServerID) ?? [];
    for (let i = jobs.length - 1; i >= 0; i -= 1) {
      const job = jobs[i];
      if (job?.type !== 'LAUNCH') continue;
      const run = job.servers.find((s) => s.sourceServerID === sourceServerID);
      if (run !== undefined) return { job, run };
    }
    return undefined;
  }

  /**
   * The recovery instances that exist now, sorted by launch time: launched, not yet terminated,
   * and not replaced by a newer launch of the same source server (one instance per server).
   */
  liveInstances(): LiveInstance[] {
    const newest = new Map<string, InstanceRecord>();
    for (const instance of this.#instances.values()) {
      const launchedAt = instance.run.launchEndAt;
      if (launchedAt === undefined || launchedAt > this.now) continue;
      const id = instance.run.sourceServerID;
      const current = newest.get(id);
      if (current === undefined || (current.run.launchEndAt ?? 0) < launchedAt) {
        newest.set(id, instance);
      }
    }
    return [...newest.values()]
      .filter(({ run }) => run.cleanup === undefined || run.cleanup.endAt > this.now)
      .map((instance) => ({
        ...instance,
        ec2InstanceState:
          instance.run.cleanup !== undefined && instance.run.cleanup.startAt <= this.now
            ? ('SHUTTING-DOWN' as const)
            : ('RUNNING' as const),
      }))
      .sort(
        (a, b) =>
          (a.run.launchEndAt ?? 0) - (b.run.launchEndAt ?? 0) ||
          a.recoveryInstanceID.localeCompare(b.recoveryInstanceID),
      );
  }

  /** The active job a source server is in, if any. */
  #activeJobOf(sourceServerID: string): JobRecord | undefined {
    return (this.#jobsByServer.get(sourceServerID) ?? []).find((job) => isActive(job, this.now));
  }

  /**
   * Starts a launch job, after checking (in this order) that every server exists, the
   * servers-per-job quota, that no server is in an active job, the concurrent-jobs quota and the
   * servers-in-active-jobs quota.
   */
  startRecovery(input: StartRecoveryInput): LaunchJobRecord {
    const ids = input.sourceServerIDs;
    const unknown = ids.filter((id) => !this.serverExists(id));
    if (unknown.length > 0) {
      throw validationError(
        `Source servers not found: ${unknown.join(', ')}`,
        unknown.map((id) => ({ name: 'sourceServers', message: `Source server ${id} not found` })),
      );
    }
    const { maxServersPerJob, maxConcurrentJobs, maxServersInActiveJobs } = this.options.quotas;
    if (ids.length > maxServersPerJob) {
      throw quotaError(
        `Cannot launch ${ids.length} source servers in one job: the quota is ${maxServersPerJob}`,
        'MaxServersPerJob',
        'JOB',
      );
    }
    for (const id of ids) {
      const active = this.#activeJobOf(id);
      if (active !== undefined) {
        throw conflictError(
          `Source server ${id} is already in active job ${active.jobID}`,
          id,
          'SOURCE_SERVER',
        );
      }
    }
    const activeJobs = this.#jobs.filter((job) => isActive(job, this.now));
    if (activeJobs.length + 1 > maxConcurrentJobs) {
      throw quotaError(
        `Cannot start another job: ${activeJobs.length} jobs are active and the quota is ${maxConcurrentJobs}`,
        'MaxConcurrentJobs',
        'JOB',
      );
    }
    const activeServers = activeJobs.reduce((sum, job) => sum + jobServerIds(job).length, 0);
    if (activeServers + ids.length > maxServersInActiveJobs) {
      throw quotaError(
        `Cannot launch ${ids.length} more source servers: ${activeServers} are in active jobs and the quota is ${maxServersInActiveJobs}`,
        'MaxServersInActiveJobs',
        'SOURCE_SERVER',
      );
    }
    const job = planLaunchJob(this.#rng, {
      jobID: this.#newId('drsjob-', 17),
      createdAt: this.now,
      isDrill: input.isDrill,
      tags: input.tags,
      sourceServerIDs: ids,
      ...(input.snapshots === undefined ? {} : { snapshots: input.snapshots }),
      faults: this.faults,
      postLaunchActions: this.options.postLaunchActions,
      newInstanceId: () => this.#newId('i-0', 16),
    });
    this.#add(job);
    this.launchEvents.plan(job);
    for (const run of job.servers) {
      this.#seenServers.add(run.sourceServerID);
      if (run.recoveryInstanceID !== undefined) {
        this.#instances.set(run.recoveryInstanceID, {
          job,
          run,
          recoveryInstanceID: run.recoveryInstanceID,
        });
      }
    }
    return job;
  }

  /**
   * Starts a terminate job for existing recovery instances. An ID that is not a recovery
   * instance now gives `ValidationException`; an instance already being terminated, or whose
   * source server is in an active job, gives `ConflictException`.
   */
  terminate(recoveryInstanceIDs: readonly string[]): TerminateJobRecord {
    const live = new Map(this.liveInstances().map((i) => [i.recoveryInstanceID, i]));
    const unknown = recoveryInstanceIDs.filter((id) => !live.has(id));
    if (unknown.length > 0) {
      throw validationError(
        `Recovery instances not found: ${unknown.join(', ')}`,
        unknown.map((id) => ({
          name: 'recoveryInstanceIDs',
          message: `Recovery instance ${id} not found`,
        })),
      );
    }
    const instances = recoveryInstanceIDs.map((id) => live.get(id) as LiveInstance);
    for (const instance of instances) {
      if (instance.run.cleanup !== undefined) {
        throw conflictError(
          `Recovery instance ${instance.recoveryInstanceID} is already being terminated by job ${instance.run.cleanup.jobID}`,
          instance.recoveryInstanceID,
          'RECOVERY_INSTANCE',
        );
      }
      const active = this.#activeJobOf(instance.run.sourceServerID);
      if (active !== undefined) {
        throw conflictError(
          `Source server ${instance.run.sourceServerID} is in active job ${active.jobID}`,
          instance.run.sourceServerID,
          'SOURCE_SERVER',
        );
      }
    }
    const job = planTerminateJob(this.#rng, {
      jobID: this.#newId('drsjob-', 17),
      createdAt: this.now,
      instances: instances.map((i) => ({
        sourceServerID: i.run.sourceServerID,
        recoveryInstanceID: i.recoveryInstanceID,
      })),
    });
    this.#add(job);
    job.targets.forEach((target, index) => {
      const instance = instances[index];
      if (instance !== undefined) {
        instance.run.cleanup = {
          jobID: job.jobID,
          startAt: target.cleanupStartAt,
          endAt: target.cleanupEndAt,
        };
      }
    });
    return job;
  }

  #add(job: JobRecord): void {
    this.#jobs.push(job);
    this.#jobsById.set(job.jobID, job);
    for (const id of jobServerIds(job)) {
      const list = this.#jobsByServer.get(id) ?? [];
      list.push(job);
      this.#jobsByServer.set(id, list);
    }
  }

  #newId(prefix: string, hexDigits: number): string {
    for (;;) {
      const id = `${prefix}${this.#rng.hex(hexDigits)}`;
      if (!this.#usedIds.has(id)) {
        this.#usedIds.add(id);
        return id;
      }
    }
  }
}

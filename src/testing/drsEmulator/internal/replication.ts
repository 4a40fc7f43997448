/**
 * How source servers replicate, at any virtual time: their settings (`sourceServerSettings`)
 * and the `replicationStops` faults in force decide their state, lag and recovery snapshots.
 * Like the jobs, nothing is stored as time passes: every view is derived from the settings,
 * the faults and the time of the query, and every ID from a hash of the seed (the world's
 * random stream is left alone, so jobs draw what they drew before).
 *
 * @module
 */

import { createHash } from 'node:crypto';
import type { DataReplicationState } from '@aws-sdk/client-drs';
import type { ResolvedServerSettings, ResolvedStop } from './resolveOptions';
import { MICROS_PER_SECOND } from './timestamps';
import type { DrsWorld } from './world';

const MINUTE = 60 * MICROS_PER_SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long before the start the source servers were added to DRS. */
const ADDED_BEFORE_START = 30 * DAY;

/**
 * DRS's default point-in-time policy: a snapshot every 10 minutes kept for an hour, every hour
 * kept for a day, every day kept for 7 days.
 */
const PIT_POLICY = [
  { interval: 10 * MINUTE, retention: HOUR },
  { interval: HOUR, retention: DAY },
  { interval: DAY, retention: 7 * DAY },
] as const;

/** The settings of a server that has none. */
const DEFAULT_SETTINGS: ResolvedServerSettings = {
  dataReplicationState: 'CONTINUOUS',
  lagMicros: 0,
  lastSnapshotMicros: undefined,
  launchConfiguration: true,
  ec2LaunchTemplateId: undefined,
  tags: {},
  addedAtMicros: undefined,
};

/** A server's replication at one time. */
export interface ReplicationView {
  readonly state: DataReplicationState;
  /** The lag; `undefined` when DRS shows none (a disconnected server). */
  readonly lagMicros: number | undefined;
}

/** One recovery snapshot of a server. */
export interface SnapshotRecord {
  readonly snapshotID: string;
  readonly sourceServerID: string;
  /** The slot of the policy the snapshot was taken for (`expectedTimestamp`). */
  readonly expectedAt: number;
  /** When it was taken (`timestamp`), a few seconds after its slot. */
  readonly takenAt: number;
  readonly ebsSnapshotId: string;
}

/** `length` hexadecimal digits derived from the seed and `parts`: the same input, the same ID. */
function hashHex(seed: number, length: number, ...parts: readonly (string | number)[]): string {
  return createHash('sha256')
    .update([seed, ...parts].join('|'))
    .digest('hex')
    .slice(0, length);
}

/**
 * When a source server was added to DRS (`lifeCycle.addedToServiceDateTime`): its `addedAt`,
 * else 30 days before the start.
 */
export function addedAt(world: DrsWorld, sourceServerID: string): number {
  return (
    settingsOf(world, sourceServerID).addedAtMicros ??
    world.options.startMicros - ADDED_BEFORE_START
  );
}

/** A server's settings, defaults for one without. */
export function settingsOf(world: DrsWorld, sourceServerID: string): ResolvedServerSettings {
  return world.settingsOf(sourceServerID) ?? DEFAULT_SETTINGS;
}

/** The settings of a server that has none: healthy, untagged. */
export function defaultSettings(): ResolvedServerSettings {
  return DEFAULT_SETTINGS;
}

/** The replication stop of a server in force at time `at`, if any. */
function stopAt(world: DrsWorld, sourceServerID: string, at: number): ResolvedStop | undefined {
  return world.faults.replicationStops
    .get(sourceServerID)
    ?.find(
      (stop) => stop.atMicros <= at && (stop.untilMicros === undefined || at < stop.untilMicros),
    );
}

/** A server's replication state and lag at time `at`. */
export function replicationAt(
  world: DrsWorld,
  sourceServerID: string,
  at: number,
): ReplicationView {
  const settings = settingsOf(world, sourceServerID);
  const stop = stopAt(world, sourceServerID, at);
  const state = stop?.state ?? settings.dataReplicationState;
  if (state === 'DISCONNECTED') return { state, lagMicros: undefined };
  return { state, lagMicros: settings.lagMicros + (stop === undefined ? 0 : at - stop.atMicros) };
}

/**
 * The recovery snapshots a server has at the world's time, oldest first: the slots of the
 * point-in-time policy still retained, since the server was added, up to its `lastSnapshotAt`,
 * while it replicated `CONTINUOUS`ly, and taken by now.
 */
export function snapshotsOf(world: DrsWorld, sourceServerID: string): SnapshotRecord[] {
  const now = world.now;
  const { lastSnapshotMicros } = settingsOf(world, sourceServerID);
  const seed = world.options.seed;
  const slots = new Set<number>();
  for (const { interval, retention } of PIT_POLICY) {
    for (let t = Math.ceil((now - retention) / interval) * interval; t <= now; t += interval) {
      slots.add(t);
    }
  }
  const snapshots: SnapshotRecord[] = [];
  for (const slot of [...slots].sort((a, b) => a - b)) {
    if (
      slot < addedAt(world, sourceServerID) ||
      (lastSnapshotMicros !== undefined && slot > lastSnapshotMicros)
    ) {
      continue;
    }
    if (replicationAt(world, sourceServerID, slot).state !== 'CONTINUOUS') continue;
    // Taken 5 to 40 seconds after its slot.
    const delay = 5 + (Number.parseInt(hashHex(seed, 4, 'delay', sourceServerID, slot), 16) % 36);
    const takenAt = slot + delay * MICROS_PER_SECOND;
    if (takenAt > now) continue;
    snapshots.push({
      snapshotID: `pit-${hashHex(seed, 17, 'pit', sourceServerID, slot)}`,
      sourceServerID,
      expectedAt: slot,
      takenAt,
      ebsSnapshotId: `snap-${hashHex(seed, 17, 'snap', sourceServerID, slot)}`,
    });
  }
  return snapshots;
}

/** The EC2 launch template of a server's launch configuration. */
export function launchTemplateIdOf(world: DrsWorld, sourceServerID: string): string {
  return (
    settingsOf(world, sourceServerID).ec2LaunchTemplateId ??
    `lt-${hashHex(world.options.seed, 17, 'lt', sourceServerID)}`
  );
}

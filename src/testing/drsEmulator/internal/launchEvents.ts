/**
 * The `DRS Source Server Launch Result` events of launch jobs. Each server of a launch job whose
 * launch ends (`LAUNCH_END` or `LAUNCH_FAILED`) gets one event at that time, planned when the
 * job is created. Its ID and its drop draw come from a random stream of their own, so events
 * change none of the world's IDs or timings. Whether an event is dropped is decided by the
 * faults in force when it is taken, so `setFaults` applies to every event not yet taken.
 *
 * @module
 */

import type { DrsLaunchResultEvent } from '../../../drs/DrsLaunchResultEvent';
import { Prng } from './prng';
import type { LaunchJobRecord } from './records';
import { arn } from './render';
import type { ResolvedFaults, ResolvedOptions } from './resolveOptions';
import { uuid } from './schedule';
import { formatEventTime } from './timestamps';

/** The stream number of the event draws, apart from the world's and the request faults'. */
const EVENT_STREAM = 3;

/** One planned event, not yet taken. */
export interface LaunchEventRecord {
  /** When the launch ended, in microseconds. */
  readonly at: number;
  /** Creation order, which breaks ties of `at`. */
  readonly seq: number;
  readonly eventId: string;
  /** A number in `[0, 1)`: the event is dropped when it is below `dropLaunchEvents.rate`. */
  readonly dropDraw: number;
  readonly sourceServerID: string;
  readonly jobID: string;
  readonly isDrill: boolean;
  readonly succeeded: boolean;
}

/** Whether the faults drop `event`. */
function dropped(event: LaunchEventRecord, faults: ResolvedFaults): boolean {
  const { rate, servers } = faults.dropLaunchEvents;
  return servers.has(event.sourceServerID) || event.dropDraw < rate;
}

/** The events not yet taken, sorted by time, then creation order. */
export class LaunchEventQueue {
  readonly #rng: Prng;
  #pending: LaunchEventRecord[] = [];
  #seq = 0;

  constructor(seed: number) {
    this.#rng = new Prng(seed, EVENT_STREAM);
  }

  /**
   * Plans the events of a new launch job. Every server draws its ID and drop draw, even one
   * whose launch never ends, so the stream stays aligned whatever the faults.
   */
  plan(job: LaunchJobRecord): void {
    for (const run of job.servers) {
      const eventId = uuid(this.#rng);
      const dropDraw = this.#rng.next();
      const at = run.launchEndAt ?? run.launchFailedAt;
      if (at === undefined) continue;
      this.#pending.push({
        at,
        seq: this.#seq,
        eventId,
        dropDraw,
        sourceServerID: run.sourceServerID,
        jobID: job.jobID,
        isDrill: job.isDrill,
        succeeded: run.launchEndAt !== undefined,
      });
      this.#seq += 1;
    }
    this.#pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /**
   * Removes the events due at `now` (those the faults drop included) and returns those the
   * faults keep, oldest first.
   */
  take(now: number, faults: ResolvedFaults): LaunchEventRecord[] {
    let due = 0;
    while (due < this.#pending.length && (this.#pending[due]?.at ?? Infinity) <= now) due += 1;
    return this.#pending.splice(0, due).filter((event) => !dropped(event, faults));
  }

  /** The time of the first event after `now` that the faults keep, if any. */
  nextAt(now: number, faults: ResolvedFaults): number | undefined {
    return this.#pending.find((event) => event.at > now && !dropped(event, faults))?.at;
  }
}

/** An event as DRS sends it to EventBridge. */
export function renderLaunchEvent(
  event: LaunchEventRecord,
  options: ResolvedOptions,
): DrsLaunchResultEvent {
  return {
    version: '0',
    id: event.eventId,
    'detail-type': 'DRS Source Server Launch Result',
    source: 'aws.drs',
    account: options.accountId,
    time: formatEventTime(event.at),
    region: options.region,
    resources: [arn(options, `source-server/${event.sourceServerID}`)],
    detail: {
      state: event.succeeded ? 'RECOVERY_LAUNCH_SUCCEEDED' : 'RECOVERY_LAUNCH_FAILED',
      'job-id': event.jobID,
      'is-drill': event.isDrill ? 'TRUE' : 'FALSE',
    },
  };
}

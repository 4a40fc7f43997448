/**
 * The EventBridge event DRS sends, best-effort, when the launch of one source server's drill or
 * recovery instance ends: `detail-type` `DRS Source Server Launch Result`, from `aws.drs`. The
 * emulator hands them out with `DrsEmulator.takeLaunchEvents()` (`drs-waves/testing`), in this shape exactly:
 * `time` has second precision (`2026-01-01T00:08:53Z`), `resources` holds the source server's
 * ARN, and `detail` carries the end state, the job ID and whether the job is a drill (`'TRUE'`
 * or `'FALSE'`, as strings). Drills end `RECOVERY_LAUNCH_SUCCEEDED` or `RECOVERY_LAUNCH_FAILED`
 * too.
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsLaunchResultEvent } from 'drs-waves/testing';
 *
 * const emulator = await DrsEmulator.start({ region: 'us-west-2', accountId: '111122223333' });
 * // ... start a drill through a DrsClient, then:
 * emulator.advance(15 * 60_000);
 * const events: DrsLaunchResultEvent[] = emulator.takeLaunchEvents();
 * for (const event of events) {
 *   console.log(event.resources[0], event.detail.state, event.detail['job-id']);
 *   // 'arn:aws:drs:us-west-2:111122223333:source-server/s-...' 'RECOVERY_LAUNCH_SUCCEEDED' 'drsjob-...'
 * }
 * await emulator.close();
 * ```
 */
export interface DrsLaunchResultEvent {
  /** The EventBridge envelope version: always `'0'`. */
  readonly version: '0';
  /** The event's unique ID, a UUID (drawn from the emulator's seed). */
  readonly id: string;
  /** Always `'DRS Source Server Launch Result'`. */
  readonly 'detail-type': 'DRS Source Server Launch Result';
  /** Always `'aws.drs'`. */
  readonly source: 'aws.drs';
  /** The 12-digit AWS account ID (the emulator's `accountId` option). */
  readonly account: string;
  /** When the launch ended, in ISO 8601 with second precision: `2026-01-01T00:08:53Z`. */
  readonly time: string;
  /** The AWS Region (the emulator's `region` option). */
  readonly region: string;
  /** The ARN of the source server: `arn:aws:drs:<region>:<account>:source-server/<id>`. */
  readonly resources: readonly string[];
  /** What happened. */
  readonly detail: {
    /** How the launch ended. */
    readonly state: 'RECOVERY_LAUNCH_SUCCEEDED' | 'RECOVERY_LAUNCH_FAILED';
    /** The ID of the launch job (`drsjob-...`). */
    readonly 'job-id': string;
    /** `'TRUE'` for a drill, `'FALSE'` for a recovery. */
    readonly 'is-drill': 'TRUE' | 'FALSE';
  };
}

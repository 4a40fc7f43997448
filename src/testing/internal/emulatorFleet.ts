/**
 * DRS emulators per target (account, Region), on one virtual clock: the orchestrator's own and
 * one for every other target a plan names, as DRS is a separate service in each account and
 * Region. Simulations and tests reach them as the router reaches DRS: an account through its
 * role's credentials, a Region of the own account directly.
 *
 * @module
 */

import type { DrsClient, DrsClientConfig } from '@aws-sdk/client-drs';
import type { AssumedRoleCredentials } from '../../accounts/StsPort';
import { createDrsAdapter } from '../../drs/createDrsAdapter';
import type { DrsLaunchResultEvent } from '../../drs/DrsLaunchResultEvent';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import { targetKey, targetOfKey } from '../../waves/internal/target';
import { DrsEmulator } from '../drsEmulator/DrsEmulator';
import type { DrsEmulatorOptions } from '../drsEmulator/DrsEmulatorOptions';
import type { DrsFaults } from '../drsEmulator/DrsFaults';

/** The orchestrator's own account and Region in a simulation (the emulator's defaults). */
export const OWN_ACCOUNT = '123456789012';
export const OWN_REGION = 'us-east-1';

/** The emulators of a simulation, by target. */
/** The SDK's `DrsClient` class, loaded by the caller (an optional peer). */
export type DrsClientClass = new (config: DrsClientConfig) => DrsClient;

export class EmulatorFleet {
  readonly #byKey: ReadonlyMap<string, DrsEmulator>;
  readonly #Client: DrsClientClass;

  private constructor(byKey: ReadonlyMap<string, DrsEmulator>, Client: DrsClientClass) {
    this.#byKey = byKey;
    this.#Client = Client;
  }

  /**
   * Starts the own emulator and one per other target; each gets its own seed (job IDs differ
   * across accounts, as in DRS) and the same start time, options and faults.
   */
  static async start(
    targets: readonly DrsTarget[],
    options: DrsEmulatorOptions & { readonly seed: number },
    Client: DrsClientClass,
  ): Promise<EmulatorFleet> {
    // The own one first, so that it keeps the seed (a plan of one account simulates as before).
    const others = [...new Set(targets.map(targetKey))].filter((k) => k !== targetKey({})).sort();
    const keys = [targetKey({}), ...others];
    const byKey = new Map<string, DrsEmulator>();
    try {
      for (const [index, key] of keys.entries()) {
        const { accountId = options.accountId, region = options.region } = targetOfKey(key);
        byKey.set(
          key,
          await DrsEmulator.start({
            ...options,
            seed: options.seed + index * 7919,
            ...(accountId === undefined ? {} : { accountId }),
            ...(region === undefined ? {} : { region }),
          }),
        );
      }
    } catch (error) {
      for (const e of byKey.values()) await e.close();
      throw error;
    }
    return new EmulatorFleet(byKey, Client);
  }

  /** The orchestrator's own emulator. */
  get own(): DrsEmulator {
    return this.#byKey.get(targetKey({})) as DrsEmulator;
  }

  /** The emulator of a target (the own one for `{}`). */
  get(target: DrsTarget): DrsEmulator {
    const emulator = this.#byKey.get(targetKey(target));
    if (emulator === undefined) {
      throw new Error(`No DRS emulator for ${targetKey(target)}: the plan does not name it`);
    }
    return emulator;
  }

  /** Every emulator with its target, the own first. */
  entries(): [DrsTarget, DrsEmulator][] {
    return [...this.#byKey].map(([key, e]) => [targetOfKey(key), e]);
  }

  /** Whether the fleet has emulators besides the own one. */
  get isMultiTarget(): boolean {
    return this.#byKey.size > 1;
  }

  /** The virtual clock, shared by all. */
  now(): Date {
    return this.own.now();
  }

  /** Moves every clock forward. */
  advance(ms: number): void {
    for (const e of this.#byKey.values()) e.advance(ms);
  }

  /** The soonest launch event of any emulator. */
  nextLaunchEventAt(): Date | undefined {
    let soonest: Date | undefined;
    for (const e of this.#byKey.values()) {
      const at = e.nextLaunchEventAt();
      if (at !== undefined && (soonest === undefined || at < soonest)) soonest = at;
    }
    return soonest;
  }

  /** The launch events due in every emulator (each from its own account and Region). */
  takeLaunchEvents(): DrsLaunchResultEvent[] {
    return [...this.#byKey.values()].flatMap((e) => e.takeLaunchEvents());
  }

  /** Every job of every emulator. */
  jobs() {
    return [...this.#byKey.values()].flatMap((e) => e.jobs());
  }

  /** Requests of all emulators, or of one operation. */
  requestCount(operation?: string): number {
    let n = 0;
    for (const e of this.#byKey.values()) n += e.requestCount(operation);
    return n;
  }

  /** Sets the faults of every emulator. */
  setFaults(faults: DrsFaults): void {
    for (const e of this.#byKey.values()) e.setFaults(faults);
  }

  /** DRS of a target, through the SDK client, with the emulator's dummy credentials. */
  drsFor = (target: DrsTarget): DrsPort =>
    createDrsAdapter(new this.#Client({ ...this.get(target).clientConfig(), maxAttempts: 5 }));

  /** DRS in an account through the SDK client, signing with the role's credentials provider. */
  drsForAccount = (
    target: DrsTarget & { readonly accountId: string },
    credentials: () => Promise<AssumedRoleCredentials>,
  ): DrsPort =>
    createDrsAdapter(
      new this.#Client({ ...this.get(target).clientConfig(), maxAttempts: 5, credentials }),
    );

  /** Stops every emulator. */
  async close(): Promise<void> {
    for (const e of this.#byKey.values()) await e.close();
  }
}

/**
 * The DRS account quotas the emulator enforces on `StartRecovery`. DRS does not let you adjust
 * them; the emulator does, so a test can hit a limit with few servers.
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsEmulatorQuotas } from 'drs-waves/testing';
 *
 * const quotas: Partial<DrsEmulatorQuotas> = { maxConcurrentJobs: 2 };
 * const emulator = await DrsEmulator.start({ quotas });
 * await emulator.close();
 * ```
 */
export interface DrsEmulatorQuotas {
  /**
   * Source servers in one `StartRecovery` call; more gives `ServiceQuotaExceededException`.
   * (The API itself refuses more than 200 with `ValidationException`, whatever this quota is.)
   *
   * @default 100
   */
  readonly maxServersPerJob: number;
  /**
   * Jobs not yet `COMPLETED` at once; a `StartRecovery` beyond it gives
   * `ServiceQuotaExceededException`.
   *
   * @default 20
   */
  readonly maxConcurrentJobs: number;
  /**
   * Source servers across all jobs not yet `COMPLETED`; a `StartRecovery` that would exceed it
   * gives `ServiceQuotaExceededException`.
   *
   * @default 500
   */
  readonly maxServersInActiveJobs: number;
}

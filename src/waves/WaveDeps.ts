import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import type { DrsQuotas } from '../drs/limits';
import type { Logger } from '../logger';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';

/**
 * What the wave functions need, injected: DRS, the history, a clock and a logger.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { createDrsAdapter, InMemoryExecutionHistoryStore, type WaveDeps } from 'drs-waves';
 *
 * const deps: WaveDeps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   drsFor: ({ region }) => createDrsAdapter(new DrsClient({ region })),
 *   history: new InMemoryExecutionHistoryStore(),
 * };
 * ```
 */
export interface WaveDeps {
  /** DRS in the orchestrator's own Region. */
  readonly drs: DrsPort;
  /**
   * DRS in another account or Region, for servers (of a wave, an inline server or a protection
   * group) that name one: `{ accountId?, region? }`, each absent for the orchestrator's own.
   * Called once per target and call; cache clients yourself. The action router builds it from
   * `accountRoles`. When absent (and `drsForRegion` cannot serve), a wave with such servers
   * fails its start.
   */
  readonly drsFor?: (target: DrsTarget) => DrsPort;
  /**
   * DRS in another Region of the orchestrator's own account; `drsFor` wins when both are given.
   * Called once per Region and call; cache clients yourself.
   */
  readonly drsForRegion?: (region: string) => DrsPort;
  /** The execution history. */
  readonly history: ExecutionHistoryStore;
  /**
   * The clock.
   *
   * @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Where to log.
   *
   * @default a logger that drops everything
   */
  readonly logger?: Logger;
  /**
   * DRS quotas of the account; missing fields take {@link DEFAULT_DRS_QUOTAS}. Starts are held
   * back while the account's active jobs leave no room under them.
   *
   * @default DEFAULT_DRS_QUOTAS
   */
  readonly quotas?: Partial<DrsQuotas>;
  /**
   * How long a claim on starting a job protects it: an attempt that finds a younger claim
   * without a job leaves that chunk to its holder (a later check retries it); an older claim is
   * taken over, after reconciling by the job tags. Keep it above the router Lambda's timeout:
   * Lambda stops an invocation at its timeout, so no holder of a stale claim is still running.
   *
   * @default 120
   */
  readonly claimLeaseSeconds?: number;
  /**
   * Makes claim tokens.
   *
   * @default crypto.randomUUID
   */
  readonly newToken?: () => string;
}

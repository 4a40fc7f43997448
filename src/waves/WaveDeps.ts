import type { DrsPort } from '../drs/DrsPort';
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
 *   drsForRegion: (region) => createDrsAdapter(new DrsClient({ region })),
 *   history: new InMemoryExecutionHistoryStore(),
 * };
 * ```
 */
export interface WaveDeps {
  /** DRS in the orchestrator's own Region. */
  readonly drs: DrsPort;
  /**
   * DRS in another Region, for protection groups that name one. Called once per Region and
   * call; cache clients yourself. When absent, a group naming a Region fails the wave start.
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
}

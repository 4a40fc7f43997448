import { planStages } from '../plan/planStages';
import { DEFAULT_DECISION_TIMEOUT_SECONDS, type RecoveryPlan, type Wave } from '../plan/types';
import type { ExecutionRecord } from '../store/records';
import type { WaveItem } from './actions';

/**
 * How a plan's waves become the state machine's wave items.
 *
 * @example
 * ```ts
 * import type { WaveItemSettings } from 'drs-waves';
 *
 * const settings: WaveItemSettings = {
 *   pollIntervalSeconds: 30, defaultWaveTimeoutSeconds: 14_400, requirePostLaunchActions: false,
 * };
 * ```
 */
export interface WaveItemSettings {
  /** The state machine's poll interval. */
  readonly pollIntervalSeconds: number;
  /** The timeout of waves that set none. */
  readonly defaultWaveTimeoutSeconds: number;
  /** Whether post-launch actions must succeed, for waves that do not say. */
  readonly requirePostLaunchActions: boolean;
}

/**
 * The plan's stages as the state machine carries them: wave IDs and settings, with each wave's
 * timeout turned into a hard bound on polls (the timeout in polls, plus two), and its
 * recovery-time objective when it sets one.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan, planWaveItems } from 'drs-waves';
 *
 * const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', servers: ['s-00000000000000001'], timeoutSeconds: 600 }] });
 * planWaveItems(plan, { pollIntervalSeconds: 30, defaultWaveTimeoutSeconds: 14_400, requirePostLaunchActions: false });
 * // [[{ waveId: 'db', requireApproval: false, timeoutSeconds: 600, maxPolls: 22, requirePostLaunchActions: false }]]
 * ```
 */
export function planWaveItems(plan: RecoveryPlan, settings: WaveItemSettings): WaveItem[][] {
  const item = (wave: Wave): WaveItem => {
    const timeoutSeconds = wave.timeoutSeconds ?? settings.defaultWaveTimeoutSeconds;
    const decide = (wave.onWaveFailure ?? plan.onWaveFailure) === 'DECIDE';
    return {
      waveId: wave.id,
      requireApproval: wave.requireApproval,
      timeoutSeconds,
      maxPolls: Math.ceil(timeoutSeconds / settings.pollIntervalSeconds) + 2,
      requirePostLaunchActions: wave.requirePostLaunchActions ?? settings.requirePostLaunchActions,
      ...(wave.rtoMinutes === undefined ? {} : { rtoMinutes: wave.rtoMinutes }),
      // Counts only: `next_action` serves the actions themselves from the execution record.
      ...(wave.before?.length ? { beforeActions: wave.before.length } : {}),
      ...(wave.after?.length ? { afterActions: wave.after.length } : {}),
      ...(decide
        ? {
            decideOnFailure: true,
            decisionTimeoutSeconds:
              wave.decisionTimeoutSeconds ??
              plan.decisionTimeoutSeconds ??
              DEFAULT_DECISION_TIMEOUT_SECONDS,
          }
        : {}),
    };
  };
  return planStages(plan).map((stage) => stage.map(item));
}

/**
 * Each wave's actions by wave ID, as the execution record keeps them (waves without actions
 * left out); `undefined` when no wave has any.
 *
 * @internal
 *
 * @example
 * ```ts
 * const actions = planWaveActions(plan); // { app: { after: [{ type: 'wait', seconds: 60 }] } }
 * ```
 */
export function planWaveActions(plan: RecoveryPlan): ExecutionRecord['actions'] {
  const entries = plan.waves
    .filter((w) => (w.before?.length ?? 0) + (w.after?.length ?? 0) > 0)
    .map((w) => [
      w.id,
      {
        ...(w.before?.length ? { before: w.before } : {}),
        ...(w.after?.length ? { after: w.after } : {}),
      },
    ]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

import { isRecord } from '../internal/records';
import type { ActionName } from './actions';
import { isActionName } from './internal/schemas';

/**
 * An event that names one of the router's actions. Only `action` is known: the other fields
 * are checked by the router.
 *
 * @example
 * ```ts
 * import type { ActionEvent } from 'drs-waves';
 *
 * const event: ActionEvent = { action: 'check_wave_status' };
 * ```
 */
export interface ActionEvent {
  /** One of the action names in `ACTIONS`. */
  readonly action: ActionName;
}

/**
 * Whether `event` is meant for the action router: an object (not an array) whose own `action`
 * field is one of the names in `ACTIONS`. It validates nothing else, so a Lambda function that
 * also serves API Gateway can route on it and let the router report a malformed event.
 *
 * @example
 * ```ts
 * import { createActionRouter, isOrchestrationEvent, type ActionRouterDeps } from 'drs-waves';
 *
 * declare const deps: ActionRouterDeps;
 * declare function handleApiRequest(event: unknown): Promise<unknown>;
 * const route = createActionRouter(deps);
 *
 * export const handler = (event: unknown) =>
 *   isOrchestrationEvent(event) ? route(event) : handleApiRequest(event);
 * ```
 */
export function isOrchestrationEvent(event: unknown): event is ActionEvent {
  return isRecord(event) && Object.hasOwn(event, 'action') && isActionName(event.action);
}

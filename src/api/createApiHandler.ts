/**
 * The HTTP side of the control-plane API Lambda, behind API Gateway (REST, IAM authorization,
 * Lambda proxy integration):
 *
 * | method and path | operation |
 * | --- | --- |
 * | `POST /executions` | start a drill (`{ planId, executionType: 'DRILL', executionId?, recoveryPoint? }`) |
 * | `POST /recoveries` | start a recovery (`{ planId, executionType: 'RECOVERY', confirmRecovery, executionId?, recoveryPoint? }`) |
 * | `GET /executions/{executionId}` | describe |
 * | `POST /executions/{executionId}/waves/{waveId}/approve` | approve (`{ reason? }`) |
 * | `POST /executions/{executionId}/waves/{waveId}/reject` | reject (`{ reason? }`) |
 * | `POST /executions/{executionId}/waves/{waveId}/decide` | decide a failed wave (`{ decision: 'RETRY' \| 'SKIP' \| 'ABORT', reason? }`) |
 * | `POST /executions/{executionId}/cancel` | cancel (`{ reason }`) |
 * | `POST /executions/{executionId}/cleanup` | clean up a drill |
 *
 * Who approves, rejects, cancels or cleans up is the caller's IAM identity as API Gateway
 * authenticated it, never a field of the body.
 */
import type { ControlPlane } from '../control/createControlPlane';
import {
  isApprovalAlreadyDecidedError,
  isApprovalNotFoundError,
  isCleanupRefusedError,
  isDecisionRefusedError,
  isDrsWavesError,
  isExecutionMismatchError,
  isHistoryRecordNotFoundError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isRecoveryNotConfirmedError,
} from '../errors';
import type { Logger } from '../logger';

/**
 * The fields of an API Gateway (REST, proxy integration) event that the API reads.
 *
 * @example
 * ```ts
 * import type { ApiEvent } from 'drs-waves';
 *
 * const event: ApiEvent = { resource: '/executions/{executionId}', httpMethod: 'GET', pathParameters: { executionId: 'e1' } };
 * ```
 */
export interface ApiEvent {
  /** The resource path template, such as `/executions/{executionId}/cancel`. */
  readonly resource: string;
  /** `GET` or `POST`. */
  readonly httpMethod: string;
  /** The path parameters. */
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  /** The JSON body. */
  readonly body?: string | null;
  /** Whether API Gateway base64-encoded the body. */
  readonly isBase64Encoded?: boolean;
  /** The authenticated caller. */
  readonly requestContext?: {
    /** The caller's IAM identity (IAM authorization). */
    readonly identity?: {
      /** The caller's ARN. */
      readonly userArn?: string | null;
    };
  };
}

/**
 * What the API answers.
 *
 * @example
 * ```ts
 * import type { ApiResult } from 'drs-waves';
 *
 * const ok = (r: ApiResult) => r.statusCode === 200;
 * ```
 */
export interface ApiResult {
  /** The HTTP status. */
  readonly statusCode: number;
  /** JSON content type. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body. */
  readonly body: string;
}

class BadRequest extends Error {}

/** A request this route never serves, whoever asks: a RECOVERY through the drill route. */
class Forbidden extends Error {}

/**
 * `POST /executions` starts drills only and `POST /recoveries` recoveries only, so IAM on the
 * routes decides who may start a recovery (see `drsWavesPolicies().drillOperator`).
 */
function checkRoute(route: string, executionType: unknown): void {
  if (route === 'POST /executions' && executionType === 'RECOVERY') {
    throw new Forbidden(
      'POST /executions starts drills only: start a RECOVERY with POST /recoveries',
    );
  }
  if (route === 'POST /recoveries' && executionType !== 'RECOVERY') {
    throw new BadRequest(
      `POST /recoveries starts recoveries only: expected executionType "RECOVERY", got ${JSON.stringify(executionType ?? null)}`,
    );
  }
}

const json = (statusCode: number, value: unknown): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** The JSON object body, with only the allowed fields. */
function bodyOf(event: ApiEvent, allowed: readonly string[]): Record<string, unknown> {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest('The body is not a JSON object');
  }
  const unknown = Object.keys(parsed).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new BadRequest(`Unknown fields: ${unknown.join(', ')}`);
  return parsed as Record<string, unknown>;
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** The HTTP status of an error thrown by the control plane. */
function statusOf(error: unknown): number {
  if (
    error instanceof BadRequest ||
    isInvalidOptionsError(error) ||
    isInvalidExecutionTypeError(error) ||
    isRecoveryNotConfirmedError(error)
  ) {
    return 400;
  }
  if (error instanceof Forbidden) return 403;
  if (isHistoryRecordNotFoundError(error) || isApprovalNotFoundError(error)) return 404;
  if (isDecisionRefusedError(error)) return error.reason === 'NOT_WAITING' ? 404 : 409;
  if (
    isApprovalAlreadyDecidedError(error) ||
    isCleanupRefusedError(error) ||
    isExecutionMismatchError(error)
  ) {
    return 409;
  }
  return 500;
}

/**
 * Creates the control-plane API handler over a control plane: the handler of the API Lambda the
 * CDK construct deploys, for your own API Gateway too. Errors are answered as
 * `{ error, message }`: 400 for bad input, 403 for a RECOVERY sent to `POST /executions`, 404,
 * 409, and 500 without details for anything unexpected.
 *
 * @example
 * ```ts
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * import { createApiHandler, createControlPlane, InMemoryExecutionHistoryStore } from 'drs-waves';
 *
 * declare const drs: import('drs-waves').DrsPort;
 * const control = createControlPlane({
 *   sfn: new SFNClient({}),
 *   stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:drs-waves',
 *   history: new InMemoryExecutionHistoryStore(),
 *   drs,
 * });
 * const handle = createApiHandler(control, console);
 * await handle({ resource: '/executions/{executionId}', httpMethod: 'GET', pathParameters: { executionId: 'e1' } });
 * ```
 */
export function createApiHandler(
  control: ControlPlane,
  logger: Logger = console,
): (event: ApiEvent) => Promise<ApiResult> {
  return async (event) => {
    const route = `${event.httpMethod} ${event.resource}`;
    const caller = event.requestContext?.identity?.userArn ?? 'unknown';
    const path = event.pathParameters ?? {};
    const executionId = path.executionId ?? '';
    const waveId = path.waveId ?? '';
    try {
      let result: unknown;
      switch (route) {
        case 'POST /executions':
        case 'POST /recoveries': {
          const body = bodyOf(event, [
            'planId',
            'executionType',
            'confirmRecovery',
            'executionId',
            'recoveryPoint',
          ]);
          checkRoute(route, body.executionType);
          result = await control.startExecution(body as never);
          break;
        }
        case 'GET /executions/{executionId}':
          result = await control.describeExecution({ executionId });
          break;
        case 'POST /executions/{executionId}/waves/{waveId}/approve':
        case 'POST /executions/{executionId}/waves/{waveId}/reject': {
          const reason = optionalString(bodyOf(event, ['reason']).reason);
          const request = {
            executionId,
            waveId,
            decidedBy: caller,
            ...(reason === undefined ? {} : { reason }),
          };
          result = route.endsWith('/approve')
            ? await control.approveWave(request)
            : await control.rejectWave(request);
          break;
        }
        case 'POST /executions/{executionId}/waves/{waveId}/decide': {
          const body = bodyOf(event, ['decision', 'reason']);
          const reason = optionalString(body.reason);
          result = await control.decideWaveFailure({
            executionId,
            waveId,
            decision: body.decision as never,
            decidedBy: caller,
            ...(reason === undefined ? {} : { reason }),
          });
          break;
        }
        case 'POST /executions/{executionId}/cancel': {
          const reason = optionalString(bodyOf(event, ['reason']).reason) ?? '';
          result = await control.cancelExecution({ executionId, reason, cancelledBy: caller });
          break;
        }
        case 'POST /executions/{executionId}/cleanup':
          bodyOf(event, []);
          result = await control.cleanUpDrill({ executionId, requestedBy: caller });
          break;
        default:
          return json(404, { error: 'NotFound', message: `No route ${route}` });
      }
      logger.info('drs-waves api', { route, executionId, caller, status: 200 });
      return json(200, result);
    } catch (error) {
      const statusCode = statusOf(error);
      const name = error instanceof Error ? error.name : 'Error';
      logger[statusCode === 500 ? 'error' : 'info']('drs-waves api', {
        route,
        executionId,
        caller,
        status: statusCode,
        error: name,
      });
      if (statusCode === 500 && !isDrsWavesError(error)) {
        return json(500, { error: 'InternalError', message: 'The request failed; see the logs' });
      }
      const message = error instanceof Error ? error.message : String(error);
      return json(statusCode, {
        error:
          error instanceof BadRequest
            ? 'BadRequest'
            : error instanceof Forbidden
              ? 'Forbidden'
              : name,
        message,
      });
    }
  };
}

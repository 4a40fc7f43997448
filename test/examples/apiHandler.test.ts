import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { type ApiEvent, createApiHandler } from '../../src/api/createApiHandler';
import { silentLogger } from '../../src/index';
import { awsError, controlPlane, execution } from '../control/helpers';

const OPS = 'arn:aws:sts::123456789012:assumed-role/DrOperator/alice';

const event = (
  httpMethod: string,
  resource: string,
  pathParameters: Record<string, string> = {},
  body?: unknown,
): ApiEvent => ({
  httpMethod,
  resource,
  pathParameters,
  body: body === undefined ? null : JSON.stringify(body),
  requestContext: { identity: { userArn: OPS } },
});

function api() {
  const plane = controlPlane();
  return { ...plane, handle: createApiHandler(plane.control, silentLogger) };
}

describe('the control-plane API handler', () => {
  it('answers 400 for an unconfirmed RECOVERY, starting nothing', async () => {
    const { handle, sfn } = api();
    const result = await handle(
      event('POST', '/recoveries', {}, { planId: 'shop', executionType: 'RECOVERY' }),
    );
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({ error: 'RecoveryNotConfirmedError' });
    expect(sfn.calls()).toHaveLength(0);
  });

  it('starts a RECOVERY only through POST /recoveries, and only a RECOVERY there', async () => {
    const { handle, sfn } = api();
    const recovery = { planId: 'shop', executionType: 'RECOVERY', confirmRecovery: 'shop' };
    const viaDrills = await handle(event('POST', '/executions', {}, recovery));
    expect(viaDrills.statusCode).toBe(403);
    expect(JSON.parse(viaDrills.body)).toStrictEqual({
      error: 'Forbidden',
      message: 'POST /executions starts drills only: start a RECOVERY with POST /recoveries',
    });
    const drill = await handle(
      event('POST', '/recoveries', {}, { planId: 'shop', executionType: 'DRILL' }),
    );
    expect(drill.statusCode).toBe(400);
    expect(JSON.parse(drill.body)).toStrictEqual({
      error: 'BadRequest',
      message:
        'POST /recoveries starts recoveries only: expected executionType "RECOVERY", got "DRILL"',
    });
    expect(sfn.calls()).toHaveLength(0);
  });

  it('records the authenticated caller as the decider, never a body field', async () => {
    const { handle, sfn, history } = api();
    await history.putApproval({
      executionId: 'e1',
      waveId: 'web',
      taskToken: 'token',
      status: 'PENDING',
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    sfn.on(SendTaskSuccessCommand).resolves({});
    const path = '/executions/{executionId}/waves/{waveId}/approve';
    const ids = { executionId: 'e1', waveId: 'web' };
    const spoofed = await handle(event('POST', path, ids, { decidedBy: 'someone-else' }));
    expect(spoofed.statusCode).toBe(400);
    expect(JSON.parse(spoofed.body).message).toBe('Unknown fields: decidedBy');
    const approved = await handle(event('POST', path, ids, { reason: 'green' }));
    expect(approved.statusCode).toBe(200);
    expect(JSON.parse(approved.body)).toMatchObject({ status: 'APPROVED', decidedBy: OPS });
    const again = await handle(
      event('POST', '/executions/{executionId}/waves/{waveId}/reject', ids),
    );
    expect(again.statusCode).toBe(409);
  });

  it('decides a failed wave as the authenticated caller: 404 when it waits for none, 409 once decided, 400 for a bad decision', async () => {
    const { handle, sfn, history } = api();
    const path = '/executions/{executionId}/waves/{waveId}/decide';
    const ids = { executionId: 'e1', waveId: 'app' };
    await history.createExecution(execution('e1'));
    const none = await handle(event('POST', path, ids, { decision: 'SKIP' }));
    expect(none.statusCode).toBe(404);
    expect(JSON.parse(none.body).error).toBe('DecisionRefusedError');
    await history.putDecision({
      executionId: 'e1',
      waveId: 'app',
      attempt: 1,
      taskToken: 'token',
      status: 'PENDING',
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    sfn.on(SendTaskSuccessCommand).resolves({});
    const spoofed = await handle(event('POST', path, ids, { decision: 'SKIP', decidedBy: 'x' }));
    expect(spoofed.statusCode).toBe(400);
    const bad = await handle(event('POST', path, ids, { decision: 'skip it' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).message).toContain('got "skip it"');
    const skipped = await handle(event('POST', path, ids, { decision: 'SKIP', reason: 'later' }));
    expect(skipped.statusCode).toBe(200);
    expect(JSON.parse(skipped.body)).toMatchObject({
      decision: 'SKIP',
      decidedBy: OPS,
      attempt: 1,
    });
    const other = await handle(event('POST', path, ids, { decision: 'ABORT' }));
    expect(other.statusCode).toBe(409);
  });

  it('maps missing records to 404 and unknown routes to 404', async () => {
    const { handle, sfn } = api();
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const missing = await handle(event('GET', '/executions/{executionId}', { executionId: 'x' }));
    expect(missing.statusCode).toBe(404);
    const noRoute = await handle(event('DELETE', '/executions/{executionId}'));
    expect(noRoute.statusCode).toBe(404);
  });

  it('describes an execution', async () => {
    const { handle, sfn, history } = api();
    await history.createExecution(execution('e1'));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    const result = await handle(event('GET', '/executions/{executionId}', { executionId: 'e1' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      stepFunctions: { status: 'RUNNING' },
      execution: { executionId: 'e1', status: 'RUNNING' },
    });
  });

  it('refuses a body that is not a JSON object, and hides unexpected errors', async () => {
    const { handle, sfn } = api();
    const bad = await handle({ ...event('POST', '/executions'), body: '{"planId":' });
    expect(bad.statusCode).toBe(400);
    sfn.on(DescribeExecutionCommand).rejects(awsError('AccessDeniedException', 'secret detail'));
    const failed = await handle(event('GET', '/executions/{executionId}', { executionId: 'e1' }));
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('secret detail');
  });
});

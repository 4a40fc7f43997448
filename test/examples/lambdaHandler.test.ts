import { describe, expect, it } from 'vitest';
import { createHandler } from '../../examples/lambda/handler';
import {
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  parseRecoveryPlan,
} from '../../src/index';
import { serverIds } from '../helpers/waves';

function handlerWith() {
  const history = new InMemoryExecutionHistoryStore();
  const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: serverIds(2) }] });
  const handler = createHandler({
    // begin_execution and a malformed event never reach DRS.
    drs: {} as never,
    history,
    plans: new InMemoryPlanStore([plan]),
    protectionGroups: new InMemoryProtectionGroupStore([]),
  });
  return { handler, history };
}

describe('an existing Lambda that serves API Gateway and the state machine', () => {
  it('routes Step Functions events to the router', async () => {
    const { handler, history } = handlerWith();
    const result = await handler({
      action: 'begin_execution',
      executionId: 'shop-1',
      input: { planId: 'shop', executionType: 'DRILL' },
      pollIntervalSeconds: 30,
      defaultWaveTimeoutSeconds: 3600,
    });
    expect(result).toMatchObject({ executionId: 'shop-1', stageCount: 1 });
    expect(await history.getExecution('shop-1')).toMatchObject({ status: 'RUNNING' });
    // A malformed router event is the router's to refuse, with its typed error.
    await expect(handler({ action: 'start_wave', executionId: 'shop-1' })).rejects.toMatchObject({
      name: 'InvalidEventError',
    });
  });

  it('routes everything else to the existing API', async () => {
    const { handler } = handlerWith();
    await expect(handler({ httpMethod: 'GET', path: '/health' })).resolves.toStrictEqual({
      statusCode: 200,
      body: '{"ok":true}',
    });
    // An `action` the router does not know is not an orchestration event.
    await expect(
      handler({ httpMethod: 'POST', path: '/orders', action: 'buy' }),
    ).resolves.toMatchObject({ statusCode: 404 });
  });
});

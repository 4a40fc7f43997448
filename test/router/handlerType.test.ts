import type { Handler } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type ActionResult,
  createActionRouter,
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  type OrchestrationEvent,
  parseRecoveryPlan,
} from '../../src/index';
import { serverIds } from '../helpers/waves';

describe('the router as a Lambda handler', () => {
  it('is a Handler<OrchestrationEvent, ActionResult> of @types/aws-lambda, and answers as one', async () => {
    const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: serverIds(1) }] });
    // Type-checked by `npm run typecheck`: the assignment fails to compile if the router's type
    // stops being a Lambda handler.
    const handler: Handler<OrchestrationEvent, ActionResult> = createActionRouter({
      drs: {} as never,
      history: new InMemoryExecutionHistoryStore(),
      plans: new InMemoryPlanStore([plan]),
      protectionGroups: new InMemoryProtectionGroupStore([]),
    });
    const event: OrchestrationEvent = {
      action: 'begin_execution',
      executionId: 'shop-1',
      input: { planId: 'shop', executionType: 'DRILL' },
      pollIntervalSeconds: 30,
      defaultWaveTimeoutSeconds: 3600,
    };
    const result = await handler(event, {} as never, () => {});
    expect(result).toMatchObject({ planId: 'shop', executionType: 'DRILL' });
  });
});

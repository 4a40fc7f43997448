import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTargetEventsTemplate,
  LAUNCH_RESULT_DETAIL_TYPE,
  renderTargetEventsTemplate,
} from '../../examples/cloudformation/buildTargetEventsTemplate';
import { LAUNCH_RESULT_DETAIL_TYPE as ROUTER_DETAIL_TYPE } from '../../src/router/internal/launchResults';
import { DrsEmulator } from '../../src/testing/index';
import { type PolicyStatementJson, policyProblems } from './iamChecks';

const file = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'cloudformation',
  'target-account-events.template.json',
);

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
const template = buildTargetEventsTemplate() as {
  Parameters: Record<string, { AllowedPattern: string }>;
  Resources: Record<string, Resource>;
};

describe('the target-account events template', () => {
  it('is what npm run examples:cloudformation generates', async () => {
    expect(await readFile(file, 'utf8')).toBe(renderTargetEventsTemplate());
  });

  it("forwards the launch results the router reads to the orchestrator's default bus", async () => {
    expect(LAUNCH_RESULT_DETAIL_TYPE).toBe(ROUTER_DETAIL_TYPE);
    const rule = template.Resources.ForwardLaunchResults as Resource;
    expect(rule.Type).toBe('AWS::Events::Rule');
    const pattern = rule.Properties.EventPattern as Record<string, string[]>;
    // The pattern matches what DRS sends (the emulator renders DRS's events).
    const emulator = await DrsEmulator.start({ accountId: '111122223333', region: 'eu-west-1' });
    try {
      const { DrsClient, StartRecoveryCommand } = await import('@aws-sdk/client-drs');
      const client = new DrsClient(emulator.clientConfig());
      await client.send(
        new StartRecoveryCommand({
          isDrill: true,
          sourceServers: [{ sourceServerID: 's-00000000000000001' }],
        }),
      );
      emulator.advance(3_600_000);
      const [event] = emulator.takeLaunchEvents();
      expect(pattern.source).toContain(event?.source);
      expect(pattern['detail-type']).toContain(event?.['detail-type']);
      client.destroy();
    } finally {
      await emulator.close();
    }
    expect(rule.Properties.Targets).toStrictEqual([
      {
        Id: 'OrchestratorBus',
        Arn: { Ref: 'OrchestratorEventBusArn' },
        RoleArn: { 'Fn::GetAtt': ['ForwardingRole', 'Arn'] },
      },
    ]);
    const pattern2 = new RegExp(template.Parameters.OrchestratorEventBusArn?.AllowedPattern ?? '');
    expect(pattern2.test('arn:aws:events:eu-west-1:123456789012:event-bus/default')).toBe(true);
    expect(pattern2.test('arn:aws:events:eu-west-1:123456789012:event-bus/other')).toBe(false);
  });

  it('gives EventBridge of this account only the right to put events on that bus', () => {
    const role = template.Resources.ForwardingRole as Resource;
    const trust = role.Properties.AssumeRolePolicyDocument as { Statement: unknown[] };
    expect(trust.Statement).toStrictEqual([
      {
        Sid: 'EventBridgeOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const statements = (
      role.Properties.Policies as { PolicyDocument: { Statement: PolicyStatementJson[] } }[]
    ).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toStrictEqual([
      {
        Sid: 'PutOnOrchestratorBus',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: [{ Ref: 'OrchestratorEventBusArn' }],
      },
    ]);
    expect(policyProblems(statements)).toStrictEqual([]);
  });
});

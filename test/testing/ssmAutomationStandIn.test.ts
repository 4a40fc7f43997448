import { describe, expect, it } from 'vitest';
import { SsmAutomationStandIn } from '../../src/testing/index';

describe('SsmAutomationStandIn', () => {
  let now = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => {
    now = new Date(Date.parse('2026-01-01T00:00:00Z') + seconds * 1000);
  };
  const ssm = () =>
    new SsmAutomationStandIn({
      clock: () => now,
      runbooks: {
        Ok: { outcome: 'Success', durationSeconds: 30 },
        Bad: { outcome: 'Failed' },
        Hangs: { outcome: 'never' },
      },
    });
  const status = (s: SsmAutomationStandIn, id: string) =>
    s.getAutomationExecution({ AutomationExecutionId: id }).AutomationExecution
      .AutomationExecutionStatus;

  it('runs a runbook on the clock to its outcome; a stopped one is Cancelled', () => {
    at(0);
    const s = ssm();
    const ok = s.startAutomationExecution({ DocumentName: 'Ok' }).AutomationExecutionId;
    const bad = s.startAutomationExecution({ DocumentName: 'Bad' }).AutomationExecutionId;
    const hangs = s.startAutomationExecution({ DocumentName: 'Hangs' }).AutomationExecutionId;
    at(29);
    expect([status(s, ok), status(s, bad), status(s, hangs)]).toStrictEqual([
      'InProgress',
      'InProgress',
      'InProgress',
    ]);
    at(60);
    expect([status(s, ok), status(s, bad), status(s, hangs)]).toStrictEqual([
      'Success',
      'Failed',
      'InProgress',
    ]);
    s.stopAutomationExecution({ AutomationExecutionId: hangs });
    expect(status(s, hangs)).toBe('Cancelled');
    expect(s.automations().map((a) => a.stoppedAt)).toStrictEqual([undefined, undefined, now]);
  });

  it('starts a runbook once per idempotency token, and refuses unknown documents and runs', () => {
    const s = ssm();
    const token = '3f2a9c1e-0b1d-8a4e-9c2b-5d6e7f8a9b0c';
    const first = s.startAutomationExecution({ DocumentName: 'Ok', ClientToken: token });
    expect(s.startAutomationExecution({ DocumentName: 'Ok', ClientToken: token })).toStrictEqual(
      first,
    );
    expect(s.automations()).toHaveLength(1);
    expect(() => s.startAutomationExecution({ DocumentName: 'Nope' })).toThrow(
      expect.objectContaining({ name: 'Ssm.AutomationDefinitionNotFoundException' }),
    );
    expect(() => s.getAutomationExecution({ AutomationExecutionId: 'x' })).toThrow(
      expect.objectContaining({ name: 'Ssm.AutomationExecutionNotFoundException' }),
    );
  });
});

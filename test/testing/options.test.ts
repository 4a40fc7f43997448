import { describe, expect, it } from 'vitest';
import { buildPollingStateMachine, parseRecoveryPlan } from '../../src/index';
import { LocalStateMachine, simulateDrill } from '../../src/testing/index';
import { optionProblemsOf } from '../helpers/problems';

const plan = parseRecoveryPlan({
  id: 'shop',
  waves: [{ id: 'db', servers: ['s-00000000000000001'] }],
});

describe('options of the local runner and simulateDrill', () => {
  it('refuses unknown and ill-typed simulateDrill options, every one named, before starting', async () => {
    const options = {
      plan,
      executionType: 'drill',
      seed: 1.5,
      storage: 'dynamo',
      speed: -1,
      onProgres: () => {},
      emulator: { seed: 3 },
      machine: { lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:x' },
      stores: { plan: {} },
    };
    expect(await optionProblemsOf(() => simulateDrill(options as never))).toEqual([
      'executionType: Expected `executionType` to be "DRILL" or "RECOVERY", got "drill"',
      'seed: Expected `seed` to be a safe integer, got 1.5',
      'storage: Expected `storage` to be "memory" or "dynalite", got "dynamo"',
      'speed: Expected `speed` to be a number of at least 0, got -1',
      'emulator.seed: Set by simulateDrill from `seed`: give it there',
      'machine.lambdaArn: Set by simulateDrill to the simulated router: leave it out',
      'onProgres: Unknown field "onProgres" (did you mean "onProgress"?)',
      'stores.plan: Unknown field "plan" (did you mean "plans"?)',
    ]);
  });

  it('refuses a simulateDrill plan that is not a parsed plan', async () => {
    expect(await optionProblemsOf(() => simulateDrill({ plan: 'shop' } as never))).toEqual([
      'plan: Expected `plan` to be a plan from parseRecoveryPlan, got "shop"',
    ]);
  });

  it('refuses unknown and ill-typed LocalStateMachine options', async () => {
    const options = {
      definition: buildPollingStateMachine({ lambdaArn: 'local' }),
      handler: 'router',
      lambdaTimeoutSecs: 5,
      advanceClock: 10,
    };
    expect(await optionProblemsOf(() => new LocalStateMachine(options as never))).toEqual([
      'handler: Expected `handler` to be a function, got "router"',
      'advanceClock: Expected `advanceClock` to be a function, got 10',
      'lambdaTimeoutSecs: Unknown field "lambdaTimeoutSecs" (did you mean "lambdaTimeoutSeconds"?)',
    ]);
  });

  it('leaves the definition to the interpreter, built on the first start: a refused one fails that start', async () => {
    let calls = 0;
    const machine = new LocalStateMachine({
      definition: { StartAt: 'Missing', States: {} } as never,
      handler: async () => {
        calls += 1;
        return {};
      },
    });
    const execution = machine.start({ planId: 'shop', executionType: 'DRILL' });
    const refused = /^State machine definition is invalid, see error\(s\) below:\n/;
    await expect(execution.result).rejects.toThrow(refused);
    await expect(execution.approvalsRequested(1)).rejects.toThrow(refused);
    // The interpreter is built once: the next start fails the same way, and nothing ran.
    await expect(machine.start({}).result).rejects.toThrow(refused);
    expect(calls).toBe(0);
  });

  it('still runs a drill given valid options', async () => {
    const { report } = await simulateDrill({ plan, seed: 2, machine: { pollIntervalSeconds: 60 } });
    expect(report.status).toBe('SUCCEEDED');
  });
});

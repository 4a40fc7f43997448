import {
  buildPollingStateMachine,
  createActionRouter,
  InMemoryPlanStore,
  type PollingStateMachineOptions,
  type ProtectionGroup,
  parseRecoveryPlan,
  type RecoveryPlan,
} from '../../src/index';
import {
  type DrsEmulatorOptions,
  type LambdaCall,
  type LambdaFault,
  type LocalExecution,
  type LocalNotification,
  LocalStateMachine,
} from '../../src/testing/index';
import { type Stack, startStack } from './stack';

/** A plan run end to end: the built definition, the real router, dynalite and the emulator. */
export interface Drill {
  readonly stack: Stack;
  readonly plan: RecoveryPlan;
  readonly notifications: LocalNotification[];
  readonly routerCalls: string[];
  start(input?: Record<string, unknown>, executionName?: string): LocalExecution;
  close(): Promise<void>;
}

export interface DrillOptions {
  readonly emulator?: DrsEmulatorOptions;
  readonly machine?: Partial<PollingStateMachineOptions>;
  readonly groups?: readonly ProtectionGroup[];
  readonly lambdaFault?: (call: LambdaCall) => LambdaFault | undefined;
}

export async function startDrill(planInput: unknown, options: DrillOptions = {}): Promise<Drill> {
  const plan = parseRecoveryPlan(planInput);
  const stack = await startStack(options.emulator);
  const machineOptions = {
    lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:router',
    ...options.machine,
  };
  const router = createActionRouter({
    ...stack.deps({}, options.groups ?? []),
    plans: new InMemoryPlanStore([plan]),
  });
  const notifications: LocalNotification[] = [];
  const routerCalls: string[] = [];
  const machine = new LocalStateMachine({
    definition: buildPollingStateMachine(machineOptions),
    handler: async (event) => {
      routerCalls.push(String((event as { action?: unknown }).action));
      return router(event);
    },
    ...(machineOptions.statePrefix ? { statePrefix: machineOptions.statePrefix } : {}),
    advanceClock: (ms) => stack.emulator.advance(ms),
    onNotification: (n) => notifications.push(n),
    ...(options.lambdaFault ? { lambdaFault: options.lambdaFault } : {}),
  });
  let runs = 0;
  return {
    stack,
    plan,
    notifications,
    routerCalls,
    start(input = { planId: plan.id, executionType: 'DRILL' }, executionName) {
      runs += 1;
      return machine.start(input, { executionName: executionName ?? `${plan.id}-drill-${runs}` });
    },
    close: () => stack.close(),
  };
}

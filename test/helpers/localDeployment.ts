import { DrsClient } from '@aws-sdk/client-drs';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { OperateContext } from '../../src/cli/commands/operate';
import {
  buildPollingStateMachine,
  createActionRouter,
  createDrsAdapter,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  type RecoveryPlan,
} from '../../src/index';
import type { LocalExecution } from '../../src/testing/index';
import { LocalStateMachine } from '../../src/testing/index';
import { type Stack, startStack } from './stack';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:drs-waves';
const executionArn = (name: string) =>
  `arn:aws:states:eu-west-1:123456789012:execution:drs-waves:${name}`;

/**
 * A deployed drs-waves on the local stack: the router on dynalite and the DRS emulator, run by
 * the local state machine, behind an SFN client whose StartExecution, DescribeExecution,
 * SendTaskSuccess/Failure, StopExecution and ListExecutions reach the local machine as Step
 * Functions would. What the CLI and the control plane operate in the end-to-end tests.
 */
export interface LocalDeployment {
  readonly stack: Stack;
  readonly sfn: SFNClient;
  readonly executions: ReadonlyMap<string, LocalExecution>;
  close(): Promise<void>;
}

/**
 * What the CLI's operating commands are given to reach `deployment`: its SFN client, its
 * DynamoDB and its DRS; each printed line goes to `print`. The local machine runs on its own:
 * `--watch` only gets real time between its reads.
 */
export function operateContextOf(
  deployment: LocalDeployment,
  print: (line: string) => void,
): OperateContext {
  return {
    env: {},
    clients: {
      sfn: deployment.sfn,
      doc: deployment.stack.dynamo.doc,
      drs: createDrsAdapter(new DrsClient(deployment.stack.emulator.clientConfig())),
    },
    print,
    sleep: () => new Promise((r) => setTimeout(r, 20)),
  };
}

export async function startLocalDeployment(
  plans: readonly RecoveryPlan[],
): Promise<LocalDeployment> {
  const stack = await startStack();
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const mock = mockClient(sfn);
  const deps = stack.deps();
  const router = createActionRouter({
    drs: deps.drs,
    history: stack.history,
    protectionGroups: new InMemoryProtectionGroupStore([]),
    plans: new InMemoryPlanStore([...plans]),
    clock: () => stack.emulator.now(),
    taskCallbacks: { sendTaskSuccess: (token, output) => machine.sendTaskSuccess(token, output) },
  });
  const machine: LocalStateMachine = new LocalStateMachine({
    definition: buildPollingStateMachine({
      lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:drs-waves',
    }),
    advanceClock: (ms) => stack.emulator.advance(ms),
    handler: router,
  });
  const executions = new Map<string, LocalExecution>();
  const ended = new Map<string, { status: string; stopDate: Date }>();
  const started = new Map<string, Date>();
  const find = (arn: string | undefined) => {
    const name = arn?.split(':').at(-1) ?? '';
    const execution = executions.get(name);
    if (execution === undefined)
      throw Object.assign(new Error(name), { name: 'ExecutionDoesNotExist' });
    return { name, execution };
  };
  mock.on(StartExecutionCommand).callsFake((input) => {
    const name = String(input.name);
    if (!executions.has(name)) {
      const execution = machine.start(JSON.parse(String(input.input)), { executionName: name });
      executions.set(name, execution);
      started.set(name, stack.emulator.now());
      void execution.result.then(
        (r) => ended.set(name, { status: r.status, stopDate: stack.emulator.now() }),
        () => ended.set(name, { status: 'FAILED', stopDate: stack.emulator.now() }),
      );
    }
    return { executionArn: executionArn(name), startDate: started.get(name) };
  });
  mock.on(DescribeExecutionCommand).callsFake((input) => {
    const { name } = find(input.executionArn);
    const end = ended.get(name);
    return {
      executionArn: executionArn(name),
      name,
      status: end?.status ?? 'RUNNING',
      startDate: started.get(name),
      ...(end ? { stopDate: end.stopDate } : {}),
    };
  });
  mock.on(SendTaskSuccessCommand).callsFake(async (input) => {
    if (!(await machine.sendTaskSuccess(String(input.taskToken), String(input.output ?? '{}'))))
      throw Object.assign(new Error('Task timed out'), { name: 'TaskTimedOut' });
    return {};
  });
  mock.on(SendTaskFailureCommand).callsFake((input) => {
    for (const execution of executions.values()) {
      try {
        execution.sendTaskFailure(String(input.taskToken), String(input.error), input.cause);
        return {};
      } catch {
        // Not this execution's token.
      }
    }
    throw Object.assign(new Error('Task timed out'), { name: 'TaskTimedOut' });
  });
  mock.on(StopExecutionCommand).callsFake((input) => {
    const { name } = find(input.executionArn);
    ended.set(name, { status: 'ABORTED', stopDate: stack.emulator.now() });
    return { stopDate: stack.emulator.now() };
  });
  mock.on(ListExecutionsCommand).callsFake(() => ({
    executions: [...executions.keys()].reverse().map((name) => ({
      executionArn: executionArn(name),
      stateMachineArn: STATE_MACHINE_ARN,
      name,
      status: ended.get(name)?.status ?? 'RUNNING',
      startDate: started.get(name),
    })),
  }));
  return {
    stack,
    sfn,
    executions,
    async close() {
      // Let every run end before the stack goes.
      await Promise.allSettled([...executions.values()].map((e) => e.result));
      mock.restore();
      await stack.close();
    },
  };
}

/** A state machine ARN, in parts. */
export interface StateMachineArnParts {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

const STATE_MACHINE_ARN =
  /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):stateMachine:([^:/\s]{1,80})$/;

/** The parts of a standard state machine ARN, or `undefined` when `arn` is not one. */
export function parseStateMachineArn(arn: string): StateMachineArnParts | undefined {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { arn, partition, region, account, name };
}

/**
 * The ARN of the execution named `executionId`: the control plane starts every execution with
 * its execution ID as its name, so the ARN follows from the ID alone.
 */
export function executionArnOf(machine: StateMachineArnParts, executionId: string): string {
  const { partition, region, account, name } = machine;
  return `arn:${partition}:states:${region}:${account}:execution:${name}:${executionId}`;
}

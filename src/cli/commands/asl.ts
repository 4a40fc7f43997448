import { buildPollingStateMachine } from '../../asl/buildPollingStateMachine';
import type { PollingStateMachineOptions } from '../../asl/PollingStateMachineOptions';
import { EXIT, readDocument } from '../internal';

/** The Lambda ARN as a CloudFormation `DefinitionSubstitutions` key. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation substitution, not a template
export const ROUTER_ARN_SUBSTITUTION = '${RouterFunctionArn}';

/**
 * Runs `drs-waves asl`: prints the definition as JSON. Without `lambdaArn` in the options, the
 * ARN is the CloudFormation substitution `${RouterFunctionArn}` (use `DefinitionSubstitutions`).
 */
export async function asl(flags: { readonly options?: string }): Promise<number> {
  const options = (
    flags.options ? await readDocument(flags.options, 'options') : {}
  ) as Partial<PollingStateMachineOptions>;
  const definition = buildPollingStateMachine({ lambdaArn: ROUTER_ARN_SUBSTITUTION, ...options });
  console.log(JSON.stringify(definition, null, 2));
  return EXIT.ok;
}

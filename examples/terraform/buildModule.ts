/**
 * The generated files of the Terraform module, for users without CDK: the state machine
 * definition and the IAM policy documents, rendered from the library as Terraform templates
 * (`templatefile()`), next to the hand-written `main.tf`. `scripts/generate-terraform.mjs` writes
 * them; a test fails when a checked-in file differs from what this module renders.
 *
 * Placeholders are Terraform template variables in snake case (`${router_function_arn}`,
 * `${history_table_arn}`, `${partition}`...); every other `${` and `%{` is escaped (`$${`,
 * `%%{`), so `templatefile()` leaves it as it is.
 */
import {
  buildPollingStateMachine,
  type DrsWavesPolicies,
  drsWavesPolicies,
  type PollingStateMachineOptions,
  renderStatements,
  type StatementTemplate,
  TEMPLATE_VARIABLES,
  type TemplateVariable,
  variablesOf,
} from 'drs-waves';

/**
 * The state machine options the definition is generated with: they are baked into
 * `state-machine.asl.json.tftpl`. Other options mean another definition (`drs-waves asl
 * --options`), not a Terraform variable.
 */
export const MODULE_MACHINE_OPTIONS: Omit<
  PollingStateMachineOptions,
  'lambdaArn' | 'notificationTopicArn'
> = { pollIntervalSeconds: 30, wavesInParallel: 5 };

/** The pseudo parameters of the statement templates, as Terraform template variables. */
const PSEUDO_PARAMETERS = {
  'AWS::Partition': 'partition',
  'AWS::Region': 'region',
  'AWS::AccountId': 'account_id',
} as const;

/**
 * The Terraform template variable that stands for a statement template variable: its name in
 * snake case.
 *
 * @example
 * ```ts
 * import { terraformVariable } from './buildModule';
 *
 * terraformVariable('HistoryTableArn'); // 'history_table_arn'
 * ```
 */
export function terraformVariable(name: TemplateVariable): string {
  return name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();
}

/** A Terraform template interpolation: `${name}`. */
const interpolation = (name: string): string => `\${${name}}`;

/**
 * Makes `text` a Terraform template whose only interpolations are `variables`: every other `${`
 * becomes `$${` and every `%{` becomes `%%{`, which `templatefile()` renders as they were.
 *
 * @example
 * ```ts
 * import { escapeTemplate } from './buildModule';
 *
 * escapeTemplate('${a} ${b} %{c}', ['a']); // '${a} $${b} %%{c}'
 * ```
 */
export function escapeTemplate(text: string, variables: readonly string[]): string {
  const kept = new Set(variables.map(interpolation));
  return text.replace(/([$%])\{([^}]*\})?/g, (match: string, sign: string) => {
    if (sign === '$' && kept.has(match)) return match;
    return `${sign}${match}`;
  });
}

/**
 * The Terraform template variables a policy template uses: the statement variables and pseudo
 * parameters its resources name, in snake case.
 */
function policyVariables(templates: readonly StatementTemplate[]): string[] {
  const names = templates
    .flatMap((t) => t.Resource)
    .flatMap((text) => [
      ...variablesOf(text).map(terraformVariable),
      ...Object.entries(PSEUDO_PARAMETERS)
        .filter(([pseudo]) => text.includes(interpolation(pseudo)))
        .map(([, name]) => name),
    ]);
  return [...new Set(names)];
}

/**
 * A policy document as a Terraform template: the statements, filled in with
 * `${<snake_case variable>}`, as two-space JSON with a final newline.
 *
 * @example
 * ```ts
 * import { drsWavesPolicies } from 'drs-waves';
 * import { renderPolicyTemplate } from './buildModule';
 *
 * renderPolicyTemplate(drsWavesPolicies().distributedMap).includes('${state_machine_arn}'); // true
 * ```
 */
export function renderPolicyTemplate(templates: readonly StatementTemplate[]): string {
  const values = Object.fromEntries(
    TEMPLATE_VARIABLES.map((name) => [name, interpolation(terraformVariable(name))]),
  );
  const statements = renderStatements(templates, {
    ...values,
    partition: interpolation(PSEUDO_PARAMETERS['AWS::Partition']),
    region: interpolation(PSEUDO_PARAMETERS['AWS::Region']),
    accountId: interpolation(PSEUDO_PARAMETERS['AWS::AccountId']),
  });
  const document = { Version: '2012-10-17', Statement: statements };
  return escapeTemplate(`${JSON.stringify(document, null, 2)}\n`, policyVariables(templates));
}

/** The Terraform template variables of the state machine definition. */
export const ASL_TEMPLATE_VARIABLES = {
  lambdaArn: 'router_function_arn',
  notificationTopicArn: 'notification_topic_arn',
} as const;

/**
 * The state machine definition as a Terraform template: `buildPollingStateMachine` with
 * {@link MODULE_MACHINE_OPTIONS}, the router as `${router_function_arn}` and the topic as
 * `${notification_topic_arn}`, as two-space JSON with a final newline.
 *
 * @example
 * ```ts
 * import { renderStateMachineTemplate } from './buildModule';
 *
 * renderStateMachineTemplate().includes('"FunctionName": "${router_function_arn}"'); // true
 * ```
 */
export function renderStateMachineTemplate(): string {
  const definition = buildPollingStateMachine({
    ...MODULE_MACHINE_OPTIONS,
    lambdaArn: interpolation(ASL_TEMPLATE_VARIABLES.lambdaArn),
    notificationTopicArn: interpolation(ASL_TEMPLATE_VARIABLES.notificationTopicArn),
  });
  return escapeTemplate(
    `${JSON.stringify(definition, null, 2)}\n`,
    Object.values(ASL_TEMPLATE_VARIABLES),
  );
}

/**
 * The policy templates of the module, by path, and the statements each holds. The operator
 * policies (`drillOperator`, `recoveryOperator`) are left out: they name the control-plane REST
 * API, which this module does not deploy.
 */
export const POLICY_TEMPLATES: Readonly<
  Record<string, (policies: DrsWavesPolicies) => readonly StatementTemplate[]>
> = {
  'policies/router.json.tftpl': (p) => p.router,
  'policies/state-machine.json.tftpl': (p) => p.stateMachine,
  'policies/state-machine-log-delivery.json.tftpl': (p) => p.stateMachineLogDelivery,
  'policies/state-machine-tracing.json.tftpl': (p) => p.stateMachineTracing,
  'policies/distributed-map.json.tftpl': (p) => p.distributedMap,
  'policies/wave-actions.json.tftpl': (p) => p.waveActions,
  'policies/control-plane.json.tftpl': (p) => p.controlPlane,
  'policies/router-readiness-notices.json.tftpl': (p) => p.routerReadinessNotices,
  'policies/readiness-scheduler.json.tftpl': (p) => p.readinessScheduler,
};

/** Where the state machine definition template is, in the module. */
export const STATE_MACHINE_TEMPLATE = 'state-machine.asl.json.tftpl';

/**
 * Every generated file of the module: its path, relative to `examples/terraform`, and its
 * contents.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { buildTerraformFiles } from './buildModule';
 *
 * for (const [path, contents] of Object.entries(buildTerraformFiles())) {
 *   await writeFile(`examples/terraform/${path}`, contents);
 * }
 * ```
 */
export function buildTerraformFiles(): Record<string, string> {
  const policies = drsWavesPolicies();
  return {
    [STATE_MACHINE_TEMPLATE]: renderStateMachineTemplate(),
    ...Object.fromEntries(
      Object.entries(POLICY_TEMPLATES).map(([path, of]) => [
        path,
        renderPolicyTemplate(of(policies)),
      ]),
    ),
  };
}

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getExpressionAst, parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildTerraformFiles,
  POLICY_TEMPLATES,
  STATE_MACHINE_TEMPLATE,
  terraformVariable,
} from '../../examples/terraform/buildModule';
import { accountRoleProblems } from '../../src/accounts/internal/accountRoleProblems';
import {
  accountRoleStatements,
  buildPollingStateMachine,
  DynamoDbExecutionHistoryStore,
  drsWavesPolicies,
  renderStatements,
  TEMPLATE_VARIABLES,
  type TemplateValues,
} from '../../src/index';
import { ACCOUNT_ROLES_ENV } from '../../src/lambda/env';
import { type PolicyStatementJson, policyProblems } from './iamChecks';

/** A Terraform expression as `@cdktf/hcl2json` gives it: `${expression}`. */
const tf = (expression: string): string => `\${${expression}}`;

const moduleDir = join(import.meta.dirname, '..', '..', 'examples', 'terraform');
const TF_FILES = ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf'];

/** A Terraform configuration as `@cdktf/hcl2json` gives it: every block is a list. */
type Block = Record<string, unknown>;
interface Config {
  resource: Record<string, Record<string, Block[]>>;
  data: Record<string, Record<string, Block[]>>;
  variable: Record<string, Block[]>;
  output: Record<string, Block[]>;
  locals: Block[];
}

/** Terraform files (name: contents), parsed and merged into one configuration. */
async function parseConfig(files: Readonly<Record<string, string>>): Promise<Config> {
  const config: Config = { resource: {}, data: {}, variable: {}, output: {}, locals: [] };
  for (const [name, contents] of Object.entries(files)) {
    const parsed = (await parse(name, contents)) as Partial<Config>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, blocks] of Object.entries(parsed[kind] ?? {})) {
        config[kind][type] = { ...config[kind][type], ...blocks };
      }
    }
    Object.assign(config.variable, parsed.variable);
    Object.assign(config.output, parsed.output);
    config.locals.push(...(parsed.locals ?? []));
  }
  return config;
}

/** Every string value of a parsed configuration. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, found);
  else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) strings(v, found);
  }
  return found;
}

/** The references of every expression that name nothing the configuration declares. */
function unresolvedReferences(config: Config): string[] {
  const locals = new Set(config.locals.flatMap((l) => Object.keys(l)));
  const checks: [RegExp, (m: RegExpMatchArray) => boolean][] = [
    [
      /(?<![\w.])((?:aws|archive)_[a-z0-9_]+)\.([a-z0-9_]+)/g,
      (m) => config.resource[m[1] ?? '']?.[m[2] ?? ''] !== undefined,
    ],
    [
      /(?<![\w.])data\.([a-z0-9_]+)\.([a-z0-9_]+)/g,
      (m) => config.data[m[1] ?? '']?.[m[2] ?? ''] !== undefined,
    ],
    [/(?<![\w.])var\.([a-z0-9_]+)/g, (m) => config.variable[m[1] ?? ''] !== undefined],
    [/(?<![\w.])local\.([a-z0-9_]+)/g, (m) => locals.has(m[1] ?? '')],
  ];
  const unresolved = new Set<string>();
  for (const text of strings(config)) {
    for (const [pattern, declared] of checks) {
      for (const match of text.matchAll(pattern)) if (!declared(match)) unresolved.add(match[0]);
    }
  }
  return [...unresolved].sort();
}

/** An expression node of `getExpressionAst`, as far as these tests read it. */
interface AstNode {
  readonly type: string;
  readonly meta?: { readonly name?: string; readonly value?: string; items?: object };
  readonly children?: readonly AstNode[];
}

/** A `templatefile()` call: the module file it reads and the variables it passes. */
interface TemplateFileCall {
  readonly file: string;
  readonly variables: Record<string, string>;
}

/** Every `templatefile("${path.module}/<file>", { ... })` call of a configuration. */
async function templateFileCalls(config: Config): Promise<TemplateFileCall[]> {
  const calls: TemplateFileCall[] = [];
  const visit = (node: AstNode | undefined) => {
    if (!node) return;
    if (node.type === 'function' && node.meta?.name === 'templatefile') {
      const [path, variables] = node.children ?? [];
      const file = /"\$\{path\.module\}\/([^"]+)"/.exec(path?.meta?.value ?? '')?.[1];
      if (file === undefined)
        throw new Error(`templatefile() of no module file: ${node.meta.value}`);
      if (variables?.type !== 'object') throw new Error(`templatefile() without a variable map`);
      calls.push({
        file,
        variables: Object.fromEntries(
          Object.entries(variables.meta?.items ?? {}).map(([k, v]) => [k.replace(/"/g, ''), v]),
        ),
      });
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const text of strings(config).filter((s) => s.includes('templatefile('))) {
    const whole = /^\$\{([\s\S]*)\}$/.exec(text);
    if (!whole?.[1]) throw new Error(`templatefile() inside a string template: ${text}`);
    visit(((await getExpressionAst('main.tf', whole[1])) as AstNode | null) ?? undefined);
  }
  return calls;
}

/**
 * What `templatefile()` does with `text`: `${name}` becomes `variables[name]`, `$${` and `%%{`
 * become `${` and `%{`. Throws on directives (`%{`) and on variables `variables` lacks.
 */
function renderTemplate(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|\$\{|%\{/g, (match, name?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    const value = name === undefined ? undefined : variables[name];
    if (value === undefined) throw new Error(`templatefile() cannot render ${match}`);
    return value;
  });
}

/** The variables a template uses: its `${name}` interpolations, escaped `$${` aside. */
function templateVariables(text: string): string[] {
  const names = [...text.matchAll(/\$\$\{|\$\{([^}]*)\}/g)].flatMap((m) => (m[1] ? [m[1]] : []));
  return [...new Set(names)].sort();
}

/** Made-up values of every variable of the policy templates, as Terraform names them. */
const PSEUDO: TemplateValues = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
const VALUES: TemplateValues = {
  ...PSEUDO,
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((n) => [n, `arn:aws:test:eu-west-1::${n}`])),
};
const TF_VALUES: Record<string, string> = {
  partition: PSEUDO.partition,
  region: PSEUDO.region,
  account_id: PSEUDO.accountId,
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((n) => [terraformVariable(n), VALUES[n] ?? ''])),
};
const ROUTER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:drs-waves-router';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:drs-waves-notifications';

let config: Config;
let calls: TemplateFileCall[];
const resource = (type: string, name: string): Block => config.resource[type]?.[name]?.[0] ?? {};
const readModuleFile = (path: string) => readFile(join(moduleDir, path), 'utf8');

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (const name of TF_FILES) files[name] = await readModuleFile(name);
  config = await parseConfig(files);
  calls = await templateFileCalls(config);
});

describe('the Terraform module', () => {
  it('is these .tf files, and each parses', async () => {
    const tfFiles = (await readdir(moduleDir)).filter((f) => f.endsWith('.tf')).sort();
    expect(tfFiles).toStrictEqual(TF_FILES);
    for (const name of tfFiles) {
      await expect(parse(name, await readModuleFile(name))).resolves.toBeTypeOf('object');
    }
    const versions = (await parse('versions.tf', await readModuleFile('versions.tf'))) as {
      terraform?: { required_providers?: Record<string, { source: string; version: string }>[] }[];
    };
    expect(versions.terraform?.[0]?.required_providers?.[0]).toStrictEqual({
      aws: { source: 'hashicorp/aws', version: '~> 5.0' },
      archive: { source: 'hashicorp/archive', version: '~> 2.4' },
    });
  });

  it('holds what npm run examples:terraform generates (run it after changing the library)', async () => {
    const generated = buildTerraformFiles();
    for (const [path, contents] of Object.entries(generated)) {
      expect(await readModuleFile(path), path).toBe(contents);
    }
    const templates = [
      ...(await readdir(moduleDir)).filter((f) => f.endsWith('.tftpl')),
      ...(await readdir(join(moduleDir, 'policies'))).map((f) => `policies/${f}`),
    ];
    expect(templates.sort()).toStrictEqual(Object.keys(generated).sort());
  });

  it('refers only to resources, data sources, variables and locals it declares', () => {
    expect(unresolvedReferences(config)).toStrictEqual([]);
    const used = strings(config).join('\n');
    const unused = [
      ...Object.keys(config.variable).map((n) => `var.${n}`),
      ...config.locals.flatMap((l) => Object.keys(l)).map((n) => `local.${n}`),
    ].filter((ref) => !new RegExp(`${ref.replace('.', '\\.')}\\b`).test(used));
    expect(unused).toStrictEqual([]);
  });

  it('catches a reference to something undeclared', async () => {
    const broken = await parseConfig({
      'broken.tf': [
        'locals {',
        '  a = aws_s3_bucket.missing.arn',
        `  b = "\${var.missing}-\${local.a}-\${data.aws_region.missing.name}"`,
        '}',
      ].join('\n'),
    });
    expect(unresolvedReferences(broken)).toStrictEqual([
      'aws_s3_bucket.missing',
      'data.aws_region.missing',
      'var.missing',
    ]);
  });

  it('passes each templatefile() exactly the variables its template uses', async () => {
    expect(calls.map((c) => c.file).sort()).toStrictEqual(
      Object.keys(buildTerraformFiles()).sort(),
    );
    for (const call of calls) {
      const template = await readModuleFile(call.file);
      expect(Object.keys(call.variables).sort(), call.file).toStrictEqual(
        templateVariables(template),
      );
    }
  });

  it('runs the router on the prebuilt bundle, as the package ships it', () => {
    expect(resource('aws_lambda_function', 'router')).toMatchObject({
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memory_size: 512,
      timeout: 90,
      filename: tf('data.archive_file.router.output_path'),
      source_code_hash: tf('data.archive_file.router.output_base64sha256'),
      role: tf('aws_iam_role.router.arn'),
    });
    const variables = String(
      (resource('aws_lambda_function', 'router').environment as Block[])[0]?.variables,
    );
    for (const [name, table] of [
      ['HISTORY_TABLE', 'history'],
      ['PLANS_TABLE', 'plans'],
      ['PROTECTION_GROUPS_TABLE', 'protection_groups'],
    ]) {
      expect(variables).toMatch(new RegExp(`${name} += aws_dynamodb_table\\.${table}\\.name`));
    }
    expect(config.data.archive_file?.router?.[0]).toMatchObject({
      type: 'zip',
      source_file: `${tf('local.router_bundle_dir')}/index.mjs`,
    });
    expect(config.variable.router_bundle_dir?.[0]).toMatchObject({ default: null });
    expect(config.locals.find((l) => 'router_bundle_dir' in l)?.router_bundle_dir).toBe(
      tf(
        `coalesce(var.router_bundle_dir, "${tf('path.root')}/node_modules/drs-waves/dist/lambda/router")`,
      ),
    );
    // The log group Lambda writes to, and the one the router's policy names (with its streams).
    expect(resource('aws_cloudwatch_log_group', 'router').name).toBe(
      `/aws/lambda/${tf('local.router_function_name')}`,
    );
    expect(resource('aws_lambda_function', 'router').function_name).toBe(
      tf('local.router_function_name'),
    );
    const routerPolicy = calls.find((c) => c.file === 'policies/router.json.tftpl');
    expect(routerPolicy?.variables.log_group_arn).toBe(
      `"${tf('aws_cloudwatch_log_group.router.arn')}:*"`,
    );
  });

  it('takes account_roles as the CloudFormation template takes AccountRoles: validated, granted, given to the router', async () => {
    const variable = config.variable.account_roles?.[0] ?? {};
    expect(variable.default).toStrictEqual({});
    expect(variable.type).toBe(
      tf('map(object({\n    role_arn    = string\n    external_id = string\n  }))'),
    );
    // The validation's regexes, run here: they accept and refuse what the router's own check does.
    const condition = String((variable.validation as Block[])[0]?.condition);
    const patterns = [...condition.matchAll(/regex\("((?:[^"\\]|\\.)*)"/g)].map(
      (m) => JSON.parse(`"${m[1]}"`) as string,
    );
    expect(patterns).toHaveLength(3);
    const [key = '', arn = '', externalId = ''] = patterns;
    const accepts = (roles: Record<string, { role_arn: string; external_id: string }>) =>
      Object.entries(roles).every(
        ([account, role]) =>
          new RegExp(key).test(account) &&
          new RegExp(arn.replace(tf('account'), account)).test(role.role_arn) &&
          new RegExp(externalId).test(role.external_id),
      );
    const samples = [
      {
        '111122223333': {
          role_arn: 'arn:aws:iam::111122223333:role/drs-waves-target',
          external_id: 'ext-1',
        },
      },
      {
        '111122223333': {
          role_arn: 'arn:aws:iam::444455556666:role/drs-waves-target',
          external_id: 'ext-1',
        },
      },
      { '1111': { role_arn: 'arn:aws:iam::1111:role/x', external_id: 'ext-1' } },
      { '111122223333': { role_arn: 'arn:aws:iam::111122223333:role/x', external_id: 'e' } },
      { '111122223333': { role_arn: 'arn:aws:iam::111122223333:user/x', external_id: 'ext 1' } },
    ];
    for (const sample of samples) {
      const library = accountRoleProblems(
        Object.fromEntries(
          Object.entries(sample).map(([k, r]) => [
            k,
            { roleArn: r.role_arn, externalId: r.external_id },
          ]),
        ),
        'accountRoles',
      );
      expect(accepts(sample), JSON.stringify(sample)).toBe(library.length === 0);
    }
    expect(samples.filter(accepts)).toHaveLength(1);

    // The grant: the library's AssumeAccountRoles statement, on the roles given, only when given.
    const grant = resource('aws_iam_role_policy', 'router_account_roles');
    expect(grant.count).toBe(tf('length(var.account_roles) > 0 ? 1 : 0'));
    expect(grant.role).toBe(tf('aws_iam_role.router.id'));
    const [statement] = accountRoleStatements(['(the roles)']);
    const policy = String(grant.policy);
    expect(policy).toContain(`Sid      = "${statement?.Sid}"`);
    expect(policy).toContain(`Action   = ${JSON.stringify(statement?.Action)}`);
    expect(policy).toContain('Resource = [for role in values(var.account_roles) : role.role_arn]');
    // The router reads them as the prebuilt router does.
    const variables = String(
      (resource('aws_lambda_function', 'router').environment as Block[])[0]?.variables,
    );
    expect(variables).toContain(
      `length(var.account_roles) == 0 ? {} : {\n        ${ACCOUNT_ROLES_ENV} = jsonencode({`,
    );
    expect(variables).toContain(
      'account => { roleArn = role.role_arn, externalId = role.external_id }',
    );
  });

  it('schedules the readiness of each of readiness_plan_ids every 30 minutes by default', () => {
    expect(config.variable.readiness_plan_ids?.[0]).toMatchObject({ default: [] });
    expect(config.variable.readiness_schedule?.[0]).toMatchObject({ default: 'rate(30 minutes)' });
    expect(config.locals.find((l) => 'readiness_schedule' in l)?.readiness_schedule).toBe(
      tf('length(var.readiness_plan_ids) > 0'),
    );
    expect(resource('aws_scheduler_schedule', 'readiness')).toStrictEqual({
      for_each: tf('toset(var.readiness_plan_ids)'),
      description: `drs-waves: the readiness of plan ${tf('each.key')}`,
      schedule_expression: tf('var.readiness_schedule'),
      state: 'ENABLED',
      flexible_time_window: [{ mode: 'OFF' }],
      target: [
        {
          arn: tf('aws_lambda_function.router.arn'),
          role_arn: tf('aws_iam_role.readiness_scheduler[0].arn'),
          input: tf('jsonencode({ action = "evaluate_readiness", planIds = [each.key] })'),
          retry_policy: [{ maximum_event_age_in_seconds: 1800, maximum_retry_attempts: 3 }],
        },
      ],
    });
    // The scheduler's role: trusted by EventBridge Scheduler of this account, invoking the router.
    const role = resource('aws_iam_role', 'readiness_scheduler');
    expect(role.count).toBe(tf('local.readiness_schedule ? 1 : 0'));
    expect(role.assume_role_policy).toContain('scheduler.amazonaws.com');
    expect(role.assume_role_policy).toContain('"aws:SourceAccount" = local.account_id');
    const invoke = calls.find((c) => c.file === 'policies/readiness-scheduler.json.tftpl');
    expect(invoke?.variables).toStrictEqual({
      router_function_arn: 'aws_lambda_function.router.arn',
    });
    const publish = calls.find((c) => c.file === 'policies/router-readiness-notices.json.tftpl');
    expect(publish?.variables).toStrictEqual({ topic_arn: 'aws_sns_topic.notifications.arn' });
    expect(resource('aws_iam_role_policy', 'router_readiness_notices')).toMatchObject({
      count: tf('local.readiness_schedule ? 1 : 0'),
      role: tf('aws_iam_role.router.id'),
    });
    expect(
      String((resource('aws_lambda_function', 'router').environment as Block[])[0]?.variables),
    ).toContain(
      'DRS_WAVES_READINESS_TOPIC_ARN = local.readiness_schedule ? aws_sns_topic.notifications.arn : ""',
    );
  });

  it('keeps the tables encrypted with its key, recoverable and protected from deletion', () => {
    const history = DynamoDbExecutionHistoryStore.tableDefinition('history');
    const keyOf = (type: string) => history.KeySchema?.find((k) => k.KeyType === type);
    const keys = {
      plans: { hash_key: 'PlanId', attribute: [{ name: 'PlanId', type: 'S' }] },
      protection_groups: {
        hash_key: 'ProtectionGroupId',
        attribute: [{ name: 'ProtectionGroupId', type: 'S' }],
      },
      history: {
        hash_key: keyOf('HASH')?.AttributeName,
        range_key: keyOf('RANGE')?.AttributeName,
        attribute: history.AttributeDefinitions?.map((a) => ({
          name: a.AttributeName,
          type: a.AttributeType,
        })),
      },
    };
    expect(Object.keys(config.resource.aws_dynamodb_table ?? {}).sort()).toStrictEqual(
      Object.keys(keys).sort(),
    );
    for (const [name, key] of Object.entries(keys)) {
      expect(resource('aws_dynamodb_table', name), name).toMatchObject({
        ...key,
        billing_mode: 'PAY_PER_REQUEST',
        deletion_protection_enabled: true,
        point_in_time_recovery: [{ enabled: true }],
        server_side_encryption: [{ enabled: true, kms_key_arn: tf('aws_kms_key.this.arn') }],
      });
    }
    expect(resource('aws_kms_key', 'this')).toMatchObject({ enable_key_rotation: true });
    expect(resource('aws_sns_topic', 'notifications')).toMatchObject({
      kms_master_key_id: tf('aws_kms_key.this.arn'),
    });
    const topicPolicy = String(resource('aws_sns_topic_policy', 'notifications').policy);
    expect(topicPolicy).toContain('"aws:SecureTransport" = "false"');
    expect(topicPolicy).toContain('aws_cloudwatch_metric_alarm.executions_failed.arn');
  });

  it('logs every state machine event without execution data, and traces executions', () => {
    const machine = resource('aws_sfn_state_machine', 'this');
    expect(machine).toMatchObject({
      type: 'STANDARD',
      role_arn: tf('aws_iam_role.state_machine.arn'),
      logging_configuration: [
        {
          level: 'ALL',
          include_execution_data: false,
          log_destination: `${tf('aws_cloudwatch_log_group.state_machine.arn')}:*`,
        },
      ],
      tracing_configuration: [{ enabled: true }],
    });
    expect(machine.definition).toMatch(/^\$\{templatefile\(/);
    // The log delivery and tracing permissions exist before Step Functions checks them.
    expect(machine.depends_on).toStrictEqual([
      tf('aws_iam_role_policy.state_machine'),
      tf('aws_iam_role_policy.state_machine_log_delivery'),
      tf('aws_iam_role_policy.state_machine_tracing'),
    ]);
  });

  it('attaches the Distributed Map policy, which names the state machine, once it exists', () => {
    const policy = resource('aws_iam_role_policy', 'distributed_map');
    expect(policy.role).toBe(tf('aws_iam_role.state_machine.id'));
    const call = calls.find((c) => c.file === 'policies/distributed-map.json.tftpl');
    expect(call?.variables).toMatchObject({
      state_machine_arn: 'aws_sfn_state_machine.this.arn',
      state_machine_name: 'aws_sfn_state_machine.this.name',
    });
  });

  it('alarms on failed executions to the notifications topic', () => {
    expect(resource('aws_cloudwatch_metric_alarm', 'executions_failed')).toMatchObject({
      namespace: 'AWS/States',
      metric_name: 'ExecutionsFailed',
      dimensions: { StateMachineArn: tf('aws_sfn_state_machine.this.arn') },
      alarm_actions: [tf('aws_sns_topic.notifications.arn')],
    });
  });

  it('outputs the state machine, tables, topic and router', () => {
    expect(Object.keys(config.output)).toEqual(
      expect.arrayContaining([
        'state_machine_arn',
        'plans_table_name',
        'protection_groups_table_name',
        'history_table_name',
        'notification_topic_arn',
        'router_function_name',
      ]),
    );
    expect(config.output.state_machine_arn?.[0]?.value).toBe(tf('aws_sfn_state_machine.this.arn'));
    expect(config.output.router_function_name?.[0]?.value).toBe(
      tf('aws_lambda_function.router.function_name'),
    );
  });
});

describe('the generated templates', () => {
  it("render the library's definition, with the router and topic filled in", async () => {
    const template = await readModuleFile(STATE_MACHINE_TEMPLATE);
    expect(templateVariables(template)).toStrictEqual([
      'notification_topic_arn',
      'router_function_arn',
    ]);
    const rendered = renderTemplate(template, {
      router_function_arn: ROUTER_ARN,
      notification_topic_arn: TOPIC_ARN,
    });
    expect(JSON.parse(rendered)).toStrictEqual(
      buildPollingStateMachine({
        pollIntervalSeconds: 30,
        wavesInParallel: 5,
        lambdaArn: ROUTER_ARN,
        notificationTopicArn: TOPIC_ARN,
      }),
    );
  });

  it('render the router policy of the library', async () => {
    const template = await readModuleFile('policies/router.json.tftpl');
    const document = JSON.parse(renderTemplate(template, TF_VALUES));
    expect(document.Version).toBe('2012-10-17');
    expect(document.Statement).toStrictEqual(renderStatements(drsWavesPolicies().router, VALUES));
    expect(JSON.stringify(document)).toContain('drs:StartRecovery');
  });

  it.each(Object.entries(POLICY_TEMPLATES))('render %s from the library', async (path, of) => {
    const document = JSON.parse(renderTemplate(await readModuleFile(path), TF_VALUES));
    expect(document.Statement).toStrictEqual(renderStatements(of(drsWavesPolicies()), VALUES));
  });

  it('grant least privilege in every policy', async () => {
    const statements: PolicyStatementJson[] = [];
    for (const path of Object.keys(POLICY_TEMPLATES)) {
      const template = await readModuleFile(path);
      statements.push(...JSON.parse(renderTemplate(template, TF_VALUES)).Statement);
    }
    expect(statements.length).toBeGreaterThan(20);
    expect(policyProblems(statements)).toStrictEqual([]);
    expect(JSON.stringify(statements)).not.toContain('drs:*');
  });

  it('leave no other ${ or %{ to templatefile()', () => {
    const escaped = `a \${b} $\${c} %%{d}`;
    expect(renderTemplate(escaped, { b: 'B' })).toBe(`a B \${c} %{d}`);
    expect(templateVariables(escaped)).toStrictEqual(['b']);
    expect(() => renderTemplate('%{ if x }', {})).toThrow();
    expect(() => renderTemplate(tf('missing'), {})).toThrow();
    for (const [path, contents] of Object.entries(buildTerraformFiles())) {
      const names = templateVariables(contents);
      const values = Object.fromEntries(names.map((n) => [n, 'x']));
      expect(() => renderTemplate(contents, values), path).not.toThrow();
    }
  });
});

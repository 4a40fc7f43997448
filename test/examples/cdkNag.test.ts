import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrsWavesOrchestrator } from '../../src/cdk/index';
import { lambdaCodeFromSource } from '../helpers/lambdaBundles';

let outDir: string;
let app: App;
let synthError: unknown;
let assemblyDir: string | undefined;

/** One acknowledged finding of aws-cdk-lib's validation report. */
interface Suppressed {
  readonly ruleName: string;
  readonly acknowledgedId: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'drs-waves-nag-'));
  const code = await lambdaCodeFromSource(outDir);
  app = new App({ outdir: join(outDir, 'cdk.out') });
  const stack = new Stack(app, 'DrsWaves', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const orchestrator = new DrsWavesOrchestrator(stack, 'Orchestrator', {
    ...code,
    // Event-driven completion: the deployment with the most resources (the launch-result rule).
    machine: { completion: 'events' },
    // Wave actions: the action functions and SSM Automation runbooks.
    waveActions: { functionNamePrefix: 'drs-waves-action-' },
    dataRemovalPolicy: RemovalPolicy.RETAIN,
    // The scheduled readiness check: its schedules, the scheduler's role, the router's publish.
    readinessSchedule: { planIds: ['three-tier', 'crm'] },
    // Other accounts: the router's sts:AssumeRole on their roles.
    accountRoles: {
      '111122223333': {
        roleArn: 'arn:aws:iam::111122223333:role/drs-waves-target',
        externalId: 'ext-1111',
      },
    },
  });
  orchestrator.grantDrillOperator(
    new Role(stack, 'DrillOperator', { assumedBy: new AccountRootPrincipal() }),
  );
  orchestrator.grantRecoveryOperator(
    new Role(stack, 'RecoveryOperator', { assumedBy: new AccountRootPrincipal() }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    assemblyDir = app.synth().directory;
  } catch (error) {
    synthError = error;
  }
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function suppressedViolations(): Promise<Suppressed[]> {
  if (assemblyDir === undefined) throw new Error('The app did not synthesize');
  const report = JSON.parse(
    await readFile(join(assemblyDir, 'validation-report.json'), 'utf8'),
  ) as { pluginReports: { pluginName: string; suppressedViolations?: Suppressed[] }[] };
  return report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.suppressedViolations ?? []);
}

/** Every AwsSolutions acknowledgement in the construct tree, as `<path> <id>`. */
function acknowledgements(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>))
      .filter((id) => id.startsWith('AwsSolutions::'))
      .map((id) => `${c.node.path} ${id}`),
  );
}

const relative = (path: string) => path.replace(/^DrsWaves\/(Orchestrator\/)?/, '');

describe('cdk-nag AwsSolutions', () => {
  it('reports no unsuppressed error', () => {
    expect(synthError === undefined ? '' : String((synthError as Error).message)).toBe('');
  });

  it('acknowledges only wildcard findings, one by one, and methods without Cognito', async () => {
    const suppressed = await suppressedViolations();
    const rules = new Set(suppressed.map((s) => s.ruleName.replace(/\[.*$/, '')));
    // SF1, SF2, APIG1, APIG2 and APIG6 are fixed, not acknowledged.
    expect([...rules].sort()).toStrictEqual(['AwsSolutions-COG4', 'AwsSolutions-IAM5']);
    for (const s of suppressed) {
      expect(s.reason.length, s.acknowledgedId).toBeGreaterThan(60);
      if (s.ruleName.startsWith('AwsSolutions-IAM5')) {
        // Each IAM5 finding names its resource, and is acknowledged on its own policy.
        expect(s.ruleName).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
        expect(s.violatingConstructs.map((c) => c.constructPath)).toStrictEqual([
          `${s.acknowledgedAt}/Resource`,
        ]);
      } else {
        expect(s.acknowledgedAt).toMatch(
          /^DrsWaves\/Orchestrator\/ControlApi\/Default\/.+\/(GET|POST)$/,
        );
      }
    }
    expect(suppressed.filter((s) => s.ruleName === 'AwsSolutions-COG4')).toHaveLength(8);
  });

  it('acknowledges exactly these wildcard resources, each in its policy', async () => {
    const suppressed = await suppressedViolations();
    /** The resource of a finding, `${X}` written `<X>`, without the partition, Region and account. */
    const resourceOf = (ruleName: string): string => {
      const flat = ruleName.replace(/^AwsSolutions-IAM5\[Resource::/, '').replace(/\]$/, '');
      // An Fn::Sub with variables is its JSON: [template, variables].
      const text = flat.startsWith('[') ? String((JSON.parse(flat) as unknown[])[0]) : flat;
      return text
        .replace(/\$\{([^}]+)\}/g, '<$1>')
        .replace('arn:<AWS::Partition>:', '')
        .replace('<AWS::Region>:<AWS::AccountId>', '…');
    };
    const byPolicy: Record<string, string[]> = {};
    for (const s of suppressed.filter((v) => v.ruleName.startsWith('AwsSolutions-IAM5'))) {
      const policy = relative(s.acknowledgedAt);
      byPolicy[policy] = [...(byPolicy[policy] ?? []), resourceOf(s.ruleName)].sort();
    }
    expect(byPolicy).toStrictEqual({
      'RouterRole/DefaultPolicy': [
        '*',
        'drs:…:job/*',
        'drs:…:source-server/*',
        'ec2:<AWS::Region>::image/*',
        'ec2:…:instance/*',
        'ec2:…:launch-template/*',
        'ec2:…:network-interface/*',
        'ec2:…:security-group/*',
        'ec2:…:snapshot/*',
        'ec2:…:subnet/*',
        'ec2:…:volume/*',
      ],
      'StateMachineRole/DefaultPolicy': [
        '*',
        '<RouterFunctionArn>:*',
        // Wave actions: the functions of the deployment's prefix, and runbooks.
        'lambda:…:function:<ActionFunctionPrefix>*',
        'ssm:<AWS::Region>:*:automation-definition/*',
        'ssm:…:automation-execution/*',
      ],
      DistributedMapPolicy: [
        'states:…:execution:<StateMachineName>/*',
        'states:…:execution:<StateMachineName>:*',
      ],
      // Event-driven completion: the waits are tasks of the waves' child workflows.
      RouterResumePolicy: ['states:…:stateMachine:<StateMachineName>/*'],
      'ApiRole/DefaultPolicy': [
        '*',
        'drs:…:recovery-instance/*',
        'ec2:…:instance/*',
        'ec2:…:volume/*',
        'states:…:execution:<StateMachineName>:*',
        'states:…:stateMachine:<StateMachineName>/*',
      ],
      // The operators' routes whose path holds an execution or wave ID.
      ...Object.fromEntries(
        ['DrillOperator/DefaultPolicy', 'RecoveryOperator/DefaultPolicy'].map((policy) => [
          policy,
          [
            'execute-api:…:<ApiId>/<ApiStage>/GET/executions/*',
            'execute-api:…:<ApiId>/<ApiStage>/POST/executions/*/cancel',
            'execute-api:…:<ApiId>/<ApiStage>/POST/executions/*/cleanup',
            'execute-api:…:<ApiId>/<ApiStage>/POST/executions/*/waves/*/approve',
            'execute-api:…:<ApiId>/<ApiStage>/POST/executions/*/waves/*/reject',
          ],
        ]),
      ),
    });
  });

  it('leaves no acknowledgement without a finding', async () => {
    const used = new Set(
      (await suppressedViolations()).map((s) => `${s.acknowledgedAt} ${s.acknowledgedId}`),
    );
    const recorded = acknowledgements(app);
    expect(recorded.filter((a) => !used.has(a))).toStrictEqual([]);
    expect(recorded).toHaveLength(used.size);
  });
});

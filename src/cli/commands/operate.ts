import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { accountDrsOf, drsForTarget } from '../../accounts/internal/drsForTarget';
import type { StsPort } from '../../accounts/StsPort';
import {
  type ControlPlane,
  type ControlPlaneDeps,
  createControlPlane,
} from '../../control/createControlPlane';
import type { FailureDecision } from '../../control/decideFailure';
import type { ExecutionDescription } from '../../control/describeExecution';
import { createDrsAdapter } from '../../drs/createDrsAdapter';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import { InvalidOptionsError, type Problem } from '../../errors';
import { optionalField as opt } from '../../internal/optionalField';
import {
  loadClientCloudFormation,
  loadClientDrs,
  loadClientDynamoDb,
  loadClientSfn,
  loadLibDynamoDb,
} from '../../internal/optionalPeer';
import { accountRolesFromEnv } from '../../lambda/env';
import { silentLogger } from '../../logger';
import { buildDrillReport } from '../../report/buildDrillReport';
import { formatDuration } from '../../report/formatDuration';
import { summaryTable } from '../../report/internal/summaryTable';
import { DynamoDbExecutionHistoryStore } from '../../store/DynamoDbExecutionHistoryStore';
import { beforeFlag, EXIT, numberOption } from '../internal';
import { summaryLines, writeReportFiles } from './summary';

/** Where the deployed system is: flags first, then the environment. */
export interface TargetFlags {
  /** The state machine's ARN (`DRS_WAVES_STATE_MACHINE_ARN`). */
  readonly stateMachine?: string;
  /** The execution history table's name (`DRS_WAVES_HISTORY_TABLE`). */
  readonly historyTable?: string;
  /** The Region (`AWS_REGION`); by default the state machine's. */
  readonly region?: string;
  /**
   * A deployed stack (name or ID) whose outputs name the state machine and the history table:
   * the reference template's `StateMachineArn` and `HistoryTableName`, or the construct's
   * (prefixed by its ID and suffixed by CDK's hash). Flags given as well take precedence.
   */
  readonly stack?: string;
  /** Print the result as JSON, for scripts and CI. */
  readonly json?: boolean;
}

/** The AWS clients of the commands: created from the target, or given (tests). */
export interface OperateClients {
  readonly sfn: SFNClient;
  readonly doc: DynamoDBDocumentClient;
  readonly drs: DrsPort;
  /** DRS in another Region of the operator's account, by Region. */
  readonly drsForRegion?: (region: string) => DrsPort;
  /** DRS in another account or Region; an account of `DRS_WAVES_ACCOUNT_ROLES` wins. */
  readonly drsFor?: (target: DrsTarget) => DrsPort;
  /** STS, to assume the roles of `DRS_WAVES_ACCOUNT_ROLES`; created when absent. */
  readonly sts?: StsPort;
  /** DRS in an account of `DRS_WAVES_ACCOUNT_ROLES`, from the role's credentials. */
  readonly drsForAccount?: ControlPlaneDeps['drsForAccount'];
  /** For `--stack`; created in the target Region when absent. */
  readonly cloudFormation?: CloudFormationClient;
}

/** What every command needs: the target and, for tests, its clients. */
export interface OperateContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clients?: OperateClients;
  /** Where output goes (tests capture it). */
  readonly print?: (line: string) => void;
  /** How `status --watch` waits between two reads (tests make it instant). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

interface Target {
  readonly stateMachineArn: string;
  readonly historyTable: string;
  readonly region: string;
}

/** The target from flags and environment; every problem at once, before any call. */
export function resolveTarget(
  flags: TargetFlags,
  env: OperateContext['env'] = process.env,
): Target {
  const problems: Problem[] = [];
  const stateMachineArn = flags.stateMachine ?? env?.DRS_WAVES_STATE_MACHINE_ARN;
  const historyTable = flags.historyTable ?? env?.DRS_WAVES_HISTORY_TABLE;
  const arnMatch =
    stateMachineArn === undefined ? undefined : STATE_MACHINE_ARN.exec(stateMachineArn);
  if (stateMachineArn === undefined) {
    problems.push({
      path: '--state-machine',
      message:
        'Expected the state machine ARN: --state-machine, or DRS_WAVES_STATE_MACHINE_ARN (the StateMachineArn output of the stack)',
    });
  } else if (arnMatch === null) {
    problems.push({
      path: '--state-machine',
      message: `Expected a Step Functions state machine ARN, got ${JSON.stringify(stateMachineArn)}`,
    });
  }
  if (historyTable === undefined) {
    problems.push({
      path: '--history-table',
      message:
        'Expected the execution history table: --history-table, or DRS_WAVES_HISTORY_TABLE (the HistoryTableName output of the stack)',
    });
  } else if (!TABLE_NAME.test(historyTable)) {
    problems.push({
      path: '--history-table',
      message: `Expected a DynamoDB table name, got ${JSON.stringify(historyTable)}`,
    });
  }
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves', problems);
  const region = flags.region ?? env?.AWS_REGION ?? arnMatch?.[1] ?? '';
  return { stateMachineArn: stateMachineArn ?? '', historyTable: historyTable ?? '', region };
}

async function clientsFor(target: Target): Promise<OperateClients> {
  const usedBy = 'drs-waves (operating a deployed system)';
  const [{ SFNClient }, { DynamoDBClient }, { DynamoDBDocumentClient }, { DrsClient }] =
    await Promise.all([
      loadClientSfn(usedBy),
      loadClientDynamoDb(usedBy),
      loadLibDynamoDb(usedBy),
      loadClientDrs(usedBy),
    ]);
  const region = { region: target.region };
  const regions = new Map<string, DrsPort>();
  return {
    sfn: new SFNClient(region),
    doc: DynamoDBDocumentClient.from(new DynamoDBClient(region)),
    drs: createDrsAdapter(new DrsClient(region)),
    drsForRegion: (name) => {
      let port = regions.get(name);
      if (port === undefined) {
        port = createDrsAdapter(new DrsClient({ region: name }));
        regions.set(name, port);
      }
      return port;
    },
  };
}

/** A CloudFormation stack name (1 to 128 letters, digits and `-`, from a letter) or stack ARN. */
const STACK =
  /^([A-Za-z][A-Za-z0-9-]{0,127}|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[A-Za-z0-9-]+)$/;

/** The outputs that name the target: the template's keys, or the construct's `<id><key><hash>`. */
const OUTPUT_KEY = /^(.*?)(StateMachineArn|HistoryTableName)([0-9A-F]{8})?$/;

/**
 * The state machine and history table a deployed stack's outputs name. A stack holding several
 * drs-waves deployments (constructs) is refused, naming them: say which with the flags.
 */
export async function stackTarget(
  stack: string,
  cloudFormation: CloudFormationClient,
): Promise<{ stateMachine: string; historyTable: string }> {
  const { DescribeStacksCommand } = await loadClientCloudFormation('drs-waves --stack');
  const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
  const deployments = new Map<string, { stateMachine?: string; historyTable?: string }>();
  for (const output of answer.Stacks?.[0]?.Outputs ?? []) {
    const match = OUTPUT_KEY.exec(output.OutputKey ?? '');
    if (match === null || output.OutputValue === undefined) continue;
    const prefix = match[1] ?? '';
    const found = deployments.get(prefix) ?? {};
    if (match[2] === 'StateMachineArn') found.stateMachine = output.OutputValue;
    else found.historyTable = output.OutputValue;
    deployments.set(prefix, found);
  }
  const complete = [...deployments].filter(([, d]) => d.stateMachine && d.historyTable);
  const only = complete.length === 1 ? complete[0]?.[1] : undefined;
  if (only?.stateMachine !== undefined && only.historyTable !== undefined) {
    return { stateMachine: only.stateMachine, historyTable: only.historyTable };
  }
  throw new InvalidOptionsError('drs-waves', [
    {
      path: '--stack',
      message:
        complete.length === 0
          ? `Expected stack ${JSON.stringify(stack)} to have StateMachineArn and HistoryTableName outputs (the reference template's, or the DrsWavesOrchestrator construct's), got none`
          : `Stack ${JSON.stringify(stack)} has ${complete.length} drs-waves deployments (${complete.map(([prefix]) => prefix || '(top level)').join(', ')}): name one with --state-machine and --history-table`,
    },
  ]);
}

/** The target from `--stack` (when given), flags and environment. */
async function targetOf(flags: TargetFlags, ctx: OperateContext): Promise<Target> {
  if (flags.stack === undefined) return resolveTarget(flags, ctx.env);
  if (!STACK.test(flags.stack)) {
    throw new InvalidOptionsError('drs-waves', [
      {
        path: '--stack',
        message: `Expected a CloudFormation stack name or ID, got ${JSON.stringify(flags.stack)}`,
      },
    ]);
  }
  let cloudFormation = ctx.clients?.cloudFormation;
  if (cloudFormation === undefined) {
    const { CloudFormationClient } = await loadClientCloudFormation('drs-waves --stack');
    const region = flags.region ?? ctx.env?.AWS_REGION;
    cloudFormation = new CloudFormationClient(region === undefined ? {} : { region });
  }
  const outputs = await stackTarget(flags.stack, cloudFormation);
  return resolveTarget(
    {
      ...flags,
      stateMachine: flags.stateMachine ?? outputs.stateMachine,
      historyTable: flags.historyTable ?? outputs.historyTable,
    },
    ctx.env,
  );
}

/**
 * DRS as the operator reaches it: the Regions of the operator's account, and each account of
 * `DRS_WAVES_ACCOUNT_ROLES` through its role (the target-account role must trust the operator).
 */
function drsDepsOf(clients: OperateClients, env: OperateContext['env']) {
  return {
    drs: clients.drs,
    drsForRegion: clients.drsForRegion,
    drsFor: clients.drsFor,
    accountRoles: accountRolesFromEnv(env ?? process.env),
    sts: clients.sts,
    drsForAccount: clients.drsForAccount,
  };
}

/** The control plane of the target. */
async function controlPlaneOf(
  flags: TargetFlags,
  ctx: OperateContext,
): Promise<{
  control: ControlPlane;
  clients: OperateClients;
  target: Target;
  drsFor: (executionId: string) => (target: DrsTarget) => DrsPort;
}> {
  const target = await targetOf(flags, ctx);
  const clients = ctx.clients ?? (await clientsFor(target));
  const drs = drsDepsOf(clients, ctx.env);
  const control = createControlPlane({
    sfn: clients.sfn,
    stateMachineArn: target.stateMachineArn,
    history: new DynamoDbExecutionHistoryStore({
      client: clients.doc,
      tableName: target.historyTable,
    }),
    drs: clients.drs,
    accountRoles: drs.accountRoles,
    ...opt('drsForRegion', clients.drsForRegion),
    ...opt('drsFor', clients.drsFor),
    ...opt('sts', clients.sts),
    ...opt('drsForAccount', clients.drsForAccount),
  });
  const accounts = accountDrsOf(drs, () => new Date(), silentLogger);
  const drsFor = (executionId: string) => drsForTarget(drs, accounts, executionId, 'drs-waves');
  return { control, clients, target, drsFor };
}

const printer = (ctx: OperateContext) => ctx.print ?? ((line: string) => console.log(line));

/** `--json`: the result as JSON; otherwise the lines. */
function output(ctx: OperateContext, flags: TargetFlags, result: unknown, lines: () => string[]) {
  const print = printer(ctx);
  if (flags.json === true) print(JSON.stringify(result, null, 2));
  else for (const line of lines()) print(line);
}

/** The flags of `drs-waves start`. */
export interface StartFlags extends TargetFlags {
  readonly recovery?: boolean;
  readonly confirmRecovery?: string;
  readonly executionId?: string;
  /** The recovery point: each server from its newest snapshot at or before this ISO 8601 time. */
  readonly before?: string;
}

/**
 * `drs-waves start PLAN`: starts a DRILL, or with `--recovery` a RECOVERY, which needs
 * `--confirm-recovery` naming the plan again: never a default.
 */
export async function start(planId: string, flags: StartFlags, ctx: OperateContext = {}) {
  if (flags.recovery === true && flags.confirmRecovery !== planId) {
    throw new InvalidOptionsError('drs-waves start', [
      {
        path: '--confirm-recovery',
        message: `A RECOVERY of plan ${JSON.stringify(planId)} needs --confirm-recovery ${planId}, got ${flags.confirmRecovery === undefined ? 'none' : JSON.stringify(flags.confirmRecovery)}`,
      },
    ]);
  }
  if (flags.recovery !== true && flags.confirmRecovery !== undefined) {
    throw new InvalidOptionsError('drs-waves start', [
      {
        path: '--confirm-recovery',
        message: 'Expected --recovery with it: a drill needs no confirmation',
      },
    ]);
  }
  const before = beforeFlag('drs-waves start', flags.before);
  const { control } = await controlPlaneOf(flags, ctx);
  const result = await control.startExecution({
    planId,
    executionType: flags.recovery === true ? 'RECOVERY' : 'DRILL',
    ...(flags.recovery === true ? { confirmRecovery: flags.confirmRecovery ?? '' } : {}),
    ...(flags.executionId === undefined ? {} : { executionId: flags.executionId }),
    ...(before === undefined ? {} : { recoveryPoint: { before } }),
  });
  output(ctx, flags, result, () => [
    `${result.alreadyStarted ? 'Already started' : 'Started'} ${flags.recovery === true ? 'RECOVERY' : 'DRILL'} of plan ${planId}: execution ${result.executionId}`,
    `  ${result.executionArn}`,
    ...(before === undefined
      ? []
      : [`  each server from its newest snapshot at or before ${before}`]),
  ]);
  return EXIT.ok;
}

/** The flags of `drs-waves resume`. */
export interface ResumeFlags extends TargetFlags {
  readonly from: string;
  readonly executionId?: string;
  readonly confirmRecovery?: string;
}

/**
 * `drs-waves resume EXECUTION --from WAVE [--execution-id ID] [--confirm-recovery PLAN]`: a new
 * execution that resumes a failed or cancelled one from a wave (a `RECOVERY` needs
 * `--confirm-recovery`, as `start` does).
 */
export async function resume(executionId: string, flags: ResumeFlags, ctx: OperateContext = {}) {
  const { control } = await controlPlaneOf(flags, ctx);
  const result = await control.resumeExecution({
    executionId,
    fromWaveId: flags.from,
    ...(flags.executionId === undefined ? {} : { newExecutionId: flags.executionId }),
    ...(flags.confirmRecovery === undefined ? {} : { confirmRecovery: flags.confirmRecovery }),
  });
  output(ctx, flags, result, () => [
    `${result.alreadyStarted ? 'Already resumed' : 'Resumed'} ${executionId} from wave ${flags.from}: execution ${result.executionId}`,
    `  ${result.executionArn}`,
  ]);
  return EXIT.ok;
}

/** The exit code of an execution's status: 1 once it failed, was cancelled or stopped. */
function exitOf(description: ExecutionDescription): number {
  const status = description.execution?.status ?? description.stepFunctions?.status;
  return status === 'RUNNING' || status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed;
}

/** The lines of `drs-waves status`. */
export function describeLines(d: ExecutionDescription): string[] {
  const e = d.execution;
  const status = e?.status ?? d.stepFunctions?.status ?? 'UNKNOWN';
  const lines = [
    `Execution ${d.executionId}: ${status}${e ? ` (${e.executionType} of plan ${e.planId})` : ''}`,
  ];
  if (e?.cause !== undefined) lines.push(`  ${e.error ?? 'Error'}: ${e.cause}`);
  if (e?.recoveryPoint?.before !== undefined) {
    lines.push(
      `  recovery point: each server's newest snapshot at or before ${e.recoveryPoint.before}`,
    );
  }
  const waves = new Map(d.waves.map((w) => [w.waveId, w]));
  for (const waveId of e?.waveIds ?? d.waves.map((w) => w.waveId)) {
    const w = waves.get(waveId);
    const approval = d.approvals.find((a) => a.waveId === waveId && a.status === 'PENDING');
    if (w === undefined) {
      lines.push(`  ${waveId}: ${approval ? 'AWAITING_APPROVAL' : 'NOT_STARTED'}`);
      continue;
    }
    const counts = w.counts;
    const took =
      w.endedAt === undefined
        ? ''
        : `, ${formatDuration(Math.round((Date.parse(w.endedAt) - Date.parse(w.startedAt)) / 1000))}`;
    // A failed wave waiting for an operator says so, with the attempt that failed.
    const decision = d.decisions.find((x) => x.waveId === waveId && x.status === 'PENDING');
    const state = decision ? `AWAITING_DECISION (attempt ${decision.attempt})` : w.status;
    lines.push(
      `  ${waveId}: ${state}, ${counts?.launched ?? 0}/${w.serverCount} launched, ${counts?.failed ?? 0} failed${took}`,
    );
    for (const x of w.excludedServers ?? []) {
      lines.push(`    left out: ${x.sourceServerId} (${x.reason}, selected by ${x.selectedBy})`);
    }
  }
  return lines;
}

/** The flags of `drs-waves status`. */
export interface StatusFlags extends TargetFlags {
  /** Read again every `interval` seconds until the execution ends, printing what changed. */
  readonly watch?: boolean;
  /** Seconds between two reads with `--watch`. */
  readonly interval?: string;
}

/**
 * `drs-waves status EXECUTION`: the execution, its waves and approvals. With `--watch`, reads
 * again every `--interval` seconds (default 15) until the execution is no longer running, and
 * prints the lines that changed (with `--json`, one JSON document per read).
 */
export async function status(executionId: string, flags: StatusFlags, ctx: OperateContext = {}) {
  const problems: Problem[] = [];
  const interval =
    numberOption(problems, 'interval', flags.interval, { min: 1, max: 3600, integer: true }) ?? 15;
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves status', problems);
  const { control } = await controlPlaneOf(flags, ctx);
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const print = printer(ctx);
  let shown = new Set<string>();
  for (;;) {
    const description = await control.describeExecution({ executionId });
    if (flags.watch !== true) {
      output(ctx, flags, description, () => describeLines(description));
      return exitOf(description);
    }
    if (flags.json === true) print(JSON.stringify(description));
    else {
      const [head = '', ...waves] = describeLines(description);
      // After the first read, what changed in the waves comes before the execution's new state.
      const changed = [
        ...(shown.size === 0 ? [head] : []),
        ...waves,
        ...(shown.size === 0 ? [] : [head]),
      ];
      for (const line of changed) if (!shown.has(line)) print(line);
      shown = new Set([head, ...waves]);
    }
    const state = description.execution?.status ?? description.stepFunctions?.status;
    if (state !== 'RUNNING') return exitOf(description);
    await sleep(interval * 1000);
  }
}

/** The flags of `drs-waves approve` and `reject`. */
export interface DecisionFlags extends TargetFlags {
  readonly by: string;
  readonly reason?: string;
}

/** Approves or rejects a waiting wave: the control plane records the decision, then answers it. */
async function decide(
  decision: 'Approved' | 'Rejected',
  executionId: string,
  waveId: string,
  flags: DecisionFlags,
  ctx: OperateContext,
) {
  const { control } = await controlPlaneOf(flags, ctx);
  const request = {
    executionId,
    waveId,
    decidedBy: flags.by,
    ...(flags.reason === undefined ? {} : { reason: flags.reason }),
  };
  const result =
    decision === 'Approved'
      ? await control.approveWave(request)
      : await control.rejectWave(request);
  output(ctx, flags, result, () => [`${decision} wave ${waveId} of ${executionId} (${flags.by})`]);
  return EXIT.ok;
}

/** `drs-waves approve EXECUTION WAVE --by NAME`. */
export const approve = (
  executionId: string,
  waveId: string,
  flags: DecisionFlags,
  ctx: OperateContext = {},
) => decide('Approved', executionId, waveId, flags, ctx);

/** `drs-waves reject EXECUTION WAVE --by NAME --reason TEXT`. */
export const reject = (
  executionId: string,
  waveId: string,
  flags: DecisionFlags,
  ctx: OperateContext = {},
) => decide('Rejected', executionId, waveId, flags, ctx);

const CHOICES: Readonly<Record<string, FailureDecision>> = {
  retry: 'RETRY',
  skip: 'SKIP',
  abort: 'ABORT',
};

/**
 * `drs-waves decide EXECUTION WAVE retry|skip|abort --by NAME [--reason TEXT]`: the control
 * plane records the decision on the failed wave, then answers it.
 */
export async function decideFailure(
  executionId: string,
  waveId: string,
  choice: string,
  flags: DecisionFlags,
  ctx: OperateContext = {},
) {
  const { control } = await controlPlaneOf(flags, ctx);
  const result = await control.decideWaveFailure({
    executionId,
    waveId,
    // Anything else reaches the control plane as typed, which refuses it by name.
    decision: CHOICES[choice.toLowerCase()] ?? (choice as FailureDecision),
    decidedBy: flags.by,
    ...(flags.reason === undefined ? {} : { reason: flags.reason }),
  });
  output(ctx, flags, result, () => [
    `${result.decision} wave ${waveId} of ${executionId}, attempt ${result.attempt} (${flags.by})${result.taskClosed && !result.repeated ? ': the wave no longer waited' : ''}`,
  ]);
  return EXIT.ok;
}

/** `drs-waves cancel EXECUTION --reason TEXT [--by NAME]`. */
export async function cancel(
  executionId: string,
  flags: TargetFlags & { readonly reason: string; readonly by?: string },
  ctx: OperateContext = {},
) {
  const { control } = await controlPlaneOf(flags, ctx);
  const result = await control.cancelExecution({
    executionId,
    reason: flags.reason,
    ...(flags.by === undefined ? {} : { cancelledBy: flags.by }),
  });
  output(ctx, flags, result, () => [`Cancelled ${executionId}: ${flags.reason}`]);
  return EXIT.ok;
}

/** `drs-waves cleanup EXECUTION`: terminates a finished drill's recovery instances. */
export async function cleanup(
  executionId: string,
  flags: TargetFlags & { readonly by?: string },
  ctx: OperateContext = {},
) {
  const { control } = await controlPlaneOf(flags, ctx);
  const result = await control.cleanUpDrill({
    executionId,
    ...(flags.by === undefined ? {} : { requestedBy: flags.by }),
  });
  output(ctx, flags, result, () => [
    `Cleaned up drill ${executionId}: ${result.terminatedInstanceIds.length} instances sent to TerminateRecoveryInstances in ${result.jobIds.length} jobs`,
  ]);
  return EXIT.ok;
}

/** The flags of `drs-waves report`. */
export interface ReportFlags extends TargetFlags {
  /** Where to write `drill-report.json`, `.md` and `.html`. */
  readonly out?: string;
}

/**
 * `drs-waves report EXECUTION`: the drill report of a real execution, from its history and DRS
 * (recovery points and EC2 states of its instances), written as JSON, Markdown and HTML; with
 * `--json`, also printed. Exit 1 once the execution failed or was cancelled.
 */
export async function report(executionId: string, flags: ReportFlags, ctx: OperateContext = {}) {
  const { clients, target, drsFor } = await controlPlaneOf(flags, ctx);
  const built = await buildDrillReport({
    history: new DynamoDbExecutionHistoryStore({
      client: clients.doc,
      tableName: target.historyTable,
    }),
    executionId,
    drs: clients.drs,
    // Each (account, Region) where the drill launched, as cleanup reaches it.
    drsFor: drsFor(executionId),
  });
  const html = await writeReportFiles(flags.out ?? 'drs-waves-report', built);
  // The recovery time against the plan's objective, and the oldest recovery point.
  const targets = summaryTable(built).rows.filter(
    ([item]) => item === 'Recovery time' || item === 'Oldest recovery point',
  );
  output(ctx, flags, built, () => [
    `Execution ${executionId}: ${built.status} (${built.executionType} of plan ${built.plan.id}), ${formatDuration(built.durationSeconds)}${built.endedAt === undefined ? ' so far' : ''}`,
    ...targets.map(([item, value]) => `  ${item}: ${value}`),
    '',
    ...summaryLines(built),
    '',
    `Report: ${html} (also .md and .json)`,
  ]);
  return built.status === 'FAILED' || built.status === 'CANCELLED' ? EXIT.failed : EXIT.ok;
}

/** `drs-waves list`: the state machine's recent executions, newest first. */
export async function list(
  flags: TargetFlags & { readonly max?: string },
  ctx: OperateContext = {},
) {
  const problems: Problem[] = [];
  const max = numberOption(problems, 'max', flags.max, { min: 1, max: 1000, integer: true }) ?? 20;
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves list', problems);
  const { clients, target } = await controlPlaneOf(flags, ctx);
  const { ListExecutionsCommand } = await loadClientSfn('drs-waves list');
  const page = await clients.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: target.stateMachineArn, maxResults: max }),
  );
  const executions = (page.executions ?? []).map((e) => ({
    executionId: e.name ?? '',
    status: e.status ?? 'UNKNOWN',
    startDate: e.startDate?.toISOString(),
    ...(e.stopDate ? { stopDate: e.stopDate.toISOString() } : {}),
  }));
  output(ctx, flags, { executions }, () =>
    executions.length === 0
      ? ['No executions']
      : executions.map((e) => `${e.executionId}  ${e.status}  started ${e.startDate ?? '?'}`),
  );
  return EXIT.ok;
}

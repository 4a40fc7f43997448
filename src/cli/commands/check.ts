import type { DrsClient } from '@aws-sdk/client-drs';
import { accountDrsOf, drsForTarget } from '../../accounts/internal/drsForTarget';
import { createDrsAdapter } from '../../drs/createDrsAdapter';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import { InvalidOptionsError, type Problem } from '../../errors';
import { loadClientDrs } from '../../internal/optionalPeer';
import { accountRolesFromEnv } from '../../lambda/env';
import { silentLogger } from '../../logger';
import { checkReadiness } from '../../readiness/checkReadiness';
import type { LaunchTemplatePort } from '../../readiness/LaunchTemplatePort';
import type { ReadinessFinding } from '../../readiness/ReadinessFinding';
import type { ReadinessReport } from '../../readiness/ReadinessReport';
import { InMemoryProtectionGroupStore } from '../../store/InMemoryProtectionGroupStore';
import { EXIT, numberOption, readGroups, readPlan } from '../internal';

/** The options of `drs-waves check`. */
export interface CheckFlags {
  /** Protection groups the plan names, a JSON or YAML file. */
  readonly groups?: string;
  /** The Region of the plan's servers without one (`AWS_REGION`). */
  readonly region?: string;
  /**
   * DRS endpoints, as typed (the AWS CLI's `--endpoint-url`): `URL` for every Region,
   * `REGION=URL` for one.
   */
  readonly drsEndpoint?: readonly string[];
  /** `maxLagSeconds`, as typed. */
  readonly maxLag?: string;
  /** `maxSnapshotAgeSeconds`, as typed. */
  readonly maxSnapshotAge?: string;
  /** Print the report as JSON. */
  readonly json?: boolean;
}

/** The clients of the command: created from the Region, or given (tests). */
export interface CheckClients {
  /** DRS per target. */
  readonly drsFor: (target: DrsTarget) => DrsPort;
  /** Which EC2 launch templates exist; without it that check is skipped. */
  readonly launchTemplates?: LaunchTemplatePort;
}

/** What the command needs besides its flags; tests give clients, a clock and a printer. */
export interface CheckContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clients?: CheckClients;
  readonly clock?: () => Date;
  /** Where output goes (tests capture it). */
  readonly print?: (line: string) => void;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Whether `text` is an absolute http or https URL. */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
const YEAR_SECONDS = 365 * 86_400;

/** The DRS endpoints of `--drs-endpoint`: one for every Region (`''`), or per Region. */
type Endpoints = ReadonlyMap<string, string>;

/**
 * `--drs-endpoint` values (`URL`, or `REGION=URL`), each an http or https URL, each Region (and
 * the default) once; problems collected.
 */
function parseEndpoints(values: readonly string[], problems: Problem[]): Endpoints {
  const endpoints = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    const region = at < 0 ? '' : value.slice(0, at);
    const url = at < 0 ? value : value.slice(at + 1);
    const path = '--drs-endpoint';
    if (region !== '' && !REGION.test(region)) {
      problems.push({
        path,
        message: `Expected URL or REGION=URL with a Region such as "eu-west-1", got ${JSON.stringify(value)}`,
      });
    } else if (!isHttpUrl(url)) {
      problems.push({
        path,
        message: `Expected an http or https URL such as "https://drs.eu-west-1.amazonaws.com", got ${JSON.stringify(url)}`,
      });
    } else if (endpoints.has(region)) {
      problems.push({
        path,
        message: `Expected one endpoint ${region === '' ? 'for every Region' : `for ${region}`}, got a second: ${JSON.stringify(value)}`,
      });
    } else {
      endpoints.set(region, url);
    }
  }
  return endpoints;
}

/**
 * DRS clients of the real account, one per Region, created on first use; each sends its
 * requests to the endpoint of its Region, or to the one of every Region, if given (an emulator,
 * a VPC endpoint), instead of DRS's endpoint of its Region. Each account of
 * `DRS_WAVES_ACCOUNT_ROLES` is reached through its role (assumed in a session named after the
 * plan).
 */
async function drsClients(
  defaultRegion: string | undefined,
  endpoints: Endpoints,
  env: CheckContext['env'],
  planId: string,
): Promise<CheckClients> {
  const { DrsClient: Client } = await loadClientDrs('drs-waves check');
  const ports = new Map<string, DrsPort>();
  const inRegion = (region: string | undefined) => {
    const key = region ?? '';
    let port = ports.get(key);
    if (port === undefined) {
      const endpoint = endpoints.get(key) ?? endpoints.get('');
      const client: DrsClient = new Client({
        ...(region === undefined ? {} : { region }),
        ...(endpoint === undefined ? {} : { endpoint }),
      });
      port = createDrsAdapter(client);
      ports.set(key, port);
    }
    return port;
  };
  const accounts = accountDrsOf(
    { accountRoles: accountRolesFromEnv(env ?? process.env) },
    () => new Date(),
    silentLogger,
  );
  return {
    drsFor: drsForTarget(
      { drs: inRegion(defaultRegion), drsForRegion: inRegion },
      accounts,
      `check-${planId}`,
      'drs-waves check',
    ),
  };
}

/** One line of a finding: severity, code, server, account and Region, what is wrong, what to do. */
function findingLine(f: ReadinessFinding): string {
  const at = [f.accountId, f.region].filter(Boolean).join(' ');
  const where = [f.sourceServerId, at && `[${at}]`].filter(Boolean).join(' ');
  return `  ${f.severity} ${f.code}${where === '' ? '' : ` ${where}`}: ${f.message}. Remedy: ${f.remedy}.`;
}

/** The lines of the report: findings grouped by wave (plan-wide ones first), then a summary. */
export function reportLines(report: ReadinessReport): string[] {
  const { summary } = report;
  const lines = [
    `Readiness of plan "${report.planId}" (${summary.servers} servers in ${summary.waves} waves), checked ${report.checkedAt}`,
  ];
  let group: string | undefined;
  for (const finding of report.findings) {
    const title = finding.waveId === undefined ? 'Plan:' : `Wave ${finding.waveId}:`;
    if (title !== group) lines.push(title);
    group = title;
    lines.push(findingLine(finding));
  }
  for (const skipped of report.skippedChecks) {
    lines.push(`Not checked: ${skipped.check}: ${skipped.reason}`);
  }
  const counts = `${summary.blocking} blocking, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`;
  lines.push(`${summary.ready ? 'READY' : 'NOT READY'}: ${counts}`);
  return lines;
}

/**
 * `drs-waves check PLAN`: the readiness of a plan against the live DRS account. Exit 0 when it
 * is ready (warnings allowed), 1 on blocking findings, 2 for bad flags or files.
 */
export async function check(
  planFile: string,
  flags: CheckFlags,
  ctx: CheckContext = {},
): Promise<number> {
  const problems: Problem[] = [];
  const maxLagSeconds = numberOption(problems, 'max-lag', flags.maxLag, {
    min: 0,
    max: YEAR_SECONDS,
  });
  const maxSnapshotAgeSeconds = numberOption(problems, 'max-snapshot-age', flags.maxSnapshotAge, {
    min: 1,
    max: YEAR_SECONDS,
  });
  const region = flags.region ?? (ctx.env ?? process.env).AWS_REGION;
  if (region !== undefined && !REGION.test(region)) {
    problems.push({
      path: flags.region === undefined ? 'AWS_REGION' : '--region',
      message: `Expected an AWS Region such as "eu-west-1", got ${JSON.stringify(region)}`,
    });
  }
  const endpoints = parseEndpoints(flags.drsEndpoint ?? [], problems);
  const plan = await readPlan(planFile);
  const groups = await readGroups(flags.groups);
  const named = [...new Set(plan.waves.flatMap((w) => w.protectionGroups))];
  if (flags.groups === undefined && named.length > 0) {
    problems.push({
      path: '--groups',
      message: `The plan names protection groups (${named.join(', ')}): pass --groups FILE`,
    });
  }
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves check', problems);

  const clients = ctx.clients ?? (await drsClients(region, endpoints, ctx.env, plan.id));
  const report = await checkReadiness({
    plan,
    protectionGroups: new InMemoryProtectionGroupStore(groups),
    drsFor: clients.drsFor,
    ...(clients.launchTemplates === undefined ? {} : { launchTemplates: clients.launchTemplates }),
    ...(ctx.clock === undefined ? {} : { clock: ctx.clock }),
    options: {
      ...(maxLagSeconds === undefined ? {} : { maxLagSeconds }),
      ...(maxSnapshotAgeSeconds === undefined ? {} : { maxSnapshotAgeSeconds }),
    },
  });
  const print = ctx.print ?? ((line: string) => console.log(line));
  if (flags.json === true) print(JSON.stringify(report, null, 2));
  else for (const line of reportLines(report)) print(line);
  return report.summary.ready ? EXIT.ok : EXIT.failed;
}

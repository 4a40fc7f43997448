import { Command, Option } from 'commander';
import { PACKAGE_VERSION } from '../internal/packageVersion';
import { asl, ROUTER_ARN_SUBSTITUTION } from './commands/asl';
import { check } from './commands/check';
import {
  approve,
  cancel,
  cleanup,
  decideFailure,
  list,
  reject,
  report as reportCommand,
  resume,
  start,
  status,
} from './commands/operate';
// No command module imports an optional peer statically: simulate loads them when it runs, so
// validate and asl run without them.
import { simulate } from './commands/simulate';
import { validate } from './commands/validate';
import { EXIT, report } from './internal';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const run = (action: () => Promise<number>) =>
  action().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );

const program = new Command()
  .name('drs-waves')
  .description('Orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves.')
  .version(PACKAGE_VERSION)
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  });

program
  .command('simulate')
  .description(
    'Run a plan end to end on the local stack (no AWS account) and write a drill report.',
  )
  .argument('<plan>', 'the recovery plan, a JSON or YAML file (- for standard input)')
  .option(
    '--recovery',
    'rehearse a RECOVERY instead of a DRILL (still only the local emulator is called)',
  )
  .option('--groups <file>', 'protection groups the plan names, a JSON or YAML array')
  .option(
    '--source-servers <file>',
    "the emulated source servers' settings by ID (tags for selectors...), a JSON or YAML object",
  )
  .option(
    '--before <time>',
    'launch each server from its newest snapshot at or before this ISO 8601 time (the simulated clock starts at 2026-01-01T00:00:00Z)',
  )
  .option('--seed <n>', 'seed of the simulation: same seed, same drill', '1')
  .option('--speed <n>', 'virtual seconds per real second (default: as fast as possible)')
  .option('--poll-interval <seconds>', 'seconds between status checks', '30')
  .option(
    '--events',
    "event-driven completion: waves wait for DRS's launch-result events instead of polling",
  )
  .option('--safety-net <seconds>', 'with --events: seconds between checks no event resumes (300)')
  .option('--drop-events <rate>', 'with --events: share of launch-result events lost, 0 to 1')
  .option('--fail-server <id[=error]>', 'make a source server fail to launch (repeatable)', collect)
  .option(
    '--stuck-server <id>',
    'make a source server never finish launching (repeatable)',
    collect,
  )
  .option('--throttle-rate <rate>', 'share of DRS calls throttled, 0 to 1')
  .option(
    '--internal-error-rate <rate>',
    'share of DRS calls failing with InternalServerException, 0 to 1',
  )
  .option('--reject <waveId>', 'reject the approval of this wave (repeatable)', collect)
  .option(
    '--fail-action <name>',
    'make the wave actions running this function ARN or SSM document fail (repeatable)',
    collect,
  )
  .option(
    '--hang-action <name>',
    'make the wave actions running this function ARN or SSM document never end (repeatable)',
    collect,
  )
  .addOption(
    new Option(
      '--decide <decision>',
      'make failed waves wait for a decision and answer it: retry (after lifting the launch faults), skip, abort or timeout',
    ).choices(['retry', 'skip', 'abort', 'timeout']),
  )
  .addOption(
    new Option('--storage <kind>', 'where the history lives')
      .choices(['memory', 'dynalite'])
      .default('memory'),
  )
  .option('--out <dir>', 'where to write the report', 'drs-waves-report')
  .option('--no-progress', 'plain line output even on a terminal')
  .action((plan: string, flags) => run(() => simulate(plan, flags)));

program
  .command('validate')
  .description('Check a plan: stages, DRS jobs per wave, quotas and the budget estimate.')
  .argument('<plan>', 'the recovery plan, a JSON or YAML file (- for standard input)')
  .option('--groups <file>', 'protection groups the plan names, a JSON or YAML array')
  .option('--options <file>', 'state machine options, a JSON or YAML file')
  .action((plan: string, flags) => run(() => validate(plan, flags)));

program
  .command('check')
  .description(
    'Check against the live DRS account that a plan would run now: servers, replication, snapshots, launch settings, jobs, quotas.',
  )
  .argument('<plan>', 'the recovery plan, a JSON or YAML file (- for standard input)')
  .option('--groups <file>', 'protection groups the plan names, a JSON or YAML array')
  .option(
    '--region <region>',
    'the Region of servers outside Region-named groups (default: $AWS_REGION)',
  )
  .option(
    '--drs-endpoint <[region=]url>',
    "send DRS requests to this URL (as the AWS CLI's --endpoint-url), those of one Region with region=url: a VPC endpoint, the DRS emulator of drs-waves/testing (repeatable)",
    collect,
  )
  .option('--max-lag <seconds>', 'the most replication lag allowed (default 3600)')
  .option(
    '--max-snapshot-age <seconds>',
    'the most age allowed of the newest snapshot (default 3600)',
  )
  .option('--json', 'print the report as JSON')
  .action((plan: string, flags) => run(() => check(plan, flags)));

program
  .command('asl')
  .description('Print the state machine definition as JSON, for CloudFormation and Terraform.')
  .option(
    '--options <file>',
    `state machine options, a JSON or YAML file (lambdaArn defaults to ${ROUTER_ARN_SUBSTITUTION})`,
  )
  .action((flags) => run(() => asl(flags)));

/** The options that find a deployed system, and `--json`. */
const withTarget = (command: Command) =>
  command
    .option(
      '--state-machine <arn>',
      'the state machine ARN (default: $DRS_WAVES_STATE_MACHINE_ARN; the StateMachineArn output)',
    )
    .option(
      '--history-table <name>',
      'the execution history table (default: $DRS_WAVES_HISTORY_TABLE; the HistoryTableName output)',
    )
    .option('--region <region>', "the Region (default: $AWS_REGION, else the state machine's)")
    .option(
      '--stack <name>',
      'a deployed stack whose outputs name the state machine and history table (the flags win)',
    )
    .option('--json', 'print the result as JSON');

withTarget(
  program
    .command('start')
    .description(
      'Start a DRILL of a deployed plan; a RECOVERY needs --recovery and --confirm-recovery.',
    )
    .argument('<plan>', 'the plan ID, as the plans table holds it')
    .option('--recovery', 'start a real RECOVERY instead of a drill')
    .option('--confirm-recovery <plan>', 'with --recovery: the plan ID again, as confirmation')
    .option('--execution-id <id>', 'the execution ID (default: the plan ID and the UTC time)')
    .option(
      '--before <time>',
      'launch each server from its newest snapshot at or before this ISO 8601 time (such as 2026-11-30T12:00:00Z)',
    ),
).action((plan: string, flags) => run(() => start(plan, flags)));

withTarget(
  program
    .command('resume')
    .description(
      'Resume a FAILED or CANCELLED execution from a wave, as a new execution linked to it: completed waves and launched servers do not run again.',
    )
    .argument('<execution>', 'the failed or cancelled execution ID')
    .requiredOption('--from <wave>', 'the wave whose stage the new execution starts at')
    .option('--confirm-recovery <plan>', 'for a RECOVERY: the plan ID again, as confirmation')
    .option('--execution-id <id>', 'the new execution ID (default: the plan ID and the UTC time)'),
).action((execution: string, flags) => run(() => resume(execution, flags)));

withTarget(
  program
    .command('status')
    .description(
      'Show an execution: its status, waves, counts and approvals (exit 1 once it failed).',
    )
    .argument('<execution>', 'the execution ID')
    .option('--watch', 'read again until the execution ends, printing what changed')
    .option('--interval <seconds>', 'with --watch: seconds between two reads', '15'),
).action((execution: string, flags) => run(() => status(execution, flags)));

withTarget(
  program
    .command('approve')
    .description('Approve a wave waiting for approval.')
    .argument('<execution>', 'the execution ID')
    .argument('<wave>', 'the wave ID')
    .requiredOption('--by <name>', 'who approves, recorded in the history'),
).action((execution: string, wave: string, flags) => run(() => approve(execution, wave, flags)));

withTarget(
  program
    .command('reject')
    .description('Reject a wave waiting for approval: the wave and the execution fail.')
    .argument('<execution>', 'the execution ID')
    .argument('<wave>', 'the wave ID')
    .requiredOption('--by <name>', 'who rejects, recorded in the history')
    .option('--reason <text>', 'why, recorded as the cause'),
).action((execution: string, wave: string, flags) => run(() => reject(execution, wave, flags)));

withTarget(
  program
    .command('decide')
    .description(
      "Decide a failed wave waiting for an operator (onWaveFailure 'DECIDE'): retry its failed critical servers, skip it, or abort the execution.",
    )
    .argument('<execution>', 'the execution ID')
    .argument('<wave>', 'the wave ID')
    .argument('<decision>', 'retry, skip or abort')
    .requiredOption('--by <name>', 'who decides, recorded in the history')
    .option('--reason <text>', 'why, recorded in the history'),
).action((execution: string, wave: string, decision: string, flags) =>
  run(() => decideFailure(execution, wave, decision, flags)),
);

withTarget(
  program
    .command('cancel')
    .description(
      'Stop an execution; the history records it CANCELLED. DRS jobs already started run on.',
    )
    .argument('<execution>', 'the execution ID')
    .requiredOption('--reason <text>', 'why, recorded in the history')
    .option('--by <name>', 'who cancels'),
).action((execution: string, flags) => run(() => cancel(execution, flags)));

withTarget(
  program
    .command('cleanup')
    .description("Terminate a finished drill's recovery instances (never a recovery's).")
    .argument('<execution>', 'the execution ID')
    .option('--by <name>', 'who asks, recorded in the history'),
).action((execution: string, flags) => run(() => cleanup(execution, flags)));

withTarget(
  program
    .command('list')
    .description("The state machine's recent executions, newest first.")
    .option('--max <n>', 'how many, 1 to 1000', '20'),
).action((flags) => run(() => list(flags)));

withTarget(
  program
    .command('report')
    .description(
      'Write the drill report of an execution (JSON, Markdown, HTML) from its history and DRS.',
    )
    .argument('<execution>', 'the execution ID')
    .option('--out <dir>', 'where to write the report', 'drs-waves-report'),
).action((execution: string, flags) => run(() => reportCommand(execution, flags)));

void program.parseAsync();

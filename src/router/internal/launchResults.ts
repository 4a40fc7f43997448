import * as v from 'valibot';
import { describeValue, InvalidEventError, InvalidOptionsError } from '../../errors';
import { issuePath } from '../../plan/internal/schema';
import type { WaveRecord } from '../../store/records';
import type { AwaitWaveEvent, LaunchWaitResult } from '../actions';
import type { RouterContext } from './context';

/** The `detail-type` of DRS's launch-result events. */
export const LAUNCH_RESULT_DETAIL_TYPE = 'DRS Source Server Launch Result';

const SOURCE_SERVER_ARN =
  /^arn:aws[a-z-]*:drs:[a-z0-9-]+:(\d{12}):source-server\/(s-[0-9a-zA-Z]{17})$/;

/**
 * Whether a launch result comes from an account the router reaches DRS in: one of
 * `accountRoles`, or the router's own (its function ARN's, when the Lambda context gives it).
 * A deployment without `accountRoles` takes them all, as before accounts were named.
 */
function fromKnownAccount(account: string, ctx: RouterContext, own: string | undefined): boolean {
  const roles = ctx.accountRoles ?? {};
  if (Object.keys(roles).length === 0 || Object.hasOwn(roles, account)) return true;
  return own === undefined || account === own;
}
const JOB_ID = /^drsjob-[0-9a-zA-Z]{17}$/;

/** An EventBridge event from DRS: the envelope is loose (EventBridge may add fields). */
const launchResult = v.object({
  source: v.literal('aws.drs'),
  'detail-type': v.literal(LAUNCH_RESULT_DETAIL_TYPE),
  resources: v.pipe(
    v.array(v.string(), (i) => `Expected resources as an array, got ${describeValue(i.input)}`),
    v.check(
      (r) => r.length >= 1 && SOURCE_SERVER_ARN.test(r[0] ?? ''),
      (i) => `Expected resources[0] to be a DRS source server ARN, got ${describeValue(i.input)}`,
    ),
  ),
  detail: v.object({
    state: v.string((i) => `Expected detail.state as a string, got ${describeValue(i.input)}`),
    'job-id': v.pipe(
      v.string((i) => `Expected detail["job-id"] as a string, got ${describeValue(i.input)}`),
      v.regex(
        JOB_ID,
        (i) => `Expected a DRS job ID in detail["job-id"], got ${describeValue(i.input)}`,
      ),
    ),
  }),
});

/** Whether an event comes from DRS through EventBridge (it has `source: aws.drs` and no action). */
export function isDrsEvent(event: unknown): event is Record<string, unknown> {
  try {
    return (
      typeof event === 'object' &&
      event !== null &&
      !Array.isArray(event) &&
      (event as Record<string, unknown>).source === 'aws.drs' &&
      !Object.hasOwn(event, 'action')
    );
  } catch {
    return false;
  }
}

function callbacksOf(ctx: RouterContext) {
  if (ctx.taskCallbacks === undefined) {
    throw new InvalidOptionsError('createActionRouter', [
      {
        path: 'taskCallbacks',
        message:
          "Event-driven completion (completion: 'events') needs taskCallbacks to resume waves: createTaskCallbacks(new SFNClient({}))",
      },
    ]);
  }
  return ctx.taskCallbacks;
}

function eventStore(ctx: RouterContext) {
  const h = ctx.history;
  if (
    h.indexJob === undefined ||
    h.recordLaunchResult === undefined ||
    h.countReportedJob === undefined ||
    h.setAwaitToken === undefined
  ) {
    throw new InvalidOptionsError('createActionRouter', [
      {
        path: 'history',
        message:
          'Event-driven completion needs a history store with indexJob, recordLaunchResult, countReportedJob and setAwaitToken',
      },
    ]);
  }
  return {
    recordLaunchResult: h.recordLaunchResult.bind(h),
    countReportedJob: h.countReportedJob.bind(h),
    setAwaitToken: h.setAwaitToken.bind(h),
  };
}

/**
 * Resumes the wave when DRS has reported every one of its jobs and no launch result resumed it
 * before: at most once per wave. The safety-net checks follow whatever the events miss.
 */
async function resumeIfReported(
  wave: WaveRecord,
  ctx: RouterContext,
): Promise<LaunchWaitResult['status'] | undefined> {
  const token = wave.awaitToken;
  if (token === undefined || wave.resumedToken !== undefined) return undefined;
  if ((wave.jobsReported ?? 0) < wave.chunkCount) return undefined;
  const sent = await callbacksOf(ctx).sendTaskSuccess(
    token,
    JSON.stringify({ resumedBy: 'launch results' }),
  );
  if (!sent) return undefined;
  await ctx.history.updateWave(wave.executionId, wave.waveId, { resumedToken: token });
  ctx.logger.info('wave resumed by launch results', {
    executionId: wave.executionId,
    waveId: wave.waveId,
  });
  return 'RESUMED';
}

/**
 * `await_wave`: stores the wave's task token; resumes the wave at once when DRS reported all of
 * it before the token was stored.
 */
export async function awaitWave(
  event: AwaitWaveEvent,
  ctx: RouterContext,
): Promise<LaunchWaitResult> {
  callbacksOf(ctx);
  const wave = await eventStore(ctx).setAwaitToken(
    event.executionId,
    event.waveId,
    event.taskToken,
  );
  return { status: (await resumeIfReported(wave, ctx)) ?? 'AWAITING_LAUNCHES' };
}

/**
 * A "DRS Source Server Launch Result" event: counts the server in its job, the job in its wave
 * once all its servers are reported, and resumes the wave once all its jobs are. Events of jobs
 * no execution indexed, and repeated events, change nothing.
 */
export async function recordLaunchEvent(
  event: Record<string, unknown>,
  ctx: RouterContext,
  ownAccount?: string,
): Promise<LaunchWaitResult> {
  if (event['detail-type'] !== LAUNCH_RESULT_DETAIL_TYPE) return { status: 'IGNORED' };
  const parsed = v.safeParse(launchResult, event);
  if (!parsed.success) {
    throw new InvalidEventError(
      LAUNCH_RESULT_DETAIL_TYPE,
      parsed.issues.map((issue) => ({ path: issuePath(issue), message: issue.message })),
    );
  }
  const store = eventStore(ctx);
  const arn = SOURCE_SERVER_ARN.exec(parsed.output.resources[0] ?? '');
  const sourceServerId = arn?.[2] ?? '';
  const jobId = parsed.output.detail['job-id'];
  // Forwarded from a target account, the event keeps the account where the recovery runs.
  const account = typeof event.account === 'string' ? event.account : (arn?.[1] ?? '');
  if (!fromKnownAccount(account, ctx, ownAccount)) {
    ctx.logger.warn('drs-waves ignored a launch result from an account without a role', {
      account,
      jobId,
    });
    return { status: 'IGNORED' };
  }
  const counted = await store.recordLaunchResult(jobId, sourceServerId, parsed.output.detail.state);
  if (counted === undefined) return { status: 'IGNORED' };
  if (counted.reported < counted.serverCount) return { status: 'RECORDED' };
  const wave = await store.countReportedJob(counted.executionId, counted.waveId);
  return { status: (await resumeIfReported(wave, ctx)) ?? 'RECORDED' };
}

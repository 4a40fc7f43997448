import type { Duration } from 'aws-cdk-lib';
import { describeValue, type Problem } from '../../errors';
import { ID_PATTERN } from '../../plan/internal/schema';

/** The most plans one construct schedules: a schedule each. */
export const MAX_SCHEDULED_PLANS = 100;

/**
 * Every problem of a `readinessSchedule` prop, each with its path under `at`: the plan IDs (1 to
 * {@link MAX_SCHEDULED_PLANS}, each a plan ID, each once) and the interval (whole minutes).
 */
export function readinessScheduleProblems(
  schedule: {
    readonly planIds: readonly unknown[];
    readonly every?: Duration;
  },
  at: string,
): Problem[] {
  const problems: Problem[] = [];
  const { planIds } = schedule;
  if (!Array.isArray(planIds) || planIds.length < 1 || planIds.length > MAX_SCHEDULED_PLANS) {
    problems.push({
      path: `${at}.planIds`,
      message: `Expected 1 to ${MAX_SCHEDULED_PLANS} plan IDs, got ${describeValue(planIds)}`,
    });
  } else {
    const seen = new Set<unknown>();
    planIds.forEach((id, index) => {
      const path = `${at}.planIds[${index}]`;
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        problems.push({
          path,
          message: `Expected a plan ID of 1 to 64 letters, digits, "-" or "_", got ${describeValue(id)}`,
        });
      } else if (seen.has(id)) {
        problems.push({
          path,
          message: `Expected each plan ID once, got ${describeValue(id)} twice`,
        });
      }
      seen.add(id);
    });
  }
  if (schedule.every !== undefined) {
    const seconds = schedule.every.toSeconds();
    if (!Number.isSafeInteger(seconds / 60) || seconds < 60) {
      problems.push({
        path: `${at}.every`,
        message: `Expected whole minutes, at least one, got ${schedule.every.toHumanString()}`,
      });
    }
  }
  return problems;
}

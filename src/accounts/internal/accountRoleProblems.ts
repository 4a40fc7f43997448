import { describeValue, type Problem } from '../../errors';
import { isRecord } from '../../internal/records';
import { isAccountId } from '../../plan/accountId';

/** An IAM role ARN, its account captured. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** An STS ExternalId: 2 to 1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * The problems of an `accountRoles` map (account ID to `{ roleArn, externalId }`), each at its
 * path under `at`: keys of 12 digits, a role ARN in that very account, an ExternalId STS takes,
 * nothing else.
 */
export function accountRoleProblems(value: unknown, at: string): Problem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [
      {
        path: at,
        message: `Expected an object of account IDs to { roleArn, externalId }, got ${describeValue(value)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  for (const [accountId, role] of Object.entries(value)) {
    const path = `${at}.${accountId}`;
    if (!isAccountId(accountId)) {
      problems.push({
        path,
        message: `Expected an AWS account ID of 12 digits as the key, got ${describeValue(accountId)}`,
      });
    }
    if (!isRecord(role)) {
      problems.push({
        path,
        message: `Expected { roleArn, externalId }, got ${describeValue(role)}`,
      });
      continue;
    }
    const arn = typeof role.roleArn === 'string' ? ROLE_ARN_PATTERN.exec(role.roleArn) : null;
    if (arn === null) {
      problems.push({
        path: `${path}.roleArn`,
        message: `Expected an IAM role ARN, got ${describeValue(role.roleArn)}`,
      });
    } else if (arn[1] !== accountId) {
      problems.push({
        path: `${path}.roleArn`,
        message: `Expected a role of account ${accountId}, got one of account ${arn[1]}`,
      });
    }
    if (typeof role.externalId !== 'string' || !EXTERNAL_ID_PATTERN.test(role.externalId)) {
      problems.push({
        path: `${path}.externalId`,
        message: `Expected an ExternalId of 2 to 1224 letters, digits or +=,.@:/-_ characters, got ${typeof role.externalId === 'string' ? `${role.externalId.length} characters` : describeValue(role.externalId)}`,
      });
    }
    for (const key of Object.keys(role)) {
      if (key !== 'roleArn' && key !== 'externalId') {
        problems.push({ path: `${path}.${key}`, message: `Unknown field ${describeValue(key)}` });
      }
    }
  }
  return problems;
}

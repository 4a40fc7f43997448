/**
 * The emulated operations, by HTTP path (all `POST`, as the SDK serializers send them).
 *
 * @module
 */

import { describeJobLogItems } from './describeJobLogItems';
import { describeJobs } from './describeJobs';
import { describeRecoveryInstances } from './describeRecoveryInstances';
import { describeRecoverySnapshots } from './describeRecoverySnapshots';
import { describeSourceServers } from './describeSourceServers';
import { getLaunchConfiguration } from './getLaunchConfiguration';
import type { Operation } from './operation';
import { startRecovery } from './startRecovery';
import { terminateRecoveryInstances } from './terminateRecoveryInstances';

/** The name of an emulated operation. */
export type OperationName =
  | 'DescribeJobLogItems'
  | 'DescribeJobs'
  | 'DescribeRecoveryInstances'
  | 'DescribeRecoverySnapshots'
  | 'DescribeSourceServers'
  | 'GetLaunchConfiguration'
  | 'StartRecovery'
  | 'TerminateRecoveryInstances';

/** Operation handlers by name; each is served at `POST /<name>`. */
export const OPERATIONS: Readonly<Record<OperationName, Operation>> = {
  DescribeJobLogItems: describeJobLogItems,
  DescribeJobs: describeJobs,
  DescribeRecoveryInstances: describeRecoveryInstances,
  DescribeRecoverySnapshots: describeRecoverySnapshots,
  DescribeSourceServers: describeSourceServers,
  GetLaunchConfiguration: getLaunchConfiguration,
  StartRecovery: startRecovery,
  TerminateRecoveryInstances: terminateRecoveryInstances,
};

/** The operation served at `path` (`/StartRecovery`...), if any. */
export function operationAt(path: string): OperationName | undefined {
  const name = path.replace(/^\//, '');
  return Object.hasOwn(OPERATIONS, name) ? (name as OperationName) : undefined;
}

import { createDrsAdapter } from '../../drs/createDrsAdapter';
import type { DrsPort } from '../../drs/DrsPort';
import { loadClientDrs } from '../../internal/optionalPeer';
import type { DrsForAccount } from './accountDrs';

/**
 * DRS in an account through `@aws-sdk/client-drs`, loaded on the first call: a `DrsClient` of
 * the target's Region (the Lambda's when absent) with the role's credentials provider.
 */
export const defaultDrsForAccount: DrsForAccount = (target, credentials) => {
  let port: Promise<DrsPort> | undefined;
  const load = () => {
    port ??= loadClientDrs('accountRoles').then(
      ({ DrsClient }) =>
        createDrsAdapter(
          new DrsClient({
            ...(target.region === undefined ? {} : { region: target.region }),
            credentials,
          }),
        ),
      (error: unknown) => {
        port = undefined;
        throw error;
      },
    );
    return port;
  };
  return {
    startRecovery: async (...a) => (await load()).startRecovery(...a),
    describeJobs: async (...a) => (await load()).describeJobs(...a),
    describeJobLogItems: async (...a) => (await load()).describeJobLogItems(...a),
    describeSourceServers: async (...a) => (await load()).describeSourceServers(...a),
    listSourceServers: async () => (await load()).listSourceServers(),
    describeRecoveryInstances: async (...a) => (await load()).describeRecoveryInstances(...a),
    terminateRecoveryInstances: async (...a) => (await load()).terminateRecoveryInstances(...a),
    describeRecoverySnapshots: async (...a) => (await load()).describeRecoverySnapshots(...a),
    getLaunchConfiguration: async (...a) => (await load()).getLaunchConfiguration(...a),
  };
};

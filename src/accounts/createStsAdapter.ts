import type { STSClient } from '@aws-sdk/client-sts';
import { loadClientSts } from '../internal/optionalPeer';
import type { AssumedRoleCredentials, AssumeRoleRequest, StsPort } from './StsPort';

/**
 * Implements {@link StsPort} over a bare `STSClient` with `AssumeRoleCommand`. Give it your
 * client (created once, outside the Lambda handler), or none: it then creates one, with the
 * Lambda's Region and credentials, on its first call.
 *
 * `@aws-sdk/client-sts` is an optional peer dependency of drs-waves: the adapter loads it on its
 * first call, and rejects with a {@link MissingPeerDependencyError} (`npm install
 * @aws-sdk/client-sts`) when it is not installed.
 *
 * @example
 * ```ts
 * import { STSClient } from '@aws-sdk/client-sts';
 * import { createStsAdapter } from 'drs-waves';
 *
 * const sts = createStsAdapter(new STSClient({}));
 * ```
 */
export function createStsAdapter(client?: STSClient): StsPort {
  let own: STSClient | undefined = client;
  return {
    async assumeRole(request: AssumeRoleRequest): Promise<AssumedRoleCredentials> {
      const { AssumeRoleCommand, STSClient: Client } = await loadClientSts('createStsAdapter');
      own ??= new Client({});
      const output = await own.send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          ExternalId: request.externalId,
          RoleSessionName: request.roleSessionName,
          ...(request.durationSeconds === undefined
            ? {}
            : { DurationSeconds: request.durationSeconds }),
        }),
      );
      const c = output.Credentials;
      if (
        c?.AccessKeyId === undefined ||
        c.SecretAccessKey === undefined ||
        c.SessionToken === undefined ||
        c.Expiration === undefined
      ) {
        throw new Error(`STS AssumeRole of ${request.roleArn} answered without credentials`);
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    },
  };
}

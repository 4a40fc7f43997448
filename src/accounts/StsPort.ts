/**
 * What `AssumeRole` is asked: the role, the ExternalId, and a session name that names the
 * execution (CloudTrail shows it on every DRS call made with the credentials).
 *
 * @example
 * ```ts
 * import type { AssumeRoleRequest } from 'drs-waves';
 *
 * const request: AssumeRoleRequest = {
 *   roleArn: 'arn:aws:iam::111122223333:role/drs-waves-target',
 *   externalId: 'drs-waves-7f3a9c',
 *   roleSessionName: 'drs-waves-three-tier-20260101T000000Z',
 * };
 * ```
 */
export interface AssumeRoleRequest {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The ExternalId the role's trust policy requires. */
  readonly externalId: string;
  /** The session name: 2 to 64 characters of `[\w+=,.@-]`. */
  readonly roleSessionName: string;
  /** How long the credentials last, in seconds; STS's default (an hour) when absent. */
  readonly durationSeconds?: number;
}

/**
 * Temporary credentials from `AssumeRole`, as an AWS SDK client takes them (`credentials`).
 * Secret: never logged, never recorded.
 *
 * @example
 * ```ts
 * import type { AssumedRoleCredentials } from 'drs-waves';
 *
 * const expiresSoon = (c: AssumedRoleCredentials, now: Date) =>
 *   c.expiration.getTime() - now.getTime() < 5 * 60_000;
 * ```
 */
export interface AssumedRoleCredentials {
  /** The access key ID. */
  readonly accessKeyId: string;
  /** The secret access key. */
  readonly secretAccessKey: string;
  /** The session token. */
  readonly sessionToken: string;
  /** When they expire. */
  readonly expiration: Date;
}

/**
 * The one STS call the action router makes, behind a port so that tests inject a stand-in:
 * `createStsAdapter()` implements it over `@aws-sdk/client-sts`. A refusal is thrown as the SDK
 * throws it (its `name`, such as `AccessDenied`); the router turns it into an
 * `AccountRoleDeniedError`.
 *
 * @example
 * ```ts
 * import type { StsPort } from 'drs-waves';
 *
 * const sts: StsPort = {
 *   assumeRole: async () => ({
 *     accessKeyId: 'ASIAEXAMPLE',
 *     secretAccessKey: 'secret',
 *     sessionToken: 'token',
 *     expiration: new Date(Date.now() + 3600_000),
 *   }),
 * };
 * ```
 */
export interface StsPort {
  /** Calls STS `AssumeRole`. */
  assumeRole(request: AssumeRoleRequest): Promise<AssumedRoleCredentials>;
}

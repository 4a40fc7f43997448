import type { AccountRole } from '../accounts/AccountRole';
import type { AssumedRoleCredentials, AssumeRoleRequest, StsPort } from '../accounts/StsPort';

/**
 * STS as the target accounts' trust policies answer `AssumeRole`: a role it trusts, asked with
 * the ExternalId its trust policy requires, gets credentials of an hour (access keys
 * `ASIA<account><n>`, so a test can tell which account a call was signed for); anything else is
 * refused with `AccessDenied`, as STS refuses it. Every request is kept in `calls`.
 *
 * @example
 * ```ts
 * import { createActionRouter } from 'drs-waves';
 * import { StsStandIn } from 'drs-waves/testing';
 *
 * const accountRoles = {
 *   '111122223333': { roleArn: 'arn:aws:iam::111122223333:role/drs-waves-target', externalId: 'ext-a' },
 * };
 * const sts = StsStandIn.trusting(accountRoles);
 * // createActionRouter({ ...deps, accountRoles, sts });
 * ```
 */
export class StsStandIn implements StsPort {
  /** Every `AssumeRole` request, in order. */
  readonly calls: AssumeRoleRequest[] = [];
  readonly #trust: ReadonlyMap<string, string>;
  readonly #clock: () => Date;

  /**
   * @param trust - the ExternalId each trusted role requires, by role ARN
   * @param clock - the clock credentials expire by (a virtual one in simulations)
   */
  constructor(trust: Readonly<Record<string, string>>, clock: () => Date = () => new Date()) {
    this.#trust = new Map(Object.entries(trust));
    this.#clock = clock;
  }

  /**
   * A stand-in trusting exactly the roles of an `accountRoles` map, each with its ExternalId.
   *
   * @example
   * ```ts
   * import { StsStandIn } from 'drs-waves/testing';
   *
   * const sts = StsStandIn.trusting({});
   * ```
   */
  static trusting(
    accountRoles: Readonly<Record<string, AccountRole>>,
    clock?: () => Date,
  ): StsStandIn {
    return new StsStandIn(
      Object.fromEntries(Object.values(accountRoles).map((r) => [r.roleArn, r.externalId])),
      clock,
    );
  }

  /** `AssumeRole`: credentials of an hour, or `AccessDenied`. */
  async assumeRole(request: AssumeRoleRequest): Promise<AssumedRoleCredentials> {
    this.calls.push(request);
    if (this.#trust.get(request.roleArn) !== request.externalId) {
      throw Object.assign(
        new Error(
          `User is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`,
        ),
        { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
      );
    }
    const account = request.roleArn.split(':')[4] ?? '';
    return {
      accessKeyId: `ASIA${account}${this.calls.length}`,
      secretAccessKey: 'sts-stand-in-secret',
      sessionToken: 'sts-stand-in-token',
      expiration: new Date(this.#clock().getTime() + (request.durationSeconds ?? 3600) * 1000),
    };
  }
}

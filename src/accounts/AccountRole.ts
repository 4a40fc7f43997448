/**
 * The role the orchestrator assumes in another AWS account, to reach DRS there: its ARN and the
 * ExternalId its trust policy requires (`sts:ExternalId`). Configuration of the deployment
 * (`accountRoles` of the router, `DRS_WAVES_ACCOUNT_ROLES` of the prebuilt one, the construct's
 * `accountRoles`), keyed by account ID. `examples/cloudformation/target-account.template.json`
 * creates such a role.
 *
 * @example
 * ```ts
 * import type { AccountRole } from 'drs-waves';
 *
 * const roles: Record<string, AccountRole> = {
 *   '111122223333': {
 *     roleArn: 'arn:aws:iam::111122223333:role/drs-waves-target',
 *     externalId: 'drs-waves-7f3a9c',
 *   },
 * };
 * ```
 */
export interface AccountRole {
  /** The ARN of the role in the account: `arn:aws:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** The ExternalId its trust policy requires: 2 to 1224 characters of `[\w+=,.@:/-]`. */
  readonly externalId: string;
}

/**
 * DRS in the accounts a plan names: the role of each account assumed with STS (ExternalId, a
 * session named after the execution), its credentials cached until five minutes before they
 * expire, and one DRS port per (account, Region, execution). Credentials are never logged.
 *
 * @module
 */

import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import { toDrsCallError } from '../../drs/internal/toDrsCallError';
import { AccountRoleDeniedError, DrsRetryableError, isDrsRetryableError } from '../../errors';
import type { Logger } from '../../logger';
import type { AccountRole } from '../AccountRole';
import type { AssumedRoleCredentials, StsPort } from '../StsPort';

/** Credentials are renewed this long before they expire. */
export const CREDENTIALS_REFRESH_MS = 5 * 60_000;

/** The most sessions (account and execution) and ports kept; the oldest go first. */
const MAX_CACHED = 256;

/** The longest STS session name. */
const MAX_SESSION_NAME = 64;

/** The STS session name of an execution: `drs-waves-<executionId>`, cut to 64 characters. */
export const sessionNameOf = (executionId: string): string =>
  `drs-waves-${executionId}`.slice(0, MAX_SESSION_NAME);

/** Builds DRS in an account from a credentials provider (an SDK client's `credentials`). */
export type DrsForAccount = (
  target: DrsTarget & { readonly accountId: string },
  credentials: () => Promise<AssumedRoleCredentials>,
) => DrsPort;

export interface AccountDrsOptions {
  readonly roles: Readonly<Record<string, AccountRole>>;
  readonly sts: StsPort;
  readonly drsForAccount: DrsForAccount;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** STS errors worth retrying: throttling (STS says `Throttling`), 5xx, the network. */
function isTransient(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'Throttling' || isDrsRetryableError(toDrsCallError('AssumeRole', error));
}

const METHODS = [
  'startRecovery',
  'describeJobs',
  'describeJobLogItems',
  'describeSourceServers',
  'listSourceServers',
  'describeRecoveryInstances',
  'terminateRecoveryInstances',
  'describeRecoverySnapshots',
  'getLaunchConfiguration',
] as const satisfies readonly (keyof DrsPort)[];

/** Keeps a map at most {@link MAX_CACHED} entries, dropping the oldest. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.set(key, value);
  if (map.size > MAX_CACHED) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  return value;
}

/**
 * The account lookup of a router: `forExecution(executionId)` gives the `drsFor` of the wave
 * functions for one execution's calls. Each port asks for the account's credentials before
 * every call, so that a refused role is an {@link AccountRoleDeniedError} (not a DRS error) and
 * expired credentials are renewed.
 */
export class AccountDrs {
  readonly #options: AccountDrsOptions;
  readonly #sessions = new Map<
    string,
    { pending?: Promise<AssumedRoleCredentials>; current?: AssumedRoleCredentials }
  >();
  readonly #ports = new Map<string, DrsPort>();

  constructor(options: AccountDrsOptions) {
    this.#options = options;
  }

  /** The accounts that have a role. */
  has(accountId: string): boolean {
    return Object.hasOwn(this.#options.roles, accountId);
  }

  /** Credentials of the account's role for the execution: cached, renewed near expiry. */
  async credentials(accountId: string, executionId: string): Promise<AssumedRoleCredentials> {
    const role = this.#role(accountId);
    const roleSessionName = sessionNameOf(executionId);
    const key = `${accountId}\n${roleSessionName}`;
    const session = this.#sessions.get(key) ?? remember(this.#sessions, key, {});
    const now = this.#options.clock().getTime();
    const current = session.current;
    if (current !== undefined && current.expiration.getTime() - CREDENTIALS_REFRESH_MS > now) {
      return current;
    }
    if (session.pending !== undefined) return session.pending;
    const pending = this.#assume(accountId, role, roleSessionName);
    session.pending = pending;
    try {
      session.current = await pending;
      return session.current;
    } finally {
      delete session.pending;
    }
  }

  /** `drsFor` for one execution: DRS in an account with a role, by (account, Region). */
  forExecution(
    executionId: string,
  ): (target: DrsTarget & { readonly accountId: string }) => DrsPort {
    return (target) => {
      const key = `${target.accountId}\n${target.region ?? ''}\n${executionId}`;
      const known = this.#ports.get(key);
      if (known !== undefined) return known;
      const credentials = () => this.credentials(target.accountId, executionId);
      const inner = this.#options.drsForAccount(
        {
          accountId: target.accountId,
          ...(target.region === undefined ? {} : { region: target.region }),
        },
        credentials,
      );
      const port = {} as Record<string, unknown>;
      for (const method of METHODS) {
        port[method] = async (...args: unknown[]) => {
          await credentials();
          return (inner[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      }
      return remember(this.#ports, key, port as unknown as DrsPort);
    };
  }

  #role(accountId: string): AccountRole {
    const role = Object.hasOwn(this.#options.roles, accountId)
      ? this.#options.roles[accountId]
      : undefined;
    if (role === undefined) {
      // begin_execution refuses such a plan; a wave of an older execution can still get here.
      throw new AccountRoleDeniedError(accountId, '(none configured)', 'AccountNotConfigured');
    }
    return role;
  }

  async #assume(
    accountId: string,
    role: AccountRole,
    roleSessionName: string,
  ): Promise<AssumedRoleCredentials> {
    try {
      const credentials = await this.#options.sts.assumeRole({
        roleArn: role.roleArn,
        externalId: role.externalId,
        roleSessionName,
      });
      this.#options.logger.info('drs-waves assumed the role of an account', {
        accountId,
        roleArn: role.roleArn,
        roleSessionName,
        expiration: credentials.expiration.toISOString(),
      });
      return credentials;
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const stsErrorName = typeof name === 'string' && name !== 'Error' ? name : 'UnknownError';
      this.#options.logger.error('drs-waves could not assume the role of an account', {
        accountId,
        roleArn: role.roleArn,
        error: stsErrorName,
      });
      if (isTransient(error)) {
        const failure = toDrsCallError('AssumeRole', error);
        throw new DrsRetryableError(
          {
            operation: 'AssumeRole',
            drsErrorName: failure.drsErrorName,
            drsMessage: `STS could not give the role of account ${accountId}: ${failure.drsMessage}`,
            ...(failure.statusCode === undefined ? {} : { statusCode: failure.statusCode }),
          },
          { cause: error },
        );
      }
      throw new AccountRoleDeniedError(accountId, role.roleArn, stsErrorName, { cause: error });
    }
  }
}

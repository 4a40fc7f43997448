import { InvalidProtectionGroupError } from '../errors';
import { isAccountId } from '../plan/accountId';
import type { ProtectionGroup } from '../plan/types';
import { groupSelector, groupServers } from './internal/groupServers';
import type { ProtectionGroupStore } from './ProtectionGroupStore';

/**
 * A {@link ProtectionGroupStore} over a fixed list of groups.
 *
 * @example
 * ```ts
 * import { InMemoryProtectionGroupStore } from 'drs-waves';
 *
 * const groups = new InMemoryProtectionGroupStore([
 *   { id: 'pg-web', accountId: '111122223333', region: 'eu-west-1', servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'OPTIONAL' }] },
 * ]);
 * ```
 */
export class InMemoryProtectionGroupStore implements ProtectionGroupStore {
  readonly #groups: Map<string, ProtectionGroup>;

  constructor(groups: readonly ProtectionGroup[] = []) {
    this.#groups = new Map();
    groups.forEach((group: unknown, index) => {
      const g = (typeof group === 'object' && group !== null ? group : {}) as Record<
        string,
        unknown
      >;
      const id = g.id;
      if (typeof id !== 'string' || id === '') {
        throw new InvalidProtectionGroupError(
          `#${index}`,
          `id is not a non-empty string: ${JSON.stringify(id)}`,
        );
      }
      if (!Array.isArray(g.servers)) {
        throw new InvalidProtectionGroupError(
          id,
          `servers is not a list: ${JSON.stringify(g.servers)}`,
        );
      }
      if (g.region !== undefined && (typeof g.region !== 'string' || g.region === '')) {
        throw new InvalidProtectionGroupError(
          id,
          `region is not a Region name: ${JSON.stringify(g.region)}`,
        );
      }
      if (g.accountId !== undefined && !isAccountId(g.accountId)) {
        throw new InvalidProtectionGroupError(
          id,
          `accountId is not an AWS account ID of 12 digits: ${JSON.stringify(g.accountId)}`,
        );
      }
      const servers = groupServers(id, 'servers', g.servers);
      const selector = groupSelector(id, 'selector', g.selector);
      this.#groups.set(id, {
        id,
        servers,
        ...(selector === undefined ? {} : { selector }),
        ...(g.region === undefined ? {} : { region: g.region as string }),
        ...(g.accountId === undefined ? {} : { accountId: g.accountId }),
      });
    });
  }

  async getGroups(ids: readonly string[]) {
    const found = new Map<string, ProtectionGroup>();
    for (const id of ids) {
      const group = this.#groups.get(id);
      if (group) found.set(id, structuredClone(group));
    }
    return found;
  }
}

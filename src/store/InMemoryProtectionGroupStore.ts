import type { ProtectionGroup } from '../plan/types';
import type { ProtectionGroupStore } from './ProtectionGroupStore';

/**
 * A {@link ProtectionGroupStore} over a fixed list of groups.
 *
 * @example
 * ```ts
 * import { InMemoryProtectionGroupStore } from 'drs-waves';
 *
 * const groups = new InMemoryProtectionGroupStore([
 *   { id: 'pg-web', region: 'eu-west-1', servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'OPTIONAL' }] },
 * ]);
 * ```
 */
export class InMemoryProtectionGroupStore implements ProtectionGroupStore {
  readonly #groups: Map<string, ProtectionGroup>;

  constructor(groups: readonly ProtectionGroup[] = []) {
    this.#groups = new Map(groups.map((g) => [g.id, structuredClone(g)]));
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

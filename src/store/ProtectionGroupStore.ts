import type { ProtectionGroup } from '../plan/types';

/**
 * Where waves' protection groups are read from. Two implementations:
 * {@link DynamoDbProtectionGroupStore} (existing tables work as they are) and
 * {@link InMemoryProtectionGroupStore}.
 *
 * @example
 * ```ts
 * import { InMemoryProtectionGroupStore, type ProtectionGroupStore } from 'drs-waves';
 *
 * const groups: ProtectionGroupStore = new InMemoryProtectionGroupStore([
 *   { id: 'pg-db', servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }] },
 * ]);
 * const found = await groups.getGroups(['pg-db', 'pg-missing']); // only pg-db
 * ```
 */
export interface ProtectionGroupStore {
  /** The groups that exist among `ids`, by ID; missing IDs are absent from the map. */
  getGroups(ids: readonly string[]): Promise<Map<string, ProtectionGroup>>;
}

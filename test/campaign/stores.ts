import type {
  PlanStore,
  ProtectionGroup,
  ProtectionGroupStore,
  RecoveryPlan,
  WaveServer,
} from '../../src/index';

/** A plan store whose one plan the campaign edits while the drill runs. */
export class MutablePlanStore implements PlanStore {
  #plan: RecoveryPlan;

  constructor(plan: RecoveryPlan) {
    this.#plan = structuredClone(plan);
  }

  get plan(): RecoveryPlan {
    return structuredClone(this.#plan);
  }

  /** Replaces the inline servers of one wave. */
  setWaveServers(waveId: string, servers: readonly WaveServer[]): void {
    this.#plan = {
      ...this.#plan,
      waves: this.#plan.waves.map((w) => (w.id === waveId ? { ...w, servers: [...servers] } : w)),
    };
  }

  async getPlan(planId: string): Promise<RecoveryPlan | undefined> {
    return planId === this.#plan.id ? structuredClone(this.#plan) : undefined;
  }
}

/** A protection group store whose groups the campaign edits while the drill runs. */
export class MutableGroupStore implements ProtectionGroupStore {
  readonly #groups: Map<string, ProtectionGroup>;

  constructor(groups: readonly ProtectionGroup[]) {
    this.#groups = new Map(groups.map((g) => [g.id, structuredClone(g)]));
  }

  group(id: string): ProtectionGroup | undefined {
    const group = this.#groups.get(id);
    return group && structuredClone(group);
  }

  /** Replaces the servers of one group. */
  setServers(id: string, servers: readonly WaveServer[]): void {
    const group = this.#groups.get(id);
    if (group !== undefined) this.#groups.set(id, { ...group, servers: [...servers] });
  }

  async getGroups(ids: readonly string[]): Promise<Map<string, ProtectionGroup>> {
    const found = new Map<string, ProtectionGroup>();
    for (const id of ids) {
      const group = this.#groups.get(id);
      if (group !== undefined) found.set(id, structuredClone(group));
    }
    return found;
  }
}

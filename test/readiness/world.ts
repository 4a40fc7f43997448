import { DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { afterEach } from 'vitest';
import {
  type CheckReadinessInput,
  createDrsAdapter,
  type DrsPort,
  type DrsTarget,
  InMemoryProtectionGroupStore,
  type ProtectionGroup,
  parseRecoveryPlan,
  type ReadinessFinding,
  type RecoveryPlan,
} from '../../src/index';
import { DrsEmulator, type DrsEmulatorOptions, fakeSourceServerId } from '../../src/testing/index';

/** The Region of the second emulator, named by the `pg-web` group. */
export const OTHER_REGION = 'eu-west-1';
export const START = new Date('2026-01-01T00:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Servers 1-3 inline in `db`, 4-6 in group `pg-app` (default Region), 7-8 in `pg-web` (other). */
export const S = Array.from({ length: 13 }, (_, i) => fakeSourceServerId(i));

export const GROUPS: readonly ProtectionGroup[] = [
  {
    id: 'pg-app',
    servers: [S[4], S[5], S[6]].map((id) => ({ sourceServerId: id as string, impact: 'CRITICAL' })),
  },
  {
    id: 'pg-web',
    region: OTHER_REGION,
    servers: [S[7], S[8]].map((id) => ({ sourceServerId: id as string, impact: 'OPTIONAL' })),
  },
];

/** Three waves in three stages: db (inline), app (a group), web (a group in another Region). */
export const PLAN: RecoveryPlan = parseRecoveryPlan({
  id: 'shop',
  waves: [
    { id: 'db', servers: [S[1], S[2], S[3]] },
    { id: 'app', protectionGroups: ['pg-app'] },
    { id: 'web', protectionGroups: ['pg-web'] },
  ],
});

/** Two emulators (the default Region and {@link OTHER_REGION}) on one virtual clock. */
export interface World {
  readonly home: DrsEmulator;
  readonly other: DrsEmulator;
  /** The real SDK client of each emulator. */
  readonly homeClient: DrsClient;
  /** The targets `drsFor` was asked for, in order. */
  readonly asked: DrsTarget[];
  /** Moves both clocks. */
  advance(ms: number): void;
  /** The input of checkReadiness on this world: the plan and groups above unless given. */
  input(overrides?: Partial<CheckReadinessInput>): CheckReadinessInput;
  /** Starts a drill of `ids` in the default Region, as another tenant of the account would. */
  foreignDrill(ids: readonly string[]): Promise<string>;
}

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

export async function startWorld(
  home: DrsEmulatorOptions = {},
  other: DrsEmulatorOptions = {},
): Promise<World> {
  const homeEmulator = await DrsEmulator.start({ startTime: START, ...home });
  opened.push(homeEmulator);
  const otherEmulator = await DrsEmulator.start({
    startTime: START,
    region: OTHER_REGION,
    seed: 2,
    ...other,
  });
  opened.push(otherEmulator);
  const client = (e: DrsEmulator) => {
    const c = new DrsClient({ ...e.clientConfig(), maxAttempts: 1 });
    opened.push({ close: () => c.destroy() });
    return c;
  };
  const homeClient = client(homeEmulator);
  const ports: Record<string, DrsPort> = {
    '': createDrsAdapter(homeClient),
    [OTHER_REGION]: createDrsAdapter(client(otherEmulator)),
  };
  const asked: DrsTarget[] = [];
  return {
    home: homeEmulator,
    other: otherEmulator,
    homeClient,
    asked,
    advance(ms) {
      homeEmulator.advance(ms);
      otherEmulator.advance(ms);
    },
    input: (overrides = {}) => ({
      plan: PLAN,
      protectionGroups: new InMemoryProtectionGroupStore(GROUPS),
      drsFor: (target) => {
        asked.push(target);
        const port = ports[target.region ?? ''];
        if (port === undefined) throw new Error(`no emulator for ${JSON.stringify(target)}`);
        return port;
      },
      clock: () => homeEmulator.now(),
      ...overrides,
    }),
    async foreignDrill(ids) {
      const { job } = await homeClient.send(
        new StartRecoveryCommand({
          sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
          isDrill: true,
          tags: { owner: 'another-team' },
        }),
      );
      return job?.jobID ?? '';
    },
  };
}

/** The findings as `[code, severity, waveId, sourceServerId]`, for compact assertions. */
export const brief = (findings: readonly ReadinessFinding[]) =>
  findings.map((f) => [f.code, f.severity, f.waveId, f.sourceServerId]);

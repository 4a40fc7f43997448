import { describe, expect, it } from 'vitest';
import {
  type ActionRouterDeps,
  checkWaveStatus,
  createActionRouter,
  type DrsPort,
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  type StartWaveDeps,
  startWave,
  type WaveDeps,
} from '../../src/index';
import { optionProblemsOf } from '../helpers/problems';

/** A DRS port that fails the test if anything reaches it. */
const untouchableDrs = new Proxy({} as DrsPort, {
  get: (_target, method) => () => {
    throw new Error(`DRS was called: ${String(method)}`);
  },
});

const waveDeps = (): StartWaveDeps => ({
  drs: untouchableDrs,
  history: new InMemoryExecutionHistoryStore(),
  protectionGroups: new InMemoryProtectionGroupStore([]),
});

const routerDeps = (): ActionRouterDeps => ({ ...waveDeps(), plans: new InMemoryPlanStore([]) });

const input = {
  executionId: 'e1',
  executionType: 'DRILL' as const,
  wave: {
    id: 'db',
    servers: [{ sourceServerId: 's-00000000000000001', impact: 'CRITICAL' as const }],
    protectionGroups: [],
    requireApproval: false,
  },
};

describe('dependencies of the wave functions and the router', () => {
  it('refuses an unknown dependency of createActionRouter, with the one it resembles', async () => {
    const { protectionGroups, ...rest } = routerDeps();
    const deps = { ...rest, protectionGroup: protectionGroups };
    expect(await optionProblemsOf(() => createActionRouter(deps as never))).toEqual([
      'protectionGroups: Expected `protectionGroups` to be a protection group store, got nothing',
      'protectionGroup: Unknown field "protectionGroup" (did you mean "protectionGroups"?)',
    ]);
  });

  it('names every bad dependency of createActionRouter at once', async () => {
    const deps = {
      ...routerDeps(),
      drs: null,
      clock: 'now',
      logger: 7,
      quotas: { maxServersPerJob: 250, maxConcurentJobs: 5, maxServersInActiveJobs: 0 },
      claimLeaseSeconds: -1,
      requirePostLaunchActions: 'yes',
      pollIntervalSecs: 5,
    };
    expect(await optionProblemsOf(() => createActionRouter(deps as never))).toEqual([
      'drs: Expected `drs` to be a DRS port, got null',
      'clock: Expected `clock` to be a function, got "now"',
      'logger: Expected `logger` to be a logger, got 7',
      'quotas.maxServersInActiveJobs: Expected `quotas.maxServersInActiveJobs` to be a positive integer, got 0',
      'claimLeaseSeconds: Expected `claimLeaseSeconds` to be a positive number of seconds, got -1',
      'requirePostLaunchActions: Expected `requirePostLaunchActions` to be true or false, got "yes"',
      "quotas.maxServersPerJob: Expected at most 200 (StartRecovery's limit), got 250",
      'quotas.maxConcurentJobs: Unknown field "maxConcurentJobs" (did you mean "maxConcurrentJobs"?)',
      'pollIntervalSecs: Unknown field "pollIntervalSecs"',
    ]);
  });

  it('refuses a dependencies value that is not an object', async () => {
    expect(() => createActionRouter(undefined as never)).toThrow(
      'Invalid options for createActionRouter (1 problem):\n- (root): Expected a dependencies object, got nothing',
    );
  });

  it('checks startWave dependencies before reading anything', async () => {
    const history = new InMemoryExecutionHistoryStore();
    const deps = { ...waveDeps(), history, plans: new InMemoryPlanStore([]) };
    expect(await optionProblemsOf(() => startWave(input, deps as StartWaveDeps))).toEqual([
      'plans: Unknown field "plans"',
    ]);
    const { protectionGroups: _, ...withoutGroups } = waveDeps();
    expect(await optionProblemsOf(() => startWave(input, withoutGroups as StartWaveDeps))).toEqual([
      'protectionGroups: Expected `protectionGroups` to be a protection group store, got nothing',
    ]);
    expect(await history.listWaves('e1')).toEqual([]);
  });

  it('lets one object serve both wave functions, and refuses what neither knows', async () => {
    const deps: WaveDeps = waveDeps();
    // Accepted: it reaches the history, which has no such wave.
    await expect(checkWaveStatus({ executionId: 'e1', waveId: 'db' }, deps)).rejects.toThrow(
      'No wave "e1/db" in the execution history',
    );
    const typo = { ...deps, newTokens: () => 'x' };
    expect(
      await optionProblemsOf(() => checkWaveStatus({ executionId: 'e1', waveId: 'db' }, typo)),
    ).toEqual(['newTokens: Unknown field "newTokens" (did you mean "newToken"?)']);
  });

  it('takes quotas it is given partially, the rest from the defaults', () => {
    expect(() =>
      createActionRouter({ ...routerDeps(), quotas: { maxConcurrentJobs: 2 } }),
    ).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { isInvalidOptionsError, isSourceServerId } from '../src/index';
import { fakeSourceServerId } from '../src/testing/index';

describe('fakeSourceServerId', () => {
  it('gives distinct, well-formed IDs', () => {
    const ids = [0, 1, 35, 36, 42, 10 ** 12, Number.MAX_SAFE_INTEGER].map(fakeSourceServerId);
    expect(ids.slice(0, 5)).toStrictEqual([
      's-00000000000000000',
      's-00000000000000001',
      's-0000000000000000z',
      's-00000000000000010',
      's-00000000000000016',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isSourceServerId)).toBe(true);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s', (index) => {
    let caught: unknown;
    try {
      fakeSourceServerId(index);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toContain(`got ${index}`);
  });
});

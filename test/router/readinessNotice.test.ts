import { describe, expect, it } from 'vitest';
import type { ReadinessFinding } from '../../src/index';
import { keyOf } from '../../src/router/internal/readinessNotice';

const finding = (extra: Partial<ReadinessFinding>): ReadinessFinding => ({
  code: 'REPLICATION_LAG',
  severity: 'BLOCKING',
  sourceServerId: 's-00000000000000001',
  waveId: 'db',
  message: 'Replication lags 2 h',
  remedy: 'Find why',
  ...extra,
});

describe('the key of a blocking finding, from one scheduled check to the next', () => {
  it('keeps the same finding the same, whatever its message says now', () => {
    expect(keyOf(finding({ message: 'Replication lags 3 h' }))).toBe(keyOf(finding({})));
    expect(keyOf(finding({}))).toBe('REPLICATION_LAG s-00000000000000001 (db)');
  });

  it('tells apart the same server ID in two accounts, and in two Regions', () => {
    const keys = [
      finding({ accountId: '111111111111', region: 'eu-west-1' }),
      finding({ accountId: '222222222222', region: 'eu-west-1' }),
      finding({ accountId: '111111111111', region: 'eu-central-1' }),
      finding({ region: 'eu-west-1' }),
    ].map(keyOf);
    expect(new Set(keys).size).toBe(4);
    expect(keys[0]).toBe('REPLICATION_LAG s-00000000000000001 (db) [111111111111 eu-west-1]');
    expect(keys[3]).toBe('REPLICATION_LAG s-00000000000000001 (db) [eu-west-1]');
  });
});

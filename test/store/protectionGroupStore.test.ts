import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbProtectionGroupStore,
  InMemoryProtectionGroupStore,
  isInvalidProtectionGroupError,
} from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
  for (const [table, key] of [
    ['ProtectionGroups', 'ProtectionGroupId'],
    ['LegacyGroups', 'GroupName'],
  ] as const) {
    await dynamo.createTable({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  }
  const put = (TableName: string, Item: Record<string, unknown>) =>
    dynamo.doc.send(new PutCommand({ TableName, Item }));
  await put('ProtectionGroups', {
    ProtectionGroupId: 'pg-list',
    Servers: [fakeSourceServerId(1), fakeSourceServerId(2)],
  });
  await put('ProtectionGroups', {
    ProtectionGroupId: 'pg-set',
    Servers: new Set([fakeSourceServerId(3)]),
    Region: 'eu-west-1',
    AccountId: '111122223333',
  });
  await put('ProtectionGroups', {
    ProtectionGroupId: 'pg-bad-account',
    Servers: [fakeSourceServerId(8)],
    AccountId: 111122223333,
  });
  await put('ProtectionGroups', {
    ProtectionGroupId: 'pg-maps',
    Servers: [
      { sourceServerId: fakeSourceServerId(4), impact: 'OPTIONAL' },
      { SourceServerId: fakeSourceServerId(5) },
    ],
  });
  await put('ProtectionGroups', { ProtectionGroupId: 'pg-bad', Servers: ['db01.example.com'] });
  await put('ProtectionGroups', {
    ProtectionGroupId: 'pg-bad-impact',
    Servers: [{ sourceServerId: fakeSourceServerId(6), impact: 'low' }],
  });
  await put('LegacyGroups', {
    GroupName: 'web',
    SourceServerIds: [fakeSourceServerId(7)],
    AwsRegion: 'us-west-2',
  });
  for (let i = 0; i < 130; i += 1) {
    await put('ProtectionGroups', {
      ProtectionGroupId: `pg-many-${i}`,
      Servers: [fakeSourceServerId(1000 + i)],
    });
  }
});
afterAll(() => dynamo.close());

describe('DynamoDbProtectionGroupStore', () => {
  const store = () =>
    new DynamoDbProtectionGroupStore({ client: dynamo.doc, tableName: 'ProtectionGroups' });

  it('reads lists, string sets and maps of servers, with the Region and account', async () => {
    const groups = await store().getGroups(['pg-list', 'pg-set', 'pg-maps', 'pg-missing']);
    expect([...groups.keys()].sort()).toStrictEqual(['pg-list', 'pg-maps', 'pg-set']);
    expect(groups.get('pg-list')).toStrictEqual({
      id: 'pg-list',
      servers: [
        { sourceServerId: fakeSourceServerId(1), impact: 'CRITICAL' },
        { sourceServerId: fakeSourceServerId(2), impact: 'CRITICAL' },
      ],
    });
    expect(groups.get('pg-set')).toStrictEqual({
      id: 'pg-set',
      region: 'eu-west-1',
      accountId: '111122223333',
      servers: [{ sourceServerId: fakeSourceServerId(3), impact: 'CRITICAL' }],
    });
    expect(groups.get('pg-maps')?.servers).toStrictEqual([
      { sourceServerId: fakeSourceServerId(4), impact: 'OPTIONAL' },
      { sourceServerId: fakeSourceServerId(5), impact: 'CRITICAL' },
    ]);
  });

  it('reads an existing table with its own attribute names', async () => {
    const legacy = new DynamoDbProtectionGroupStore({
      client: dynamo.doc,
      tableName: 'LegacyGroups',
      keyAttribute: 'GroupName',
      serversAttribute: 'SourceServerIds',
      regionAttribute: 'AwsRegion',
    });
    expect(await legacy.getGroups(['web'])).toStrictEqual(
      new Map([
        [
          'web',
          {
            id: 'web',
            region: 'us-west-2',
            servers: [{ sourceServerId: fakeSourceServerId(7), impact: 'CRITICAL' }],
          },
        ],
      ]),
    );
  });

  it('reads more than 100 groups in batches', async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `pg-many-${i}`);
    expect((await store().getGroups([...ids, ...ids])).size).toBe(130);
  });

  it.each([
    [
      'pg-bad',
      'Protection group "pg-bad" is invalid: Servers[0] is not a DRS source server ID: "db01.example.com"',
    ],
    [
      'pg-bad-impact',
      'Protection group "pg-bad-impact" is invalid: Servers[0] has impact "low", expected "CRITICAL" or "OPTIONAL"',
    ],
    [
      'pg-bad-account',
      'Protection group "pg-bad-account" is invalid: AccountId is not an AWS account ID of 12 digits: 111122223333',
    ],
  ])('refuses the malformed group %s naming the value', async (id, message) => {
    const caught = await store()
      .getGroups([id])
      .catch((e: unknown) => e);
    expect(isInvalidProtectionGroupError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});

describe('InMemoryProtectionGroupStore', () => {
  it('returns copies of the groups that exist', async () => {
    const group = {
      id: 'pg',
      servers: [{ sourceServerId: fakeSourceServerId(1), impact: 'CRITICAL' as const }],
    };
    const store = new InMemoryProtectionGroupStore([group]);
    const found = await store.getGroups(['pg', 'nope']);
    expect(found).toStrictEqual(new Map([['pg', group]]));
    expect(found.get('pg')).not.toBe(group);
  });

  it.each([
    [
      { id: 'pg', servers: [{ sourceServerId: 'bogus', impact: 'CRITICAL' }] },
      'Protection group "pg" is invalid: servers[0] is not a DRS source server ID: "bogus"',
    ],
    [
      { id: 'pg', servers: [{ sourceServerId: fakeSourceServerId(1), impact: 'WHATEVER' }] },
      'Protection group "pg" is invalid: servers[0] has impact "WHATEVER", expected "CRITICAL" or "OPTIONAL"',
    ],
    [{ id: 'pg', servers: null }, 'Protection group "pg" is invalid: servers is not a list: null'],
    [{ servers: [] }, 'Protection group "#0" is invalid: id is not a non-empty string: undefined'],
    [
      { id: 'pg', servers: [], region: 7 },
      'Protection group "pg" is invalid: region is not a Region name: 7',
    ],
    [
      { id: 'pg', servers: [], accountId: '1234' },
      'Protection group "pg" is invalid: accountId is not an AWS account ID of 12 digits: "1234"',
    ],
  ])('refuses a malformed group when it is given: %j', (group, message) => {
    let caught: unknown;
    try {
      new InMemoryProtectionGroupStore([group as never]);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidProtectionGroupError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});

import type { AddressInfo } from 'node:net';
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadClientDynamoDb, loadDynalite, loadLibDynamoDb } from '../../internal/optionalPeer';

/** Operations whose consumed read or write capacity is counted. */
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
/** The document client's commands of those operations. */
const DOCUMENT_COMMANDS = new Set([
  'Get',
  'Query',
  'Scan',
  'BatchGet',
  'Put',
  'Update',
  'Delete',
  'BatchWrite',
]);

/** A dynalite server in this process, on a loopback port, with clients for it. */
export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Requests by DynamoDB operation (`PutItem`, `Query`...), counted on the client. */
  readonly requests: Record<string, number>;
  /** Capacity units the requests consumed, as dynalite computes them from item sizes. */
  readonly capacity: { read: number; write: number };
  createTable(input: CreateTableCommandInput): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts dynalite (real DynamoDB wire protocol, in memory) on a free loopback port. dynalite
 * and the DynamoDB clients are optional peers, loaded here: `usedBy` names what needs them in
 * the `MissingPeerDependencyError` when one is missing.
 */
export async function startLocalDynamo(usedBy = 'the local DynamoDB'): Promise<LocalDynamo> {
  const dev = { dev: true };
  const dynalite = await loadDynalite(usedBy);
  const { CreateTableCommand, DescribeTableCommand, DynamoDBClient } = await loadClientDynamoDb(
    usedBy,
    dev,
  );
  const { DynamoDBDocumentClient } = await loadLibDynamoDb(usedBy, dev);
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests: Record<string, number> = {};
  const capacity = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      requests[name] = (requests[name] ?? 0) + 1;
      const kind = READS.has(name) ? 'read' : WRITES.has(name) ? 'write' : undefined;
      if (kind === undefined) return next(args);
      // The document client asks for the consumed capacity (below): add it up.
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        capacity[kind] += Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'drsWavesCountRequests' },
  );
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  // Every document command asks for its consumed capacity: the document client builds the
  // low-level input from its own command's input, so the field is set there.
  const send = doc.send.bind(doc) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
  (doc as { send: typeof send }).send = (command, ...rest) => {
    const input = (command as { input?: Record<string, unknown> }).input;
    const name = (command as object).constructor.name.replace(/Command$/, '');
    if (input !== undefined && DOCUMENT_COMMANDS.has(name)) {
      input.ReturnConsumedCapacity = 'TOTAL';
    }
    return send(command, ...rest);
  };
  return {
    client,
    doc,
    requests,
    capacity,
    async createTable(input) {
      await client.send(new CreateTableCommand(input));
      // dynalite answers CreateTable while the table is still CREATING: a first write can race
      // it (ResourceNotFoundException). Wait until it is ACTIVE, as callers of real DynamoDB do.
      const name = input.TableName ?? '';
      for (let attempt = 0; ; attempt += 1) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
        if (Table?.TableStatus === 'ACTIVE') break;
        if (attempt >= 1000)
          throw new Error(`Table ${name} is still ${Table?.TableStatus} after 1000 checks`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // The drill's request counts are the orchestration's, not the set-up's.
      delete requests.CreateTable;
      delete requests.DescribeTable;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        client.destroy();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}

import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';

/** A dynalite server in this process, on a loopback port, with a document client for it. */
export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Counts requests by DynamoDB operation (`PutItem`, `Query`...). */
  readonly requests: Map<string, number>;
  createTable(input: ConstructorParameters<typeof CreateTableCommand>[0]): Promise<void>;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    client,
    doc,
    requests,
    async createTable(input) {
      await client.send(new CreateTableCommand(input));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        client.destroy();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}

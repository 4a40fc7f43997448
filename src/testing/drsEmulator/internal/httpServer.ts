/**
 * The HTTP side of the emulator: a `node:http` server on a loopback port that reads each
 * request whole, hands it to a handler and writes the handler's answer.
 *
 * @module
 */

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request, read whole. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An answer to write. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A listening server. */
export interface HttpServerHandle {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** Bodies above this size are refused (413): no DRS request comes near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Starts a server on 127.0.0.1, on a free port. */
export function startHttpServer(
  handle: (request: HttpRequest) => HttpAnswer,
): Promise<HttpServerHandle> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // A client that hangs up mid-request must not crash the test process.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const answer: HttpAnswer = refused
        ? {
            status: 413,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'Request body too large' }),
          }
        : handle({
            method: request.method ?? 'GET',
            path: new URL(request.url ?? '/', 'http://127.0.0.1').pathname,
            headers: request.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
      const body = Buffer.from(answer.body, 'utf8');
      response.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(body.length),
      });
      response.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close: () => {
          closing ??= new Promise<void>((done, fail) => {
            server.close((error) => (error === undefined ? done() : fail(error)));
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

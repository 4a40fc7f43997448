import { DrsClient } from '@aws-sdk/client-drs';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { isMissingPeerDependencyError, MissingPeerDependencyError } from '../../src/index';
import {
  installCommand,
  loadClientDrs,
  loadLocalStepFunctions,
  loadPeer,
} from '../../src/internal/optionalPeer';

/** What the loader rejected with. */
const failure = (load: Promise<unknown>) =>
  load.then(
    (value) => {
      throw new Error(`Expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );

/** An import failure as Node.js reports it, for a package that is not installed. */
const notFound = (message: string, code = 'ERR_MODULE_NOT_FOUND') =>
  Object.assign(new Error(message), { code });

describe('loadPeer', () => {
  it('turns a package that is not installed into MissingPeerDependencyError naming the install command', async () => {
    const error = await failure(
      // @ts-expect-error: a package that does not exist, imported the way drs-waves imports its peers
      loadPeer('drs-waves-missing-peer', 'a test', () => import('drs-waves-missing-peer')),
    );
    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect(isMissingPeerDependencyError(error)).toBe(true);
    const missing = error as MissingPeerDependencyError;
    expect(missing.message).toBe(
      'drs-waves needs drs-waves-missing-peer for a test: npm install drs-waves-missing-peer',
    );
    expect(missing.packageName).toBe('drs-waves-missing-peer');
    expect(missing.installCommand).toBe('npm install drs-waves-missing-peer');
    // Node's own error stays as the cause.
    expect((missing.cause as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('names a dev dependency with --save-dev, and recognises CommonJS "Cannot find module"', async () => {
    const cjs = notFound(
      "Cannot find module 'drs-waves-missing-cjs'\nRequire stack:\n- /app/index.cjs",
      'MODULE_NOT_FOUND',
    );
    const error = await failure(
      loadPeer('drs-waves-missing-cjs', 'simulateDrill', () => Promise.reject(cjs), { dev: true }),
    );
    expect((error as Error).message).toBe(
      'drs-waves needs drs-waves-missing-cjs for simulateDrill: npm install --save-dev drs-waves-missing-cjs',
    );
    expect((error as Error).cause).toBe(cjs);
  });

  it('rethrows any other import failure unchanged', async () => {
    const syntax = new SyntaxError("Unexpected token 'export'");
    expect(
      await failure(loadPeer('drs-waves-broken-peer', 'a test', () => Promise.reject(syntax))),
    ).toBe(syntax);
    // Installed, but one of its own dependencies is missing: that is not this package missing,
    // even though its path appears after "imported from".
    const inner = notFound(
      "Cannot find package '@smithy/core' imported from /app/node_modules/drs-waves-inner-peer/index.js",
    );
    expect(
      await failure(loadPeer('drs-waves-inner-peer', 'a test', () => Promise.reject(inner))),
    ).toBe(inner);
    // A loader that throws instead of rejecting is a rejection too, unchanged.
    const thrown = new TypeError('not a function');
    expect(
      await failure(
        loadPeer('drs-waves-throwing-peer', 'a test', () => {
          throw thrown;
        }),
      ),
    ).toBe(thrown);
  });

  it('imports a package once, however many calls share it', async () => {
    let imports = 0;
    const module = { name: 'the module' };
    const load = async () => {
      imports += 1;
      return module;
    };
    const [first, second] = await Promise.all([
      loadPeer('drs-waves-cached-peer', 'a', load),
      loadPeer('drs-waves-cached-peer', 'b', load),
    ]);
    expect(await loadPeer('drs-waves-cached-peer', 'c', load)).toBe(module);
    expect(first).toBe(module);
    expect(second).toBe(module);
    expect(imports).toBe(1);
  });

  it('forgets a failed import, so a later call tries again', async () => {
    let imports = 0;
    const load = async () => {
      imports += 1;
      if (imports === 1)
        throw notFound("Cannot find package 'drs-waves-late-peer' imported from /a.js");
      return { loaded: true };
    };
    expect(await failure(loadPeer('drs-waves-late-peer', 'a test', load))).toBeInstanceOf(
      MissingPeerDependencyError,
    );
    expect(await loadPeer('drs-waves-late-peer', 'a test', load)).toStrictEqual({ loaded: true });
    expect(imports).toBe(2);
  });

  it('loads the real peers, the same modules a static import gives', async () => {
    expect((await loadClientDrs('a test')).DrsClient).toBe(DrsClient);
    expect((await loadLocalStepFunctions('a test')).StateMachine).toBe(StateMachine);
  });

  it('writes the install command for one package or several', () => {
    expect(installCommand('@aws-sdk/client-drs')).toBe('npm install @aws-sdk/client-drs');
    expect(installCommand('dynalite @aws-sdk/lib-dynamodb', { dev: true })).toBe(
      'npm install --save-dev dynalite @aws-sdk/lib-dynamodb',
    );
  });
});

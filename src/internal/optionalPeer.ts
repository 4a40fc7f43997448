/**
 * Loading of the optional peer dependencies: the AWS SDK clients, `aws-local-stepfunctions` and
 * `dynalite`. drs-waves imports none of them statically, so that `import('drs-waves')` (and
 * `drs-waves/testing`) loads without them; each is imported on first use, once.
 *
 * Every `import()` below is a literal, so that bundlers find the package and bundle it, and a
 * bundle that never calls the function that needs it drops it with that function. Each has a
 * `.catch()` attached: it rethrows, and only tells esbuild that a package missing at bundle time
 * is handled at run time (without it esbuild fails the whole build, even when the call is dead
 * code).
 *
 * @module
 */

import type * as ClientCloudFormation from '@aws-sdk/client-cloudformation';
import type * as ClientDrs from '@aws-sdk/client-drs';
import type * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import type * as ClientSfn from '@aws-sdk/client-sfn';
import type * as ClientSns from '@aws-sdk/client-sns';
import type * as ClientSts from '@aws-sdk/client-sts';
import type * as LibDynamoDb from '@aws-sdk/lib-dynamodb';
import type * as LocalStepFunctions from 'aws-local-stepfunctions';
import type dynalite from 'dynalite';
import { MissingPeerDependencyError } from '../errors';

/** How to install a peer: as a dependency (Lambda code), or a dev dependency (tests, the CLI). */
export interface PeerOptions {
  /**
   * Whether the install command is `npm install --save-dev`.
   *
   * @default false
   */
  readonly dev?: boolean;
}

/** Imports in flight or done, by package name: each package is imported once. */
const imports = new Map<string, Promise<unknown>>();

/**
 * Whether `error` says that `packageName` itself cannot be found, as Node.js says it for ES
 * modules (`ERR_MODULE_NOT_FOUND`, "Cannot find package 'x' imported from ...") and CommonJS
 * (`MODULE_NOT_FOUND`, "Cannot find module 'x'"). Only the first line is read, and the name
 * must be quoted: a package that is installed but misses one of its own dependencies names that
 * dependency there, and its own path only after "imported from".
 */
function isMissing(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const first = typeof message === 'string' ? (message.split('\n')[0] ?? '') : '';
  return first.includes(`'${packageName}'`) || first.includes(`"${packageName}"`);
}

/** The command that installs `packages`: one package name, or several separated by spaces. */
export function installCommand(packages: string, options: PeerOptions = {}): string {
  return `npm install ${options.dev === true ? '--save-dev ' : ''}${packages}`;
}

/**
 * Imports an optional peer dependency once, with `load`: a literal
 * `() => import('<packageName>').catch(atRunTime)`, as in the loaders below. The promise is
 * cached by package name, so later calls share the first import; a failed import is forgotten,
 * so a later call tries again.
 *
 * @param packageName - The package `load` imports.
 * @param usedBy - What needs it, for the error message (`createDrsAdapter`).
 * @throws {@link MissingPeerDependencyError} when the package is not installed, naming the
 * command that installs it; any other failure of `load` unchanged.
 */
export async function loadPeer<T>(
  packageName: string,
  usedBy: string,
  load: () => Promise<T>,
  options: PeerOptions = {},
): Promise<T> {
  let pending = imports.get(packageName) as Promise<T> | undefined;
  if (pending === undefined) {
    const started = new Promise<T>((resolve) => resolve(load()));
    pending = started;
    imports.set(packageName, started);
    started.catch(() => {
      if (imports.get(packageName) === started) imports.delete(packageName);
    });
  }
  try {
    return await pending;
  } catch (error) {
    if (!isMissing(error, packageName)) throw error;
    throw new MissingPeerDependencyError(
      packageName,
      usedBy,
      installCommand(packageName, options),
      { cause: error },
    );
  }
}

/** Rethrows; see the module comment for why each `import()` has it. */
const atRunTime = (error: unknown): never => {
  throw error;
};

/** `@aws-sdk/client-drs`, for the DRS adapter and the simulation's client of the emulator. */
export const loadClientDrs = (usedBy: string, options?: PeerOptions): Promise<typeof ClientDrs> =>
  loadPeer(
    '@aws-sdk/client-drs',
    usedBy,
    () => import('@aws-sdk/client-drs').catch(atRunTime),
    options,
  );

/** `@aws-sdk/client-cloudformation`, for the CLI's `--stack`: the deployed stack's outputs. */
export const loadClientCloudFormation = (
  usedBy: string,
  options?: PeerOptions,
): Promise<typeof ClientCloudFormation> =>
  loadPeer(
    '@aws-sdk/client-cloudformation',
    usedBy,
    () => import('@aws-sdk/client-cloudformation').catch(atRunTime),
    options,
  );

/** `@aws-sdk/client-sfn`, for the control plane. */
export const loadClientSfn = (usedBy: string, options?: PeerOptions): Promise<typeof ClientSfn> =>
  loadPeer(
    '@aws-sdk/client-sfn',
    usedBy,
    () => import('@aws-sdk/client-sfn').catch(atRunTime),
    options,
  );

/** `@aws-sdk/client-sts`, for the roles of the accounts a plan names (`createStsAdapter`). */
export const loadClientSts = (usedBy: string, options?: PeerOptions): Promise<typeof ClientSts> =>
  loadPeer(
    '@aws-sdk/client-sts',
    usedBy,
    () => import('@aws-sdk/client-sts').catch(atRunTime),
    options,
  );

/** `@aws-sdk/client-sns`, for the readiness notices (`createSnsAdapter`). */
export const loadClientSns = (usedBy: string, options?: PeerOptions): Promise<typeof ClientSns> =>
  loadPeer(
    '@aws-sdk/client-sns',
    usedBy,
    () => import('@aws-sdk/client-sns').catch(atRunTime),
    options,
  );

/** `@aws-sdk/client-dynamodb`, for the local DynamoDB of the tests and the simulation. */
export const loadClientDynamoDb = (
  usedBy: string,
  options?: PeerOptions,
): Promise<typeof ClientDynamoDb> =>
  loadPeer(
    '@aws-sdk/client-dynamodb',
    usedBy,
    () => import('@aws-sdk/client-dynamodb').catch(atRunTime),
    options,
  );

/** `@aws-sdk/lib-dynamodb`, for the DynamoDB stores. */
export const loadLibDynamoDb = (
  usedBy: string,
  options?: PeerOptions,
): Promise<typeof LibDynamoDb> =>
  loadPeer(
    '@aws-sdk/lib-dynamodb',
    usedBy,
    () => import('@aws-sdk/lib-dynamodb').catch(atRunTime),
    options,
  );

/** `aws-local-stepfunctions`, for the local runner: a dev dependency. */
export const loadLocalStepFunctions = (usedBy: string): Promise<typeof LocalStepFunctions> =>
  loadPeer(
    'aws-local-stepfunctions',
    usedBy,
    () => import('aws-local-stepfunctions').catch(atRunTime),
    { dev: true },
  );

/** `dynalite`, the local DynamoDB of the tests and the simulation: a dev dependency. */
export const loadDynalite = (usedBy: string): Promise<typeof dynalite> =>
  loadPeer(
    'dynalite',
    usedBy,
    () => import('dynalite').then((module) => module.default, atRunTime),
    { dev: true },
  );

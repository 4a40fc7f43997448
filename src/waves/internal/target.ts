/**
 * DRS targets, (account, Region), as the wave functions key them: the default account and
 * Region are `undefined`, so that records of a deployment that names neither stay as they were.
 *
 * @module
 */

import type { DrsTarget } from '../../drs/DrsTarget';

/** A target's account and Region, each `undefined` for the orchestrator's own. */
export interface TargetFields {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

/** The key of a target: `account|region`, `''` for the default ones; sorts the default first. */
export const targetKey = (t: TargetFields): string => `${t.accountId ?? ''}|${t.region ?? ''}`;

/** The target of a key made by {@link targetKey}, without the fields that are default. */
export function targetOfKey(key: string): DrsTarget {
  const [accountId = '', region = ''] = key.split('|');
  return {
    ...(accountId === '' ? {} : { accountId }),
    ...(region === '' ? {} : { region }),
  };
}

/** The target's own fields only (no `undefined` ones): `{ accountId?, region? }`. */
export const targetOf = (t: TargetFields): DrsTarget => targetOfKey(targetKey(t));

/** ` in account 111122223333 in eu-west-1`, or `` for the default account and Region. */
export function describeTarget(t: TargetFields): string {
  return `${t.accountId === undefined ? '' : ` in account ${t.accountId}`}${t.region === undefined ? '' : ` in ${t.region}`}`;
}

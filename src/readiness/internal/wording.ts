/** ` in eu-west-1`, or nothing for the default Region. */
export const inRegion = (region: string | undefined): string =>
  region === undefined ? '' : ` in ${region}`;

/** ` in account 111122223333 in eu-west-1`, or nothing for the default account and Region. */
/** The target's own fields of a finding: `{ accountId?, region? }`. */
export {
  describeTarget as inTarget,
  targetOf as targetFieldsOf,
} from '../../waves/internal/target';

/** `1 server`, `3 servers`. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

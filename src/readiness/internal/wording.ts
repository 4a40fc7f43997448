/** ` in eu-west-1`, or nothing for the default Region. */
export const inRegion = (region: string | undefined): string =>
  region === undefined ? '' : ` in ${region}`;

/** `1 server`, `3 servers`. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * `{ [key]: value }`, or `{}` when the value is undefined: spread it to set an optional field
 * only when there is a value (`exactOptionalPropertyTypes` forbids an explicit `undefined`).
 *
 * @example
 * ```ts
 * const wave = { waveId: 'db', ...optionalField('name', plan.name) };
 * ```
 *
 * @internal
 */
export const optionalField = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

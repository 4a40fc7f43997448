/**
 * A table of plain, unescaped text that a renderer escapes for its format: both renderers draw
 * the same tables from the same rows.
 *
 * @example
 * ```ts
 * const table: TextTable = {
 *   columns: [{ header: 'Wave' }, { header: 'Servers', numeric: true }],
 *   rows: [['db', '2']],
 * };
 * ```
 *
 * @internal
 */
export interface TextTable {
  /** The columns, in order. */
  readonly columns: readonly TextColumn[];
  /** The rows, each with one cell per column. */
  readonly rows: readonly (readonly string[])[];
}

/**
 * One column of a {@link TextTable}.
 *
 * @example
 * ```ts
 * const column: TextColumn = { header: 'Servers', numeric: true };
 * ```
 *
 * @internal
 */
export interface TextColumn {
  /** The header text. */
  readonly header: string;
  /**
   * Whether the column holds numbers, aligned right.
   *
   * @default false
   */
  readonly numeric?: boolean;
}

/**
 * What an empty cell shows: an em dash.
 *
 * @example
 * ```ts
 * const started = wave.startedAt ?? EMPTY_CELL;
 * ```
 *
 * @internal
 */
export const EMPTY_CELL = '—';

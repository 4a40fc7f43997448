/**
 * Escapes text for one line of GitHub-flavoured Markdown, table cells included. Backslash escapes
 * the characters that could start markup or end a cell (`\`, `` ` ``, `*`, `~`, `[`, `]`, `<`,
 * `>`, `|`), `_` where it could start emphasis (not inside a word, so `app_tier` stays
 * readable), and `&` where it could start an entity; line breaks become `<br>`. The text always
 * follows fixed text on its line, so line-start markup (`#`, `-`, `1.`) cannot take effect.
 *
 * @example
 * ```ts
 * escapeMarkdown('a | b\n<script>'); // 'a \\| b<br>\\<script\\>'
 * ```
 *
 * @internal
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*~[\]<>|]/g, '\\$&')
    .replace(/_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_/g, '\\_')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\r\n|\r|\n/g, '<br>');
}

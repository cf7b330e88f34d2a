/** Markdown pieces for reports: a pipe table with escaped cells. */

export function markdownTable(headers: readonly string[], rows: readonly string[][]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

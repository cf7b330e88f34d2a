/** Comma-separated values (RFC 4180): a header of every column seen, one line per record. */
import type { MeasurementRecord } from './stats.ts';

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The records as CSV text: a header of every column in the order first seen,
 * then one line per record (a missing column is an empty field), ending with a
 * newline. Fields with a comma, quote or line break are quoted.
 */
export function toCsv(records: readonly MeasurementRecord[]): string {
  const columns: string[] = [];
  for (const record of records) {
    for (const name of Object.keys(record)) if (!columns.includes(name)) columns.push(name);
  }
  const lines = [columns.map(cell).join(',')];
  for (const record of records) lines.push(columns.map((c) => cell(record[c])).join(','));
  return `${lines.join('\n')}\n`;
}

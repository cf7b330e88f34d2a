/**
 * Summary statistics over seeds: the mean and the sample standard deviation
 * (n − 1 in the denominator; 0 for a single seed), and grouping of flat
 * measurement records into one row per setting.
 */

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation; 0 for fewer than two values. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/** One measured setting: a flat record of names and numbers (one seed's figures). */
export type MeasurementRecord = Record<string, string | number>;

/** One metric of one setting summarised over seeds, as {@link summarize} makes it. */
export interface SummaryRow {
  /** The grouping columns' values, e.g. { method: 'mlp', labels: 100 }. */
  key: Record<string, string | number>;
  /** The metric's column name in the records. */
  metric: string;
  /** Mean over the seeds. */
  mean: number;
  /** Sample standard deviation over the seeds (0 for one seed). */
  std: number;
  /** How many seeds the figure is over. */
  n: number;
  /** The seeds' values (the finite numbers only). */
  values: number[];
}

/** Group records by `by` and summarise each metric over the records of a group (the seeds). */
export function summarize(
  records: readonly MeasurementRecord[],
  by: readonly string[],
  metrics: readonly string[],
): SummaryRow[] {
  const groups = new Map<string, MeasurementRecord[]>();
  for (const record of records) {
    const id = JSON.stringify(by.map((name) => record[name]));
    groups.set(id, [...(groups.get(id) ?? []), record]);
  }
  const rows: SummaryRow[] = [];
  for (const members of groups.values()) {
    const key = Object.fromEntries(by.map((name) => [name, members[0]![name]!]));
    for (const metric of metrics) {
      const values = members
        .map((r) => r[metric])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) continue;
      rows.push({ key, metric, mean: mean(values), std: std(values), n: values.length, values });
    }
  }
  return rows;
}

/** The row for one key and metric, if measured. */
export function findRow(
  rows: readonly SummaryRow[],
  key: Record<string, string | number>,
  metric: string,
): SummaryRow | undefined {
  return rows.find(
    (row) => row.metric === metric && Object.entries(key).every(([k, v]) => row.key[k] === v),
  );
}

/** "94.12 ± 0.31" (spread is the standard deviation over seeds). */
export function formatMeanStd(row: SummaryRow | undefined, digits = 2, scale = 1): string {
  if (row === undefined) return '–';
  const m = (row.mean * scale).toFixed(digits);
  return row.n > 1 ? `${m} ± ${(row.std * scale).toFixed(digits)}` : m;
}

/**
 * What the plots and report of `predictive-coding` are drawn from: the run's
 * configuration and its summary over seeds, with a reader for one figure.
 */
import { findRow, formatMeanStd, type SummaryRow } from '../stats.ts';
import type { PredictiveCodingConfig } from './config.ts';

/** The run as the plots and report see it. */
export interface PredictiveCodingView {
  size: PredictiveCodingConfig;
  summary: SummaryRow[];
  /** The pcvaes' names, in config order. */
  models: string[];
  /** Every T local learning ran with (the sweep and the curves' T). */
  localSteps: number[];
  dataset: string;
  train: number;
  test: number;
  /** Picture files the run wrote. */
  images: string[];
}

/** The summary row of one part's figure, or undefined when not measured. */
export function figure(
  view: PredictiveCodingView,
  key: Record<string, string | number>,
  metric: string,
): SummaryRow | undefined {
  return findRow(view.summary, key, metric);
}

/** "mean ± std" of one figure (– when not measured). */
export function cell(
  view: PredictiveCodingView,
  key: Record<string, string | number>,
  metric: string,
  digits = 2,
  scale = 1,
): string {
  return formatMeanStd(figure(view, key, metric), digits, scale);
}

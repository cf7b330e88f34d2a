/**
 * The "Local learning: energy per area" panel: one chart per model the session trains
 * locally (its topology's `learning` is `local`), each drawn from the newest frame's trace
 * of that model (by slot), titled and captioned in its kind's words, with a note when the
 * charts show an older step (another mode). Hidden when no model learns locally.
 */
import { select } from 'd3';
import type { Frame, LiveSlot, Topology } from '../../src/server/wire.ts';
import {
  localLearningCaption,
  localLearningNote,
  localWordsOf,
  type LocalModelWords,
} from './localLearningCaption.ts';
import { LocalLearningChart } from './localLearningChart.ts';

/** A model of the session that learns locally: its slot and its kind's words. */
export interface LocalModel extends LocalModelWords {
  slot: LiveSlot;
}

/** The models of `topology` that learn locally, generative first. */
export function localModels(topology: Topology): LocalModel[] {
  return (['generative', 'classifier'] as const).flatMap((slot) => {
    const words = localWordsOf(topology[slot]);
    return words === undefined ? [] : [{ slot, ...words }];
  });
}

/** The panel and its charts. */
export class LocalLearningPanel {
  private charts = new Map<LiveSlot, LocalLearningChart>();

  /**
   * @param panel - the panel's section (hidden when no model learns locally)
   * @param container - where the charts go
   * @param note - the note shown above the charts when they are not live
   * @param caption - the panel's caption
   */
  constructor(
    private readonly panel: HTMLElement,
    private readonly container: HTMLElement,
    private readonly note: HTMLElement,
    private readonly caption: HTMLElement,
  ) {}

  /** Build one chart per model (none: the panel is hidden); its svg's id names its slot. */
  setModels(models: readonly LocalModel[]): void {
    this.panel.hidden = models.length === 0;
    this.caption.textContent = models.length === 0 ? '' : localLearningCaption(models);
    const figures = select(this.container)
      .selectAll<HTMLElement, LocalModel>('figure')
      .data(models, (m) => m.slot)
      .join((enter) => {
        const figure = enter.append('figure');
        figure.append('figcaption');
        figure.append('svg').attr('class', 'local-chart');
        figure.append('ul').attr('class', 'area-legend').attr('aria-label', 'Areas');
        return figure;
      });
    figures.select('figcaption').text((m) => (models.length > 1 ? m.title : ''));
    figures.select('figcaption').attr('hidden', models.length > 1 ? null : '');
    figures.select('svg').attr('id', (m) => `local-learning-${m.slot}`);
    this.charts = new Map();
    figures.each((model, i, nodes) => {
      const figure = nodes[i]!;
      this.charts.set(
        model.slot,
        new LocalLearningChart(figure.querySelector('svg')!, figure.querySelector('ul')!),
      );
    });
  }

  /** Draw the frame's traces; live in train mode, greyed (an older step) otherwise. */
  draw(frame: Frame): void {
    if (this.panel.hidden) return;
    let step: number | null = null;
    for (const [model, chart] of this.charts) {
      const trace = frame.localLearning.find((t) => t.model === model) ?? null;
      chart.draw(trace, frame.mode === 'train');
      if (trace !== null) step = Math.max(step ?? 0, trace.step);
    }
    const text = localLearningNote(frame.mode, step);
    if (this.note.textContent !== text) this.note.textContent = text;
    this.note.hidden = text === '';
  }
}

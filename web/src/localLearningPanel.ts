/**
 * The "Local learning: energy per area" panel: one chart per model the session trains
 * locally (a pcn classifier, a pcgen generative network), each drawn from the newest frame's
 * trace of that model, with the panel's caption and a note when the charts show an older
 * step (another mode). Hidden when no model learns locally.
 */
import { select } from 'd3';
import type { Frame, Topology } from '../../src/server/wire.ts';
import {
  localLearningCaption,
  localLearningNote,
  localModelTitles,
  type LocalModel,
} from './localLearningCaption.ts';
import { LocalLearningChart } from './localLearningChart.ts';

/** The models of `topology` that learn locally: a pcgen always, a pcn unless by backprop. */
export function localModels(topology: Topology): LocalModel[] {
  const models: LocalModel[] = [];
  if (topology.generative.kind === 'pcgen') models.push('pcgen');
  if (topology.classifier.kind === 'pcn' && topology.classifier.learning === 'local') {
    models.push('pcn');
  }
  return models;
}

/** The panel and its charts. */
export class LocalLearningPanel {
  private charts = new Map<LocalModel, LocalLearningChart>();

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

  /** Build one chart per model (none: the panel is hidden). */
  setModels(models: readonly LocalModel[]): void {
    this.panel.hidden = models.length === 0;
    this.caption.textContent = models.length === 0 ? '' : localLearningCaption(models);
    const figures = select(this.container)
      .selectAll<HTMLElement, LocalModel>('figure')
      .data(models, (m) => m)
      .join((enter) => {
        const figure = enter.append('figure');
        figure.append('figcaption');
        figure.append('svg').attr('class', 'local-chart');
        figure.append('ul').attr('class', 'area-legend').attr('aria-label', 'Areas');
        return figure;
      });
    figures.select('figcaption').text((m) => (models.length > 1 ? localModelTitles[m] : ''));
    figures.select('figcaption').attr('hidden', models.length > 1 ? null : '');
    figures.select('svg').attr('id', (m) => `local-learning-${m}`);
    this.charts = new Map();
    figures.each((model, i, nodes) => {
      const figure = nodes[i]!;
      this.charts.set(
        model,
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

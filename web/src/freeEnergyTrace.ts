/**
 * The free energy (nats) of what is on screen. In settle mode it is drawn
 * against the predictive-coding iteration of the current input, one marked
 * point per iteration (its values in `data-iteration` and `data-free-energy`),
 * from the first iteration to the last of the run; a new input starts a new
 * trace. Otherwise it rolls over the last ticks. A caption under it says what
 * the curve shows and, in settle mode, where the run is.
 */
import { labelImage, traceSummary } from './chartSummary.ts';
import { axisBottom, axisLeft, extent, format, line, scaleLinear, select } from 'd3';
import type { Frame, SessionMode, SessionState } from '../../src/server/wire.ts';
import { BoundedSeries } from './boundedSeries.ts';
import { settleTraceCaption, settleTraceStatus } from './traceCaption.ts';

interface Point {
  x: number;
  f: number;
}

const WIDTH = 380;
const HEIGHT = 130;
const LEFT = 44;
const RIGHT = WIDTH - 10;
const TOP = 22;
const BOTTOM = HEIGHT - 32;
const nats = format('.1f');

/** The free-energy chart of the sensory panel and its caption. */
export class FreeEnergyTrace {
  private readonly points = new BoundedSeries<Point>(1000, (p) => p.x);
  private mode: SessionMode | null = null;
  /** The settle run the points belong to (Frame.settleRun). */
  private run = 0;
  /** Settle traces started so far (on `data-trace`: a new input's trace has a new number). */
  private traces = 0;
  private settle = { iterations: 0, autoAdvance: false, drawn: false };
  /** The chart's title outside settle mode, as the generative model's kind words it. */
  private tickTitle = 'Free energy of the shown input, per tick';

  /**
   * @param svgElement - the chart
   * @param caption - the paragraph under it
   */
  constructor(
    private readonly svgElement: SVGSVGElement,
    private readonly caption: HTMLElement,
  ) {
    select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('id', 'free-energy-chart');
  }

  /** The title outside settle mode, from the generative model's kind (e.g. "Free energy (−ELBO) ..."). */
  setTickTitle(title: string | undefined): void {
    if (title !== undefined) this.tickTitle = title;
  }

  /** Take the session's settle settings (run length, auto-advance) from its state. */
  setState(state: SessionState): void {
    this.settle = {
      iterations: state.settleIterations,
      autoAdvance: state.settleAutoAdvance,
      drawn: state.inputSource === 'drawn',
    };
  }

  /** Add a frame's free energy; a new settle run (or another mode) starts a new trace. */
  add(frame: Frame): void {
    const settling = frame.mode === 'settle';
    const x = settling ? frame.iteration : frame.tick;
    // A held last iteration repeats x (ignored); a new run has a new number.
    // Ticks that go back (a replay's seek, a restarted server) start a new trace too.
    const back = !settling && x < (this.points.items.at(-1)?.x ?? x);
    if (frame.mode !== this.mode || (settling && frame.settleRun !== this.run) || back) {
      this.points.clear();
      if (settling) this.traces += 1;
    }
    this.mode = frame.mode;
    this.run = frame.settleRun;
    if (Number.isFinite(frame.freeEnergy)) this.points.add([{ x, f: frame.freeEnergy }]);
    if (!settling && this.points.length > 150) {
      const keep = this.points.items.slice(-150);
      this.points.clear();
      this.points.add(keep);
    }
  }

  /** Forget every point (a new `hello`: another server, or a replay moved to another time). */
  clear(): void {
    this.points.clear();
    this.mode = null;
  }

  /** Redraw the chart and its caption from the points held. */
  draw(): void {
    const svg = select(this.svgElement);
    const points = this.points.items as Point[];
    const settling = this.mode === 'settle';
    const [x0, x1] = extent(points, (p) => p.x);
    const [f0, f1] = extent(points, (p) => p.f);
    const x = scaleLinear()
      // Settling: the whole run, first iteration to last, so the curve grows across the chart.
      .domain(
        settling
          ? [1, Math.max(this.settle.iterations, x1 ?? 1, 2)]
          : [x0 ?? 0, Math.max(x1 ?? 1, (x0 ?? 0) + 1)],
      )
      .range([LEFT, RIGHT]);
    const y = scaleLinear()
      // At least one nat of range, so a steady value is a flat line, not repeated tick labels.
      .domain(
        (f1 ?? 0) - (f0 ?? 0) >= 1
          ? [f0!, f1!]
          : [((f0 ?? 0) + (f1 ?? 0)) / 2 - 0.5, ((f0 ?? 0) + (f1 ?? 0)) / 2 + 0.5],
      )
      .nice()
      .range([BOTTOM, TOP]);
    const first = points[0];
    const latest = points.at(-1);
    const title = settling
      ? first !== undefined && latest !== undefined
        ? `Free energy of this input: ${nats(first.f)} → ${nats(latest.f)} nats`
        : 'Free energy of this input'
      : this.mode === 'generate'
        ? 'Prior energy ½‖z‖² of each dream, per tick'
        : this.tickTitle;
    svg.attr('data-mode', this.mode ?? '').attr('data-trace', settling ? this.traces : null);
    svg
      .selectAll<SVGTextElement, string>('text.chart-title')
      .data([title])
      .join('text')
      .attr('class', 'chart-title')
      .attr('x', LEFT - 34)
      .attr('y', 11)
      .text((d) => d);
    svg
      .selectAll<SVGGElement, string>('g.axis')
      .data(['x', 'y'], (d) => d)
      .join('g')
      .attr('class', 'axis')
      .attr('transform', (d) => (d === 'x' ? `translate(0,${BOTTOM})` : `translate(${LEFT},0)`))
      .each(function (d) {
        if (d === 'x') select(this).call(axisBottom(x).ticks(6, 'd'));
        else select(this).call(axisLeft(y).ticks(3).tickFormat(format('.4~s')));
      });
    svg
      .selectAll<SVGTextElement, string>('text.x-name')
      .data([settling ? 'iteration' : 'tick'])
      .join('text')
      .attr('class', 'chart-label x-name')
      .attr('x', (LEFT + RIGHT) / 2)
      .attr('y', HEIGHT - 2)
      .attr('text-anchor', 'middle')
      .text((d) => d);
    svg
      .selectAll<SVGPathElement, Point[]>('path.curve')
      .data([points])
      .join('path')
      .attr('class', 'curve')
      .attr('stroke', '#2c8a8a')
      .attr('d', (d) =>
        line<Point>()
          .x((p) => x(p.x))
          .y((p) => y(p.f))(d),
      );
    // One mark per settle iteration, carrying its numbers (read by people and by tests).
    svg
      .selectAll<SVGCircleElement, Point>('circle.trace-point')
      .data(settling ? points : [], (p) => p.x)
      .join('circle')
      .attr('class', 'trace-point')
      .attr('r', 2.5)
      .attr('cx', (p) => x(p.x))
      .attr('cy', (p) => y(p.f))
      .attr('data-iteration', (p) => p.x)
      .attr('data-free-energy', (p) => String(p.f));
    this.drawCaption(settling, latest?.x ?? 0);
    labelImage(
      this.svgElement,
      traceSummary(
        title,
        points.map((p) => p.f),
        'nats',
        settling ? 'iterations' : 'ticks',
      ),
    );
  }

  private drawCaption(settling: boolean, iteration: number): void {
    const status = settling ? settleTraceStatus({ iteration, ...this.settle }) : '';
    const explain = settling ? settleTraceCaption : '';
    const spans = select(this.caption)
      .selectAll<HTMLSpanElement, string>('span')
      .data([status, explain])
      .join('span')
      .attr('class', (_, i) => (i === 0 ? 'trace-status' : 'trace-explain'));
    spans.each(function (text) {
      if (this.textContent !== text) this.textContent = text;
    });
    this.caption.hidden = !settling;
  }
}

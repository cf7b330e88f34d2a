/**
 * Signals travelling along the diagram's lanes: each sweep (see sweep.ts) adds a
 * few pulses, each animation frame moves them with a keyed join, and finished
 * ones leave. At most one sweep is in flight, so the DOM stays small. With reduced motion
 * the pulses do not travel: each stays still at its pathway's middle, fully drawn, while its
 * leg of the sweep lasts (a static highlight).
 */
import { easeCubicInOut, type Selection } from 'd3';
import { LEG_MS, sweepDuration, type PulsePlan } from './sweep.ts';
import type { Lane } from './diagramLayout.ts';

interface Pulse {
  id: number;
  lane: Lane;
  start: number;
  strength: number;
}

const MAX_PULSES = 64;

export class PulseLayer {
  private pulses: Pulse[] = [];
  private nextId = 0;
  private busyUntil = 0;
  private still = false;

  constructor(private readonly group: Selection<SVGGElement, unknown, null, undefined>) {}

  /** Start a sweep unless one is still running; returns whether it started. */
  trigger(plans: readonly PulsePlan[], now: number): boolean {
    if (now < this.busyUntil || plans.length === 0) return false;
    for (const plan of plans) {
      this.pulses.push({
        id: this.nextId++,
        lane: plan.lane,
        start: now + plan.delay,
        strength: plan.strength,
      });
    }
    if (this.pulses.length > MAX_PULSES) this.pulses.splice(0, this.pulses.length - MAX_PULSES);
    this.busyUntil = now + sweepDuration(plans);
    return true;
  }

  /** Reduced motion on (pulses stay still) or off. */
  setReducedMotion(reduced: boolean): void {
    this.still = reduced;
  }

  clear(): void {
    this.pulses = [];
    this.busyUntil = 0;
  }

  animate(now: number): void {
    this.pulses = this.pulses.filter((p) => now < p.start + LEG_MS);
    const visible = this.pulses.filter((p) => now >= p.start);
    const progress = (p: Pulse): number =>
      this.still ? 0.5 : easeCubicInOut(Math.min(1, (now - p.start) / LEG_MS));
    this.group
      .selectAll<SVGCircleElement, Pulse>('circle')
      .data(visible, (d) => d.id)
      .join('circle')
      .attr('class', (d) => `pulse pulse-${d.lane.kind}${this.still ? ' pulse-still' : ''}`)
      .attr('stroke', '#fff')
      .attr('stroke-width', 1.5)
      .attr('cx', (d) => d.lane.x)
      .attr('cy', (d) => d.lane.y1 + (d.lane.y2 - d.lane.y1) * progress(d))
      .attr('r', (d) => 3 + 4 * Math.max(0, Math.min(1, d.strength)))
      .attr('opacity', (d) => (this.still ? 1 : Math.min(1, 4 * (1 - (now - d.start) / LEG_MS))));
  }
}

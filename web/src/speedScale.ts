/** The speed slider runs 0..1 on a log scale over the protocol's 0.5..120 ticks per second. */
const MIN = 0.5;
const MAX = 120;

export function speedFromSlider(t: number): number {
  const speed = MIN * (MAX / MIN) ** Math.max(0, Math.min(1, t));
  return speed < 10 ? Math.round(speed * 10) / 10 : Math.round(speed);
}

export function sliderFromSpeed(speed: number): number {
  return Math.log(Math.max(MIN, Math.min(MAX, speed)) / MIN) / Math.log(MAX / MIN);
}

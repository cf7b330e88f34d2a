/**
 * Reduced motion: the page follows the system's prefers-reduced-motion until the user turns
 * the page's own "Reduce motion" switch (kept for the tab). Reduced, the diagram's pulses
 * stop travelling (a still dot marks each active pathway instead) and CSS transitions are off
 * (html[data-motion="reduced"]).
 */

const KEY = 'neocortex-reduced-motion';

/** The reduced-motion setting and its switch. */
export interface MotionSetting {
  /** Whether motion is reduced now. */
  readonly reduced: boolean;
  /** Turn reduced motion on or off (as the switch does). */
  set(reduced: boolean): void;
}

/** Whether motion starts reduced: the tab's own choice, else the system's preference. */
export function initialReducedMotion(
  stored: string | null,
  systemPrefersReduced: boolean,
): boolean {
  if (stored === 'on') return true;
  if (stored === 'off') return false;
  return systemPrefersReduced;
}

/**
 * Make the "Reduce motion" switch in `container` and keep `document.documentElement`'s
 * data-motion in step; `onChange` hears every later change (the pulse layer follows it).
 */
export function createMotionSetting(
  container: HTMLElement,
  onChange: (reduced: boolean) => void,
): MotionSetting {
  const query = window.matchMedia('(prefers-reduced-motion: reduce)');
  let reduced = initialReducedMotion(window.sessionStorage.getItem(KEY), query.matches);
  const label = document.createElement('label');
  label.className = 'switch switch-accent';
  label.title =
    'Stop the moving pulses and transitions (follows your system setting until changed)';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = 'reduce-motion';
  input.setAttribute('role', 'switch');
  input.setAttribute('aria-keyshortcuts', 'm');
  const track = document.createElement('span');
  track.className = 'track';
  const text = document.createElement('span');
  text.textContent = 'Reduce motion';
  label.append(input, track, text);
  container.append(label);

  const apply = (notify = true): void => {
    input.checked = reduced;
    document.documentElement.dataset.motion = reduced ? 'reduced' : 'full';
    if (notify) onChange(reduced);
  };
  input.addEventListener('change', () => {
    reduced = input.checked;
    window.sessionStorage.setItem(KEY, reduced ? 'on' : 'off');
    apply();
  });
  query.addEventListener('change', () => {
    if (window.sessionStorage.getItem(KEY) !== null) return;
    reduced = query.matches;
    apply();
  });
  apply(false); // the caller reads `reduced` for its start
  return {
    get reduced() {
      return reduced;
    },
    set(value) {
      if (value === reduced) return;
      input.click();
    },
  };
}

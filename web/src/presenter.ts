/**
 * Presenter mode: large type, the panels of the current lesson step only (or the input,
 * prediction, comparison, drawing and clamps when no lesson runs), fitted to the screen
 * without scrolling (presenter.css), with a dark-room and a light theme (theme.ts). It is
 * `data-view="presenter"` on <html>, kept in the address as `?view=presenter` (a reload or a
 * bookmark opens it again), toggled by the Presenter button or the P key; F toggles full
 * screen (the Fullscreen API), T the theme.
 */
import { setupTheme } from './theme.ts';
import './presenter.css';

/** Whether an address asks for presenter mode (`?view=presenter`). */
export function presenterRequested(href: string): boolean {
  return new URL(href).searchParams.get('view') === 'presenter';
}

/** The address with `?view=presenter` set or removed, other parameters kept. */
export function withPresenter(href: string, on: boolean): string {
  const url = new URL(href);
  if (on) url.searchParams.set('view', 'presenter');
  else url.searchParams.delete('view');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A key press meant for a field (typing), not a shortcut. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target === null) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'range', 'button'].includes(type);
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page: #${id} is missing`);
  return element as T;
}

/** The presenter switch, as the page wires it. */
export interface Presenter {
  readonly on: boolean;
  set(on: boolean): void;
}

export function setupPresenter(): Presenter {
  const root = document.documentElement;
  const toggle = byId<HTMLButtonElement>('presenter-toggle');
  const themeButton = byId<HTMLButtonElement>('theme-toggle');
  const fullscreen = byId<HTMLButtonElement>('fullscreen');
  const theme = setupTheme(themeButton, window.localStorage);
  let on = false;

  const set = (next: boolean): void => {
    on = next;
    if (on) root.dataset.view = 'presenter';
    else delete root.dataset.view;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = on ? 'Exit presenter' : 'Presenter';
    themeButton.hidden = !on;
    window.history.replaceState(window.history.state, '', withPresenter(window.location.href, on));
    // Charts size themselves to their boxes: let them measure the new layout.
    window.dispatchEvent(new Event('resize'));
  };
  toggle.addEventListener('click', () => set(!on));

  const showFullscreen = (): void => {
    const full = document.fullscreenElement !== null;
    fullscreen.textContent = full ? 'Exit full screen' : 'Full screen';
    fullscreen.setAttribute('aria-pressed', String(full));
  };
  const toggleFullscreen = (): void => {
    if (document.fullscreenElement !== null) void document.exitFullscreen();
    else void root.requestFullscreen().catch(() => undefined);
  };
  fullscreen.hidden = !document.fullscreenEnabled;
  fullscreen.title = 'Full screen (F)';
  fullscreen.addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', showFullscreen);
  showFullscreen();

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || typing(event)) return;
    const key = event.key.toLowerCase();
    if (key === 'p') set(!on);
    else if (key === 'f' && document.fullscreenEnabled) toggleFullscreen();
    else if (key === 't' && on) theme.toggle();
    else return;
    event.preventDefault();
  });

  // How many panels share the room beside the sensory one (presenter.css lays out 1 to 4).
  const main = document.querySelector<HTMLElement>('main.grid');
  const countPanels = (): void => {
    if (main === null) return;
    const others = [...main.querySelectorAll<HTMLElement>(':scope > .panel')].filter(
      (panel) => panel.id !== 'panel-sensory' && getComputedStyle(panel).display !== 'none',
    );
    main.dataset.presenterPanels = String(others.length);
  };
  if (main !== null) {
    const watch = new MutationObserver(countPanels);
    watch.observe(document.body, { attributes: true, attributeFilter: ['data-lesson-panels'] });
    watch.observe(main, { attributes: true, subtree: true, attributeFilter: ['hidden', 'class'] });
  }
  toggle.addEventListener('click', countPanels);
  document.addEventListener('keydown', () => window.setTimeout(countPanels));

  set(presenterRequested(window.location.href));
  countPanels();
  return {
    get on() {
      return on;
    },
    set,
  };
}

/**
 * The presenter's themes: `dark` for a dark room, `light` for a bright one (`data-theme` on
 * <html>, theme.css). The default follows the system's prefers-color-scheme (and its
 * changes); a choice made with the button (or T) is kept in this browser (localStorage).
 */
import './theme.css';

export type Theme = 'dark' | 'light';

const KEY = 'neocortex-theme';

/** The theme in force: the one chosen, else the system's preference. */
export function pickTheme(chosen: string | null, prefersDark: boolean): Theme {
  if (chosen === 'dark' || chosen === 'light') return chosen;
  return prefersDark ? 'dark' : 'light';
}

/** The theme switch: apply the theme now, and `toggle()` it (the button and the T key). */
export interface ThemeSwitch {
  readonly theme: Theme;
  toggle(): void;
}

export function setupTheme(button: HTMLButtonElement, storage: Storage): ThemeSwitch {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  let theme = pickTheme(storage.getItem(KEY), query.matches);
  const apply = (): void => {
    document.documentElement.dataset.theme = theme;
    // The button names the theme it switches to.
    button.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
    button.title = `Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme (T)`;
  };
  query.addEventListener('change', () => {
    theme = pickTheme(storage.getItem(KEY), query.matches);
    apply();
  });
  const toggle = (): void => {
    theme = theme === 'dark' ? 'light' : 'dark';
    storage.setItem(KEY, theme);
    apply();
  };
  button.addEventListener('click', toggle);
  apply();
  return {
    get theme() {
      return theme;
    },
    toggle,
  };
}

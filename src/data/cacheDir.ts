import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder for derived files such as the compact MNIST cache:
 * $NEOCORTEX_CACHE_DIR, else $XDG_CACHE_HOME/neocortex-sim, else ~/.cache/neocortex-sim.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.NEOCORTEX_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache');
  return join(base, 'neocortex-sim');
}

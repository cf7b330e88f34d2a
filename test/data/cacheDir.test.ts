import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/data/index.ts';

describe('defaultCacheDir', () => {
  it('prefers NEOCORTEX_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ NEOCORTEX_CACHE_DIR: '/x/cache', XDG_CACHE_HOME: '/xdg' })).toBe(
      '/x/cache',
    );
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/neocortex-sim');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '' })).toBe(
      join(homedir(), '.cache', 'neocortex-sim'),
    );
    expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'neocortex-sim'));
  });
});

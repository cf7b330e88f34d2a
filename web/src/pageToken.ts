/**
 * The control token arrives in the address (`?token=…`, the link the server
 * prints). The page takes it once, keeps it for this tab only (sessionStorage:
 * it survives a reload, not a new tab or a shared link) and removes it from the
 * address bar with history.replaceState, so it does not stay on screen, in the
 * history or in a link copied from the bar.
 */

const KEY = 'neocortex-control-token';

/**
 * The control token of this tab, or null for a viewer: taken from the URL
 * (then removed from it), else the one kept for this tab earlier.
 */
export function takeControlToken(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  if (given !== null) {
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (given.length > 0) storage.setItem(KEY, given);
    return given.length > 0 ? given : null;
  }
  const kept = storage.getItem(KEY);
  return kept !== null && kept.length > 0 ? kept : null;
}

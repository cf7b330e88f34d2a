/**
 * POSIX path helpers of `node:path` for the static site's worker bundle: the shared modules
 * compute a few paths when they load (the package root, the lessons folder); nothing reads them.
 */
export const sep = '/';

function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

export function resolve(...parts: string[]): string {
  let path = '';
  for (const part of parts) path = part.startsWith('/') ? part : `${path}/${part}`;
  return normalize(path.startsWith('/') ? path : `/${path}`);
}

export function dirname(path: string): string {
  const at = path.replace(/\/+$/, '').lastIndexOf('/');
  return at < 0 ? '.' : at === 0 ? '/' : path.slice(0, at);
}

export function basename(path: string, ext?: string): string {
  const base = path.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return ext !== undefined && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const at = base.lastIndexOf('.');
  return at <= 0 ? '' : base.slice(at);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export default { sep, join, resolve, dirname, basename, extname, relative, isAbsolute };

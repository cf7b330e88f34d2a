/**
 * `process` for the static site's worker bundle (web/buildStatic.ts injects it): the little that
 * the shared modules read when they load (`process.env` for the log level). Nothing runs a
 * process in a browser; `cwd()` is the site's root.
 */
export const process = {
  env: {} as Record<string, string | undefined>,
  cwd: (): string => '/',
  platform: 'browser',
  versions: {} as Record<string, string>,
};

/**
 * System errors (ENOENT, EACCES, ENOTDIR, ...) said in words, for messages that
 * name a path and the cause: "permission denied (EACCES)".
 */

const causes: Record<string, string> = {
  EEXIST: 'a file is in the way where a folder is needed',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'a folder on the path does not exist and cannot be created',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error of the device',
  ELOOP: 'too many symbolic links (a loop?)',
  EMFILE: 'too many open files',
};

/** The system error code of `error` (`ENOENT`...), if it has one. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `error` in words with its code ("permission denied (EACCES)"); `overrides`
 * words some codes for the situation (a missing file to read is not a folder
 * that cannot be created). Errors of no known code give their message.
 */
export function describeSystemError(
  error: unknown,
  overrides: Readonly<Record<string, string>> = {},
): string {
  const code = systemErrorCode(error);
  const words = code === undefined ? undefined : (overrides[code] ?? causes[code]);
  if (code !== undefined && words !== undefined) return `${words} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

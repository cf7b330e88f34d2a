/** What a path is, in words, for messages that refuse it ("a named pipe (FIFO)"). */
import type { Stats } from 'node:fs';

/**
 * What kind of file `stats` describes: "a file", "a folder", "a named pipe
 * (FIFO)", "a character device", "a block device", "a socket" or "a symbolic link".
 */
export function kindOfFile(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

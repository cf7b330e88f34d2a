/** Read a JSON file a user names, bounded as {@link readBoundedBytes} reads, parsed with its place of error. */
import { FileReadError, readBoundedText, type BoundedReadOptions } from './boundedRead.ts';
import { jsonProblemText, parseJsonText } from './jsonText.ts';

/**
 * The parsed JSON of the regular file `path`, under `options.maxBytes`; a
 * {@link FileReadError} names the file and, for broken JSON, the line, column
 * and problem (reason `not-json`), quoting none of the file.
 */
export async function readBoundedJson(path: string, options: BoundedReadOptions): Promise<unknown> {
  const parsed = parseJsonText(await readBoundedText(path, options));
  if (parsed.ok) return parsed.value;
  const problem = `not valid JSON: ${jsonProblemText(parsed.error)}`;
  throw new FileReadError(
    path,
    'not-json',
    problem,
    `${options.what} ${path} is ${problem}`,
    options.code,
  );
}

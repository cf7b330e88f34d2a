/**
 * Reading lessons: every `*.json` file of a folder, parsed against the lesson schema.
 * Every problem of every file is reported at once, one a line, each starting with the
 * file and the path inside it (`my-lessons/occlusion.json: steps[2].panels[0]: "diagrm"
 * is not one of ...`), in a {@link SpecError} (code `SPEC_INVALID`); two lessons with the
 * same id are refused too, naming both files. Nothing is loaded when anything is wrong.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { NeocortexError } from '../../errors.ts';
import { formatSpecIssues, safeParseSpec, SpecError } from '../../cortex/specError.ts';
import { PACKAGE_ROOT } from '../../version.ts';
import { Lesson } from './schema.ts';
import type { LessonSummary } from './vocabulary.ts';

/** The folder of the lessons shipped with the package (`lessons/` at its root). */
export const BUILT_IN_LESSONS_DIR = join(PACKAGE_ROOT, 'lessons');

/** A lesson read from a file, with where it came from. */
export interface LoadedLesson {
  lesson: Lesson;
  /** The file it was read from. */
  file: string;
  source: LessonSummary['source'];
}

/** How a file is named in a message: relative to the working folder when inside it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

/**
 * The problems of one lesson's JSON text, each `file: path: message` ([] when it is valid),
 * and the lesson when it is.
 */
export function checkLessonText(
  text: string,
  file: string,
): { lesson?: Lesson; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`${file}: not JSON: ${(error as Error).message}`] };
  }
  const parsed = safeParseSpec(Lesson, json);
  if (!parsed.success) {
    return { problems: formatSpecIssues(parsed.error.issues).map((p) => `${file}: ${p}`) };
  }
  return { lesson: parsed.data, problems: [] };
}

/** The `*.json` files of `dir`, sorted by name; a folder that is missing or holds none is refused. */
async function lessonFiles(dir: string, what: string): Promise<string[]> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    names = await readdir(dir);
  } catch {
    throw new NeocortexError('OPTION_INVALID', `${what} ${dir}: no such folder`);
  }
  const files = names.filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) {
    throw new NeocortexError('OPTION_INVALID', `${what} ${dir}: the folder holds no .json lesson`);
  }
  return files.map((name) => join(dir, name));
}

/**
 * Read the lessons of each folder, in order (the built-in folder first, then the teacher's).
 * Throws a SpecError listing every problem of every file, one a line with its file and path,
 * or an OPTION_INVALID error for a folder that is missing or holds no lesson.
 */
export async function loadLessons(
  folders: readonly { dir: string; source: LessonSummary['source'] }[],
): Promise<LoadedLesson[]> {
  const loaded: LoadedLesson[] = [];
  const problems: string[] = [];
  const byId = new Map<string, string>();
  for (const { dir, source } of folders) {
    const what = source === 'built-in' ? 'built-in lessons' : '--lessons';
    for (const path of await lessonFiles(dir, what)) {
      const file = shown(path);
      const result = checkLessonText(await readFile(path, 'utf8'), file);
      problems.push(...result.problems);
      if (result.lesson === undefined) continue;
      const other = byId.get(result.lesson.id);
      if (other !== undefined) {
        problems.push(
          `${file}: id: "${result.lesson.id}" is the id of ${other} too; ids must differ`,
        );
        continue;
      }
      byId.set(result.lesson.id, file);
      loaded.push({ lesson: result.lesson, file: path, source });
    }
  }
  if (problems.length > 0) {
    throw new SpecError(`invalid lessons:\n${problems.map((p) => `  ${p}`).join('\n')}`, problems);
  }
  return loaded;
}

/** The built-in lessons and, when `teacherDir` is given, the teacher's own beside them. */
export function loadLessonCatalogue(
  teacherDir?: string,
  builtInDir = BUILT_IN_LESSONS_DIR,
): Promise<LoadedLesson[]> {
  return loadLessons([
    { dir: builtInDir, source: 'built-in' },
    ...(teacherDir === undefined ? [] : [{ dir: teacherDir, source: 'teacher' as const }]),
  ]);
}

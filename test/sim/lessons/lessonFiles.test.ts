/**
 * Lessons as files: the schema's errors one a line with their file and path, a folder with
 * bad files refused as a whole, and every built-in lesson valid and written for a class.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../../src/cortex/specError.ts';
import { isNeocortexError } from '../../../src/errors.ts';
import {
  checkLessonText,
  LESSON_PANELS,
  loadLessonCatalogue,
  loadLessons,
} from '../../../src/sim/lessons/index.ts';

const folders: string[] = [];
async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lessons-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
  return dir;
}
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

const good = {
  id: 'mine',
  title: 'Mine',
  summary: 'A lesson of my own.',
  steps: [{ caption: 'Look at the prediction.', mode: 'settle', input: { class: 3 } }],
};

describe('lesson files', () => {
  it('names every problem of a lesson at its path, in the project’s words', () => {
    const { problems } = checkLessonText(
      JSON.stringify({
        ...good,
        id: 'My Lesson',
        steps: [
          { caption: 'ok', panels: ['diagrm', 'sensory'], mode: 'dream' },
          { caption: '', occlusion: 'top', settleSpeed: 0, colour: 'red' },
        ],
      }),
      'mine.json',
    );
    expect(problems).toContain(
      'mine.json: id: expected lowercase letters, digits and dashes (at most 64), e.g. "filling-in"',
    );
    expect(problems.find((p) => p.startsWith('mine.json: steps[0].panels[0]: '))).toMatch(
      /"diagrm" is not one of .*\(did you mean "diagram"\?\)/,
    );
    expect(problems.find((p) => p.startsWith('mine.json: steps[0].mode: '))).toMatch(/"dream"/);
    expect(problems.some((p) => p.startsWith('mine.json: steps[1].caption: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('mine.json: steps[1].occlusion'))).toBe(true);
    expect(problems.find((p) => p.startsWith('mine.json: steps[1].settleSpeed: '))).toMatch(
      /0\.5 to 120/,
    );
    expect(problems).toContain('mine.json: steps[1].colour: unknown field (not part of this spec)');
    expect(checkLessonText('{ "id": ', 'cut.json').problems[0]).toMatch(/^cut\.json: not JSON: /);
    expect(checkLessonText(JSON.stringify(good), 'good.json')).toMatchObject({ problems: [] });
  });

  it('refuses a folder with a bad file as a whole, one problem a line with its file, and two lessons with one id', async () => {
    const dir = await folder({
      'a.json': good,
      'b.json': { ...good, steps: [{ caption: 'x', clamps: [{ unit: 0, value: 9 }] }] },
      'c.json': { ...good, title: 'Another' },
      'notes.txt': 'not a lesson',
    });
    const error = await loadLessons([{ dir, source: 'teacher' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const lines = (error as SpecError).problems;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /b\.json: steps\[0\]\.clamps\[0\]\.value: expected a number from -4 to 4, got 9$/,
    );
    expect(lines[1]).toMatch(/c\.json: id: "mine" is the id of .*a\.json too; ids must differ$/);
    expect((error as SpecError).message.split('\n')[0]).toBe('invalid lessons:');
  });

  it('refuses a folder that is missing or holds no lesson, naming it', async () => {
    const empty = await folder({ 'readme.txt': 'nothing' });
    for (const dir of [empty, join(empty, 'missing')]) {
      const error = await loadLessons([{ dir, source: 'teacher' }]).catch((e: unknown) => e);
      expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
      expect((error as Error).message).toContain(`--lessons ${dir}: `);
    }
  });

  it('loads a teacher’s lessons beside the built-in ones; one with a built-in id is refused', async () => {
    const dir = await folder({ 'mine.json': good });
    const all = await loadLessonCatalogue(dir);
    expect(all.at(-1)).toMatchObject({ source: 'teacher', lesson: { id: 'mine' } });
    const clash = await folder({ 'r.json': { ...good, id: 'recognition' } });
    await expect(loadLessonCatalogue(clash)).rejects.toThrow(/id: "recognition" is the id of/);
  });

  it('ships at least seven valid lessons telling the article’s story, each step with a caption and a question', async () => {
    const builtIn = await loadLessonCatalogue();
    expect(builtIn.map((l) => l.lesson.id)).toEqual([
      'recognition',
      'generation',
      'settling',
      'lesion',
      'filling-in',
      'fewer-labels',
      'local-learning',
    ]);
    for (const { lesson, source } of builtIn) {
      expect(source).toBe('built-in');
      expect(lesson.steps.length).toBeGreaterThanOrEqual(3);
      for (const step of lesson.steps) {
        expect(step.question, `${lesson.id}: every step asks the class something`).toMatch(/\?$/);
        expect(step.caption.length).toBeLessThanOrEqual(600);
        for (const panel of step.panels ?? []) expect(LESSON_PANELS).toContain(panel);
      }
      // The first step sets the mode: a lesson does not depend on where the teacher left off.
      expect(lesson.steps[0]!.mode).toBeDefined();
    }
    const local = builtIn.find((l) => l.lesson.id === 'local-learning')!.lesson;
    expect(local.steps.every((s) => s.panels?.includes('local'))).toBe(true);
  });
});

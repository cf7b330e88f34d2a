/**
 * JSON Schema files for the specs a user writes, generated from the zod
 * schemas that validate them (zod's `z.toJSONSchema`), so an editor completes
 * and checks a spec that names one in `"$schema"`. `npm run schemas` writes
 * them to schemas/; a test fails when the committed files are out of date.
 */
import { z } from 'zod';
import { experiments } from '../../experiments/index.ts';
import { experimentsSpecSchema } from '../experiments/index.ts';
import { modelKinds } from '../models/kinds.ts';
import { SessionSpec } from '../sim/session/sessionSpec.ts';
import { Lesson } from '../sim/lessons/schema.ts';
import { SweepSpec } from '../experiments/sweep/spec.ts';

/** Any registered kind's spec, told apart by `kind` (for the JSON Schema alone: specs parse through the registry). */
function modelSpecSchema(): z.ZodType {
  const [first, ...rest] = modelKinds().map((kind) => kind.spec as z.ZodObject);
  return z.discriminatedUnion('kind', [first!, ...rest]);
}

/** The JSON Schema of each spec kind, keyed by its file name in schemas/. */
export function jsonSchemas(): Record<string, object> {
  const describe = (schema: z.ZodType, title: string, description: string): object => ({
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    title,
    description,
  });
  const session = SessionSpec.extend({
    $schema: z.string().optional(),
  });
  return {
    'model.schema.json': describe(
      modelSpecSchema(),
      'neocortex-sim model spec',
      'A model and how to train it: neocortex train --spec FILE (neocortex spec model <kind> prints one).',
    ),
    'session.schema.json': describe(
      session,
      'neocortex-sim session spec',
      'A live session: neocortex serve --spec FILE (neocortex spec session prints one).',
    ),
    'experiment.schema.json': describe(
      experimentsSpecSchema(experiments),
      'neocortex-sim experiment spec',
      'An experiment run: neocortex experiment --spec FILE (neocortex spec experiment <name> prints one).',
    ),
    'sweep.schema.json': describe(
      SweepSpec,
      'neocortex-sim sweep spec',
      'A sweep over fields of a model spec: neocortex sweep FILE (docs/queue.md).',
    ),
    'lesson.schema.json': describe(
      Lesson,
      'neocortex-sim lesson',
      'A guided lesson: its steps set the live session and show a caption and a question (neocortex serve --lessons DIR; docs/lessons.md).',
    ),
  };
}

/**
 * A schema file's text, formatted as prettier formats the repository's JSON
 * (prettier is a development dependency: only the script and its test call this).
 */
export async function schemaFileText(file: string, schema: object): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, filepath: file });
}

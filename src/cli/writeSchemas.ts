/**
 * `npm run schemas`: write schemas/*.schema.json from the zod schemas of the
 * model, session and experiment specs (see jsonSchemas.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonSchemas, schemaFileText } from './jsonSchemas.ts';

/** The folder the schema files live in (schemas/ at the package root). */
export const schemasDir = join(import.meta.dirname, '..', '..', 'schemas');

await mkdir(schemasDir, { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  const path = join(schemasDir, file);
  await writeFile(path, await schemaFileText(path, schema));
  process.stdout.write(`wrote ${join('schemas', file)}\n`);
}

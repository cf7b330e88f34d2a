/**
 * The options the registered model kinds add to `neocortex train`, each flag once: its help
 * line says which kinds take it and, where they differ, what it sets for each.
 */
import { kindOptionsByFlag } from './trainOptions.ts';

/** A command-line option a model kind adds to `train` (see models/kind.ts `options`). */
export interface TrainFlag {
  /** `--latent <sizes>` or `--binarize`. */
  flag: string;
  /** The help line: which kinds take it and what it sets for each. */
  description: string;
}

/** The flags the shared part of `train` declares itself (a kind may map them its own way). */
const sharedFlags = new Set(['--lr']);

/** Every kind option as one commander option (see the file's comment). */
export function trainFlags(): TrainFlag[] {
  const flags: TrainFlag[] = [];
  for (const [name, { flag, kinds }] of kindOptionsByFlag()) {
    if (sharedFlags.has(name)) continue;
    const takers = kinds.filter((k) => k.option.apply !== undefined);
    const byDescription = new Map<string, string[]>();
    for (const { kind, option } of takers) {
      byDescription.set(option.description, [
        ...(byDescription.get(option.description) ?? []),
        kind.name,
      ]);
    }
    const description = [...byDescription]
      .map(([text, names]) => `${names.join(', ')}: ${text}`)
      .join('; ');
    flags.push({ flag, description });
  }
  return flags;
}

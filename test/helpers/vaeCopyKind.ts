/**
 * A module that registers a model kind when it loads, as a plugin does: the VAE under another
 * name (`vae-copy`), so a test can train a user's kind on two threads and check that the
 * replica thread knows it.
 */
import { z } from 'zod';
import type { ModelKindDefinition } from '../../src/models/kind.ts';
import { registerModelKind } from '../../src/models/kinds.ts';
import { vaeKind } from '../../src/models/vae/kind.ts';
import { VaeModelSpec } from '../../src/models/vae/spec.ts';

registerModelKind(
  {
    ...vaeKind,
    name: 'vae-copy',
    summary: 'the one-latent VAE under another name (a test plugin)',
    spec: VaeModelSpec.extend({ kind: z.literal('vae-copy') }),
  } as unknown as ModelKindDefinition,
  'test/helpers/vaeCopyKind.ts',
);

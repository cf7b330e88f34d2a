/**
 * The kinds of model a spec can describe, in a module with no imports, so the
 * command line can list them without loading the models.
 */

/** The kinds, in the order `neocortex spec model` lists them. */
export const modelKinds = ['vae', 'pcvae', 'classifier', 'ssvae', 'pcn', 'pcgen'] as const;

/**
 * The zod the package's specs are written with, handed to its users (as `tf` is): a user's
 * own model kind writes its spec with it.
 */
import { z as zod } from 'zod';

/**
 * zod (version 4), the one copy the package's schemas are made with. A user's model kind
 * writes its spec with it (`z.object({ kind: z.literal('my-kind'), ...trainingFields })`), so
 * the shared fields it spreads in, the live session's choice among the kinds' live specs and
 * an experiment's list of generative models all join schemas of one zod, whatever other copy a
 * project installs. (TypeScript users import zod's types from `zod` itself.)
 */
export const z: typeof zod = zod;

/**
 * Bounded numbers for specs a user writes: each refuses a value out of its
 * range with a message that says the range (`expected a whole number from 1
 * to 100000`), so `epochs: 1e12` or a hidden width of 1e8 stop before
 * anything is built. Every spec kind (model, session, experiment) uses these.
 */
import { z } from 'zod';

/** A whole number in [min, max]; refuses anything else with the range in the message. */
export function wholeNumber(min: number, max: number) {
  const range = `expected a whole number from ${min} to ${max}`;
  return z
    .number({ error: range })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
}

/** A finite number greater than 0 and at most `max`. */
export function positiveNumber(max: number) {
  const range = `expected a number greater than 0 and at most ${max}`;
  return z.number({ error: range }).gt(0, { error: range }).max(max, { error: range });
}

/** A seed: a whole number from 0 to 2^32 - 1. */
export const seedNumber = () => wholeNumber(0, 4_294_967_295);

/** An area's name: starts with a letter; letters, digits, _ and -. */
export const areaName = () =>
  z
    .string({ error: 'expected an area name (a string)' })
    .regex(/^[A-Za-z][\w-]*$/, {
      error: 'area names start with a letter: letters, digits, _ and -',
    })
    .max(64, { error: 'area names have at most 64 characters' });

/** The optional `"$schema"` an editor reads to complete a spec; ignored by the validator. */
export const schemaReference = () =>
  z.string().optional().meta({ description: 'JSON Schema of this file, for editors' });

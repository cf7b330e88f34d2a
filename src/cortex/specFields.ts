/**
 * Bounded numbers for specs a user writes: each refuses a value out of its
 * range with a message that says the range and what it got (`expected a whole
 * number from 1 to 100000, got 0`), so `epochs: 1e12` or a hidden width of 1e8
 * stop before anything is built. Every spec kind (model, session, experiment)
 * uses these. Their messages are their own (specMessages.ts), so they read the
 * same however the schema is parsed.
 */
import { z } from 'zod';
import { specIssueMessage } from './specMessages.ts';
import { describeValue } from './specWords.ts';

/** A whole number in [min, max]; refuses anything else with the range in the message. */
export function wholeNumber(min: number, max: number) {
  return z.number({ error: specIssueMessage }).int().min(min).max(max);
}

/** A finite number greater than 0 and at most `max`. */
export function positiveNumber(max: number) {
  return z.number({ error: specIssueMessage }).gt(0).max(max);
}

/** A seed: a whole number from 0 to 2^32 - 1. */
export const seedNumber = () => wholeNumber(0, 4_294_967_295);

/** How an area's name is written: a letter, then letters, digits, _ and -. */
const areaNamePattern = /^[A-Za-z][\w-]*$/;

/** An area's name: starts with a letter; letters, digits, _ and -. */
export const areaName = () =>
  z
    .string({ error: specIssueMessage })
    .regex(areaNamePattern, {
      error: (issue) =>
        `area names start with a letter: letters, digits, _ and -; got ${describeValue(issue.input)}`,
    })
    .max(64, {
      error: (issue) =>
        `area names have at most 64 characters; got ${Array.from(String(issue.input)).length}`,
    });

/** The optional `"$schema"` an editor reads to complete a spec; ignored by the validator. */
export const schemaReference = () =>
  z.string().optional().meta({ description: 'JSON Schema of this file, for editors' });

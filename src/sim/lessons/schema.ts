/**
 * A guided lesson as data: an id, a title, a summary and steps. Each step sets
 * any part of the live session (mode, input, lesion, clamps, occlusion, tick and
 * settle speed, playing), says which of the page's panels show, and carries a
 * caption (what to look at and why) and a question for the class. A lesson is a
 * JSON file a teacher writes; `schemas/lesson.schema.json` is this schema for
 * editors, and docs/lessons.md describes it with an example.
 */
import { z } from 'zod';
import { schemaReference, wholeNumber } from '../../cortex/specFields.ts';
import { SETTLE_SPEED_RANGE } from '../session/controls.ts';
import { Occlusion, SessionMode } from '../session/vocabulary.ts';

/** The page's panels a lesson step can show, by name (each is `section#panel-<name>`). */
export const LESSON_PANELS = [
  'diagram',
  'sensory',
  'local',
  'compare',
  'latent',
  'curves',
  'draw',
  'clamp',
] as const;

/** A panel of the page, by name. */
export const LessonPanel = z.enum(LESSON_PANELS);
/** A panel of the page: `diagram`, `sensory`, `local`, `compare`, `latent`, `curves`, `draw` or `clamp`. */
export type LessonPanel = z.infer<typeof LessonPanel>;

/** The occlusion presets a step may name instead of a rectangle (as the page's buttons). */
export const OCCLUSION_PRESETS = {
  bottom: { x: 0, y: 14, width: 28, height: 14 },
  left: { x: 0, y: 0, width: 14, height: 28 },
  center: { x: 7, y: 7, width: 14, height: 14 },
} as const satisfies Record<string, Occlusion>;

/** Which input a step shows. */
export const LessonInput = z.union([
  z
    .object({
      /** A class, by its index (0 for the first) or its name: the next test image of it. */
      class: z.union([wholeNumber(0, 999), z.string().min(1).max(64)]),
    })
    .strict()
    .meta({
      description: 'show the next test image of this class (index or name), and stay on it',
    }),
  z
    .object({ testImage: wholeNumber(0, 1_000_000) })
    .strict()
    .meta({ description: 'show the test image at this index of the test set, and stay on it' }),
  z.literal('stay').meta({ description: 'stay on the input shown now' }),
  z.literal('next').meta({ description: 'show the next test image' }),
  z.literal('release').meta({ description: 'let the modes move on to other inputs again' }),
]);
/** Which input a step shows: `{ class }`, `{ testImage }`, `"stay"`, `"next"` or `"release"`. */
export type LessonInput = z.infer<typeof LessonInput>;

/** One clamped unit of the top area. */
export const LessonClamp = z
  .object({ unit: wholeNumber(0, 4095), value: z.number().min(-4).max(4) })
  .strict();

const panels = z
  .array(LessonPanel)
  .max(LESSON_PANELS.length)
  .refine((list) => new Set(list).size === list.length, { error: 'a panel is named twice' });

const text = (max: number) => z.string().trim().min(1).max(max);

/** One step of a lesson: what it sets, what shows, what to look at and what to ask. */
export const LessonStep = z
  .object({
    /** A short title for the step. */
    title: text(120).optional(),
    /** What to look at and why, in plain words (shown under the toolbar). */
    caption: text(1200),
    /** A question for the class. */
    question: text(400).optional(),
    mode: SessionMode.optional(),
    input: LessonInput.optional(),
    /** Feedback pathways of the generative model lesioned (true) or intact (false). */
    lesion: z.boolean().optional(),
    /** Top-area units held at values; every unit not listed is free (`[]`: all free). */
    clamps: z.array(LessonClamp).max(4096).optional(),
    /** A rectangle hidden from the models, a preset, or null for none. */
    occlusion: z
      .union([Occlusion, z.enum(['bottom', 'left', 'center'])])
      .nullable()
      .optional(),
    /** Ticks per second outside settle mode. */
    speed: z.number().min(0.5).max(120).optional(),
    /** Settle iterations per second in settle mode. */
    settleSpeed: z.number().min(SETTLE_SPEED_RANGE[0]).max(SETTLE_SPEED_RANGE[1]).optional(),
    /** Settle mode moves on to the next test image by itself once a run is done. */
    settleAutoAdvance: z.boolean().optional(),
    /** Play (true) or pause (false). */
    playing: z.boolean().optional(),
    /** The panels that show, in the page's order; absent: the lesson's `panels`, or all. */
    panels: panels.optional(),
  })
  .strict();
/** One step of a lesson. */
export type LessonStep = z.infer<typeof LessonStep>;

/** A guided lesson: its id, title, summary and steps. */
export const Lesson = z
  .object({
    $schema: schemaReference(),
    /** A short name: lowercase letters, digits and dashes (`recognition`, `my-occlusion-1`). */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
      error: 'expected lowercase letters, digits and dashes (at most 64), e.g. "filling-in"',
    }),
    title: text(120),
    /** What the lesson teaches, in a sentence or two. */
    summary: text(600),
    /** The panels its steps show unless a step says otherwise (absent: all). */
    panels: panels.optional(),
    steps: z.array(LessonStep).min(1).max(100),
  })
  .strict();
/** A guided lesson. */
export type Lesson = z.infer<typeof Lesson>;
/** A lesson as a teacher writes it. */
export type LessonInputFile = z.input<typeof Lesson>;

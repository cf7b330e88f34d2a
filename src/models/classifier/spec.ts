/**
 * A feedforward classifier described as plain, JSON-serialisable data, so a
 * saved run can rebuild it. Two kinds: `mlp` (a cortex hierarchy with only
 * feedforward pathways) and `conv` (a small convolutional network).
 */
import { z } from 'zod';
import { parseSpecWith } from '../../cortex/specError.ts';
import { wholeNumber } from '../../cortex/specFields.ts';
import { MODEL_LIMITS as L, trainingFields } from '../modelSpec/schema.ts';

const positive = z.number().int().positive();

/**
 * The multilayer perceptron's description (zod schema): input size, hidden sizes, classes,
 * seed.
 */
export const MlpClassifierSpec = z
  .object({
    kind: z.literal('mlp'),
    /** Pixels per image (the sensory area's size). */
    inputSize: positive.default(784),
    /** Sizes of the hidden (relu) areas between the sensory and the class area. */
    hiddenSizes: z.array(positive).default([512, 512]),
    classes: z.number().int().min(2).default(10),
    /** Seed for the initial weights. */
    seed: z.number().int().nonnegative().default(0),
  })
  .strict();
/** A validated MLP description. */
export type MlpClassifierSpec = z.infer<typeof MlpClassifierSpec>;

/**
 * The convolutional classifier's description (zod schema): image shape, convolution blocks,
 * dense width, classes, seed.
 */
export const ConvClassifierSpec = z
  .object({
    kind: z.literal('conv'),
    /** Image height and width in pixels (grey-level, one channel). */
    height: positive.default(28),
    width: positive.default(28),
    /** Output channels of each convolution block (conv k×k 'valid' → relu → max-pool). */
    convChannels: z.array(positive).min(1).default([32, 64]),
    kernelSize: positive.default(5),
    /** Side and stride of the max-pooling window after each convolution. */
    poolSize: positive.default(2),
    /** Sizes of the dense relu layers between the last block and the class logits. */
    denseSizes: z.array(positive).default([128]),
    classes: z.number().int().min(2).default(10),
    /** Seed for the initial weights. */
    seed: z.number().int().nonnegative().default(0),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const { kernelSize: k, poolSize: p } = spec;
    let [h, w] = [spec.height, spec.width];
    spec.convChannels.forEach((_, i) => {
      const [convH, convW] = [h - k + 1, w - k + 1];
      [h, w] = [Math.floor(convH / p), Math.floor(convW / p)];
      if (h < 1 || w < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['convChannels', i],
          message:
            `block ${i + 1} gets a ${convH}x${convW} map from its ${k}x${k} convolution, ` +
            `too small for ${p}x${p} pooling; use fewer blocks, a smaller kernel or a larger image`,
        });
      }
    });
  });
/** A validated convolutional classifier description. */
export type ConvClassifierSpec = z.infer<typeof ConvClassifierSpec>;

/** A classifier description: an MLP or a convolutional network, told apart by `kind`. */
export const ClassifierSpec = z.discriminatedUnion('kind', [MlpClassifierSpec, ConvClassifierSpec]);
/** A validated classifier description. */
export type ClassifierSpec = z.infer<typeof ClassifierSpec>;
/** A classifier description as a user writes it (defaults may be left out). */
export type ClassifierSpecInput = z.input<typeof ClassifierSpec>;
/** `mlp` or `conv`. */
export type ClassifierKind = ClassifierSpec['kind'];

/** Validate a classifier description; every problem is listed with its path. */
export function parseClassifierSpec(input: unknown): ClassifierSpec {
  return parseSpecWith(ClassifierSpec, input, 'classifier spec');
}

/** Spatial side lengths after each convolution block, then the flattened feature count. */
export function convFeatureShape(spec: ConvClassifierSpec): {
  height: number;
  width: number;
  channels: number;
  features: number;
} {
  let [h, w] = [spec.height, spec.width];
  for (let i = 0; i < spec.convChannels.length; i++) {
    h = Math.floor((h - spec.kernelSize + 1) / spec.poolSize);
    w = Math.floor((w - spec.kernelSize + 1) / spec.poolSize);
  }
  const channels = spec.convChannels.at(-1)!;
  return { height: h, width: w, channels, features: h * w * channels };
}

/** The classifier's model spec: the MLP hierarchy or the conv net, and how it trains. */
export const ClassifierModelSpec = z
  .object({
    kind: z.literal('classifier'),
    classifier: z
      .enum(['mlp', 'conv'], {
        error: (issue) => `${JSON.stringify(issue.input)} is not one of mlp, conv`,
      })
      .default('mlp'),
    /** mlp: sizes of the hidden (relu) areas between the sensory and the class area. */
    hidden: z
      .array(wholeNumber(1, L.hidden))
      .max(16)
      .default([512, 512])
      .describe('mlp: sizes of the hidden (relu) areas between the sensory and the class area.'),
    /** Train on this many labels, balanced across classes (default: all). */
    labels: wholeNumber(1, L.labels)
      .optional()
      .describe('Train on this many labels, balanced across classes (default: all).'),
    /** Train on batches binarised afresh and test on a test set binarised once. */
    binarize: z
      .boolean()
      .default(false)
      .describe('Train on batches binarised afresh and test on a test set binarised once.'),
    ...trainingFields,
  })
  .strict();
/** A validated classifier model spec, defaults filled in. */
export type ClassifierModelSpec = z.output<typeof ClassifierModelSpec>;

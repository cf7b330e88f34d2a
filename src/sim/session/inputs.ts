/**
 * Which input the session shows: a test image in a seeded shuffled order (so
 * every class turns up early) or an image the user drew, seen through the
 * occlusion if one is set. Every change of input gets a new serial number. A
 * test image can also be picked: the next one of a class ("show a 3"), the
 * previous one in display order, or one by its index in the test set.
 */
import type { DatasetSplit } from '../../data/index.ts';
import { binarizeTestSet } from '../../models/evaluate.ts';
import { createRng, permutation } from '../../random/rng.ts';
import { ControlError } from './controls.ts';
import { knownPixels, occlude } from './occlusion.ts';
import type { Occlusion } from './vocabulary.ts';

/** The input shown now. */
export interface CurrentInput {
  pixels: Float32Array;
  /** Its class, or -1 for a drawn input. */
  label: number;
  /** Changes whenever the input does. */
  serial: number;
}

/** The session's input: the test set in display order, or a drawn image. */
export class SessionInputs {
  /** Where the current input came from. */
  source: 'dataset' | 'drawn' = 'dataset';
  /** The rectangle hidden from the models, if any. */
  occlusion: Occlusion | null = null;
  readonly pixelsPerImage: number;
  private readonly testPixels: Float32Array;
  /** The order test images are shown in: shuffled (seeded), so every class turns up early. */
  private readonly displayOrder: Int32Array;
  /** Where each test image sits in the display order (the inverse permutation). */
  private readonly positions: Int32Array;
  private displayIndex = 0;
  private input: CurrentInput;

  /**
   * @param data - the session's data set (its test split is shown, binarised once)
   * @param seed - the session seed (the display order's)
   */
  constructor(
    private readonly data: DatasetSplit,
    seed: number,
  ) {
    this.pixelsPerImage = data.test.height * data.test.width;
    this.testPixels = binarizeTestSet(data.test.images);
    this.displayOrder = permutation(data.test.count, createRng(seed).fork('display'));
    this.positions = new Int32Array(data.test.count);
    this.displayOrder.forEach((index, position) => (this.positions[index] = position));
    this.input = this.testInput(0, 0);
  }

  /** The input shown now (unoccluded). */
  get current(): CurrentInput {
    return this.input;
  }

  /**
   * Which pixels the models see (1) and which the occlusion hides (0), or undefined when
   * nothing is hidden: settling takes the hidden pixels as unknown (precision 0).
   */
  known(): Float32Array | undefined {
    const { height, width } = this.data.test;
    return this.occlusion === null ? undefined : knownPixels(height, width, this.occlusion);
  }

  /** The current input as the models see it: occluded when an occlusion is set. */
  seen(): Float32Array {
    const { height, width } = this.data.test;
    return this.occlusion === null
      ? this.input.pixels
      : occlude(this.input.pixels, height, width, this.occlusion);
  }

  /** Show a drawn image (already checked to have one value per pixel). */
  draw(pixels: ArrayLike<number>): void {
    this.source = 'drawn';
    this.input = { pixels: Float32Array.from(pixels), label: -1, serial: this.input.serial + 1 };
  }

  /** Back to the test set: its next image. */
  nextFromDataset(): void {
    this.source = 'dataset';
    this.advance();
  }

  /** The next test image in display order (the source stays as it is). */
  advance(): void {
    this.displayIndex = (this.displayIndex + 1) % this.data.test.count;
    this.input = this.testInput(this.displayIndex, this.input.serial + 1);
  }

  /** The previous test image in display order (back to the test set if a drawing was shown). */
  previous(): void {
    this.source = 'dataset';
    const count = this.data.test.count;
    this.displayIndex = (this.displayIndex - 1 + count) % count;
    this.input = this.testInput(this.displayIndex, this.input.serial + 1);
  }

  /**
   * The next test image of class `label` in display order, after the one shown now (so asking
   * again shows another one). Refused (ControlError) for a label the data set does not have.
   */
  showClass(label: number): void {
    const { count, labels } = this.data.test;
    const classes = this.data.test.classNames.length;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ControlError(
        `show class: expected a class from 0 to ${classes - 1} (${this.data.test.classNames.join(', ')}), got ${label}`,
      );
    }
    const start = this.source === 'dataset' ? this.displayIndex + 1 : this.displayIndex;
    for (let k = 0; k < count; k++) {
      const position = (start + k) % count;
      if (labels[this.displayOrder[position]!] === label) {
        this.source = 'dataset';
        this.displayIndex = position;
        this.input = this.testInput(position, this.input.serial + 1);
        return;
      }
    }
    throw new ControlError(
      `show class: the test set has no image of class ${label} (${this.data.test.classNames[label]})`,
    );
  }

  /** Show the test image at `index` of the test set (0-based; its display order goes on from it). */
  showTestImage(index: number): void {
    const count = this.data.test.count;
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new ControlError(`test image: expected an index from 0 to ${count - 1}, got ${index}`);
    }
    this.source = 'dataset';
    this.displayIndex = this.positions[index]!;
    this.input = this.testInput(this.displayIndex, this.input.serial + 1);
  }

  /** The index in the test set of the test image shown now, or null when a drawing is shown. */
  get testIndex(): number | null {
    return this.source === 'drawn' ? null : this.displayOrder[this.displayIndex]!;
  }

  /** The `count` test images after the current one, with their labels (for the latent view). */
  upcoming(count: number): { pixels: Float32Array; label: number }[] {
    const out: { pixels: Float32Array; label: number }[] = [];
    for (let k = 1; k <= count; k++) {
      const index = this.displayOrder[(this.displayIndex + k) % this.data.test.count]!;
      out.push({ pixels: this.testImage(index), label: this.data.test.labels[index]! });
    }
    return out;
  }

  private testImage(index: number): Float32Array {
    const n = this.pixelsPerImage;
    return this.testPixels.subarray(index * n, (index + 1) * n);
  }

  /** The test image at `position` of the display order. */
  private testInput(position: number, serial: number): CurrentInput {
    const index = this.displayOrder[position]!;
    return { pixels: this.testImage(index), label: this.data.test.labels[index]!, serial };
  }
}

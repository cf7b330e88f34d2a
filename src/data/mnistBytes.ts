/**
 * The embedded MNIST split from bytes a caller already holds: the data cache format
 * (mnistCache.ts) that `loadMnist` keeps on disk, here handed over by whoever fetched it (the
 * static site's session worker fetches it from the site; docs/static-site.md). The same decoder
 * and checks as the disk cache; no file is read here.
 */
import { CacheFormatError, decodeMnistCache } from './mnistCache.ts';
import { MNIST_CLASS_NAMES, MNIST_SIDE, mnistSplit } from './mnistJson.ts';
import type { DatasetSplit } from './types.ts';

/** Where the fingerprint of the source files sits in a cache file's header. */
const FINGERPRINT_OFFSET = 12;

/**
 * The 7,996 / 2,004 split held in `bytes` (a cache file made by `encodeMnistCache`), checked as
 * the disk cache is: magic, version, checksums, 28x28 images, labels 0-9. The fingerprint is
 * the file's own (a shipped copy has no source files beside it to compare with). A damaged
 * file is a CacheFormatError.
 * @param source - where the bytes came from, for the split's `source`
 */
export function mnistFromCacheBytes(bytes: Uint8Array, source: string): DatasetSplit {
  if (bytes.byteLength < FINGERPRINT_OFFSET + 4) {
    throw new CacheFormatError(`truncated: ${bytes.byteLength} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const contents = decodeMnistCache(bytes, view.getUint32(FINGERPRINT_OFFSET, true));
  if (contents.height !== MNIST_SIDE || contents.width !== MNIST_SIDE) {
    throw new CacheFormatError(`images are ${contents.height}x${contents.width}, not 28x28`);
  }
  for (const labels of [contents.train.labels, contents.test.labels]) {
    if (labels.some((label) => label >= MNIST_CLASS_NAMES.length)) {
      throw new CacheFormatError('holds a label above 9');
    }
  }
  return mnistSplit(contents.train, contents.test, source);
}

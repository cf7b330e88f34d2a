/**
 * Files: writes that are atomic (a crash leaves the old file whole) and PNG
 * grids of images.
 *
 * @module io
 */
export { writeFileAtomic, writeJsonAtomic } from './atomicWrite.ts';
export { encodeImageGrid, writeImageGrid } from './imageGrid.ts';
export type { GridOptions } from './imageGrid.ts';

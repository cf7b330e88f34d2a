/** `crc32` of `node:zlib` (the data cache's checksums) for the static site's worker bundle. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 (IEEE) of `bytes`, as an unsigned number, like Node's `zlib.crc32`. */
export function crc32(bytes: Uint8Array, value = 0): number {
  let crc = ~value;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

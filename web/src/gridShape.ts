/** How an area's values are laid out as a picture: its own shape, or a near-square grid. */
export function gridShape(count: number, shape?: readonly [number, number]): [number, number] {
  if (shape !== undefined && shape[0] * shape[1] === count) return [shape[1], shape[0]];
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  return [columns, Math.max(1, Math.ceil(count / columns))];
}

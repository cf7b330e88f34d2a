/**
 * `setImmediate` and `clearImmediate` for the static site's worker bundle (web/buildStatic.ts
 * injects them): the tick runner and the epoch loop yield with them in Node. Here a
 * MessageChannel runs the callback after the messages already waiting (the page's controls), as
 * in Node it runs after pending I/O, and before any timer.
 */
const waiting = new Map<number, () => void>();
let next = 0;
const channel = new MessageChannel();
channel.port1.onmessage = (event: MessageEvent<number>) => {
  const run = waiting.get(event.data);
  waiting.delete(event.data);
  run?.();
};

/** Run `callback` soon, after the messages already queued. */
export function setImmediate(callback: (...args: unknown[]) => void): number {
  next += 1;
  waiting.set(next, callback);
  channel.port2.postMessage(next);
  return next;
}

/** Cancel a {@link setImmediate}. */
export function clearImmediate(handle: number | undefined): void {
  if (handle !== undefined) waiting.delete(handle);
}

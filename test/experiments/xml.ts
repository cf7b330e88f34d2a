import { expect } from 'vitest';

/** Every opened tag is closed in order (or self-closed); returns the tag names seen. */
export function checkBalancedXml(text: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
    } else {
      seen.push(name!);
      if (!selfClosing) stack.push(name!);
    }
  }
  expect(stack).toEqual([]);
  return seen;
}

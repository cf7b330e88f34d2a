/** Text for SVG documents written as strings. */

/** `text` with the characters XML gives a meaning (&, <, >, ") escaped. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

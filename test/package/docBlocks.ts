/**
 * The fenced code blocks of the project's Markdown (README.md and docs/*.md), with
 * their language tag and line, for the test that runs every JavaScript and
 * TypeScript block against the packed package (docSnippets.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced block of a Markdown file. */
export interface DocBlock {
  /** The file, relative to the repository's root (e.g. `docs/models.md`). */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The info string's first word, lower case (`ts`, `sh`, or '' when untagged). */
  lang: string;
  /** The block's text, without the fences, its common indentation removed. */
  code: string;
}

/** An opening or closing fence: at most three spaces, then three or more ` or ~. */
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;

/** The fenced code blocks of one Markdown text, in order. */
export function fencedBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]!);
      if (close !== null && close[2]!.startsWith(fence!) && close[3] === '') break;
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!);
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: a code block is never closed`);
    blocks.push({ file, line: i + 1, lang: open[3]!.toLowerCase(), code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** The Markdown files whose blocks are checked: README.md and every docs/*.md. */
export function docFiles(root: string): string[] {
  const docs = join(root, 'docs');
  const pages = readdirSync(docs)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(docs, name));
  return [join(root, 'README.md'), ...pages];
}

/** Every fenced block of {@link docFiles}. */
export function docBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((path) =>
    fencedBlocks(readFileSync(path, 'utf8'), relative(root, path)),
  );
}

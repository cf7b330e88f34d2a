/**
 * Docs that run: every JavaScript and TypeScript code block of README.md and
 * docs/*.md is a script a user can paste beside the installed package, so each one
 * is run as written against the packed tarball (the install shared with the other
 * package tests, packedPackage.ts): `.js` blocks with plain Node, `.ts` blocks with
 * Node and tsx's loader (taken from the repository: the package does not ship it).
 * Blocks that train say so and use a quick setting, naming the one behind the
 * documented figures. Shell, JSON and text blocks are read, not run.
 */
import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { docBlocks, fencedBlocks, type DocBlock } from './docBlocks.ts';
import {
  PACKED_PACKAGE_TIMEOUT_MS,
  packedPackage,
  repositoryRoot as root,
} from './packedPackage.ts';

const run = promisify(execFile);

/** How each runnable tag is run: as an ES module by Node, or through tsx. */
const RUNNERS: Record<string, 'node' | 'tsx'> = {
  js: 'node',
  javascript: 'node',
  mjs: 'node',
  ts: 'tsx',
  typescript: 'tsx',
  mts: 'tsx',
};

/** Tags of blocks that are read, not run: commands, data, output, trees. */
const READ_ONLY = new Set(['sh', 'bash', 'shell', 'console', 'json', 'jsonc', 'text', '']);

/** Packages a snippet may import besides the package and Node's own: a user installs them beside it. */
const USER_INSTALLED = ['socket.io-client'];

/** A snippet running longer than this is hung (each takes seconds). */
const SNIPPET_TIMEOUT_MS = 120_000;

const blocks = docBlocks(root);
const snippets = blocks.filter((b) => b.lang in RUNNERS);

/** `docs/models.md` line 40 → `docs-models-L40.mts`. */
function scriptName(block: DocBlock): string {
  const ext = RUNNERS[block.lang] === 'node' ? 'mjs' : 'mts';
  return `${block.file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-L${block.line}.${ext}`;
}

/** The modules a snippet imports (static imports and re-exports), as written. */
function importedModules(code: string): string[] {
  return [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; a relative path stays whole. */
function packageName(specifier: string): string {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return specifier;
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

describe('finding the code blocks of the docs', () => {
  it('reads fences as Markdown does: tags, indentation in lists, longer fences around shorter ones', () => {
    const markdown = [
      'text',
      '```ts',
      'const a = 1;',
      '```',
      '- a list item:',
      '  ```js',
      '  console.log(1);',
      '  ```',
      '````md',
      '```ts',
      'inner',
      '```',
      '````',
      '```',
      'plain',
      '```',
    ].join('\n');
    expect(fencedBlocks(markdown, 'x.md')).toEqual([
      { file: 'x.md', line: 2, lang: 'ts', code: 'const a = 1;' },
      { file: 'x.md', line: 6, lang: 'js', code: 'console.log(1);' },
      { file: 'x.md', line: 9, lang: 'md', code: '```ts\ninner\n```' },
      { file: 'x.md', line: 14, lang: '', code: 'plain' },
    ]);
    expect(() => fencedBlocks('```ts\nnever closed\n', 'y.md')).toThrow(
      'y.md:1: a code block is never closed',
    );
  });

  it('every block of README.md and docs/*.md has a tag this test runs or knows to read', () => {
    const unknown = blocks
      .filter((b) => !(b.lang in RUNNERS) && !READ_ONLY.has(b.lang))
      .map((b) => `${b.file}:${b.line} \`\`\`${b.lang}`);
    expect(unknown).toEqual([]);
    expect(snippets.length).toBeGreaterThan(0);
    expect(new Set(snippets.map((b) => b.file))).toContain('README.md');
  });

  it('the snippets import only the package, Node and the packages a user installs beside it', () => {
    const foreign = snippets.flatMap((b) =>
      importedModules(b.code)
        .filter((m) => {
          const name = packageName(m);
          return (
            name !== 'neocortex-sim' && !m.startsWith('node:') && !USER_INSTALLED.includes(name)
          );
        })
        .map((m) => `${b.file}:${b.line} imports ${m}: a user's script imports neocortex-sim`),
    );
    expect(foreign).toEqual([]);
  });
});

/** How a finished process ended: its exit code (0 when it succeeded) and its output. */
interface Finished {
  code: number;
  output: string;
}

/** Runs `node args` in `cwd`; resolves with how it ended (never rejects on a failure of its own). */
async function node(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd,
      env,
      timeout: SNIPPET_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: `${stderr}${stdout}` };
  } catch (error) {
    const e = error as Error & {
      code?: unknown;
      killed?: boolean;
      stdout?: string;
      stderr?: string;
    };
    const how = e.killed === true ? `still running after ${SNIPPET_TIMEOUT_MS} ms\n` : '';
    const code = typeof e.code === 'number' ? e.code : 1;
    return { code, output: `${how}${e.stderr ?? ''}${e.stdout ?? e.message}` };
  }
}

describe('every JavaScript and TypeScript block of the docs runs against the packed package', () => {
  /** The folder the snippets run in, inside the shared install. */
  let folder = '';
  let env: NodeJS.ProcessEnv = {};
  /** The type check of the TypeScript blocks, started beside the runs. */
  let typeCheck: Promise<Finished> = Promise.resolve({ code: 1, output: 'not started' });
  const tsxLoader = pathToFileURL(
    createRequire(join(root, 'package.json')).resolve('tsx/esm'),
  ).href;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

  beforeAll(async () => {
    const packed = await packedPackage();
    folder = join(packed.app, 'doc-snippets');
    await mkdir(join(folder, 'node_modules'), { recursive: true });
    // What a user installs beside the package, taken from the repository's own install.
    for (const name of USER_INSTALLED) {
      await symlink(join(root, 'node_modules', name), join(folder, 'node_modules', name), 'dir');
    }
    await Promise.all(snippets.map((b) => writeFile(join(folder, scriptName(b)), `${b.code}\n`)));
    // One cache of the embedded MNIST for every snippet, inside the test's folder.
    env = { ...process.env, NEOCORTEX_CACHE_DIR: join(folder, 'cache'), NODE_OPTIONS: '' };
    const typescript = snippets.filter((b) => RUNNERS[b.lang] === 'tsx').map(scriptName);
    typeCheck = node(
      [
        tsc,
        ...['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022'],
        ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ...['--typeRoots', join(root, 'node_modules', '@types'), '--types', 'node'],
        ...typescript,
      ],
      folder,
      env,
    );
  }, PACKED_PACKAGE_TIMEOUT_MS);

  it.each(snippets.map((b) => [`${b.file}:${b.line} (${b.lang})`, b] as const))(
    '%s',
    async (_, block) => {
      const script = join(folder, scriptName(block));
      const args = RUNNERS[block.lang] === 'tsx' ? ['--import', tsxLoader, script] : [script];
      const ended = await node(args, folder, env);
      const where = `${block.file}:${block.line} (run as ${script})`;
      expect(ended.code, `${where} failed:\n${ended.output}`).toBe(0);
      expect(ended.output, `${where} printed an error`).not.toMatch(/\bError\b/);
    },
    SNIPPET_TIMEOUT_MS + 10_000,
  );

  it(
    "the TypeScript blocks type-check against the package's .d.ts files (strict)",
    async () => {
      const checked = await typeCheck;
      expect(checked.output).toBe('');
      expect(checked.code).toBe(0);
    },
    SNIPPET_TIMEOUT_MS,
  );
});

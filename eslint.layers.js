/**
 * The project's layers as import-x `no-restricted-paths` zones: a file may import
 * its own layer or lower ones. `src/cortex` < `src/models` < `src/sim` <
 * `src/server`, `src/cli`, `src/experiments` (the top). The foundations
 * (`src/data`, `src/backend`, `src/random`, `src/io`, `src/errors.ts`,
 * `src/version.ts`, `src/log.ts`) use no layer. The page (`web/src`) reads only
 * the wire module `src/server/wire.ts` (types and the frame decoder), the
 * dependency-free export formats `src/server/exportFormats.ts` and the static site's
 * page-worker messages `src/server/static/workerProtocol.ts` (types and file names).
 */
const top = ['src/server', 'src/cli', 'src/experiments'];
const layers = ['src/cortex', 'src/models', 'src/sim', ...top];

const foundations = [
  'src/data',
  'src/backend',
  'src/random',
  'src/io',
  'src/errors.ts',
  'src/version.ts',
  'src/log.ts',
];

/** @param {string} target @param {string[]} from @param {string} why */
const zone = (target, from, why) => ({
  target,
  from,
  message: `layer rule: ${target} must not import ${why}.`,
});

export const layerZones = [
  zone('src/cortex', layers.slice(1), 'models, sim, server, cli or experiments'),
  zone('src/models', layers.slice(2), 'sim, server, cli or experiments'),
  zone('src/sim', top, 'server, cli or experiments (the session vocabulary lives in src/sim)'),
  ...foundations.map((f) => zone(f, layers, 'any layer (it is a foundation)')),
  {
    target: 'web/src',
    from: 'src',
    except: ['./server/wire.ts', './server/exportFormats.ts', './server/static/workerProtocol.ts'],
    message:
      'layer rule: the page imports from src/ only the wire module src/server/wire.ts, ' +
      'the export formats src/server/exportFormats.ts and src/server/static/workerProtocol.ts.',
  },
];

/**
 * The layer rule (eslint.layers.js, run by `npm run lint`) fires on a crossing
 * import and stays quiet on a legal one: linted with ESLint's Node API on
 * virtual files placed in the layers.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layer-rule messages ESLint gives `code` as if it were the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths')
    .map((m) => m.message);
}

describe('the layer rule', () => {
  it('refuses src/cortex importing from src/sim', async () => {
    const errors = await layerErrors(
      'src/cortex/virtualCrossing.ts',
      "import { Probe } from '../sim/probe.ts';\nexport const probe = Probe;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/cortex must not import models, sim, server/);
  });

  it('refuses src/sim importing from src/server and a foundation importing a layer', async () => {
    expect(
      await layerErrors(
        'src/sim/virtualCrossing.ts',
        "export { PROTOCOL_VERSION } from '../server/wire.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/data/virtualCrossing.ts',
        "export { Clock } from '../cortex/clock.ts';\n",
      ),
    ).toEqual([expect.stringMatching(/src\/data must not import any layer/)]);
  });

  it('lets the page import only the wire module', async () => {
    expect(
      await layerErrors(
        'web/src/virtualCrossing.ts',
        "export { SessionSpec } from '../../src/sim/session/sessionSpec.ts';\n",
      ),
    ).toEqual([expect.stringMatching(/only the wire module/)]);
    expect(
      await layerErrors(
        'web/src/virtualLegal.ts',
        "export { decodeFrame } from '../../src/server/wire.ts';\n",
      ),
    ).toEqual([]);
  });

  it('lets a layer import its own layer and lower ones', async () => {
    expect(
      await layerErrors(
        'src/sim/virtualLegal.ts',
        "export { Clock } from '../cortex/clock.ts';\nexport { PcVae } from '../models/pcvae/pcvae.ts';\nexport { createRng } from '../random/rng.ts';\n",
      ),
    ).toEqual([]);
  });
});

import { initBackend } from '/work/wt-layers/src/backend/index.ts';
import { Session } from '/work/wt-layers/src/sim/session.ts';
import { tinySpec, tinyData } from '/work/wt-layers/test/sim/sessionFixture.ts';
import { hello } from '/work/wt-layers/src/server/sockets.ts';
import { Encoder } from 'socket.io-parser';
await initBackend('wasm');
const s = new Session(tinySpec({ generative: { latentSizes: [8, 6, 3], hiddenSizes: [16], areaNames: ['retina','v1','v2','it'] } }), tinyData());
s.tick();
const h = hello(s, 'wasm', 30);
try { const out = new Encoder().encode({ type: 2, data: ['hello', h], nsp: '/' }); console.log('encoded', out.length); } catch (e) { console.log('ERR', e); }
await s.dispose();

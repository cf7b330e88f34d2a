import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { latestByArea } from '../../../src/cortex/operators/latestByArea.ts';
import type { ActivitySnapshot } from '../../../src/cortex/activity.ts';
import { snapshot, testScheduler } from './fixtures.ts';

const a = snapshot('v1', 'state', 1);
const b = snapshot('v1', 'prediction', 1);
const c = snapshot('v2', 'state', 1);
const d = snapshot('v1', 'state', 2);

describe('latestByArea', () => {
  it('scans snapshots into the latest per area/kind key', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d|', { a, b, c, d });
      expectObservable(source.pipe(latestByArea())).toBe('w-x-y-z|', {
        w: new Map([['v1/state', a]]),
        x: new Map([
          ['v1/state', a],
          ['v1/prediction', b],
        ]),
        y: new Map([
          ['v1/state', a],
          ['v1/prediction', b],
          ['v2/state', c],
        ]),
        z: new Map([
          ['v1/state', d],
          ['v1/prediction', b],
          ['v2/state', c],
        ]),
      });
    });
  });

  it('emits a new map each time and never mutates an earlier one', () => {
    const seen: ReadonlyMap<string, ActivitySnapshot>[] = [];
    from([a, d, c])
      .pipe(latestByArea())
      .subscribe((m) => seen.push(m));
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect([...seen[0]!.entries()]).toEqual([['v1/state', a]]);
    expect(seen[1]!.get('v1/state')).toBe(d);
    expect(seen[1]!.size).toBe(1);
    expect(seen[2]!.size).toBe(2);
  });
});

import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DistinctIds } from '../../worker/src/analytics/distinct-ids.js';
import { random } from './helpers/messy-orders.js';

const spillFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('sfn-ecs-order-ids-'));

describe('distinct order ids', () => {
  it('counts exactly past the in-memory limit (ids spilled to partition files), and removes the files', () => {
    const r = random(5);
    const ids = new DistinctIds();
    const expected = new Set<string>();
    const before = spillFolders().length;
    for (let k = 0; k < 400_000; k++) {
      // Text ids with repeats, a newline and a backslash among them, and numbers in both spellings.
      const id = k % 5 !== 0 ? `ORD-${Math.floor(r() * 400_000)}` : pick(r, [`A\\n${Math.floor(r() * 10)}`, `B\n${Math.floor(r() * 10)}`, String(Math.floor(r() * 50_000)), `0${Math.floor(r() * 1000)}`]);
      ids.add(id);
      expected.add(id);
    }
    expect(spillFolders().length).toBe(before + 1);

    expect(ids.count()).toBe(expected.size);
    expect(spillFolders().length).toBe(before);
  });

  it('counts sparse numeric ids exactly once the bitmap pages are used up', () => {
    const ids = new DistinctIds();
    const expected = new Set<number>();
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < 3000; k++) {
        const id = k * 65_536 * 7 + (k % 13);
        ids.addNumber(id);
        ids.add(String(id));
        expected.add(id);
      }
    }
    expect(ids.count()).toBe(expected.size);
  });
});

function pick<T>(r: () => number, items: T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

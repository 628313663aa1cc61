import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/generator/prng';
import { minorFactor, sqlRound } from '../../../src/generator/truth';
import { openDb } from './support';

/**
 * The truth rounds money exactly as SQLite's round() does, so a model written
 * in SQL reproduces every cent. Checked against sql.js on the values that
 * matter: 2-decimal amounts times 4- and 6-decimal FX rates, and ties.
 */

describe('sqlRound', () => {
  it('matches SQLite round(x, 2) on amounts times FX rates', async () => {
    const db = await openDb();
    const rng = new Rng('rounding');
    const stmt = db.prepare('SELECT round(? * ?, 2), round(? - ?, 2)');
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const local = rng.int(0, 5_000_000) / 100;
      const prev = rng.int(0, 5_000_000) / 100;
      const rate = rng.chance(0.5) ? rng.int(9000, 14000) / 10_000 : rng.int(6000, 7200) / 1_000_000;
      stmt.bind([local, rate, local * rate, prev]);
      stmt.step();
      const [a, b] = stmt.get() as number[];
      stmt.reset();
      expect(sqlRound(local * rate, 2)).toBe(a);
      expect(sqlRound(local * rate - prev, 2)).toBe(b);
      checked++;
    }
    stmt.free();
    expect(checked).toBe(20_000);
  });

  it('rounds exact ties away from zero, like SQLite', async () => {
    const db = await openDb();
    for (const x of [0.125, -0.125, 2.5, 1.005, 2.675, 1234.565, -0.005]) {
      const r = db.exec(`SELECT round(${x}, 2)`)[0]!.values[0]![0];
      expect(sqlRound(x, 2), String(x)).toBe(r);
    }
  });

  it('knows JPY is zero-decimal', () => {
    expect(minorFactor('jpy')).toBe(1);
    expect(minorFactor('EUR')).toBe(100);
  });
});

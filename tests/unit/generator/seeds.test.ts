import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds } from '../../../src/generator/seeds';
import { DEFAULT_SEEDS } from '../../../src/generator/stamp';

/** The committed seed CSVs, and what happens when one is broken. */

const temp = mkdtempSync(join(tmpdir(), 'seeds-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the seed CSVs', () => {
  const seeds = loadSeeds(DEFAULT_SEEDS);

  it('have a rate for every month of history and every currency', () => {
    for (let y = 2024; y <= 2026; y++) {
      for (let m = 1; m <= (y === 2026 ? 11 : 12); m++) {
        for (const cur of ['USD', 'EUR', 'GBP', 'JPY']) {
          const rate = seeds.rate(`${y}-${String(m).padStart(2, '0')}-01`, cur);
          expect(rate).toBeGreaterThan(cur === 'JPY' ? 0.005 : 0.9);
          expect(rate).toBeLessThan(cur === 'JPY' ? 0.009 : 1.5);
        }
      }
    }
  });

  it('price plans so that MRR stays whole minor units under every coupon', () => {
    for (const p of seeds.catalog) {
      const monthly = p.interval === 'year' ? p.unitAmount / 12 : p.unitAmount;
      // Percent coupons are 10/20/25/50 %: a monthly share divisible by 20 stays whole.
      expect(monthly % 20, p.priceId).toBe(0);
      if (p.version === 'v1') expect(seeds.catalog.some((s) => s.priceId === p.successorPriceId && s.version === 'v2'), p.priceId).toBe(true);
    }
    expect(seeds.catalog.filter((p) => p.stripeObject === 'plan').length).toBe(24);
  });

  it('name every canonical event in both taxonomy versions', () => {
    const canon = new Set(seeds.taxonomy.map((t) => t.canonicalName));
    for (const c of canon) {
      expect(seeds.taxonomy.some((t) => t.canonicalName === c && t.version === 'v1'), c).toBe(true);
      expect(seeds.taxonomy.some((t) => t.canonicalName === c && t.version === 'v2'), c).toBe(true);
    }
    expect(seeds.taxonomy.filter((t) => t.canonicalName === 'content_shared' && t.version === 'v2')).toHaveLength(2);
  });

  it('report a broken file by name, line and value', () => {
    const dir = join(temp, 'broken');
    cpSync(DEFAULT_SEEDS, dir, { recursive: true });
    const fx = readFileSync(join(dir, 'fx_rates.csv'), 'utf8').split('\n');
    fx[3] = '2024-01-01,JPY,abc';
    writeFileSync(join(dir, 'fx_rates.csv'), fx.join('\n'));
    expect(() => loadSeeds(dir)).toThrow(/fx_rates\.csv: line 4: column rate_to_usd must be a number, got 'abc'/);
  });

  it('report a missing rate with what to add', () => {
    expect(() => loadSeeds(DEFAULT_SEEDS).rate('2031-01-01', 'eur')).toThrow(/no rate for EUR in 2031-01-01: add that month's row/);
  });
});

import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWarehouse } from '../../../src/cli/ensure-warehouse';

/** Generated files are rebuilt when missing or stale, and left alone otherwise. */

const out = mkdtempSync(join(tmpdir(), 'ensure-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('ensureWarehouse', () => {
  it('generates when missing, skips when fresh, regenerates when stale', async () => {
    const lines: string[] = [];
    const opts = { out, scale: 0.05, seed: 'ensure-test', log: (l: string) => lines.push(l) };

    const first = await ensureWarehouse(opts);
    expect(first.regenerated).toBe(true);
    expect(first.reason).toMatch(/missing raw_sources\.sqlite/);

    const second = await ensureWarehouse(opts);
    expect(second).toMatchObject({ regenerated: false, reason: 'up to date' });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/up to date/);

    const other = await ensureWarehouse({ ...opts, scale: 0.06 });
    expect(other.regenerated).toBe(true);
    expect(other.reason).toBe('scale 0.05 -> 0.06');

    const stamp = JSON.parse(readFileSync(join(out, '.stamp.json'), 'utf8'));
    writeFileSync(join(out, '.stamp.json'), JSON.stringify({ ...stamp, inputs_sha256: 'edited' }));
    const edited = await ensureWarehouse({ ...opts, scale: 0.06 });
    expect(edited.reason).toBe('generator sources or seed CSVs changed');

    rmSync(join(out, 'ground_truth.json'));
    const removed = await ensureWarehouse({ ...opts, scale: 0.06 });
    expect(removed.reason).toBe('missing ground_truth.json');
  });
});

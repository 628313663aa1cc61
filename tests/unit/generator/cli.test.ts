import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/generate';
import { REPO_ROOT } from '../../../src/generator/stamp';

/** The generate CLI, run as a user runs it, in a child process. */

const temp = mkdtempSync(join(tmpdir(), 'generate-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/generate.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run generate', () => {
  it.each([
    [['--scale', '0'], /--scale must be a positive number.*got '0'/],
    [['--scale', 'abc'], /--scale must be a positive number.*got 'abc'/],
    [['--sclae', '2'], /unknown argument '--sclae'/],
  ])('rejects %j with a clear message and exit code 2', (args, message) => {
    const out = join(temp, `rejected-${args.join('_')}`);
    const r = cli(...args, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--scale=-3'], /--scale must be a positive number.*got '-3'/],
    [['--scale'], /--scale needs a value/],
    [['--scale', '999'], /--scale 999 is too large: use at most 20/],
    [['--seed'], /--seed needs a value/],
    [['extra'], /unknown argument 'extra'/],
  ])('parses %j into a clear error', (args, message) => {
    expect(() => parseArgs(args)).toThrow(message);
  });

  it('parses the flags it knows, in both spellings', () => {
    expect(parseArgs(['--scale', '0.5', '--seed=abc', '--out', '/tmp/x'])).toEqual({ scale: '0.5', seed: 'abc', out: '/tmp/x' });
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('rejects an --out it cannot write, naming it, and leaves nothing behind', () => {
    const file = join(temp, 'a-file');
    writeFileSync(file, 'not a folder');
    const out = join(file, 'warehouse');
    const r = cli('--scale', '0.05', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'${out}'`);
    expect(r.stderr).toMatch(/choose a writable --out/);
    expect(readdirSync(temp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('stops cleanly when an output file cannot be replaced', () => {
    const out = join(temp, 'blocked');
    mkdirSync(join(out, 'raw_sources.sqlite', 'in-the-way'), { recursive: true });
    const r = cli('--scale', '0.05', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot replace the files in '.*blocked'/);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(out, '.stamp.json'))).toBe(false);
  });

  it('writes the three files and a stamp, and no temporary files', () => {
    const out = join(temp, 'ok');
    const r = cli('--scale', '0.05', '--seed', 'cli-test', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.stamp.json', 'ground_truth.json', 'raw_sources.sqlite', 'raw_sources_delta.sqlite']);
    expect(r.stdout).toMatch(/Generated seed 'cli-test' scale 0.05/);
  });
});

/** The contract between `npm run bench` and its sections (one file each in src/cli/bench/). */

export interface BenchRow {
  metric: string;
  value: number;
  unit: 'ms' | 's' | '%' | 'x' | 'rows' | 'count' | 'MB';
  /** A target, e.g. '< 300 ms'; `ok` says whether it was met. */
  target?: string;
  ok?: boolean;
  note?: string;
}

export interface BenchContext {
  repoRoot: string;
  targetPath: string;
  /** Progress lines (stderr), so stdout stays the table. */
  log: (message: string) => void;
}

export interface BenchSection {
  /** Short id used to pick sections: `npm run bench -- engines`. */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

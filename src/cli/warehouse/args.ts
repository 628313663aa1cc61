/** Command-line parsing for `npm run warehouse -- <command> [flags]`. */
import { parse as parseYaml } from 'yaml';

export const COMMANDS = ['build', 'run', 'test', 'seed', 'snapshot', 'compile', 'ls', 'docs', 'backfill'] as const;
export type CliCommand = (typeof COMMANDS)[number];

export interface CliArgs {
  command: CliCommand;
  select?: string;
  exclude?: string;
  fullRefresh: boolean;
  /** Stop at the first error or failing test (dbt's --fail-fast, -x). */
  failFast: boolean;
  vars: Record<string, unknown>;
  engine: 'sqljs' | 'native';
  warehouse?: string;
  targetPath?: string;
  projectDir?: string;
  delta?: string;
  dictionaryOut?: string;
  output: 'selector' | 'name' | 'path' | 'json';
  /** ls --output json: the keys to print (dbt's default set when absent). */
  outputKeys?: string[];
  resourceTypes?: string[];
  help: boolean;
  /** --version: what this CLI is and which versions it stands for. */
  version?: boolean;
}

/** Bad usage: exit code 2. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run warehouse -- <command> [flags]

commands:
  build      seeds, models, snapshots and tests in DAG order (tests right after their model)
  run        models only
  test       tests only
  seed       load the CSV seeds
  snapshot   run the snapshots
  compile    render every model and test to SQL (target/compiled/), nothing is run
  ls         list the selected resources
  docs       write manifest.json, catalog.json and the Markdown data dictionary
  backfill   append the late-arriving batch to the raw tables, then build incrementally

flags:
  -s, --select SPEC     dbt selection syntax, e.g. "+fct_mrr tag:finance" (several words allowed)
      --exclude SPEC    remove nodes from the selection
      --full-refresh    rebuild incremental models and tables from scratch
  -x, --fail-fast       stop at the first error or failing test; the rest is skipped
      --vars YAML       e.g. --vars '{start_date: 2024-01-01}'
      --engine E        sqljs (default) or native (better-sqlite3)
      --warehouse FILE  start fresh from this raw SQLite file (default: reuse target/warehouse.sqlite,
                        else start from warehouse/raw_sources.sqlite)
      --target-path DIR where artifacts and warehouse.sqlite go (default: target)
      --project-dir DIR the dbt project (default: the current directory)
      --delta FILE      backfill: the batch to load (default: warehouse/raw_sources_delta.sqlite)
      --dictionary-out FILE  docs: where the data dictionary goes (default: docs/data-dictionary.md)
      --output FMT      ls: selector (default), name, path or json
      --output-keys K   ls --output json: only these keys (several allowed), e.g. name resource_type
      --resource-type T ls, build: only these resource types (several allowed)
  -v, --version         the CLI's version, the dbt version its artifacts follow, and SQLite's
  -h, --help            this text`;

const WITH_VALUE = new Set([
  '--select',
  '-s',
  '--exclude',
  '--vars',
  '--engine',
  '--warehouse',
  '--target-path',
  '--project-dir',
  '--delta',
  '--dictionary-out',
  '--output',
  '--resource-type',
  '--output-keys',
]);
/** dbt flags a dbt user may type out of habit, and why they mean nothing here. */
const DBT_FLAGS_WITHOUT_MEANING: Record<string, string> = {
  '--threads': 'nodes run one at a time on the one SQLite connection',
  '--target': 'there are no profiles or targets; the warehouse is <target-path>/warehouse.sqlite (see --warehouse and --target-path)',
  '-t': 'there are no profiles or targets; the warehouse is <target-path>/warehouse.sqlite (see --warehouse and --target-path)',
  '--profile': 'there are no profiles; the warehouse is <target-path>/warehouse.sqlite',
  '--profiles-dir': 'there is no profiles.yml; the warehouse is <target-path>/warehouse.sqlite',
  '--defer': 'there is no other environment to defer to',
  '--state': 'there are no earlier artifacts to compare with, and state: is not a selection method here',
  '--indirect-selection': "tests are selected as dbt's default, eager: a test runs when any of its parents is selected, and not when any is excluded",
  '--selector': 'selectors.yml is not read; write the selection with --select and --exclude',
  '--store-failures': "set store_failures: true in the tests' config (dbt_project.yml: data_tests: +store_failures: true)",
};

/** What --resource-type accepts. */
const RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'test', 'source', 'exposure', 'analysis'] as const;
/** Flags that take several words, as dbt's --select does. */
const MULTI = new Set(['--select', '-s', '--exclude', '--resource-type', '--output-keys']);

export function parseArgs(argv: string[]): CliArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (arg === '--full-refresh' || arg === '--fail-fast' || arg === '-x' || arg === '--help' || arg === '-h' || arg === '--version' || arg === '-v') {
      // `--full-refresh=false` must not mean a full refresh: these flags take no value.
      if (inline !== undefined) throw new UsageError(`${arg} takes no value, got '${argv[i]}'\n  Give ${arg} alone, or leave it out.`);
      flags.add(arg === '-h' ? '--help' : arg === '-x' ? '--fail-fast' : arg === '-v' ? '--version' : arg);
      continue;
    }
    const dbtOnly = DBT_FLAGS_WITHOUT_MEANING[arg];
    if (dbtOnly) throw new UsageError(`${arg} is a dbt flag this CLI has no use for: ${dbtOnly}\n  Leave it out.`);
    if (!WITH_VALUE.has(arg)) throw new UsageError(`unknown flag ${arg}\n  Run "npm run warehouse -- --help" for the flags.`);
    const key = arg === '-s' ? '--select' : arg;
    const words: string[] = [];
    if (inline !== undefined) words.push(inline);
    else {
      while (i + 1 < argv.length && (!argv[i + 1]!.startsWith('-') || argv[i + 1] === '-')) {
        words.push(argv[++i]!);
        if (!MULTI.has(arg)) break;
      }
    }
    if (words.length === 0) throw new UsageError(`${arg} needs a value\n  Run "npm run warehouse -- --help" for the flags.`);
    values.set(key, [...(values.get(key) ?? []), ...words]);
  }
  const help = flags.has('--help');
  const command = positional[0];
  if (flags.has('--version')) return { ...defaults(), version: true };
  if (!command) {
    if (help) return { ...defaults(), help: true };
    // `-s fct_mrr run`: the selection took the command as one of its words.
    const swallowed = [...values].flatMap(([flag, words]) => words.filter((w) => (COMMANDS as readonly string[]).includes(w)).map((w) => `'${w}' was read as part of ${flag}`));
    if (swallowed.length > 0) throw new UsageError(`no command given (${swallowed[0]})\n  Put the command first: npm run warehouse -- ${swallowed[0]!.split("'")[1]} --select ...`);
    throw new UsageError(`no command given\n  Use one of: ${COMMANDS.join(', ')}.`);
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command '${command}'\n  Use one of: ${COMMANDS.join(', ')}.`);
  }
  // dbt's `docs generate` is this CLI's `docs`; there is no docs server (the site shows the docs).
  if (command === 'docs' && positional[1] === 'generate' && positional.length === 2) positional.pop();
  if (command === 'docs' && positional[1] === 'serve') throw new UsageError(`there is no 'docs serve': 'npm start' serves the site, whose Docs pages show the project's documentation`);
  if (positional.length > 1) throw new UsageError(`unexpected argument '${positional[1]}'\n  Selections go after --select.`);

  const one = (key: string) => values.get(key)?.join(' ');
  const engine = one('--engine') ?? 'sqljs';
  if (engine !== 'sqljs' && engine !== 'native') throw new UsageError(`--engine must be sqljs or native, got '${engine}'`);
  const output = one('--output') ?? 'selector';
  if (!['selector', 'name', 'path', 'json'].includes(output)) throw new UsageError(`--output must be selector, name, path or json, got '${output}'`);

  const outputKeys = values.get('--output-keys')?.flatMap((k) => k.split(',')).filter((k) => k !== '');
  if (outputKeys && (command !== 'ls' || output !== 'json')) throw new UsageError('--output-keys applies to --output json of ls\n  Add --output json, or leave --output-keys out.');

  const resourceTypes = values.get('--resource-type');
  if (resourceTypes) {
    // As dbt: `ls` and `build` take --resource-type; elsewhere it would be silently ignored.
    if (command !== 'ls' && command !== 'build') throw new UsageError(`--resource-type applies to ls and build, not ${command}\n  Use --select resource_type:<type> to narrow ${command}.`);
    const unknown = resourceTypes.filter((t) => !(RESOURCE_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) throw new UsageError(`--resource-type must be one of ${RESOURCE_TYPES.join(', ')}, got '${unknown[0]}'`);
  }

  return {
    ...defaults(),
    command: command as CliCommand,
    select: one('--select'),
    exclude: one('--exclude'),
    fullRefresh: flags.has('--full-refresh'),
    failFast: flags.has('--fail-fast'),
    vars: parseVars(one('--vars')),
    engine,
    warehouse: one('--warehouse'),
    targetPath: one('--target-path'),
    projectDir: one('--project-dir'),
    delta: one('--delta'),
    dictionaryOut: one('--dictionary-out'),
    output: output as CliArgs['output'],
    outputKeys,
    resourceTypes,
    help,
  };
}

function defaults(): CliArgs {
  return { command: 'build', fullRefresh: false, failFast: false, vars: {}, engine: 'sqljs', output: 'selector', help: false };
}

export function parseVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new UsageError(`--vars is not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}\n  Example: --vars '{start_date: 2024-01-01, currency: USD}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--vars must be a mapping, got ${JSON.stringify(value)}\n  Example: --vars '{start_date: 2024-01-01}'`);
  }
  return value as Record<string, unknown>;
}

/**
 * Generic tests declared in property YAML (`data_tests:` / `tests:` on a
 * model, seed, snapshot, source table or column) become test nodes.
 *
 * Accepted forms, as in dbt:
 *   - unique
 *   - accepted_values: {values: [a, b], config: {severity: warn}}
 *   - accepted_values: {arguments: {values: [a, b]}, config: {where: "x > 0"}}
 *   - relationships: {to: ref('dim_accounts'), field: account_id, severity: warn}
 *   - my_package.my_test: {name: custom_name, description: ..., ...}
 */
import { ParseError } from '../errors';
import { md5Hex } from '../util/md5';
import { mergeConfig, TEST_CONFIG_KEYS } from './config';
import { renderYamlConfig, type ParseContext } from './context';
import type { ExecNode } from './types';
import { isRecord } from './yaml';

export interface TestTarget {
  /** `ref('orders')` or `source('stripe', 'invoice')`, as a Jinja expression. */
  modelExpr: string;
  /** The name used in test names: `orders`, or `source_stripe_invoice`... see below. */
  nameInTest: string;
  /** dbt's prefix for source tests. */
  sourcePrefix: boolean;
  attachedNode: string | null;
  /** `models.orders`, `sources.stripe`... */
  fileKeyName: string;
  yamlFile: string;
  /** Folders of the YAML file under its resource path, for the test's fqn. */
  fqnDirs: string[];
  /** Tags inherited from the model/source/column (dbt adds them to the test). */
  inheritedTags: string[];
}

interface TestDefinition {
  testName: string;
  namespace: string | null;
  args: Record<string, unknown>;
  config: Record<string, unknown>;
  customName: string | null;
  description: string;
}

function normalize(entry: unknown, file: string, line: () => number | undefined): TestDefinition {
  if (typeof entry === 'string') {
    const { testName, namespace } = splitNamespace(entry);
    return { testName, namespace, args: {}, config: {}, customName: null, description: '' };
  }
  if (isRecord(entry)) {
    const keys = Object.keys(entry);
    if (keys.length === 1 && (isRecord(entry[keys[0]!]) || entry[keys[0]!] === null)) {
      const body = (entry[keys[0]!] ?? {}) as Record<string, unknown>;
      const config: Record<string, unknown> = isRecord(body.config) ? { ...body.config } : {};
      const args: Record<string, unknown> = isRecord(body.arguments) ? { ...body.arguments } : {};
      for (const [k, v] of Object.entries(body)) {
        if (k === 'config' || k === 'arguments' || k === 'name' || k === 'description') continue;
        if (TEST_CONFIG_KEYS.has(k)) config[k] = v;
        else args[k] = v;
      }
      const { testName, namespace } = splitNamespace(keys[0]!);
      return {
        testName,
        namespace,
        args,
        config,
        customName: typeof body.name === 'string' ? body.name : null,
        description: typeof body.description === 'string' ? body.description : '',
      };
    }
  }
  throw new ParseError(
    `invalid test definition ${JSON.stringify(entry)}`,
    { file, line: line() },
    'Write a test as a name (- unique) or a one-key mapping (- accepted_values: {values: [a, b]}).',
  );
}

function splitNamespace(name: string): { testName: string; namespace: string | null } {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? { testName: name.slice(dot + 1), namespace: name.slice(0, dot) } : { testName: name, namespace: null };
}

/** dbt's test name: `<test>_<model>_<args flattened>`, hashed when 64 characters or longer. */
export function synthesizeTestName(
  testName: string,
  target: string,
  args: Record<string, unknown>,
): { fullName: string; shortName: string } {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = isRecord(value) ? Object.values(value) : Array.isArray(value) ? value : [value];
    flat.push(...parts.map((p) => (typeof p === 'string' ? p : pyStr(p))));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testName}_${target}`;
  const fullName = unique ? `${identifier}_${unique}` : identifier;
  const shortName = fullName.length >= 64 ? `${identifier.slice(0, 30)}_${md5Hex(fullName)}` : fullName;
  return { fullName, shortName };
}

/** How Python's str() prints a YAML scalar, so test names match dbt's. */
function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (isRecord(v) || Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

export function buildGenericTests(
  ctx: ParseContext,
  entries: unknown,
  target: TestTarget,
  column: { name: string; quote: boolean } | null,
  lineOf: (index: number) => number | undefined,
): ExecNode[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) {
    throw new ParseError(`data_tests must be a list`, { file: target.yamlFile, line: lineOf(-1) }, 'Write each test as a list item (- unique).');
  }
  const out: ExecNode[] = [];
  entries.forEach((entry, i) => {
    // Looked up only if needed: finding a line parses the YAML file again (see yaml.ts).
    const line = () => lineOf(i);
    const def = normalize(entry, target.yamlFile, line);
    if (def.namespace && def.namespace !== 'dbt' && def.namespace !== ctx.name) {
      throw new ParseError(
        `test '${def.namespace}.${def.testName}' comes from package '${def.namespace}', which this engine does not install`,
        { file: target.yamlFile, line: line() },
        `Define the test in this project (a {% test ${def.testName}(model, column_name) %} block) and refer to it as '${def.testName}'.`,
      );
    }
    const argsForName: Record<string, unknown> = { ...def.args };
    if (column) argsForName.column_name = column.name;
    const prefix = target.sourcePrefix ? `source_${def.testName}` : def.testName;
    const { fullName, shortName } = synthesizeTestName(prefix, target.nameInTest, argsForName);
    const name = def.customName ?? fullName;
    const columnName = column ? (column.quote ? `"${column.name.replace(/"/g, '""')}"` : column.name) : null;
    const fqn = [ctx.name, ...target.fqnDirs, name];
    const node = ctx.newExecNode({
      type: 'test',
      name,
      file: target.yamlFile,
      path: `${def.customName ?? shortName}.sql`,
      fqn,
      template: '',
      rawCode: `{{ test_${def.testName}(**_dbt_generic_test_kwargs) }}`,
      checksumOf: '',
      line,
    });
    const hash = md5Hex(JSON.stringify([target.yamlFile, fullName, def.args, def.config, columnName])).slice(0, 10);
    node.unique_id = `test.${ctx.name}.${name}.${hash}`;
    node.alias = def.customName ?? shortName;
    node.description = def.description;
    node.config = mergeConfig(node.config, { tags: target.inheritedTags });
    node.config = mergeConfig(node.config, renderYamlConfig(ctx.compiler, def.config, { path: target.yamlFile, lineOf: () => line() }));
    node.column_name = columnName;
    node.attached_node = target.attachedNode;
    node.file_key_name = target.fileKeyName;
    const kwargs: Record<string, unknown> = { ...def.args };
    if (columnName !== null) kwargs.column_name = columnName;
    kwargs.model = `{{ get_where_subquery(${target.modelExpr}) }}`;
    node.test_metadata = { name: def.testName, kwargs, namespace: def.namespace };
    node.engine.testCall = {
      name: def.testName,
      namespace: def.namespace,
      kwargs: { ...def.args, model: target.modelExpr },
    };
    out.push(node);
  });
  return out;
}

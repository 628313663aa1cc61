/**
 * Property YAML (version 2): sources, models, seeds, snapshots (patches and
 * dbt 1.9 YAML definitions), analyses, macros, exposures and singular test
 * descriptions. Patches are applied to nodes found in SQL/CSV files.
 */
import { ParseError } from '../errors';
import { ENABLED_HINT, enabledProblem, mergeConfig, projectLayers } from './config';
import { columnInfo, type ParseContext, renderYamlConfig, toList, withLine } from './context';
import { buildGenericTests, type TestTarget } from './generic-tests';
import type { ColumnInfo, ExecNode, ExposureNode, SourceNode } from './types';
import { isRecord, type YamlFile } from './yaml';

const EXPOSURE_TYPES = new Set(['dashboard', 'notebook', 'analysis', 'ml', 'application']);

/** Results of reading property files that need the whole project first. */
export interface PendingProperties {
  tests: ExecNode[];
  exposures: { node: ExposureNode; dependsOn: string[]; file: string; line?: number }[];
}

function entries(file: YamlFile, key: string): { entry: Record<string, unknown>; index: number }[] {
  const data = file.data as Record<string, unknown>;
  const list = data[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new ParseError(`'${key}' must be a list`, { file: file.path, line: file.lineOf([key]) }, `Write each item as "- name: ...".`);
  }
  return list.map((entry, index) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
      throw new ParseError(`each item under '${key}' needs a name`, { file: file.path, line: file.lineOf([key, index]) }, 'Add "name: <resource name>".');
    }
    return { entry, index };
  });
}

function fqnDirs(ctx: ParseContext, file: string): string[] {
  const p = ctx.project.paths;
  const roots = [...p.models, ...p.seeds, ...p.snapshots, ...p.tests, ...p.analyses, ...p.macros];
  const { fqn } = ctx.fqnFor(file, roots, '_');
  return fqn.slice(1, -1);
}

function readColumns(
  ctx: ParseContext,
  file: YamlFile,
  basePath: (string | number)[],
  raw: unknown,
  target: Omit<TestTarget, 'inheritedTags'> & { tags: string[] },
): { columns: Record<string, ColumnInfo>; tests: ExecNode[] } {
  const columns: Record<string, ColumnInfo> = {};
  const tests: ExecNode[] = [];
  if (raw === undefined || raw === null) return { columns, tests };
  if (!Array.isArray(raw)) {
    throw new ParseError(`'columns' must be a list`, { file: file.path, line: file.lineOf(basePath) }, 'Write each column as "- name: ...".');
  }
  raw.forEach((col, i) => {
    if (!isRecord(col) || typeof col.name !== 'string') {
      throw new ParseError(`each column needs a name`, { file: file.path, line: file.lineOf([...basePath, i]) }, 'Add "name: <column>".');
    }
    const info = columnInfo(col);
    columns[info.name] = info;
    const testsKey = col.data_tests !== undefined ? 'data_tests' : 'tests';
    tests.push(
      ...buildGenericTests(
        ctx,
        col[testsKey],
        { ...target, inheritedTags: [...target.tags, ...info.tags] },
        { name: info.name, quote: info.quote === true },
        (t) => file.lineOf(t < 0 ? [...basePath, i, testsKey] : [...basePath, i, testsKey, t]) ?? file.lineOf([...basePath, i]),
      ),
    );
  });
  return { columns, tests };
}

export function readSources(ctx: ParseContext, file: YamlFile, pending: PendingProperties): void {
  for (const { entry: src, index } of entries(file, 'sources')) {
    const sourceName = String(src.name);
    const srcConfig = isRecord(src.config) ? renderYamlConfig(ctx.compiler, src.config, file, ['sources', index, 'config']) : {};
    const tables = src.tables ?? [];
    if (!Array.isArray(tables)) {
      throw new ParseError(`'tables' of source '${sourceName}' must be a list`, { file: file.path, line: file.lineOf(['sources', index, 'tables']) });
    }
    tables.forEach((table, t) => {
      if (!isRecord(table) || typeof table.name !== 'string') {
        throw new ParseError(`each table of source '${sourceName}' needs a name`, {
          file: file.path,
          line: file.lineOf(['sources', index, 'tables', t]),
        });
      }
      const tableName = table.name;
      const tableConfig = isRecord(table.config) ? renderYamlConfig(ctx.compiler, table.config, file, ['sources', index, 'tables', t, 'config']) : {};
      const schema = String(src.schema ?? sourceName);
      const identifier = String(table.identifier ?? tableName);
      const uniqueId = `source.${ctx.name}.${sourceName}.${tableName}`;
      if (ctx.project.sources[uniqueId]) {
        throw new ParseError(`source '${sourceName}.${tableName}' is defined twice`, { file: file.path, line: file.lineOf(['sources', index, 'tables', t]) });
      }
      const fqn = [ctx.name, ...fqnDirs(ctx, file.path), sourceName, tableName];
      let config = mergeConfig({ enabled: true, tags: [], meta: {} }, {});
      for (const layer of projectLayers(ctx.project.projectYaml.sources, [ctx.name, sourceName, tableName])) {
        config = mergeConfig(config, layer);
      }
      config = mergeConfig(config, srcConfig);
      config = mergeConfig(config, tableConfig);
      config = mergeConfig(config, { tags: [...toList(src.tags), ...toList(table.tags)] });
      const freshness = table.freshness === null ? null : (table.freshness ?? src.freshness ?? srcConfig.freshness ?? null);
      const loadedAt = table.loaded_at_field ?? tableConfig.loaded_at_field ?? src.loaded_at_field ?? srcConfig.loaded_at_field ?? null;
      const sqliteTable = sourceTable(schema, identifier);
      const tablePath = ['sources', index, 'tables', t];
      const target = {
        modelExpr: `source('${sourceName}', '${tableName}')`,
        nameInTest: `${sourceName}_${tableName}`,
        sourcePrefix: true,
        attachedNode: null,
        fileKeyName: `sources.${sourceName}`,
        yamlFile: file.path,
        fqnDirs: fqnDirs(ctx, file.path),
        tags: (config.tags as string[]) ?? [],
      };
      const { columns, tests } = readColumns(ctx, file, [...tablePath, 'columns'], table.columns, target);
      const testsKey = table.data_tests !== undefined ? 'data_tests' : 'tests';
      tests.push(
        ...buildGenericTests(ctx, table[testsKey], { ...target, inheritedTags: target.tags }, null, (i) =>
          file.lineOf(i < 0 ? [...tablePath, testsKey] : [...tablePath, testsKey, i]),
        ),
      );
      const source: SourceNode = {
        unique_id: uniqueId,
        resource_type: 'source',
        name: tableName,
        source_name: sourceName,
        source_description: typeof src.description === 'string' ? src.description : '',
        loader: typeof src.loader === 'string' ? src.loader : '',
        identifier,
        schema,
        database: typeof src.database === 'string' ? src.database : null,
        package_name: ctx.name,
        path: file.path,
        original_file_path: file.path,
        fqn,
        loaded_at_field: loadedAt === null ? null : String(loadedAt),
        freshness: isRecord(freshness) ? freshness : null,
        description: typeof table.description === 'string' ? table.description : '',
        columns,
        meta: { ...(isRecord(table.meta) ? table.meta : {}), ...((config.meta as Record<string, unknown>) ?? {}) },
        source_meta: isRecord(src.meta) ? src.meta : {},
        tags: (config.tags as string[]) ?? [],
        config,
        patch_path: null,
        unrendered_config: {},
        relation_name: `"main"."${sqliteTable.replace(/"/g, '""')}"`,
        created_at: ctx.createdAt,
        doc_blocks: [],
        table: sqliteTable,
      };
      const problem = enabledProblem(config.enabled);
      if (problem) throw new ParseError(`${uniqueId}: ${problem}`, { file: file.path, line: file.lineOf(tablePath) }, ENABLED_HINT);
      if (config.enabled === false) return;
      ctx.project.sources[uniqueId] = source;
      pending.tests.push(...tests);
    });
  }
}

/** Applies `models:` / `seeds:` / `snapshots:` / `analyses:` entries to nodes already found in files. */
export function readPatches(
  ctx: ParseContext,
  file: YamlFile,
  key: 'models' | 'seeds' | 'snapshots' | 'analyses',
  pending: PendingProperties,
  patched: Map<string, string>,
): void {
  const type = key === 'models' ? 'model' : key === 'seeds' ? 'seed' : key === 'snapshots' ? 'snapshot' : 'analysis';
  for (const { entry, index } of entries(file, key)) {
    const name = String(entry.name);
    const base: (string | number)[] = [key, index];
    let node = ctx.project.nodes[`${type}.${ctx.name}.${name}`];
    if (type === 'snapshot' && entry.relation !== undefined) {
      if (node) {
        throw new ParseError(
          `snapshot '${name}' is defined twice: in ${node.original_file_path} and in ${file.path}`,
          { file: file.path, line: file.lineOf(base) },
          'Keep either the {% snapshot %} block or the YAML definition.',
        );
      }
      node = yamlSnapshot(ctx, file, entry, index);
    }
    if (!node) {
      ctx.warn(`${file.path}: ${key} entry '${name}' matches no ${type} file; it was ignored`);
      continue;
    }
    const previous = patched.get(node.unique_id);
    if (previous) {
      throw new ParseError(`${type} '${name}' is described twice: in ${previous} and in ${file.path}`, { file: file.path, line: file.lineOf(base) }, 'Keep one YAML entry per resource.');
    }
    patched.set(node.unique_id, file.path);
    node.patch_path = `${ctx.name}://${file.path}`;
    if (typeof entry.description === 'string') node.description = entry.description;
    // The config as written is kept in unrendered_config; the node's config has its Jinja rendered.
    const yamlConfig: Record<string, unknown> = isRecord(entry.config) ? { ...entry.config } : {};
    if (entry.meta !== undefined) yamlConfig.meta = { ...(isRecord(entry.meta) ? entry.meta : {}), ...((yamlConfig.meta as object) ?? {}) };
    if (entry.tags !== undefined) yamlConfig.tags = [...toList(entry.tags), ...toList(yamlConfig.tags)];
    if (isRecord(entry.docs)) yamlConfig.docs = entry.docs;
    if (typeof entry.access === 'string') yamlConfig.access = entry.access;
    node.config = mergeConfig(node.config, renderYamlConfig(ctx.compiler, yamlConfig, file, [...base, 'config']));
    node.unrendered_config = { ...node.unrendered_config, ...yamlConfig };
    if (Array.isArray(entry.constraints)) node.constraints = entry.constraints as ExecNode['constraints'];
    if (entry.versions !== undefined) ctx.warn(`${file.path}: model versions of '${name}' are not supported; 'versions' was ignored`);
    const modelExpr = `ref('${name}')`;
    const target = {
      modelExpr,
      nameInTest: name,
      sourcePrefix: false,
      attachedNode: node.unique_id,
      fileKeyName: `${key}.${name}`,
      yamlFile: file.path,
      fqnDirs: fqnDirs(ctx, file.path),
      tags: (node.config.tags as string[]) ?? [],
    };
    const { columns, tests } = readColumns(ctx, file, [...base, 'columns'], entry.columns, target);
    node.columns = columns;
    const testsKey = entry.data_tests !== undefined ? 'data_tests' : 'tests';
    tests.push(
      ...buildGenericTests(ctx, entry[testsKey], { ...target, inheritedTags: target.tags }, null, (i) =>
        file.lineOf(i < 0 ? [...base, testsKey] : [...base, testsKey, i]),
      ),
    );
    pending.tests.push(...tests);
  }
}

/** dbt 1.9 snapshots defined in YAML: `relation: source(...)` or `ref(...)` plus `config:`. */
function yamlSnapshot(ctx: ParseContext, file: YamlFile, entry: Record<string, unknown>, index: number): ExecNode {
  const name = String(entry.name);
  const relation = String(entry.relation);
  if (!/^\s*(ref|source)\s*\(/.test(relation)) {
    throw new ParseError(
      `snapshot '${name}': relation must be ref('...') or source('...', '...'), got ${JSON.stringify(entry.relation)}`,
      { file: file.path, line: file.lineOf(['snapshots', index, 'relation']) },
    );
  }
  const { fqn } = ctx.fqnFor(file.path, ctx.project.paths.snapshots, name);
  const template = `select * from {{ ${relation} }}`;
  const node = ctx.newExecNode({
    type: 'snapshot',
    name,
    file: file.path,
    path: file.path,
    fqn,
    template,
    rawCode: template,
    checksumOf: JSON.stringify(entry),
    line: () => file.lineOf(['snapshots', index]),
  });
  ctx.addNode(node);
  return node;
}

export function readExposures(ctx: ParseContext, file: YamlFile, pending: PendingProperties): void {
  for (const { entry, index } of entries(file, 'exposures')) {
    const name = String(entry.name);
    const line = (): number | undefined => file.lineOf(['exposures', index]);
    const type = String(entry.type ?? '');
    if (!EXPOSURE_TYPES.has(type)) {
      throw new ParseError(`exposure '${name}' has type ${JSON.stringify(entry.type)}`, { file: file.path, line: line() }, `Use one of ${[...EXPOSURE_TYPES].join(', ')}.`);
    }
    if (!isRecord(entry.owner) || (typeof entry.owner.name !== 'string' && typeof entry.owner.email !== 'string')) {
      throw new ParseError(`exposure '${name}' needs an owner with a name or an email`, { file: file.path, line: line() }, 'Add "owner: {name: ..., email: ...}".');
    }
    const rendered = isRecord(entry.config) ? renderYamlConfig(ctx.compiler, entry.config, file, ['exposures', index, 'config']) : {};
    const config = mergeConfig({ enabled: true, tags: [], meta: {} }, {
      ...rendered,
      tags: [...toList(entry.tags), ...toList(rendered.tags)],
      meta: { ...(isRecord(entry.meta) ? entry.meta : {}), ...(isRecord(rendered.meta) ? rendered.meta : {}) },
    });
    const problem = enabledProblem(config.enabled);
    if (problem) throw new ParseError(`exposure '${name}': ${problem}`, { file: file.path, line: line() }, ENABLED_HINT);
    if (config.enabled === false) continue;
    const node: ExposureNode = {
      unique_id: `exposure.${ctx.name}.${name}`,
      resource_type: 'exposure',
      name,
      type: type as ExposureNode['type'],
      owner: { name: (entry.owner.name as string) ?? null, email: (entry.owner.email as string) ?? null },
      description: typeof entry.description === 'string' ? entry.description : '',
      label: typeof entry.label === 'string' ? entry.label : null,
      maturity: ['low', 'medium', 'high'].includes(String(entry.maturity)) ? (entry.maturity as ExposureNode['maturity']) : null,
      meta: (config.meta as Record<string, unknown>) ?? {},
      tags: (config.tags as string[]) ?? [],
      config,
      url: typeof entry.url === 'string' ? entry.url : null,
      depends_on: { nodes: [], macros: [] },
      refs: [],
      sources: [],
      package_name: ctx.name,
      path: file.path,
      original_file_path: file.path,
      fqn: [ctx.name, ...fqnDirs(ctx, file.path), name],
      created_at: ctx.createdAt,
    };
    if (ctx.project.exposures[node.unique_id]) {
      throw new ParseError(`exposure '${name}' is defined twice`, { file: file.path, line: line() });
    }
    ctx.project.exposures[node.unique_id] = node;
    pending.exposures.push(withLine<PendingProperties['exposures'][number]>({ node, dependsOn: toList(entry.depends_on), file: file.path }, line));
  }
}

export function readMacroPatches(ctx: ParseContext, file: YamlFile): void {
  for (const { entry } of entries(file, 'macros')) {
    const macro = ctx.project.macros[`macro.${ctx.name}.${entry.name}`];
    if (!macro) {
      ctx.warn(`${file.path}: macros entry '${entry.name}' matches no macro; it was ignored`);
      continue;
    }
    macro.patch_path = `${ctx.name}://${file.path}`;
    if (typeof entry.description === 'string') macro.description = entry.description;
    if (isRecord(entry.meta)) macro.meta = entry.meta;
    if (Array.isArray(entry.arguments)) {
      macro.arguments = entry.arguments.filter(isRecord).map((a) => ({
        name: String(a.name),
        type: typeof a.type === 'string' ? a.type : null,
        description: typeof a.description === 'string' ? a.description : '',
      }));
    }
  }
}

/** `data_tests:` entries in test-paths YAML describe singular tests. */
export function readSingularTestPatches(ctx: ParseContext, file: YamlFile): void {
  for (const { entry, index } of entries(file, 'data_tests')) {
    const node = ctx.project.nodes[`test.${ctx.name}.${entry.name}`];
    if (!node) {
      ctx.warn(`${file.path}: data_tests entry '${entry.name}' matches no singular test; it was ignored`);
      continue;
    }
    node.patch_path = `${ctx.name}://${file.path}`;
    if (typeof entry.description === 'string') node.description = entry.description;
    if (isRecord(entry.config)) node.config = mergeConfig(node.config, renderYamlConfig(ctx.compiler, entry.config, file, ['data_tests', index, 'config']));
  }
}

/**
 * The SQLite table a source reads: `<schema>__<identifier>`, or the
 * identifier alone for `schema: main` (README.md, "Sources").
 */
export function sourceTable(schema: string, identifier: string): string {
  return schema === 'main' ? identifier : `${schema}__${identifier}`;
}

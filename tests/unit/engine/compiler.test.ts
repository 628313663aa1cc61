import { describe, expect, it } from 'vitest';
import { CompilationError, compileNode, memoryFiles, parseProject, run, type Project } from '../../../src/engine/index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, openDb, parseFixture } from './helpers';

const saas = parseFixture('saas');

function byName(project: Project, name: string) {
  const n = Object.values(project.nodes).find((x) => x.name === name);
  if (!n) throw new Error(`no node named ${name}`);
  return n;
}

function compiled(project: Project, name: string, vars: Record<string, unknown> = {}): string {
  return compileNode(project, null, byName(project, name).unique_id, vars).sql;
}

function errorOf(fn: () => unknown): CompilationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CompilationError) return e;
    throw e;
  }
  throw new Error('expected a CompilationError');
}

/** A one-off project: dbt_project.yml plus the given files. */
function project(files: Record<string, string>, opts: { env?: Record<string, string>; vars?: Record<string, unknown> } = {}): Project {
  return parseProject(memoryFiles({ 'dbt_project.yml': 'name: p\nvars:\n  region: emea\n', ...files }), opts);
}

describe('compiled SQL (input -> output snapshots)', () => {
  const cases = [
    'stg_crm__accounts',
    'stg_billing__invoices',
    'stg_billing__subscriptions',
    'stg_app__events',
    'dim_accounts',
    'fct_invoices',
    'fct_account_months',
    'accounts_snapshot',
    'subscriptions_snapshot',
    'assert_paid_not_above_billed',
    'revenue_by_industry',
    'accepted_values_stg_crm__accounts_industry__software__retail',
    'relationships_fct_invoices_account_id__account_id__ref_dim_accounts_',
    'is_positive_stg_billing__invoices_amount_usd',
    'source_unique_billing_subscriptions_id',
  ];
  for (const name of cases) {
    it(name, async () => {
      await expect(compiled(saas, name)).toMatchFileSnapshot(`./__snapshots__/compiled/${name}.sql`);
    });
  }

  it('fct_invoices when the target exists (is_incremental() and {{ this }})', async () => {
    const db = await openDb('sqljs');
    db.exec('create table fct_invoices (invoice_id text)');
    const sql = compileNode(saas, db, byName(saas, 'fct_invoices').unique_id).sql;
    expect(sql).toContain('where loaded_at > (select max(loaded_at) from "main"."fct_invoices")');
    await expect(sql).toMatchFileSnapshot('./__snapshots__/compiled/fct_invoices.incremental.sql');
  });
});

describe('Jinja context', () => {
  it('renders ref with one and two arguments, source, var, env_var, target and this', () => {
    const p = project(
      {
        'models/a.sql': 'select 1 as id',
        'models/b.sql':
          "select * from {{ ref('a') }} join {{ ref('p', 'a') }} using (id)\n" +
          "-- {{ var('region') }} {{ var('missing', 'fallback') }} {{ env_var('WAREHOUSE_USER', 'nobody') }} {{ env_var('HOME_TEAM') }}\n" +
          '-- {{ target.name }} {{ target.schema }} {{ target.type }} {{ this }} {{ this.identifier }}',
      },
      { env: { HOME_TEAM: 'finance' } },
    );
    expect(compiled(p, 'b')).toBe(
      'select * from "main"."a" join "main"."a" using (id)\n-- emea fallback nobody finance\n-- dev main sqlite "main"."b" b',
    );
  });

  it('gives vars passed at compile time precedence', () => {
    const p = project({ 'models/a.sql': "select '{{ var(\"region\") }}' as r" });
    expect(compiled(p, 'a', { region: 'apac' })).toBe("select 'apac' as r");
  });

  it('fails on a missing var with the file, line and what to do', () => {
    const err = errorOf(() => project({ 'models/a.sql': 'select 1\n  -- {{ var("nope") }}' }));
    expect(err.file).toBe('models/a.sql');
    expect(err.line).toBe(2);
    expect(err.message).toContain("required var 'nope' not found");
    expect(err.message).toContain('--vars');
  });

  it('fails on a missing environment variable without a default', () => {
    expect(() => project({ 'models/a.sql': "select '{{ env_var(\"SECRET\") }}'" })).toThrow(/environment variable 'SECRET' is required/);
  });

  it('fails on ref() to a package that is not installed', () => {
    expect(() => project({ 'models/a.sql': 'select 1', 'models/b.sql': "select * from {{ ref('dbt_utils', 'a') }}" })).toThrow(
      /package 'dbt_utils' is not installed/,
    );
  });

  it('supports set, set blocks, loops, conditionals, do, return, dispatch, Python string methods and filters', () => {
    const p = project({
      'macros/m.sql':
        "{% macro cols(prefix) %}{% set out = [] %}{% for c in ['a', 'b'] %}{% do out.append(prefix ~ c) %}{% endfor %}{{ return(out) }}{% endmacro %}\n" +
        "{% macro shout(x) %}{{ return(adapter.dispatch('shout')(x)) }}{% endmacro %}\n" +
        '{% macro default__shout(x) %}{{ x.upper() }}!{% endmacro %}',
      'models/a.sql':
        "{% set names = cols('col_') %}{% set greeting %}  hi {% endset %}" +
        "select {{ names | join(', ') }}{% if names | length == 2 %} -- two{% else %} -- other{% endif %}\n" +
        "-- {{ shout('x') }} {{ greeting.strip() }} {{ 'a,b'.split(',') | map('upper') | join('+') }} {{ ' pad '.strip().replace('a', 'A') }} {{ [{'n': 1}, {'n': 2}] | map(attribute='n') | join('') }}",
    });
    expect(compiled(p, 'a')).toBe('select col_a, col_b -- two\n-- X! hi A+B pAd 12');
  });

  it('follows Jinja where nunjucks differs: list +, selectattr with a test, namespaced macros', () => {
    const p = project({
      'macros/m.sql': "{% macro cols() %}{{ return(['a'] + ['b', 'c']) }}{% endmacro %}",
      'models/a.sql':
        "select {{ cols() | join(', ') }} -- {{ 1 + 2 }} {{ 'x' ~ 1 }}\n" +
        "-- {{ [{'k': 'x', 'n': 1}, {'k': 'y', 'n': 2}] | selectattr('k', 'equalto', 'y') | map(attribute='n') | join('') }}" +
        " {{ [{'on': true, 'n': 3}, {'on': false, 'n': 4}] | rejectattr('on') | map(attribute='n') | join('') }} {{ p.cols() | length }}",
    });
    expect(compiled(p, 'a')).toBe('select a, b, c -- 3 x1\n-- 2 4 3');
  });

  it('runs macros that call macros, and records them as dependencies', () => {
    expect(compiled(saas, 'stg_billing__subscriptions')).toContain('round(amount_cents / 100.0, 2) as mrr_usd');
    expect(byName(saas, 'stg_billing__subscriptions').depends_on.macros).toEqual([
      'macro.saas.cents_to_dollars',
      'macro.saas.round_money',
      'macro.saas.status_list',
    ]);
  });

  it('reports {{ log() }} messages to onLog', async () => {
    const p = project({ 'models/a.sql': "{{ log('building a', info=True) }}select 1 as id" });
    const messages: string[] = [];
    await run(p, await openDb('sqljs'), { command: 'run', onLog: (m, id) => messages.push(`${id}: ${m}`) });
    expect(messages).toEqual(['model.p.a: building a']);
  });

  it('runs run_query against the warehouse at compile time only (execute is false while parsing)', async () => {
    const p = project({
      'models/a.sql':
        "{% if execute %}{% set r = run_query('select count(*) as n from raw_t') %}{% set n = r.columns[0].values()[0] %}{% else %}{% set n = -1 %}{% endif %}select {{ n }} as n",
    });
    const db = await openDb('sqljs');
    db.exec('create table raw_t as select 1 as x union all select 2');
    expect(compileNode(p, db, 'model.p.a').sql).toBe('select 2 as n');
  });

  it('reads a run_query result as agate does: rows and columns by name or position, values(), keys(), get()', async () => {
    const p = project({
      'models/a.sql': [
        "{% if execute %}{% set r = run_query('select x, y as length from raw_t order by x') %}",
        // A column named like a sequence's own member (length) is read with get(); by name it stays the row's length.
        "{% for row in r.rows %}{{ row['x'] }}/{{ row.x }}/{{ row[1] }}/{{ row.get('length') }}/{{ row | length }} {% endfor %}",
        "|{{ r.columns['x'].values() | join(',') }}|{{ r.column_names | join(',') }}|{{ r.rows[0].keys() | join(',') }}",
        "|{{ r.rows[1].values() | join(',') }}|{{ r.rows[0].get('missing', 'none') }}|{{ r.rows | length }}{% endif %}",
      ].join(''),
    });
    const db = await openDb('sqljs');
    db.exec("create table raw_t as select 1 as x, 'a' as y union all select 2, 'b'");
    expect(compileNode(p, db, 'model.p.a').sql).toBe("1/1/a/a/2 2/2/b/b/2 |1,2|x,length|x,length|2,b|none|2");
  });
});

describe("dbt features this engine does not have say so when used", () => {
  it('names statement blocks, modules and run_started_at methods, with what to use instead', () => {
    const statement = errorOf(() => project({ 'models/a.sql': "{% call statement('x', fetch_result=True) %}select 1{% endcall %}" }));
    expect(statement.hint).toMatch(/run_query\(sql\)/);
    const modules = errorOf(() => project({ 'models/a.sql': 'select 1\n{{ modules.datetime.date(2024, 1, 1) }}' }));
    expect(modules.message).toMatch(/line 2: modules\.datetime is not available in this engine/);
    expect(modules.hint).toMatch(/SQLite's date functions/);
    expect(errorOf(() => project({ 'models/a.sql': "{{ run_started_at.strftime('%Y') }}" })).hint).toMatch(/ISO text/);
  });
});

describe('macro calls checked against the macro, as Jinja checks them', () => {
  const withMacro = (call: string) =>
    project({
      'macros/money.sql': '{% macro cents_to_dollars(column_name, scale=2) %}round({{ column_name }} / 100.0, {{ scale }}){% endmacro %}',
      'models/a.sql': `select\n  {{ ${call} }} as amount`,
    });

  it('accepts positional and keyword arguments the macro has', () => {
    expect(compiled(withMacro("cents_to_dollars('c', scale=4)"), 'a')).toBe('select\n  round(c / 100.0, 4) as amount');
    expect(compiled(withMacro("cents_to_dollars('c', 3)"), 'a')).toBe('select\n  round(c / 100.0, 3) as amount');
  });

  it('names an argument the macro does not have, a surplus argument and one given twice, at the call', () => {
    const unknown = errorOf(() => withMacro("cents_to_dollars('c', precision=4)"));
    expect(unknown.message).toMatch(/models\/a\.sql, line 2: macro 'cents_to_dollars' has no parameter 'precision' \(its parameters: column_name, scale\)/);
    expect(errorOf(() => withMacro("cents_to_dollars('c', 2, 3)")).message).toMatch(/macro 'cents_to_dollars' takes at most 2 arguments \(column_name, scale\), got 3/);
    expect(errorOf(() => withMacro("cents_to_dollars('c', column_name='d')")).message).toMatch(/macro 'cents_to_dollars' got two values for 'column_name'/);
  });

  it('says a macro that reads varargs or kwargs is beyond this engine when a call gives it extra arguments', () => {
    const p = () =>
      project({
        'macros/m.sql': '{% macro tagged(x) %}{{ x }}{% for k, v in kwargs.items() %} {{ k }}={{ v }}{% endfor %}{% endmacro %}',
        'models/a.sql': "{{ tagged(1, colour='red') }}",
      });
    expect(errorOf(p).message).toMatch(/macro 'tagged' reads the extra arguments of a call from varargs or kwargs, which this engine does not collect/);
  });
});

describe('Jinja that behaves as in Python', () => {
  it('reads empty lists, dicts and strings as false, as Python does, in if, not, and, or, inline if and default(x, true)', () => {
    const p = project({
      'models/a.sql': [
        "{% set cols = [] %}{% if cols %}group by{% else %}no group{% endif %} {% if not {} %}empty dict{% endif %} {% if [0] %}non-empty{% endif %}",
        "{{ [] or 'x' }} {{ 'a' and [] }} {{ 0 or none or 'z' }} {{ 'y' if '' else 'n' }} {{ [] | default('d', true) }} {{ [] | default('d') }}",
        // The fast path's {% if %} agrees.
        '{% if adapter.dispatch %}dispatch{% endif %}',
      ].join('\n'),
    });
    expect(compiled(p, 'a').split('\n')).toEqual(['no group empty dict non-empty', "x [] z n d []", 'dispatch']);
  });

  it('concatenates with ~ and repeats with * as Python shows values', () => {
    const p = project({ 'models/a.sql': "{{ 'a' ~ none }} {{ 'cols: ' ~ ['id', 'name'] }} {{ 'x' * 3 }} {{ 2 * 3 }} {{ none | string }} {{ true ~ '' }}" });
    expect(compiled(p, 'a')).toBe("aNone cols: ['id', 'name'] xxx 6 None True");
  });

  it("has Python's list methods and Jinja's list, dictsort, groupby, tojson and sequence as Jinja defines them", () => {
    const p = project({
      'models/a.sql': [
        "{% set l = [10, 9] %}{% do l.extend([1]) %}{% do l.sort() %}{{ l }}",
        "{{ {'b': 1, 'a': 2} | list }} {{ 'ab' | list }} {{ {'b': 1, 'a': 2} | dictsort }} {{ {'b': 1, 'a': 2} | dictsort(by='value') }}",
        "{% for g in [{'k': 'x', 'v': 1}, {'k': 'y', 'v': 2}, {'k': 'x', 'v': 3}] | groupby('k') %}{{ g.grouper }}={{ g.list | map(attribute='v') | join('+') }};{% endfor %}",
        "{% for key, items in [{'k': 'x'}] | groupby('k') %}{{ key }}:{{ items | length }}{% endfor %}",
        "{{ {'a': [1, 'é']} | tojson }} {{ 'abc' is sequence }} {{ [1] is sequence }} {{ 1 is sequence }}",
        // The filter sorts keys and escapes HTML, as Jinja's; dbt's tojson() function is json.dumps as is.
        "{{ {'b': '<i>', 'a': 1} | tojson }} {{ tojson({'b': 1, 'a': 2}) }} {{ (1, 2) }}",
      ].join('\n'),
    });
    expect(compiled(p, 'a').split('\n')).toEqual([
      '[1, 9, 10]',
      "['b', 'a'] ['a', 'b'] [('a', 2), ('b', 1)] [('b', 1), ('a', 2)]",
      'x=1+3;y=2;',
      'x:1',
      '{"a": [1, "\\u00e9"]} True True False',
      '{"a": 1, "b": "\\u003ci\\u003e"} {"b": 1, "a": 2} (1, 2)',
    ]);
  });

  it('unpacks a tuple in set, and has loop.cycle and loop.previtem/nextitem', () => {
    const p = project({
      'models/a.sql': [
        "{% set a, b = 1, 2 %}{% set k, v = ['x', 'y'] %}{{ a }}{{ b }}{{ k }}{{ v }}",
        "{% for c in ['p', 'q', 'r'] %}{{ loop.cycle('odd', 'even') }}:{{ loop.previtem }}<{{ c }}>{{ loop.nextitem }} {% endfor %}",
      ].join('\n'),
    });
    expect(compiled(p, 'a').split('\n')).toEqual(['12xy', 'odd:<p>q even:p<q>r odd:q<r>']);
  });

  it('compares lists, dicts and mixed types as Python does', () => {
    const p = project({
      'models/a.sql':
        "{{ [1, 2] == [1, 2] }} {{ {'a': [1]} == {'a': [1]} }} {{ 1 == '1' }} {{ 'a' != 'b' }} {{ none == none }} {{ 1 == 1.0 }} {{ [1] != [2] }} {{ 1 < 2 < 3 }} {{ 3 > 2 == 2 }}",
    });
    expect(compiled(p, 'a')).toBe('True True False True True True True True True');
  });

  it('filters a for loop with its if clause, loop variables and else counting only the kept items', () => {
    const p = project({
      'models/a.sql': [
        "select {% for c in ['a', 'b', 'id', 'c'] if c != 'id' %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}",
        "{%- for k, v in [['x', 1], ['y', 0], ['z', 2]] if v > 0 %} {{ loop.index }}:{{ k }}{% endfor %}",
        "{% for c in [1, 2] if c > 5 %}{{ c }}{% else %}none{% endfor %}",
        // An `in` or `if` inside a string or brackets of the iterable is not the loop's.
        "{% for s in ['in a if b', 'keep'] if s != 'in a if b' %}{{ s }}{% endfor %}",
        '{% for c in [1,',
        '  2, 3] if c',
        '  > 1 %}{{ c }}{% endfor %}',
      ].join('\n'),
    });
    expect(compiled(p, 'a').split('\n')).toEqual(['select a, b, c 1:x 2:z', 'none', 'keep', '23']);
    // The line of an error after a multi-line for tag is still its own.
    expect(() => project({ 'models/a.sql': `${p.nodes['model.p.a']!.raw_code} {{ undefined_on_line_7.x }}` })).toThrow(/line 7/);
  });

  it('has tuples, % formatting, string slices and negative indexes', () => {
    const p = project({
      'models/a.sql': [
        "{% if target.name in ('dev', 'prod') %}dev or prod{% else %}other{% endif %}",
        "{% for c in ('id', 'amount') %}[{{ c }}]{% endfor %}",
        "{{ 'c' in ('dev', 'ci') }} {{ ('a', 1)[1] }} {{ (1 + 2) * 3 }}",
        "{{ '%s_%s' % ('stg', 7) }} {{ '%d%%' % 12.7 }} {{ '%.2f' % 3.14159 }} {{ '%r' % 'x' }} {{ 7 % 3 }} [{{ '%5s|%-4s|%03d|%.2s' % ('ab', 'c', 7, 'xyz') }}]",
        "{{ 'abcdef'[1:] }} {{ 'abcdef'[:-2] }} {{ [1, 2, 3][-1] }} {{ 'xyz'[-1] }} {{ [1, 2, 3][1:] }}",
      ].join('\n'),
    });
    expect(compiled(p, 'a').split('\n')).toEqual([
      'dev or prod',
      '[id][amount]',
      'False 1 9',
      "stg_7 12% 3.14 'x' 1 [   ab|c   |007|xy]",
      'bcdef abcd 3 z [2, 3]',
    ]);
  });

  it('refuses what it would otherwise get silently wrong: a dispatch with no implementation, a versioned ref', () => {
    const dispatch = errorOf(() =>
      project({
        'macros/m.sql': "{% macro greet() %}{{ return(adapter.dispatch('greet', 'p')()) }}{% endmacro %}",
        'models/a.sql': "select '{{ greet() }}' as g",
      }),
    );
    expect(dispatch.message).toContain("adapter.dispatch('greet'): no macro named sqlite__greet or default__greet");
    const dispatched = project({
      'macros/m.sql': "{% macro greet() %}{{ return(adapter.dispatch('greet', 'p')()) }}{% endmacro %}{% macro default__greet() %}hello{% endmacro %}",
      'models/a.sql': "select '{{ greet() }}' as g",
    });
    expect(compiled(dispatched, 'a')).toBe("select 'hello' as g");
    // dbt's cross-database macros are named as such, on both template paths.
    for (const sql of ['select {{ dbt.current_timestamp() }} as v', "{% set d = 'day' %}select {{ dbt.dateadd(d, 1, 'x') }} as v"]) {
      expect(errorOf(() => project({ 'models/a.sql': sql })).hint).toMatch(/^dbt's cross-database macros \(dbt\.current_timestamp, dbt\.dateadd/);
    }
    const versioned = errorOf(() => project({ 'models/base.sql': 'select 1 as id', 'models/a.sql': "select * from {{ ref('base', v=2) }}" }));
    expect(versioned.message).toContain("ref('base', v=2): model versions are not supported by this engine");
  });

  it('raises on an attribute of something undefined, as Jinja does, on both template paths', () => {
    // A plain undefined name, a missing key and None's attribute stay empty, as in dbt.
    const lenient = project({
      'models/a.sql': "{% set d = {'a': 1} %}{% set n = none %}[{{ typo }}][{{ d.b }}][{{ n.attr }}][{{ 'y' if typo is defined and typo.x else 'n' }}]",
    });
    expect(compiled(lenient, 'a')).toBe('[][][][n]');
    // The simple path (no tags) and the nunjucks path (a loop) name what was undefined, at its line.
    const simple = errorOf(() => project({ 'models/a.sql': 'select 1 as x,\n  {{ typo.attr }} as y' }));
    expect(simple.line).toBe(2);
    expect(simple.message).toContain("'typo' is undefined, so it has no attribute or item 'attr'");
    const looped = errorOf(() => project({ 'models/a.sql': "{% set d = {'a': 1} %}\n{% for i in [1] %}\n{{ d.b.c }}\n{% endfor %}" }));
    expect(looped.line).toBe(3);
    expect(looped.message).toContain("'d.b' is undefined, so it has no attribute or item 'c'");
  });

  it('renders None, booleans, lists and dicts as dbt does, and knows dbt_version', () => {
    const p = project({
      'models/a.sql': "{{ none }} {{ is_incremental() }} {{ ['a', none] }} {{ {'k': 1} }} {{ undefined_name }}|{{ dbt_version }}",
    });
    expect(compiled(p, 'a')).toBe("None False ['a', None] {'k': 1} |1.10.0");
  });

  it('says what is wrong when formatting arguments do not match', () => {
    const error = errorOf(() => project({ 'models/a.sql': "select 1\n-- {{ '%s and %s' % ('one',) }}" }));
    expect(error.message).toMatch(/models\/a\.sql, line 2: not enough arguments for format string/);
  });

  it('prints log() only with info=True, as dbt does', async () => {
    const p = project({
      'models/a.sql': "{{ log('quiet') }}{{ log('shown', info=True) }}{{ log(['a', 1], True) }}select 1 as id",
    });
    const logs: string[] = [];
    const out = await run(p, await openDb('sqljs'), { command: 'run', onLog: (message) => logs.push(message) });
    expect(out.ok).toBe(true);
    expect(logs).toEqual(['shown', "['a', 1]"]);
  });
});

describe('ephemeral models', () => {
  it('are injected as CTEs in dependency order, merged with a leading with', () => {
    const p = project({
      'models/e1.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/e2.sql': "{{ config(materialized='ephemeral') }}select id from {{ ref('e1') }}",
      'models/plain.sql': "select * from {{ ref('e2') }}",
      'models/with_cte.sql': "-- a comment first\nwith base as (select * from {{ ref('e2') }}) select * from base",
    });
    expect(compiled(p, 'plain')).toBe('with __dbt__cte__e1 as (\nselect 1 as id\n),\n__dbt__cte__e2 as (\nselect id from __dbt__cte__e1\n)\nselect * from __dbt__cte__e2');
    expect(compiled(p, 'with_cte')).toBe(
      '-- a comment first\nwith __dbt__cte__e1 as (\nselect 1 as id\n),\n__dbt__cte__e2 as (\nselect id from __dbt__cte__e1\n), base as (select * from __dbt__cte__e2) select * from base',
    );
  });
});

describe('compilation errors name the file and line', () => {
  it('a block left open, at the line that opens it', () => {
    const error = errorOf(() => project({ 'models/a.sql': 'select 1\n{% if true %}\n{% for x in [1] %}{{ x }}{% endfor %}\nwhere 1' }));
    expect(error.message.split('\n')[0]).toMatch(/^models\/a\.sql, line 2: Jinja syntax error: \{% if %\} is never closed/);
    expect(error.hint).toBe('Close it with {% endif %}.');
  });

  it('Jinja nunjucks cannot compile, named instead of a JavaScript error', () => {
    const error = errorOf(() =>
      project({ 'models/a.sql': 'select 1\n{% set ns = namespace(n=0) %}\n{% for x in [1] %}{% set ns.n = ns.n + x %}{% endfor %}' }),
    );
    expect(error.message.split('\n')[0]).toBe('models/a.sql, line 3: Jinja this engine does not support: assigning to an attribute (`set ns.n = ...`, as with namespace())');
    expect(error.hint).toMatch(/do acc\.append/);
  });

  it('a Jinja syntax error', () => {
    const err = errorOf(() => parseFixture('jinja-syntax'));
    expect(err.file).toBe('models/broken_template.sql');
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/^models\/broken_template\.sql, line 4: Jinja syntax error/);
  });

  it('a generic test argument that is misspelt or missing, with the YAML file and line', () => {
    const yml = readFileSync(join(fixtureDir('saas'), 'models/staging/_staging__models.yml'), 'utf8');
    const misspelt = errorOf(() => parseFixture('saas', { 'models/staging/_staging__models.yml': yml.replace("values: ['paid'", "valus: ['paid'") }));
    expect(misspelt.file).toBe('models/staging/_staging__models.yml');
    expect(misspelt.line).toBe(27);
    expect(misspelt.message).toContain("generic test 'accepted_values' takes no argument 'valus'");
    expect(misspelt.message).toContain("Did you mean 'values'? Its arguments are column_name, values, quote");
    const missing = errorOf(() => parseFixture('saas', { 'models/staging/_staging__models.yml': yml.replace("              values: ['paid', 'open', 'void']\n", '') }));
    expect(missing.message).toContain("generic test 'accepted_values' needs the argument 'values'");
    // A project's own generic test is checked against its {% test %} signature.
    const custom = errorOf(() =>
      parseFixture('saas', { 'models/staging/_staging__models.yml': yml.replace('          - is_positive:\n', '          - is_positive:\n              strict: true\n') }),
    );
    expect(custom.message).toMatch(/generic test 'is_positive' takes no argument 'strict'.*\(macros\/tests\/is_positive\.sql\)/s);
  });

  it('a syntax error inside a macro file', () => {
    const err = errorOf(() => parseFixture('saas', { 'macros/money.sql': '{% macro cents_to_dollars(c) %}\n{{ c / }}\n{% endmacro %}' }));
    expect(err.file).toBe('macros/money.sql');
    expect(err.line).toBe(2);
  });

  it('raise_compiler_error inside a macro: the macro file and line, and the model that called it', () => {
    const err = errorOf(() =>
      parseFixture('saas', { 'models/marts/product/fct_events.sql': 'select\n  {{ require_positive(0) }} as x' }),
    );
    expect(err.file).toBe('macros/utils.sql');
    expect(err.line).toBe(19);
    expect(err.uniqueId).toBe('model.saas.fct_events');
    expect(err.message).toContain("require_positive got 0; pass a positive number (in macro 'require_positive')");
  });

  it('an undefined function called in a model, and one called inside a macro', () => {
    const inModel = errorOf(() => project({ 'models/a.sql': 'select 1\n\n  {{ no_such_macro() }}' }));
    expect([inModel.file, inModel.line]).toEqual(['models/a.sql', 3]);
    expect(inModel.message).toContain('Unable to call `no_such_macro`');
    const inMacro = errorOf(() =>
      project({ 'macros/m.sql': '{% macro outer() %}\n  {{ inner() }}\n{% endmacro %}\n{% macro inner() %}\n\n  {{ missing() }}\n{% endmacro %}', 'models/a.sql': 'select {{ outer() }}' }),
    );
    expect([inMacro.file, inMacro.line, inMacro.uniqueId]).toEqual(['macros/m.sql', 6, 'model.p.a']);
    expect(inMacro.message).toContain("(in macro 'inner')");
  });

  it('a ref that only appears at compile time, with the depends_on hint', async () => {
    const p = project({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "{{ config(materialized='incremental') }}select * from {% if is_incremental() %}{{ ref('a') }}{% else %}(select 1 as id){% endif %}",
    });
    const db = await openDb('sqljs');
    db.exec('create table b (id integer)');
    const err = errorOf(() => compileNode(p, db, 'model.p.b'));
    expect(err.message).toContain("ref('a') was not found when model.p.b was parsed");
    expect(err.message).toContain("-- depends_on: {{ ref('a') }}");
    const fixed = project({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "-- depends_on: {{ ref('a') }}\n{{ config(materialized='incremental') }}select * from {% if is_incremental() %}{{ ref('a') }}{% else %}(select 1 as id){% endif %}",
    });
    expect(compileNode(fixed, db, 'model.p.b').sql).toContain('select * from "main"."a"');
  });

  it('a generic test that does not exist, at its YAML line', () => {
    const err = errorOf(() =>
      parseFixture('saas', {
        'models/marts/extra.sql': 'select 1 as id',
        'models/marts/_extra.yml': 'version: 2\nmodels:\n  - name: extra\n    columns:\n      - name: id\n        data_tests:\n          - is_even\n',
      }),
    );
    expect([err.file, err.line]).toEqual(['models/marts/_extra.yml', 7]);
    expect(err.message).toContain("generic test 'is_even' is not defined");
  });
});

describe('tests compile against the right relation', () => {
  it('applies where to the tested model through get_where_subquery', () => {
    const sql = compiled(saas, 'is_positive_stg_billing__invoices_amount_usd');
    expect(sql).toContain(`from (select * from "main"."stg_billing__invoices" where status <> 'void') dbt_subquery`);
  });
});

describe('generic tests while parsing', () => {
  it("record dbt's own test macro without running it, and still compile to its SQL", () => {
    const test = Object.values(saas.nodes).find((n) => n.test_metadata?.name === 'unique' && n.attached_node === 'model.saas.dim_accounts')!;
    expect(test.depends_on.macros).toEqual(['macro.dbt.test_unique']);
    expect(test.depends_on.nodes).toEqual(['model.saas.dim_accounts']);
    expect(compiled(saas, test.name)).toContain('having count(*) > 1');
  });

  it("run a project's own macro of the same name, so that what it calls is recorded", () => {
    const p = project({
      'macros/tests.sql':
        "{% test unique(model, column_name) %}\nselect {{ column_name }} from {{ model }}\nwhere {{ column_name }} not in (select id from {{ ref('allowed') }})\n{% endtest %}",
      'models/allowed.sql': 'select 1 as id',
      'models/a.sql': 'select 1 as id',
      'models/_a.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    });
    const test = Object.values(p.nodes).find((n) => n.resource_type === 'test')!;
    expect(test.depends_on.macros).toEqual(['macro.p.test_unique']);
    expect(test.depends_on.nodes).toEqual(['model.p.a', 'model.p.allowed']);
  });
});

import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { compileTemplate, createEnvironment } from '../../../src/engine/compiler/environment';
import { parseSimpleTemplate, renderSimpleTemplate } from '../../../src/engine/compiler/simple-template';

const globals: Record<string, unknown> = {
  ref: (...args: unknown[]) => `"main"."${String(args.filter((a) => typeof a === 'string').pop())}"`,
  source: (s: string, t: string) => `"main"."${s}__${t}"`,
  config: () => '',
  is_incremental: () => true,
  is_full: () => false,
  empty: () => '',
  nothing: () => undefined,
  count: () => 0,
  echo: (...args: unknown[]) => JSON.stringify(args),
  target: { name: 'dev', schema: 'main' },
  flag: false,
  ids: [1, 'a', null, "it's"],
  settings: { on: true },
};

function viaNunjucks(source: string): string {
  const env = createEnvironment();
  for (const [k, v] of Object.entries(globals)) env.addGlobal(k, v);
  return new nunjucks.Template(source, env, 'x.sql', true).render({});
}

function viaFastPath(source: string): string {
  const t = parseSimpleTemplate(source);
  if (!t) throw new Error('not simple');
  return renderSimpleTemplate(t, (name) => globals[name], () => {});
}

describe('the simple-template fast path', () => {
  const same = [
    "select * from {{ ref('orders') }}",
    "{{ config(materialized='table', unique_key=['a', 'b'], full_refresh=False) }}\nselect * from {{ source('shop', 'orders') }}",
    "select 1 -- {{ ref('p', 'orders') }} {{ target.name }}.{{ target.schema }} {{ target.missing }}",
    "{# a comment #}select {{ echo('x', 1, -2.5, True, None, ['a', 3], k='v', n=none) }}",
    'select\n    {{- echo("a") -}}\n    , 1\n{#- trimmed -#}\n  from t',
    "select *\nfrom {{ ref('events') }}\n{% if is_incremental() %}\nwhere loaded_at > (select max(loaded_at) from x)\n{% endif %}\n",
    '{% if not is_incremental() %}full{% else %}incremental{% endif %} {% if is_full() %}a{% else %}b{% endif %}',
    '{%- if flag -%} yes {%- else -%} no {%- endif -%} | {% if empty() %}e{% endif %}{% if count() %}c{% endif %}{{ nothing() }}!',
    '{% if is_incremental() %}{% if is_full() %}1{% else %}2{% endif %}{% endif %}',
    'select 1\n',
    "select * from {{ echo(ref('a'), source('s', 't'), [ref('b'), 'c', [1, none]], k=echo('x', n=2), this=target.name) }}",
    "{{ echo(\n    ref('a'),\n    ['id',\n     'at'],\n    target\n) }} {{ echo(target.missing, nothing(), empty()) }}",
    "{% if echo(is_incremental()) %}y{% else %}n{% endif %}{% if not count(ref('a')) %}zero{% endif %}",
    // Values show as Python shows them: False, None, [1, 'a', None, "it's"], {'on': True}.
    '{{ flag }}|{{ is_full() }}|{{ ids }}|{{ settings }}|{{ target.missing }}|{{ nothing() }}',
  ];
  it.each(same)('renders %j exactly as nunjucks does', (source) => {
    expect(viaFastPath(source)).toBe(viaNunjucks(source));
  });

  it('shows values as Jinja (Python) does, on both paths', () => {
    const source = '{{ flag }}|{{ is_full() }}|{{ ids }}|{{ settings }}|{{ target.missing }}|{{ nothing() }}';
    expect(viaFastPath(source)).toBe(`False|False|[1, 'a', None, "it's"]|{'on': True}||`);
    expect(viaNunjucks('{{ true }} {{ none }} {{ [1, [2]] }}')).toBe('True None [1, [2]]');
  });

  const rejected = [
    "{% set x = 1 %}{{ x }}",
    "{{ ref('a') | upper }}",
    "{{ 'a' ~ 'b' }}",
    "{{ echo('it\\'s') }}",
    "{% if x == 1 %}a{% endif %}",
    "{% for x in y %}{% endfor %}",
    "{% if a %}unclosed",
    "{{ echo({'a': 1}) }}",
    "{{ adapter.dispatch('x')('y') }}",
    "{% macro m() %}{% endmacro %}",
    "{{ echo(ref('a')('b')) }}",
    "{{ echo(ref('a').identifier) }}",
    "{{ echo(target['name']) }}",
    "{{ echo(ref('a') ~ 'x') }}",
    '{{ true }}',
    '{% if None %}x{% endif %}',
  ];
  it.each(rejected)('leaves %j to nunjucks', (source) => {
    expect(parseSimpleTemplate(source)).toBeNull();
  });

  it('reports the line of the expression it is evaluating', () => {
    const t = parseSimpleTemplate("select 1\n\n  {{ ref('a') }}\n{% if flag %}\n{{ ref('b') }}{% endif %}")!;
    const lines: number[] = [];
    renderSimpleTemplate(t, (n) => globals[n], (l) => lines.push(l));
    expect(lines).toEqual([2, 3]);
  });

  it('reports the same line as nunjucks while each call runs, nested calls over several lines included', () => {
    const source = "select\n  {{ echo(\n    where(),\n    ref('a'),\n  where('x',\n    where())) }}\n{% if where() %}\n{{ where() }}{% endif %}";
    const seen = (track: () => number) => {
      const lines: number[] = [];
      return { lines, where: () => (lines.push(track()), 'w') };
    };
    const env = createEnvironment();
    let tracker: () => number = () => -1;
    (env as unknown as { __track: (path: string, fn: () => number) => void }).__track = (_path, fn) => {
      tracker = fn;
    };
    const viaJinja = seen(() => tracker());
    for (const [k, v] of Object.entries({ ...globals, where: viaJinja.where })) env.addGlobal(k, v);
    compileTemplate(env, source, 'x.sql').render({});

    let line = -1;
    const viaFast = seen(() => line);
    renderSimpleTemplate(parseSimpleTemplate(source)!, (name) => (name === 'where' ? viaFast.where : globals[name]), (l) => {
      line = l;
    });
    expect(viaFast.lines).toEqual(viaJinja.lines);
    // The outer where() on line 4 runs after its argument set the line to 5, in both.
    expect(viaFast.lines).toEqual([2, 5, 5, 6, 7]);
  });

  it('fails like nunjucks on a call to something undefined', () => {
    expect(() => viaFastPath('{{ nope() }}')).toThrow('Unable to call `nope`, which is undefined or falsey');
  });
});

import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../src/engine/compiler/environment';
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
  ];
  it.each(same)('renders %j exactly as nunjucks does', (source) => {
    expect(viaFastPath(source)).toBe(viaNunjucks(source));
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

  it('fails like nunjucks on a call to something undefined', () => {
    expect(() => viaFastPath('{{ nope() }}')).toThrow('Unable to call `nope`, which is undefined or falsey');
  });
});

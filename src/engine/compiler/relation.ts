/** A relation as dbt's Jinja sees it: `{{ ref('x') }}` prints `"main"."x"`. */
export class Relation {
  constructor(
    readonly identifier: string,
    readonly schema: string = 'main',
    readonly database: string | null = null,
    readonly type: 'table' | 'view' | 'cte' | null = null,
    private readonly parts: { schema: boolean; identifier: boolean } = { schema: true, identifier: true },
  ) {}

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }

  /** `relation.include(schema=false)` as in dbt. */
  include(...args: unknown[]): Relation {
    const kw = (args[args.length - 1] ?? {}) as Record<string, unknown>;
    return new Relation(this.identifier, this.schema, this.database, this.type, {
      schema: kw.schema === undefined ? this.parts.schema : Boolean(kw.schema),
      identifier: kw.identifier === undefined ? this.parts.identifier : Boolean(kw.identifier),
    });
  }

  render(): string {
    return this.toString();
  }

  toString(): string {
    if (this.type === 'cte') return this.identifier;
    const out: string[] = [];
    if (this.parts.schema && this.schema) out.push(quoteIdent(this.schema));
    if (this.parts.identifier) out.push(quoteIdent(this.identifier));
    return out.join('.');
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';

/**
 * A small dbt project for the browser tests, written to disk and built into
 * a site of its own: a shop whose orders reference two customers that do not
 * exist, so its `relationships` test fails with known rows, plus generated
 * layers of models that bring the DAG to `FIXTURE_NODES` nodes for the
 * lineage view's responsiveness check.
 */

export const FIXTURE_NODES = 300;
/** Customer ids in orders that the customers table lacks: the failing rows. */
export const ORPHAN_CUSTOMERS = ['c_404', 'c_999'];
export const FAILING_TEST = 'relationships_fct_orders_customer_id__customer_id__ref_dim_customers_';

const GENERATED_SOURCES = 20;
/** Real nodes besides the generated ones: 2 sources, 2 staging models, 2 marts. */
const SHOP_NODES = 6;

export async function writeFixtureProject(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  write(
    'dbt_project.yml',
    `name: e2e_fixture
version: '1.0.0'
config-version: 2
profile: e2e_fixture
model-paths: ['models']
seed-paths: ['warehouse/seeds']
test-paths: ['tests/data']
snapshot-paths: ['snapshots']
macro-paths: ['macros']
models:
  e2e_fixture:
    staging:
      +materialized: view
    generated:
      +materialized: view
    marts:
      +materialized: table
`,
  );

  write(
    'models/sources/_shop__sources.yml',
    `version: 2
sources:
  - name: shop
    description: A toy shop's raw extract.
    tables:
      - name: customers
        description: Customers as the loader writes them.
      - name: orders
        description: Orders as the loader writes them.
  - name: gen
    description: Generated raw tables for the lineage fixture.
    tables:
${Array.from({ length: GENERATED_SOURCES }, (_, i) => `      - name: t${i}\n`).join('')}`,
  );

  write('models/staging/stg_shop__customers.sql', "select id as customer_id, name as customer_name\nfrom {{ source('shop', 'customers') }}\n");
  write(
    'models/staging/stg_shop__orders.sql',
    "select id as order_id, customer_id, amount_cents / 100.0 as amount\nfrom {{ source('shop', 'orders') }}\n",
  );
  write('models/marts/dim_customers.sql', "select * from {{ ref('stg_shop__customers') }}\n");
  write('models/marts/fct_orders.sql', "select order_id, customer_id, amount\nfrom {{ ref('stg_shop__orders') }}\n");
  write(
    'models/marts/_marts__models.yml',
    `version: 2
models:
  - name: dim_customers
    description: One row per customer.
    columns:
      - name: customer_id
        description: The customer key.
        tests: [unique, not_null]
  - name: fct_orders
    description: One row per order, with the ordering customer.
    columns:
      - name: order_id
        tests: [unique, not_null]
      - name: customer_id
        description: Who ordered; must be a known customer.
        tests:
          - relationships:
              to: ref('dim_customers')
              field: customer_id
      - name: amount
        description: Order amount in dollars.
`,
  );

  // Generated layers: staging reads sources, each later layer reads two models of the one before.
  const generatedModels = FIXTURE_NODES - SHOP_NODES - GENERATED_SOURCES;
  const layers = ['staging', 'intermediate', 'marts'];
  const perLayer = Math.floor(generatedModels / layers.length);
  let previous: string[] = Array.from({ length: GENERATED_SOURCES }, (_, i) => `{{ source('gen', 't${i}') }}`);
  for (const [l, layer] of layers.entries()) {
    const count = l === layers.length - 1 ? generatedModels - perLayer * (layers.length - 1) : perLayer;
    const current: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${['stg', 'int', 'fct'][l]}_gen_${String(i).padStart(3, '0')}`;
      const a = previous[i % previous.length]!;
      const b = previous[(i * 7 + 3) % previous.length]!;
      const sql = a === b ? `select id from ${a}\n` : `select id from ${a}\nunion all\nselect id from ${b}\n`;
      write(`models/generated/${layer}/${name}.sql`, sql);
      current.push(`{{ ref('${name}') }}`);
    }
    previous = current;
  }

  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(`
    create table shop__customers (id text, name text);
    insert into shop__customers values ('c_1', 'Ada'), ('c_2', 'Grace'), ('c_3', 'Edsger');
    create table shop__orders (id integer, customer_id text, amount_cents integer);
    insert into shop__orders values
      (1, 'c_1', 1200), (2, 'c_2', 800), (3, '${ORPHAN_CUSTOMERS[0]}', 450),
      (4, 'c_3', 999), (5, '${ORPHAN_CUSTOMERS[1]}', 100), (6, 'c_1', 5000);
  `);
  for (let i = 0; i < GENERATED_SOURCES; i++) db.exec(`create table gen__t${i} (id integer); insert into gen__t${i} values (${i});`);
  mkdirSync(path.join(dir, 'warehouse'), { recursive: true });
  writeFileSync(path.join(dir, 'warehouse/raw_sources.sqlite'), db.export());
  db.close();
}

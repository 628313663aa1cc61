import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

/**
 * The vendor CSVs in `warehouse/seeds/`. The generator reads them so that the
 * truth and the models convert currencies, name events and price plans with
 * the very same reference data.
 */

export interface FxRate {
  month: string;
  currency: string;
  rateToUsd: number;
}

export interface TaxonomyEntry {
  eventName: string;
  version: 'v1' | 'v2';
  canonicalName: string;
  feature: string;
}

export interface CatalogPrice {
  priceId: string;
  stripeObject: 'plan' | 'price';
  productId: string;
  plan: 'Starter' | 'Growth' | 'Enterprise';
  tier: number;
  interval: 'month' | 'year';
  currency: string;
  /** Minor units (cents; whole yen for JPY). */
  unitAmount: number;
  version: 'v1' | 'v2';
  successorPriceId: string | null;
  availableFrom: string;
  retiredOn: string | null;
}

export interface CountryCode {
  iso2: string;
  iso3: string;
  name: string;
  region: string;
}

export interface Seeds {
  dir: string;
  fx: FxRate[];
  taxonomy: TaxonomyEntry[];
  catalog: CatalogPrice[];
  countries: CountryCode[];
  /** File name -> exact text, for the staleness stamp. */
  texts: Record<string, string>;
  /** `${month}|${CUR}` -> rate. */
  rate(month: string, currency: string): number;
}

export const SEED_FILES = ['country_codes.csv', 'event_taxonomy.csv', 'fx_rates.csv', 'plan_catalog.csv'] as const;

/** A seed CSV the generator cannot read; the message names the file and line. */
export class SeedError extends Error {}

function parseCsv(dir: string, file: string, columns: string[]): { rows: Record<string, string>[]; text: string } {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SeedError(`seed file ${path} is missing: restore it from git (git checkout -- warehouse/seeds)`);
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new SeedError(`${path}: line ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  const header = parsed.meta.fields ?? [];
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new SeedError(`${path}: header lacks column(s) ${missing.join(', ')}; expected ${columns.join(',')}`);
  }
  return { rows: parsed.data, text };
}

function num(path: string, line: number, column: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n)) {
    throw new SeedError(`${path}: line ${line}: column ${column} must be a number, got '${value ?? ''}'`);
  }
  return n;
}

export function loadSeeds(dir: string): Seeds {
  const texts: Record<string, string> = {};

  const fxFile = parseCsv(dir, 'fx_rates.csv', ['month', 'currency', 'rate_to_usd']);
  texts['fx_rates.csv'] = fxFile.text;
  const fx = fxFile.rows.map((r, i) => {
    const line = i + 2;
    if (!/^\d{4}-\d{2}-01$/.test(r.month ?? '')) {
      throw new SeedError(`${join(dir, 'fx_rates.csv')}: line ${line}: month must look like 2025-01-01, got '${r.month}'`);
    }
    const rateToUsd = num(join(dir, 'fx_rates.csv'), line, 'rate_to_usd', r.rate_to_usd);
    if (rateToUsd <= 0) throw new SeedError(`${join(dir, 'fx_rates.csv')}: line ${line}: rate_to_usd must be positive`);
    return { month: r.month!, currency: (r.currency ?? '').toUpperCase(), rateToUsd };
  });

  const taxFile = parseCsv(dir, 'event_taxonomy.csv', ['event_name', 'taxonomy_version', 'canonical_name', 'feature']);
  texts['event_taxonomy.csv'] = taxFile.text;
  const taxonomy = taxFile.rows.map((r, i) => {
    if (r.taxonomy_version !== 'v1' && r.taxonomy_version !== 'v2') {
      throw new SeedError(
        `${join(dir, 'event_taxonomy.csv')}: line ${i + 2}: taxonomy_version must be v1 or v2, got '${r.taxonomy_version}'`,
      );
    }
    return {
      eventName: r.event_name!,
      version: r.taxonomy_version,
      canonicalName: r.canonical_name!,
      feature: r.feature!,
    } satisfies TaxonomyEntry;
  });

  const catFile = parseCsv(dir, 'plan_catalog.csv', [
    'price_id',
    'stripe_object',
    'product_id',
    'plan',
    'tier',
    'billing_interval',
    'currency',
    'unit_amount',
    'catalog_version',
    'successor_price_id',
    'available_from',
    'retired_on',
  ]);
  texts['plan_catalog.csv'] = catFile.text;
  const catPath = join(dir, 'plan_catalog.csv');
  const catalog = catFile.rows.map((r, i) => {
    const line = i + 2;
    const plan = r.plan as CatalogPrice['plan'];
    if (!['Starter', 'Growth', 'Enterprise'].includes(plan)) {
      throw new SeedError(`${catPath}: line ${line}: plan must be Starter, Growth or Enterprise, got '${r.plan}'`);
    }
    const interval = r.billing_interval as CatalogPrice['interval'];
    if (interval !== 'month' && interval !== 'year') {
      throw new SeedError(`${catPath}: line ${line}: billing_interval must be month or year, got '${r.billing_interval}'`);
    }
    const unitAmount = num(catPath, line, 'unit_amount', r.unit_amount);
    // MRR stays an exact integer of minor units only if a year divides by 12.
    if (interval === 'year' && unitAmount % 12 !== 0) {
      throw new SeedError(`${catPath}: line ${line}: a yearly unit_amount must divide by 12, got ${unitAmount}`);
    }
    return {
      priceId: r.price_id!,
      stripeObject: r.stripe_object === 'plan' ? 'plan' : 'price',
      productId: r.product_id!,
      plan,
      tier: num(catPath, line, 'tier', r.tier),
      interval,
      currency: r.currency!,
      unitAmount,
      version: r.catalog_version === 'v1' ? 'v1' : 'v2',
      successorPriceId: r.successor_price_id ? r.successor_price_id : null,
      availableFrom: r.available_from!,
      retiredOn: r.retired_on ? r.retired_on : null,
    } satisfies CatalogPrice;
  });

  const ccFile = parseCsv(dir, 'country_codes.csv', ['iso2', 'iso3', 'country_name', 'region']);
  texts['country_codes.csv'] = ccFile.text;
  const countries = ccFile.rows.map((r) => ({ iso2: r.iso2!, iso3: r.iso3!, name: r.country_name!, region: r.region! }));

  const rates = new Map<string, number>();
  for (const r of fx) rates.set(`${r.month}|${r.currency}`, r.rateToUsd);

  return {
    dir,
    fx,
    taxonomy,
    catalog,
    countries,
    texts,
    rate(month: string, currency: string): number {
      const rate = rates.get(`${month}|${currency.toUpperCase()}`);
      if (rate === undefined) {
        throw new SeedError(
          `${join(dir, 'fx_rates.csv')} has no rate for ${currency.toUpperCase()} in ${month}: add that month's row`,
        );
      }
      return rate;
    },
  };
}

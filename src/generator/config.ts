import { parseUtc } from './time';

/**
 * Bump when a change to the generator changes its output, so that
 * `ensureWarehouse()` rebuilds stale files (the stamp also hashes the sources).
 */
export const GENERATOR_VERSION = '1.0.0';

export const DEFAULT_SEED = 'northpeak';
export const DEFAULT_SCALE = 1;

/** The company whose warehouse this is; its own people and test records carry this domain. */
export const COMPANY_NAME = 'Northpeak';
export const INTERNAL_DOMAIN = 'northpeak.io';

/** First second of simulated history. */
export const HISTORY_START = parseUtc('2024-01-01');
/** Batch 1 holds every row the loaders had synced by this second. */
export const BATCH1_CUTOFF = parseUtc('2026-10-31 23:59:59');
/** The simulated business stops here; the delta extract sees everything up to it. */
export const DELTA_DATA_END = parseUtc('2026-11-14 23:59:59');
/** When the delta was extracted: every delta row was synced (or received) by then. */
export const DELTA_EXTRACTED_AT = parseUtc('2026-11-15 06:00:00');
/** Segment event names switch from v1 'Title Case' to v2 'snake_case' on this day. */
export const TAXONOMY_CHANGE = parseUtc('2025-07-01');

export const SEGMENT_SIZES = ['SMB', 'Mid-Market', 'Enterprise'] as const;
export type SizeSegment = (typeof SEGMENT_SIZES)[number];

export const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Media',
  'Education',
  'Logistics',
  'Professional Services',
  'Energy',
] as const;

export interface CountryProfile {
  iso2: string;
  currency: 'USD' | 'EUR' | 'GBP' | 'JPY';
  /** UTC offset in minutes used when a client writes local timestamps (no DST, on purpose). */
  utcOffset: number;
  weight: number;
}

export const COUNTRIES: readonly CountryProfile[] = [
  { iso2: 'US', currency: 'USD', utcOffset: -300, weight: 34 },
  { iso2: 'CA', currency: 'USD', utcOffset: -300, weight: 5 },
  { iso2: 'BR', currency: 'USD', utcOffset: -180, weight: 2 },
  { iso2: 'GB', currency: 'GBP', utcOffset: 0, weight: 13 },
  { iso2: 'IE', currency: 'EUR', utcOffset: 0, weight: 3 },
  { iso2: 'DE', currency: 'EUR', utcOffset: 60, weight: 10 },
  { iso2: 'FR', currency: 'EUR', utcOffset: 60, weight: 6 },
  { iso2: 'NL', currency: 'EUR', utcOffset: 60, weight: 5 },
  { iso2: 'ES', currency: 'EUR', utcOffset: 60, weight: 3 },
  { iso2: 'IT', currency: 'EUR', utcOffset: 60, weight: 2 },
  { iso2: 'SE', currency: 'EUR', utcOffset: 60, weight: 2 },
  { iso2: 'JP', currency: 'JPY', utcOffset: 540, weight: 7 },
  { iso2: 'AU', currency: 'USD', utcOffset: 600, weight: 4 },
  { iso2: 'SG', currency: 'USD', utcOffset: 480, weight: 2 },
  { iso2: 'IN', currency: 'USD', utcOffset: 330, weight: 2 },
];

export interface GenerateOptions {
  /** Multiplies the number of companies (and so every table). Default 1; CLI text is checked. */
  scale?: number | string;
  /** Any string or number; the same seed and scale give byte-identical files. */
  seed?: string;
  /** Output folder; default `warehouse/`. */
  out?: string;
  /** Folder of the seed CSVs; default `warehouse/seeds/` of this repository. */
  seedsDir?: string;
}

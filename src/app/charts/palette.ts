/**
 * Colours per category, the same on every chart: a movement type, a stage,
 * a tier or a currency keeps its colour wherever it appears. Every colour
 * reaches at least 3:1 contrast on white (WCAG 1.4.11 for graphics), so
 * marks stay distinguishable on the light chart background.
 */
export interface Palette {
  /** Category values in display order (legend, stack order). */
  domain: readonly string[];
  range: readonly string[];
}

function palette(entries: readonly (readonly [string, string])[]): Palette {
  return { domain: entries.map(([name]) => name), range: entries.map(([, colour]) => colour) };
}

/** MRR bridge steps, totals first and last. */
export const MOVEMENT_PALETTE = palette([
  ['Starting MRR', '#556070'],
  ['New', '#1f55c0'],
  ['Expansion', '#1b7f45'],
  ['Reactivation', '#0e7f80'],
  ['Contraction', '#b35c00'],
  ['Churn', '#c62828'],
  ['FX', '#7a4fbf'],
  ['Ending MRR', '#556070'],
]);

/** Movement types as `fct_mrr_movements.movement` spells them. */
export const MOVEMENT_TYPE_PALETTE = palette([
  ['new', '#1f55c0'],
  ['expansion', '#1b7f45'],
  ['reactivation', '#0e7f80'],
  ['contraction', '#b35c00'],
  ['churn', '#c62828'],
  ['unchanged', '#6f7888'],
]);

export const STAGE_PALETTE = palette([
  ['Prospecting', '#6f7888'],
  ['Qualification', '#0e7f80'],
  ['Discovery', '#1f55c0'],
  ['Proposal', '#7a4fbf'],
  ['Negotiation', '#b35c00'],
  ['Closed Won', '#1b7f45'],
  ['Closed Lost', '#c62828'],
]);

export const TIER_PALETTE = palette([
  ['Starter', '#0e7f80'],
  ['Growth', '#1f55c0'],
  ['Enterprise', '#7a4fbf'],
  ['Unknown', '#6f7888'],
]);

export const CURRENCY_PALETTE = palette([
  ['USD', '#1f55c0'],
  ['EUR', '#b35c00'],
  ['GBP', '#7a4fbf'],
  ['JPY', '#a3326f'],
]);

export const SEGMENT_PALETTE = palette([
  ['SMB', '#0e7f80'],
  ['Mid-Market', '#b35c00'],
  ['Enterprise', '#7a4fbf'],
  ['All segments', '#1c2230'],
]);

export const OUTCOME_PALETTE = palette([
  ['won', '#1b7f45'],
  ['lost', '#c62828'],
]);

export const INVOICE_OUTCOME_PALETTE = palette([
  ['Paid on time', '#1b7f45'],
  ['Paid late', '#b35c00'],
  ['Open, overdue', '#c62828'],
  ['Open, not yet due', '#1f55c0'],
  ['Void', '#6f7888'],
]);

/** Activity counts (DAU/WAU/MAU) and other measures drawn side by side. */
export const ACTIVITY_PALETTE = palette([
  ['DAU', '#1f55c0'],
  ['WAU', '#0e7f80'],
  ['MAU', '#7a4fbf'],
]);

export const TAXONOMY_PALETTE = palette([
  ['v1 names', '#b35c00'],
  ['v2 names', '#1f55c0'],
  ['Canonical', '#1c2230'],
]);

export const MONEY_FLOW_PALETTE = palette([
  ['Invoiced', '#1f55c0'],
  ['Collected', '#1b7f45'],
]);

export const ADOPTION_PALETTE = palette([
  ['Adopters', '#1b7f45'],
  ['Non-adopters', '#6f7888'],
]);

/** The one colour of single-series charts. */
export const ACCENT = '#1f55c0';

/** Low to high for heatmaps: light to dark blue, readable text on both ends. */
export const SEQUENTIAL_SCHEME = 'blues';

import type { Rng } from './prng';
import type { Seeds } from './seeds';

/**
 * Source-level mess: how people and integrations actually typed things into
 * the source systems. Loader-level mess (duplicates, re-sends) lives in
 * render.ts.
 */

/** An email as someone typed it: sometimes capitalised or with stray spaces. */
export function typedEmail(clean: string, rng: Rng, p: number): string {
  if (!rng.chance(p)) return clean;
  const [local = '', domain = ''] = clean.split('@');
  switch (rng.int(0, 3)) {
    case 0:
      return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain}`;
    case 1:
      return ` ${clean}`;
    case 2:
      return `${clean.toUpperCase()}`;
    default:
      return `${local.replace(/(^|\.)([a-z])/g, (_, dot: string, ch: string) => dot + ch.toUpperCase())}@${domain.toUpperCase()} `;
  }
}

/** A country as a free-text CRM field holds it: a name, an ISO2 or an ISO3 code. */
export function typedCountry(iso2: string, rng: Rng, seeds: Seeds): string {
  const entry = seeds.countries.find((c) => c.iso2 === iso2);
  if (!entry) throw new Error(`country ${iso2} is not in warehouse/seeds/country_codes.csv: add it there`);
  const r = rng.next();
  if (r < 0.55) return entry.name;
  if (r < 0.8) return entry.iso2;
  return entry.iso3;
}

export type LinkMess = 'clean' | 'padded' | 'cased' | 'blank' | 'missing';

/** Applies a link mess to an id: missing is null, blank is an empty or space-only string. */
export function messLink(id: string, mess: LinkMess, rng: Rng): string | null {
  switch (mess) {
    case 'clean':
      return id;
    case 'padded':
      return rng.chance(0.5) ? ` ${id}` : `${id}  `;
    case 'cased':
      return id === id.toUpperCase() ? id.toLowerCase() : id.toUpperCase();
    case 'blank':
      return rng.chance(0.5) ? '' : ' ';
    case 'missing':
      return null;
  }
}

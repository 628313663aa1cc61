import type { Rng } from './prng';

const PREFIXES = [
  'Acme', 'Alder', 'Apex', 'Arbor', 'Atlas', 'Aurora', 'Beacon', 'Birch', 'Blue', 'Bright', 'Cedar', 'Cobalt',
  'Copper', 'Coral', 'Crest', 'Delta', 'Drift', 'Echo', 'Ember', 'Fern', 'Flint', 'Forge', 'Granite', 'Harbor',
  'Hazel', 'Helix', 'Horizon', 'Iris', 'Iron', 'Juniper', 'Kestrel', 'Lark', 'Linden', 'Lumen', 'Maple', 'Meridian',
  'Mosaic', 'Nimbus', 'North', 'Oak', 'Onyx', 'Orchid', 'Pine', 'Pioneer', 'Prism', 'Quarry', 'Quartz', 'Raven',
  'Redwood', 'Ridge', 'River', 'Sable', 'Sage', 'Slate', 'Solar', 'Sparrow', 'Spruce', 'Summit', 'Terra', 'Tidal',
  'Timber', 'Topaz', 'True', 'Umber', 'Vale', 'Vector', 'Verde', 'Willow', 'Wren', 'Zephyr',
];
const SUFFIXES = [
  'Analytics', 'Bank', 'Bio', 'Brands', 'Capital', 'Care', 'Cloud', 'Commerce', 'Consulting', 'Systems', 'Data',
  'Dynamics', 'Energy', 'Foods', 'Freight', 'Games', 'Group', 'Health', 'Holdings', 'Labs', 'Learning', 'Logistics',
  'Media', 'Medical', 'Motors', 'Networks', 'Partners', 'Pay', 'Retail', 'Robotics', 'Software', 'Studios', 'Supply',
  'Technologies', 'Travel', 'Works',
];
const LEGAL = ['', '', '', '', ' Inc', ' Ltd', ' GmbH', ' LLC', ' Co', ' AG', ' SA', ' BV', ' KK', ' Pty'];

export const FIRST_NAMES = [
  'Ada', 'Alex', 'Amir', 'Ana', 'Ben', 'Bianca', 'Carlos', 'Chen', 'Chloe', 'Dana', 'David', 'Elena', 'Emma', 'Farah',
  'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jack', 'Jana', 'Kai', 'Kenji', 'Lara', 'Leo', 'Lina', 'Lucas',
  'Maya', 'Mei', 'Mia', 'Nadia', 'Nils', 'Noah', 'Omar', 'Paula', 'Priya', 'Quinn', 'Rafael', 'Rosa', 'Sam', 'Sara',
  'Sofia', 'Tariq', 'Theo', 'Uma', 'Victor', 'Wei', 'Yara', 'Yuki', 'Zoe',
];
export const LAST_NAMES = [
  'Abe', 'Bauer', 'Becker', 'Brown', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Gupta', 'Hansen', 'Ito',
  'Jensen', 'Kaur', 'Kim', 'Klein', 'Kowalski', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Murphy', 'Nakamura',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Perez', 'Rossi', 'Sato', 'Schmidt', 'Silva', 'Singh', 'Smith',
  'Suzuki', 'Tanaka', 'Taylor', 'Walsh', 'Weber', 'Wilson', 'Wong', 'Young', 'Zhang',
];

/** Distinct company names with a matching web domain. */
export class CompanyNames {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(): { name: string; domain: string } {
    for (let attempt = 0; ; attempt++) {
      const base = `${this.rng.pick(PREFIXES)} ${this.rng.pick(SUFFIXES)}`;
      // Large scales run out of two-word names; a number keeps them unique.
      const crowded = this.used.size > 0.6 * PREFIXES.length * SUFFIXES.length;
      const stem = crowded || attempt > 40 ? `${base} ${this.rng.int(2, 999)}` : base;
      const key = stem.toLowerCase();
      if (this.used.has(key)) continue;
      this.used.add(key);
      const domain = `${key.replace(/[^a-z0-9]+/g, '')}.${this.rng.pick(['com', 'com', 'com', 'io', 'co', 'net'])}`;
      return { name: stem + this.rng.pick(LEGAL), domain };
    }
  }
}

export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

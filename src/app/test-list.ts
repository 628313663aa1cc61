import { modelHref } from './links';
import { hasEveryWord, queryWords } from './search-index';
import type { ProjectIndex, TestStatus, TestView } from './project-index';

/** The tests page's list: which tests a filter keeps, and their groups. */

export type StatusFilter = 'all' | 'problems' | TestStatus;
export type Grouping = 'model' | 'kind' | 'status';

const STATUS_ORDER: Record<TestStatus, number> = { error: 0, fail: 1, warn: 2, skipped: 3, 'not run': 4, pass: 5 };

export function filterTests(index: ProjectIndex, status: StatusFilter, text: string): TestView[] {
  // Every word must match somewhere (`not_null mrr`), as on the search page.
  const words = queryWords(text);
  return index.tests
    .filter((t) => {
      if (status === 'problems') return t.status === 'fail' || t.status === 'error';
      return status === 'all' || t.status === status;
    })
    .filter((t) => {
      if (words.length === 0) return true;
      const models = t.attachedTo.map((id) => index.resources.get(id)?.name ?? '').join(' ');
      return hasEveryWord(words, `${t.name} ${t.label} ${t.column ?? ''} ${models}`);
    })
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.label.localeCompare(b.label));
}

export interface Group {
  key: string;
  title: string;
  href?: string;
  tests: TestView[];
}

/**
 * The tests in groups, each with all of its tests (a page shows only the
 * first of a long group): by the models each test is attached to (a test
 * of several models is in each one's group), by kind, or by status; the
 * groups with the worst outcome first, then by name.
 */
export function groupTests(tests: TestView[], grouping: Grouping, index: ProjectIndex): Group[] {
  const groups = new Map<string, Group>();
  for (const test of tests) {
    const keys =
      grouping === 'model' ? (test.attachedTo.length ? test.attachedTo : ['(no model)']) : [grouping === 'kind' ? test.kind : test.status];
    for (const key of keys) {
      let group = groups.get(key);
      if (!group) {
        const resource = grouping === 'model' ? index.resources.get(key) : undefined;
        group = { key, title: resource?.name ?? key, href: resource ? modelHref(resource.key) : undefined, tests: [] };
        groups.set(key, group);
      }
      group.tests.push(test);
    }
  }
  const worst = (g: Group) => Math.min(...g.tests.map((t) => STATUS_ORDER[t.status]));
  return [...groups.values()].sort((a, b) => worst(a) - worst(b) || a.title.localeCompare(b.title));
}

export function worstStatus(tests: TestView[]): TestStatus {
  return tests.reduce<TestStatus>((worst, t) => (STATUS_ORDER[t.status] < STATUS_ORDER[worst] ? t.status : worst), 'pass');
}

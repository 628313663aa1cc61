import { DICTIONARY_PAGE, STATIC_DICTIONARY_PAGE, docHref, modelHref } from './links';

/**
 * Where a link inside a `docs/*.md` page should go on the site. The Markdown
 * is written for GitHub (relative links to other pages and to model files);
 * on the site those become hash routes, and other repository files link to
 * the repository.
 */
export interface LinkContext {
  /** The page being rendered, e.g. `metrics`. */
  page: string;
  pages: readonly string[];
  /** The site key of a model, seed, snapshot or source with this name, if there is one. */
  resolveResource: (name: string) => string | null;
  repositoryUrl: string | null;
}

export type RewrittenLink = { href: string; external: boolean } | null;

const FILE_BASE = 'https://repo.invalid/';
const RESOURCE_FILE = /^\/(?:models|snapshots|seeds|warehouse\/seeds|tests)\/(?:.*\/)?([^/]+)\.(?:sql|yml|yaml|csv)$/;

export function rewriteDocLink(href: string, context: LinkContext): RewrittenLink {
  if (href.startsWith('#/')) return { href, external: false };
  if (href.startsWith('#')) return { href: docHref(context.page, decodeURIComponent(href.slice(1))), external: false };
  if (/^(https?:|mailto:)/i.test(href)) return { href, external: true };
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;

  const url = new URL(href, `${FILE_BASE}docs/${context.page}.md`);
  if (!url.href.startsWith(FILE_BASE)) return null;
  const path = decodeURIComponent(url.pathname);
  const heading = url.hash ? decodeURIComponent(url.hash.slice(1)) : undefined;

  const doc = /^\/docs\/([^/]+)\.md$/.exec(path);
  // The dictionary built from this tab's manifest is the one to read here (its entries have no GitHub headings).
  if (doc?.[1] === STATIC_DICTIONARY_PAGE) return { href: docHref(DICTIONARY_PAGE), external: false };
  if (doc && context.pages.includes(doc[1]!)) return { href: docHref(doc[1]!, heading), external: false };

  const file = RESOURCE_FILE.exec(path);
  const key = file ? context.resolveResource(file[1]!) : null;
  if (key) return { href: modelHref(key), external: false };

  if (context.repositoryUrl) {
    const kind = path.endsWith('/') ? 'tree' : 'blob';
    return { href: `${context.repositoryUrl}/${kind}/HEAD${path}${url.hash}`, external: true };
  }
  return null;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A model named in inline code, `fct_mrr` or `ref('fct_mrr')`, links to its page. */
export function codeReference(code: string, resolveResource: (name: string) => string | null): string | null {
  const ref = /^ref\(\s*['"]([\w.]+)['"]\s*\)$/.exec(code.trim());
  const name = ref ? ref[1]! : code.trim();
  if (!/^[\w.]+$/.test(name)) return null;
  const key = resolveResource(name);
  return key ? modelHref(key) : null;
}

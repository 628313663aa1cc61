import { codeReference, rewriteDocLink, slugify } from './doc-links';
import type { LinkContext } from './doc-links';

/** The Markdown in `docs/`, each page its own lazily loaded chunk. */
const sources = import.meta.glob<string>('/docs/*.md', { query: '?raw', import: 'default' });

const slugOf = (path: string) => path.replace(/^.*\//, '').replace(/\.md$/, '');

export const docPages: readonly string[] = Object.keys(sources).map(slugOf).sort();

export async function loadDoc(page: string): Promise<string | null> {
  const entry = Object.entries(sources).find(([path]) => slugOf(path) === page);
  return entry ? entry[1]() : null;
}

/** The page's first `# heading`, else its name. */
export function docTitle(markdown: string, page: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? page;
}

/**
 * Markdown to a sanitised fragment: marked renders, DOMPurify removes
 * anything executable, then links are pointed at the site's routes and
 * headings get anchors.
 */
export async function renderMarkdown(markdown: string, context: Omit<LinkContext, 'pages'>): Promise<DocumentFragment> {
  const [{ marked }, { default: DOMPurify }] = await Promise.all([import('marked'), import('dompurify')]);
  const html = await marked.parse(markdown, { gfm: true });
  const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
  const linkContext: LinkContext = { ...context, pages: docPages };

  for (const heading of fragment.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    heading.id = slugify(heading.textContent ?? '');
  }
  for (const anchor of fragment.querySelectorAll('a[href]')) {
    const target = rewriteDocLink(anchor.getAttribute('href')!, linkContext);
    if (!target) {
      anchor.replaceWith(...anchor.childNodes);
      continue;
    }
    anchor.setAttribute('href', target.href);
    if (target.external) {
      anchor.setAttribute('target', '_blank');
      anchor.setAttribute('rel', 'noopener noreferrer');
    }
  }
  for (const code of fragment.querySelectorAll('code')) {
    if (code.closest('pre, a')) continue;
    const href = codeReference(code.textContent ?? '', context.resolveResource);
    if (!href) continue;
    const link = document.createElement('a');
    link.href = href;
    code.replaceWith(link);
    link.append(code);
  }
  for (const table of fragment.querySelectorAll('table')) {
    const wrapper = document.createElement('div');
    wrapper.className = 'table-scroll';
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  return fragment;
}

import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { docHref } from './links';

/**
 * A snake_case name or a path that may wrap after its underscores and
 * slashes (`<wbr>`), so a long model name or file path breaks at a word
 * instead of mid-word or past the edge. `<wbr>` is not copied with the
 * text, unlike a zero-width space.
 */
export function breakable(name: string): TemplateResult {
  const parts = name.split(/(?<=[_/])/);
  return html`${parts.map((part, i) => (i === 0 ? part : html`<wbr />${part}`))}`;
}

/**
 * Plain text with Markdown's inline code: `` `x` `` becomes `<code>x</code>`,
 * linked when `link` knows it (a model name). Column descriptions are short
 * and mostly plain, so a full Markdown render would be too much.
 */
export function inlineCode(text: string, link: (code: string) => string | null = () => null): TemplateResult {
  const parts = text.split(/`([^`]+)`/);
  return html`${parts.map((part, i) => {
    // A backtick left without its pair (text clipped inside a code span) is dropped.
    if (i % 2 === 0) return docMentions(part.replace(/`/g, ''));
    const href = link(part);
    return href ? html`<a href=${href}><code>${part}</code></a>` : html`<code>${part}</code>`;
  })}`;
}

/** A docs page named in plain text (`docs/metrics.md`, as the YAML descriptions cite them) links to the site's page for it. */
function docMentions(text: string): TemplateResult | string {
  const parts = text.split(/\b(docs\/[\w-]+\.md)\b/);
  if (parts.length === 1) return text;
  return html`${parts.map((part, i) => (i % 2 === 0 ? part : html`<a href=${docHref(part.slice('docs/'.length, -'.md'.length))}>${part}</a>`))}`;
}

/** Text with Markdown's inline-code backticks removed, for places that show plain text (suggestions, titles). */
export function plainText(markdown: string): string {
  return markdown.replace(/`/g, '');
}

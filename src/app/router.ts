/**
 * Hash routing: `#/model/fct_mrr?tab=sql`. The hash keeps GitHub Pages happy
 * (no server rewrites) and makes every view a link that restores it.
 */
export interface Location {
  /** Path without the leading `#`, always starting with `/`: `/model/fct_mrr`. */
  path: string;
  query: URLSearchParams;
}

export interface RouteMatch<Name extends string = string> {
  name: Name;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export interface RoutePattern<Name extends string = string> {
  name: Name;
  /** Segments; `:param` captures one segment, `*param` the rest of the path. */
  pattern: string;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const search = at < 0 ? '' : raw.slice(at + 1);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

/** Builds `#/a/b?x=1` from path segments (encoded here) and query parameters (empty ones dropped). */
export function href(segments: string[], query: Record<string, string | number | undefined | null> = {}): string {
  const path = segments.map(encodeURIComponent).join('/');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

export function matchRoute<Name extends string>(routes: readonly RoutePattern<Name>[], location: Location): RouteMatch<Name> | null {
  const parts = location.path.split('/').filter(Boolean);
  for (const route of routes) {
    const params = matchPattern(route.pattern, parts);
    if (params) return { name: route.name, params, query: location.query, path: location.path };
  }
  return null;
}

function matchPattern(pattern: string, parts: string[]): Record<string, string> | null {
  const expected = pattern.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    if (want.startsWith('*')) {
      params[want.slice(1)] = parts.slice(i).map(safeDecode).join('/');
      return params;
    }
    const got = parts[i];
    if (got === undefined) return null;
    if (want.startsWith(':')) params[want.slice(1)] = safeDecode(got);
    else if (want !== got) return null;
  }
  return parts.length === expected.length ? params : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

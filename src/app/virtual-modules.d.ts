/** Provided by tools/vite-plugin-warehouse.ts. */
declare module 'virtual:warehouse-site' {
  export const site: {
    /** Where the header's "Source" link points; null when unknown. */
    repositoryUrl: string | null;
    /**
     * Raw SQLite files of the site, the default warehouse first: `path` is
     * relative to the site's base (gzipped, `.gz`, in a built site) and
     * `bytes` the size of what is downloaded.
     */
    rawFiles: { name: string; path: string; bytes: number }[];
  };
}

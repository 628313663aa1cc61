import { parseGalleryQuery, sortGallery } from './gallery';
import type { GalleryQuery } from './gallery';

/** The files of `queries/`, bundled as text into the console's chunk. */
const files = import.meta.glob<string>('/queries/*.sql', { query: '?raw', import: 'default', eager: true });

/** Every gallery query, parsed once; a malformed file fails loudly when the console opens (and in the unit tests first). */
export const galleryQueries: GalleryQuery[] = sortGallery(Object.entries(files).map(([path, text]) => parseGalleryQuery(path.replace(/^\//, ''), text)));

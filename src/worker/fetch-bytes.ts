import type { ProgressListener } from '../shared/worker-api';

/** Progress is reported at most this often, so a fast download does not flood the page with messages. */
const PROGRESS_INTERVAL_MS = 50;

/**
 * Downloads a file into memory, reporting bytes as they arrive. `expected`
 * stands in for Content-Length when the server sends none (or compresses).
 */
export async function fetchBytes(
  fetchImpl: typeof fetch,
  url: string,
  file: string,
  expected: number | undefined,
  onProgress: ProgressListener | undefined,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new Error(`Downloading ${url} failed (${(error as Error).message}): check the network and reload.`);
  }
  if (!response.ok) {
    throw new Error(`Downloading ${url} failed: HTTP ${response.status} ${response.statusText}. The site may be incompletely deployed; reload, or rebuild it with \`npm run build\`.`);
  }
  const header = Number(response.headers.get('Content-Length'));
  const encoded = response.headers.get('Content-Encoding');
  const total = header > 0 && !encoded ? header : (expected ?? null);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ kind: 'download', file, loaded: bytes.byteLength, total: total ?? bytes.byteLength });
    return bytes;
  }

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  const reader = response.body.getReader();
  onProgress?.({ kind: 'download', file, loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = Date.now();
    if (now - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = now;
      onProgress?.({ kind: 'download', file, loaded, total });
    }
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  onProgress?.({ kind: 'download', file, loaded, total: loaded });
  return bytes;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Inflates gzip data and passes anything else through. Checking the bytes
 * rather than the URL copes with hosts that decode `.gz` files on the way
 * (sending them with `Content-Encoding: gzip`).
 */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/shared/worker-api';
import { gzipSync } from 'node:zlib';
import { fetchBytes, gunzipIfNeeded } from '../../../src/worker/fetch-bytes';

function streamed(chunks: number[][], headers: Record<string, string> = {}, status = 200): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
          controller.close();
        },
      }),
      { status, statusText: status === 200 ? 'OK' : 'Not Found', headers },
    );
}

describe('fetchBytes', () => {
  it('joins the chunks and reports progress against Content-Length', async () => {
    const events: ProgressEvent[] = [];
    const bytes = await fetchBytes(streamed([[1, 2], [3], [4, 5, 6]], { 'Content-Length': '6' }), 'http://x/raw.sqlite', 'raw.sqlite', undefined, (e) => events.push(e));
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[0]).toEqual({ kind: 'download', file: 'raw.sqlite', loaded: 0, total: 6 });
    expect(events.at(-1)).toEqual({ kind: 'download', file: 'raw.sqlite', loaded: 6, total: 6 });
  });

  it('falls back to the expected size when the response is compressed or has no length', async () => {
    const events: ProgressEvent[] = [];
    await fetchBytes(streamed([[1, 2, 3]], { 'Content-Encoding': 'gzip', 'Content-Length': '2' }), 'http://x/a', 'a', 3, (e) => events.push(e));
    expect(events[0]).toMatchObject({ total: 3 });
  });

  it('names the URL and the HTTP status when the download fails', async () => {
    await expect(fetchBytes(streamed([], {}, 404), 'http://x/data/raw_sources.sqlite', 'raw', undefined, undefined)).rejects.toThrow(
      /Downloading http:\/\/x\/data\/raw_sources\.sqlite failed: HTTP 404/,
    );
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchBytes(offline, 'http://x/a', 'a', undefined, undefined)).rejects.toThrow(/failed \(Failed to fetch\): check the network/);
  });
});

describe('gunzipIfNeeded', () => {
  it('inflates gzip data and passes a plain SQLite file through untouched', async () => {
    const sqlite = new TextEncoder().encode('SQLite format 3\u0000' + 'x'.repeat(5000));
    expect([...(await gunzipIfNeeded(gzipSync(sqlite)))]).toEqual([...sqlite]);
    expect(await gunzipIfNeeded(sqlite)).toBe(sqlite);
  });

  it('fails on a truncated gzip file instead of opening garbage', async () => {
    const truncated = gzipSync(new Uint8Array(10_000).fill(7)).subarray(0, 20);
    await expect(gunzipIfNeeded(truncated)).rejects.toThrow();
  });
});

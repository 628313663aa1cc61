import type { SqlValue } from '../shared/worker-api';

/** Saves bytes or text as a file, as a link with `download` would. */
export function saveFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; the URL only needs to outlive that.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A result as CSV (papaparse, loaded on first use). Text that a spreadsheet
 * would run as a formula gets a leading `'`; blobs are described, not dumped.
 */
export async function resultToCsv(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<string> {
  const { unparse } = await import('papaparse');
  const data = rows.map((row) =>
    row.map((v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<blob, ${v.byteLength} bytes>` : v)),
  );
  return unparse({ fields: [...columns], data }, { newline: '\n', escapeFormulae: true });
}

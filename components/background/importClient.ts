/**
 * What the workbench calls to put merged rows into the case store: `occ:import` messages of 500
 * rows each (a message stays small however large the merge, and the page's work for each batch —
 * reading it from the merge worker and handing it to the background — stays well under 100 ms), the last one marked final so
 * the popup's "last import" is recorded once. Stops at the first batch the store could not save;
 * each batch is one transaction, so the batches before it are stored whole and that one not at all.
 */
import { browser } from 'wxt/browser';
import type { CaseValues } from '../../lib/deadlines';
import type { ImportRequest, WriteResponse } from './messages';

/** Rows read a batch at a time (the merge worker holds them; the page never holds them all). */
export interface RowSource {
  readonly total: number;
  read(start: number, count: number): Promise<readonly CaseValues[]>;
}

export interface ImportOptions {
  /** The merged file's name (or the single input's). */
  readonly name: string;
  /** The input files, for the popup's "last import". */
  readonly names?: readonly string[];
  /** When the newest export was made, when known. */
  readonly exportedAt?: number;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly send?: (request: ImportRequest) => Promise<unknown>;
}

export type ImportResult =
  | { readonly ok: true; readonly written: number; readonly changed: number }
  | { readonly ok: false; readonly written: number; readonly reason?: string; readonly message: string };

export async function importIntoCaseStore(rows: readonly CaseValues[] | RowSource, options: ImportOptions): Promise<ImportResult> {
  const send = options.send ?? ((request: ImportRequest) => browser.runtime.sendMessage(request));
  const source: RowSource = 'read' in rows ? rows : { total: rows.length, read: async (start, count) => rows.slice(start, start + count) };
  const total = source.total;
  const size = options.batchSize ?? 500;
  let written = 0;
  let changed = 0;
  for (let start = 0; start < total || start === 0; start += size) {
    const batch = await source.read(start, size);
    const final = start + size >= total;
    const request: ImportRequest = {
      type: 'occ:import',
      name: options.name,
      rows: batch,
      ...(options.names ? { names: options.names } : {}),
      ...(options.exportedAt !== undefined ? { exportedAt: options.exportedAt } : {}),
      ...(final ? { final: true, totalRows: total } : {}),
    };
    const answer = (await send(request).catch(() => undefined)) as WriteResponse | undefined;
    if (!answer || !answer.ok) {
      return { ok: false, written, ...(answer ? { reason: answer.reason } : {}), message: answer?.message ?? 'The case store did not answer. Nothing already stored was changed.' };
    }
    written += answer.written;
    changed += answer.changed;
    options.onProgress?.(Math.min(start + size, total), total);
    if (final) break;
  }
  return { ok: true, written, changed };
}

import { describe, expect, it, vi } from 'vitest';
import { importIntoCaseStore } from '../../components/background/importClient';
import type { ImportRequest } from '../../components/background/messages';

const rows = Array.from({ length: 5 }, (_, i) => ({ caseReference: `PNX-${i}-AAAA` }));

describe('importIntoCaseStore', () => {
  it('sends batches, the last one final with the total', async () => {
    const send = vi.fn(async (request: ImportRequest) => ({ ok: true, written: request.rows.length, changed: 1 }));
    const progress = vi.fn();
    expect(await importIntoCaseStore(rows, { name: 'merged.csv', names: ['a.csv'], batchSize: 2, send, onProgress: progress })).toEqual({ ok: true, written: 5, changed: 3 });
    expect(send.mock.calls.map(([request]) => [request.rows.length, request.final ?? false, request.totalRows])).toEqual([
      [2, false, undefined],
      [2, false, undefined],
      [1, true, 5],
    ]);
    expect(progress.mock.calls.at(-1)).toEqual([5, 5]);
  });

  it('stops at the first batch the store could not save', async () => {
    const send = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, written: 2, changed: 2 })
      .mockResolvedValueOnce({ ok: false, reason: 'quota', message: 'no room left' });
    expect(await importIntoCaseStore(rows, { name: 'm.csv', batchSize: 2, send })).toEqual({ ok: false, written: 2, reason: 'quota', message: 'no room left' });
    expect(send).toHaveBeenCalledTimes(2);
  });
});

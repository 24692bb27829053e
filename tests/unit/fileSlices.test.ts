/**
 * The merge worker's file reading (entrypoints/workbench/fileSlices.ts): slices are read by a
 * second worker and handed over by transfer, the next slice asked for before the merge takes the
 * current one (and the next file's first slice before the merge takes a file's last), and the merge
 * worker reads them itself when no reader worker can be made or it fails.
 */
import { describe, expect, it, vi } from 'vitest';
import { answerSliceRequests, fileChunks, readAhead, sliceReader, type ReaderWorker, type SliceAnswer, type SliceRequest } from '../../entrypoints/workbench/fileSlices';

const bytesOf = (length: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length }, (_, i) => (i * 7) % 251);
const join = (chunks: Uint8Array[]): number[] => chunks.flatMap((chunk) => [...chunk]);

/** A reader worker in this thread: runs the real answering side and records what crosses. */
class FakeReader implements ReaderWorker {
  onmessage: ((event: MessageEvent<SliceAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  requests: SliceRequest[] = [];
  transfers: Transferable[][] = [];
  private readonly inside: { onmessage: ((event: MessageEvent<SliceRequest>) => void) | null; postMessage(message: SliceAnswer, transfer: Transferable[]): void };
  constructor() {
    this.inside = {
      onmessage: null,
      postMessage: (message, transfer) => {
        this.transfers.push(transfer);
        queueMicrotask(() => this.onmessage?.({ data: message } as MessageEvent<SliceAnswer>));
      },
    };
    answerSliceRequests(this.inside);
  }
  postMessage(message: SliceRequest): void {
    this.requests.push(message);
    this.inside.onmessage?.({ data: message } as MessageEvent<SliceRequest>);
  }
}

describe('file slices', () => {
  it.each([
    { size: 0, chunk: 4, slices: 0 },
    { size: 3, chunk: 4, slices: 1 },
    { size: 8, chunk: 4, slices: 2 },
    { size: 10, chunk: 4, slices: 3 },
  ])('a $size-byte file in $chunk-byte slices comes whole, in order, through the reader worker ($slices reads)', async ({ size, chunk, slices }) => {
    const source = bytesOf(size);
    const reader = new FakeReader();
    const read = sliceReader(() => reader);
    const chunks: Uint8Array[] = [];
    for await (const bytes of fileChunks(new Blob([source]), read, chunk)) chunks.push(bytes);
    expect(join(chunks)).toEqual([...source]);
    expect(reader.requests.map(({ start, end }) => [start, end])).toEqual(Array.from({ length: slices }, (_, i) => [i * chunk, Math.min(size, (i + 1) * chunk)]));
    // Each slice's bytes were transferred, not copied.
    expect(reader.transfers).toHaveLength(slices);
    for (const transfer of reader.transfers) {
      expect(transfer).toHaveLength(1);
      expect(transfer[0]).toBeInstanceOf(ArrayBuffer);
    }
  });

  it('asks for the next slice before the merge takes the current one', async () => {
    const reader = new FakeReader();
    const chunks = fileChunks(new Blob([bytesOf(12)]), sliceReader(() => reader), 4);
    await chunks.next();
    expect(reader.requests.map(({ start }) => start)).toEqual([0, 4]);
    await chunks.return(undefined);
  });

  it.each([
    { eager: true, madeBeforeRead: 1 },
    { eager: false, madeBeforeRead: 0 },
  ])('eager $eager: the reader worker is made before the first read $madeBeforeRead time(s), and once in all', async ({ eager, madeBeforeRead }) => {
    let made = 0;
    const read = sliceReader(() => (made += 1, new FakeReader()), { eager });
    expect(made).toBe(madeBeforeRead);
    expect([...new Uint8Array(await read(new Blob([bytesOf(4)]), 0, 4))]).toEqual([...bytesOf(4)]);
    await read(new Blob([bytesOf(4)]), 0, 4);
    expect(made).toBe(1);
  });

  it.each([
    { sizes: [10, 3, 0, 6], chunk: 4 },
    { sizes: [3, 3, 3], chunk: 4 },
    { sizes: [0, 5], chunk: 4 },
  ])('files of $sizes bytes read one after another: each next file\'s first slice is asked for as the last file\'s last slice is handed on', async ({ sizes, chunk }) => {
    const sources = sizes.map((size, index) => bytesOf(size).map((byte) => (byte + index) % 256));
    const files = sources.map((source) => new Blob([source]));
    const reader = new FakeReader();
    const chunksOf = readAhead(files, sliceReader(() => reader), chunk);
    for (let index = 0; index < files.length; index += 1) {
      const got: Uint8Array[] = [];
      for await (const bytes of chunksOf(index)) {
        got.push(bytes);
        const last = got.length === Math.ceil(sizes[index]! / chunk);
        // While the merge holds a file's last slice, the next non-empty file's first read is already asked for.
        const following = sizes.findIndex((size, later) => later > index && size > 0);
        if (last && following === index + 1) expect([files.indexOf(reader.requests.at(-1)!.file as Blob), reader.requests.at(-1)!.start]).toEqual([index + 1, 0]);
      }
      expect(join(got)).toEqual([...sources[index]!]);
    }
    // Every slice was read once: none twice, none left unread.
    const expected = sizes.flatMap((size, index) => Array.from({ length: Math.ceil(size / chunk) }, (_, i) => [index, i * chunk]));
    expect(reader.requests.map(({ file, start }) => [files.indexOf(file as Blob), start]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)).toEqual(expected);
  });

  it('a file read again from its start (a merge that starts over) comes whole again', async () => {
    const sources = [bytesOf(6), bytesOf(5)];
    const chunksOf = readAhead(sources.map((source) => new Blob([source])), sliceReader(() => new FakeReader()), 4);
    const read = async (index: number) => {
      const got: Uint8Array[] = [];
      for await (const bytes of chunksOf(index)) got.push(bytes);
      return join(got);
    };
    expect(await read(0)).toEqual([...sources[0]!]);
    expect(await read(0)).toEqual([...sources[0]!]);
    expect(await read(1)).toEqual([...sources[1]!]);
    expect(await read(1)).toEqual([...sources[1]!]);
  });

  it.each([
    {
      description: 'no reader worker can be made',
      make: (): ReaderWorker => {
        throw new Error('no nested workers here');
      },
      fail: undefined,
    },
    {
      description: 'the reader worker fails with reads waiting',
      make: (): ReaderWorker => ({ onmessage: null, onerror: null, postMessage() {} }),
      fail: (reader: ReaderWorker) => reader.onerror?.({ preventDefault() {} } as ErrorEvent),
    },
  ])('reads in the merge worker itself when $description', async ({ make, fail }) => {
    const source = bytesOf(10);
    let made: ReaderWorker | undefined;
    const read = sliceReader(() => (made = make()));
    const chunks: Uint8Array[] = [];
    const reading = (async () => {
      for await (const bytes of fileChunks(new Blob([source]), read, 4)) chunks.push(bytes);
    })();
    await Promise.resolve();
    if (fail && made) fail(made);
    await reading;
    expect(join(chunks)).toEqual([...source]);
  });

  it('a read the reader worker cannot do fails with its reason', async () => {
    const reader = new FakeReader();
    const unreadable = { slice: () => ({ arrayBuffer: () => Promise.reject(new Error('the file changed on disk')) }), size: 4 } as unknown as Blob;
    await expect(sliceReader(() => reader)(unreadable, 0, 4)).rejects.toThrow('the file changed on disk');
  });

  it('a hand-over the reader worker cannot make is answered as a failure, not left waiting', async () => {
    const answers: SliceAnswer[] = [];
    const inside = {
      onmessage: null as ((event: MessageEvent<SliceRequest>) => void) | null,
      postMessage: (message: SliceAnswer, transfer: Transferable[]) => {
        if (transfer.length > 0) throw new Error('DataCloneError: the buffer cannot be transferred');
        answers.push(message);
      },
    };
    answerSliceRequests(inside);
    inside.onmessage!({ data: { id: 7, file: new Blob([bytesOf(4)]), start: 0, end: 4 } } as MessageEvent<SliceRequest>);
    await vi.waitFor(() => expect(answers).toEqual([{ id: 7, error: 'DataCloneError: the buffer cannot be transferred' }]));
  });
});

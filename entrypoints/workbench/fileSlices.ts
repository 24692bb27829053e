/**
 * How the merge worker reads the dropped files: a slice at a time, the next slice read while the
 * merge works on the last one. The reading itself is done by a second worker (read-worker.ts) that
 * hands each slice over by transfer (no copy): in Chromium the bytes of a `Blob.arrayBuffer()` come
 * through a pipe that the reading thread drains in many small tasks, and a trace of the 20-file
 * bench showed that draining (about 1.1 s of the merge worker's 6.1 s of CPU) and the freeing of
 * what it left behind (0.6 s) on the merge's own thread, and the next slice stalled while the merge
 * ran. When no reader worker can be made (or it fails), slices are read in the merge worker itself.
 * The reader hands over bytes, not text: decoding there and posting the string (tried twice) moves
 * no work, since taking an 8 MB string out of a message costs the merge thread about what decoding
 * it does (trace of the 20-file set: 1.6 s in the message handler against 2.0 s of decode before).
 */

/** Bytes read from a File at a time. The 20-file bench in Chromium at load 11: 8 MB reads 17.4 s, 1 MB reads 23.4 s. */
export const CHUNK_BYTES = 8 << 20;

export interface SliceRequest {
  readonly id: number;
  readonly file: Blob;
  readonly start: number;
  readonly end: number;
}

export type SliceAnswer = { readonly id: number; readonly bytes: ArrayBuffer } | { readonly id: number; readonly error: string };

/** The reader worker's side: each request answered with its bytes, transferred, not copied. */
export function answerSliceRequests(scope: { onmessage: ((event: MessageEvent<SliceRequest>) => void) | null; postMessage(message: SliceAnswer, transfer: Transferable[]): void }): void {
  scope.onmessage = (event) => {
    const { id, file, start, end } = event.data;
    readHere(file, start, end)
      .then((bytes) => scope.postMessage({ id, bytes }, [bytes]))
      // A failed read, or a failed hand-over: the merge worker is told, so it reads the slice itself.
      .catch((error: unknown) => scope.postMessage({ id, error: String((error as Error)?.message ?? error) }, []));
  };
}

/** What the merge worker needs of its reader worker (a fake one in tests). */
export interface ReaderWorker {
  onmessage: ((event: MessageEvent<SliceAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: SliceRequest): void;
}

export type ReadSlice = (file: Blob, start: number, end: number) => Promise<ArrayBuffer>;

/** Reads in this thread. */
export const readHere: ReadSlice = (file, start, end) => file.slice(start, end).arrayBuffer();

/**
 * Reads through a reader worker made by `make` (at the first read, or at once when `eager`, so
 * that it starts while the merge worker waits for its first request); when it cannot be made, or
 * once it fails, reads in this thread instead (requests waiting on a failed reader are read again here).
 */
export function sliceReader(make: () => ReaderWorker, options: { eager?: boolean } = {}): ReadSlice {
  let reader: ReaderWorker | undefined;
  let failed = false;
  let nextId = 1;
  const waiting = new Map<number, { request: SliceRequest; resolve: (bytes: ArrayBuffer) => void; reject: (error: Error) => void }>();
  const fallBack = (): void => {
    failed = true;
    reader = undefined;
    const pending = [...waiting.values()];
    waiting.clear();
    for (const { request, resolve, reject } of pending) readHere(request.file, request.start, request.end).then(resolve, reject);
  };
  const ensure = (): void => {
    if (reader || failed) return;
    try {
      const made = make();
      made.onmessage = (event) => {
        const answer = event.data;
        const entry = waiting.get(answer.id);
        if (!entry) return;
        waiting.delete(answer.id);
        if ('bytes' in answer) entry.resolve(answer.bytes);
        else entry.reject(new Error(answer.error));
      };
      made.onerror = (event) => {
        event.preventDefault?.();
        fallBack();
      };
      reader = made;
    } catch {
      failed = true;
    }
  };
  if (options.eager) ensure();
  return (file, start, end) => {
    ensure();
    if (!reader) return readHere(file, start, end);
    const request: SliceRequest = { id: nextId++, file, start, end };
    const target = reader;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      waiting.set(request.id, { request, resolve, reject });
      target.postMessage(request);
    });
  };
}

/** For `fileChunks`, from `readAhead`. */
export interface ChunkHooks {
  /** The first slice, already asked for. */
  readonly first?: Promise<ArrayBuffer>;
  /** Called as the last slice is handed on (at once for an empty file). */
  readonly onLast?: () => void;
}

/** The file's bytes a slice at a time, the next slice asked for while the caller works on this one. */
export async function* fileChunks(file: Blob, read: ReadSlice, chunkBytes = CHUNK_BYTES, { first, onLast }: ChunkHooks = {}): AsyncGenerator<Uint8Array> {
  const start = (at: number): Promise<ArrayBuffer> | undefined => {
    if (at >= file.size) return undefined;
    const reading = read(file, at, Math.min(file.size, at + chunkBytes));
    // A read still under way when the merge stops with this file is not waited for: no unhandled failure.
    reading.catch(() => undefined);
    return reading;
  };
  let next = file.size > 0 ? (first ?? start(0)) : undefined;
  if (next === undefined) onLast?.();
  for (let at = 0; next !== undefined; at += chunkBytes) {
    const bytes = await next;
    next = start(at + chunkBytes);
    if (next === undefined) onLast?.();
    yield new Uint8Array(bytes);
  }
}

/**
 * Chunks for a list of files read one after another: as a file's last slice is handed on, the next
 * file's first slice is asked for, so no file waits for its first read (the small bench set's five
 * files are one slice each: each waited 30-60 ms for its read). Each call of `chunks(index)` reads
 * the file from its start; a slice read ahead is used once (a merge that starts over reads again).
 */
export function readAhead(files: readonly Blob[], read: ReadSlice, chunkBytes = CHUNK_BYTES): (index: number) => AsyncGenerator<Uint8Array> {
  const ahead = new Map<number, Promise<ArrayBuffer>>();
  const askFor = (index: number): void => {
    const file = files[index];
    if (!file || file.size === 0 || ahead.has(index)) return;
    const reading = read(file, 0, Math.min(file.size, chunkBytes));
    reading.catch(() => undefined);
    ahead.set(index, reading);
  };
  return (index) => {
    const first = ahead.get(index);
    ahead.delete(index);
    return fileChunks(files[index]!, read, chunkBytes, { first, onLast: () => askFor(index + 1) });
  };
}

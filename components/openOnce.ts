/**
 * One connection per page or worker: the first call opens it and later calls share it; a failed
 * open is forgotten, so the next call tries again rather than repeat the failure forever.
 */
export function openOnce<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () =>
    (opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
}

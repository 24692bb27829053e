/**
 * The guard around everything we run in the portal's page: an exception of ours is caught and
 * logged once with our prefix, and never reaches the portal's own scripts.
 */
export const LOG_PREFIX = '[Connect Companion]';

let reported = false;

export function reportOnce(error: unknown, where: string): void {
  if (reported) return;
  reported = true;
  try {
    console.warn(`${LOG_PREFIX} ${where} failed; the page is unaffected.`, error);
  } catch {
    // Even logging may fail on a hostile page: stay silent.
  }
}

/** `fn` wrapped so that it never throws (a rejected promise is caught too). */
export function guard<Args extends unknown[], Result>(where: string, fn: (...args: Args) => Result): (...args: Args) => Result | undefined {
  return (...args: Args) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch((error: unknown) => reportOnce(error, where));
      return result;
    } catch (error) {
      reportOnce(error, where);
      return undefined;
    }
  };
}

/** Test hook: let the next error be logged again. */
export function resetGuard(): void {
  reported = false;
}

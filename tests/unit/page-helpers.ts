// Shared by the page-* tests: load a fixture into happy-dom's document, and a fake content-script
// lifecycle whose animation frames run when the test says so.
import type { ListeningLifecycle } from '../../components/page/observer';

// Frames are run on the real clock's turns, so a test may fake the timers and the clock.
const realSetTimeout = globalThis.setTimeout;
const turn = () => new Promise((resolve) => realSetTimeout(resolve, 0));

export function load(html: string): void {
  document.head.innerHTML = '';
  document.body.innerHTML = html;
}

export interface FakeLifecycle extends ListeningLifecycle {
  /** Runs the queued animation frames (and any they queue), after pending mutation callbacks. */
  flush(): Promise<void>;
  /** Runs the frames queued now (after pending mutation callbacks), not the ones they queue. */
  step(): Promise<void>;
  invalidate(): void;
  readonly framesRun: number;
}

export function fakeLifecycle(): FakeLifecycle {
  let frames = new Map<number, FrameRequestCallback>();
  let nextHandle = 1;
  const invalidated: (() => void)[] = [];
  let valid = true;
  let framesRun = 0;
  const requestAnimationFrame = (callback: FrameRequestCallback) => {
    frames.set(nextHandle, callback);
    return nextHandle++;
  };
  const cancelAnimationFrame = (handle: number) => void frames.delete(handle);
  const listeners = new AbortController();
  return {
    get isValid() {
      return valid;
    },
    get framesRun() {
      return framesRun;
    },
    onInvalidated(callback) {
      invalidated.push(callback);
    },
    requestAnimationFrame,
    frames: { requestAnimationFrame, cancelAnimationFrame },
    addEventListener(target, type, handler) {
      target.addEventListener(type, handler, { signal: listeners.signal });
    },
    async flush() {
      for (let round = 0; round < 100; round += 1) {
        await turn(); // let MutationObserver callbacks run
        const due = [...frames.values()];
        frames = new Map();
        if (due.length === 0) return;
        framesRun += due.length;
        for (const frame of due) frame(0);
      }
    },
    async step() {
      await turn();
      const due = [...frames.values()];
      frames = new Map();
      framesRun += due.length;
      for (const frame of due) frame(0);
    },
    invalidate() {
      valid = false;
      listeners.abort();
      for (const callback of invalidated) callback();
    },
  };
}

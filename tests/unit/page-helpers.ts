// Shared by the page-* tests: load a fixture into happy-dom's document, and a fake content-script
// lifecycle whose animation frames run when the test says so.
import type { Lifecycle } from '../../components/page/observer';

export function load(html: string): void {
  document.head.innerHTML = '';
  document.body.innerHTML = html;
}

export interface FakeLifecycle extends Lifecycle {
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
    async flush() {
      for (let round = 0; round < 100; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 0)); // let MutationObserver callbacks run
        const due = [...frames.values()];
        frames = new Map();
        if (due.length === 0) return;
        framesRun += due.length;
        for (const frame of due) frame(0);
      }
    },
    async step() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const due = [...frames.values()];
      frames = new Map();
      framesRun += due.length;
      for (const frame of due) frame(0);
    },
    invalidate() {
      valid = false;
      for (const callback of invalidated) callback();
    },
  };
}

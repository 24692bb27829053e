// frameScheduler with WXT's real content-script context: frames are asked for on every page change,
// click and key, so asking for one must not leave anything behind on the context.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { frameScheduler } from '../../components/page/observer';

/** The window's frames, run when the test says so. */
function stubFrames() {
  const queued = new Map<number, FrameRequestCallback>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (queued.set(next, callback), next++));
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => void queued.delete(handle));
  return {
    queued,
    runAll() {
      const due = [...queued.values()];
      queued.clear();
      due.forEach((frame) => frame(0));
    },
  };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('frameScheduler on a content script context', () => {
  it('5,000 frames leave at most one listener on the context', () => {
    const frames = stubFrames();
    const ctx = new ContentScriptContext('portal');
    const listeners = vi.spyOn(ctx.signal, 'addEventListener');
    let runs = 0;
    const schedule = frameScheduler(() => (runs += 1), ctx);
    for (let frame = 0; frame < 5000; frame += 1) {
      schedule();
      schedule(); // coalesced
      frames.runAll();
    }
    expect(runs).toBe(5000);
    expect(listeners.mock.calls.length).toBeLessThanOrEqual(1);
    ctx.notifyInvalidated();
  });

  it.each([
    ['a frame asked for before the script stops', true],
    ['a request after the script stopped', false],
  ])('runs nothing for %s', (_name, beforeStop) => {
    const frames = stubFrames();
    const ctx = new ContentScriptContext('portal');
    const run = vi.fn();
    const schedule = frameScheduler(run, ctx);
    if (beforeStop) schedule();
    ctx.notifyInvalidated();
    schedule();
    expect(frames.queued.size).toBe(0); // the pending frame was cancelled, none was asked for
    frames.runAll();
    expect(run).not.toHaveBeenCalled();
  });
});

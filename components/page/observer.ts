/**
 * The one way this extension watches the page: MutationObservers whose callbacks ignore the
 * mutations our own nodes cause, and whose work is batched into one animation frame. Everything is
 * disconnected when the content script's context is invalidated. No polling timers.
 */
import { OWN_NODE } from './selectors';

/** Where animation frames come from: the window, or a test's or the bench's own. */
export type FrameSource = Pick<Window, 'requestAnimationFrame' | 'cancelAnimationFrame'>;

/** What a content script's `ctx` (WXT ContentScriptContext) gives us; tests and the bench pass their own. */
export interface Lifecycle {
  readonly isValid: boolean;
  onInvalidated(callback: () => void): unknown;
  /** For a frame asked for once (per element, say): ctx's keeps a listener per call until the script stops. */
  requestAnimationFrame(callback: FrameRequestCallback): number;
  /** frameScheduler's frames (tests and the bench pass their own); the window's when absent. */
  readonly frames?: FrameSource;
}

/** The rest of `ctx` the countdowns use: event listeners that die with the script. */
export interface ListeningLifecycle extends Lifecycle {
  addEventListener(target: EventTarget, type: string, handler: () => void): void;
}

function elementOf(node: Node): Element | null {
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

function isOwnNode(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).matches(OWN_NODE);
}

/** True for a mutation inside one of our nodes, or one that only added or removed our nodes. */
export function isOwnMutation(record: MutationRecord): boolean {
  // Cheapest first: most of our mutations add or remove a cell of ours.
  if (record.type === 'childList') {
    const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
    // Whitespace text nodes the page adds with ours do not make it the page's change.
    if (nodes.length > 0 && nodes.every((node) => isOwnNode(node) || (node.nodeType === Node.TEXT_NODE && !node.textContent?.trim()))) return true;
  }
  return elementOf(record.target)?.closest(OWN_NODE) != null;
}

/** Every observer made by observe() and still connected, with what it does with records. */
const live = new Map<MutationObserver, (records: MutationRecord[]) => void>();

/**
 * Hands every observer of ours the records it has queued but not yet been given: call it before a
 * synchronous pass that will end with discardOwnMutations(), so no change of the page's is lost.
 * In the browser this is normally empty (records are delivered before an animation frame begins);
 * not so when a pass runs right after the page changed, in the same task.
 */
export function deliverPendingMutations(): void {
  for (const [observer, handle] of live) {
    const records = observer.takeRecords();
    if (records.length > 0) handle(records);
  }
}

/**
 * Drops the records every observer of ours has queued: call it at the end of a synchronous pass
 * that wrote only our own nodes, after deliverPendingMutations() at its start. No page script runs
 * inside such a pass, so all those records are ours, and filtering them one by one with
 * isOwnMutation — thousands of records for a long table — is work for nothing.
 */
export function discardOwnMutations(): void {
  for (const observer of live.keys()) observer.takeRecords();
}

/**
 * Observes `target`; calls `onChange` with the page's own mutation records (never with ours).
 * Returns the disconnect function, which is also called when the lifecycle ends.
 */
export function observe(target: Node, init: MutationObserverInit, onChange: (records: MutationRecord[]) => void, lifecycle: Lifecycle): () => void {
  const handle = (records: MutationRecord[]) => {
    const theirs = records.filter((record) => !isOwnMutation(record));
    if (theirs.length > 0) onChange(theirs);
  };
  const observer = new MutationObserver(handle);
  observer.observe(target, init);
  live.set(observer, handle);
  let connected = true;
  const disconnect = () => {
    if (!connected) return;
    connected = false;
    live.delete(observer);
    observer.disconnect();
  };
  lifecycle.onInvalidated(disconnect);
  return disconnect;
}

/**
 * Coalesces any number of requests into one call of `run` on the next animation frame. The
 * window's frames, not ctx.requestAnimationFrame: that one adds an abort listener to the context
 * for every frame, kept until the script stops, and frames are asked for on every page change,
 * click and key. One listener per scheduler cancels the frame pending when the script stops.
 */
export function frameScheduler(run: () => void, lifecycle: Lifecycle): () => void {
  const frames = lifecycle.frames ?? window;
  let pending = false;
  let handle = 0;
  let cancelOnStop = false;
  return () => {
    if (pending || !lifecycle.isValid) return;
    if (!cancelOnStop) {
      cancelOnStop = true;
      lifecycle.onInvalidated(() => {
        if (pending) frames.cancelAnimationFrame(handle);
      });
    }
    pending = true;
    handle = frames.requestAnimationFrame(() => {
      pending = false;
      if (lifecycle.isValid) run();
    });
  };
}

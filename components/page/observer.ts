/**
 * The one way this extension watches the page: MutationObservers whose callbacks ignore the
 * mutations our own nodes cause, and whose work is batched into one animation frame. Everything is
 * disconnected when the content script's context is invalidated. No polling timers.
 */
import { OWN_NODE } from './selectors';

/** What a content script's `ctx` (WXT ContentScriptContext) gives us; tests and the bench pass their own. */
export interface Lifecycle {
  readonly isValid: boolean;
  onInvalidated(callback: () => void): unknown;
  requestAnimationFrame(callback: FrameRequestCallback): number;
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

/**
 * Observes `target`; calls `onChange` with the page's own mutation records (never with ours).
 * Returns the disconnect function, which is also called when the lifecycle ends.
 */
export function observe(target: Node, init: MutationObserverInit, onChange: (records: MutationRecord[]) => void, lifecycle: Lifecycle): () => void {
  const observer = new MutationObserver((records) => {
    const theirs = records.filter((record) => !isOwnMutation(record));
    if (theirs.length > 0) onChange(theirs);
  });
  observer.observe(target, init);
  let connected = true;
  const disconnect = () => {
    if (!connected) return;
    connected = false;
    observer.disconnect();
  };
  lifecycle.onInvalidated(disconnect);
  return disconnect;
}

/** Coalesces any number of requests into one call of `run` on the next animation frame. */
export function frameScheduler(run: () => void, lifecycle: Lifecycle): () => void {
  let pending = false;
  return () => {
    if (pending || !lifecycle.isValid) return;
    pending = true;
    lifecycle.requestAnimationFrame(() => {
      pending = false;
      if (lifecycle.isValid) run();
    });
  };
}

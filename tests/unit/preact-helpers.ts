// Shared by the happy-dom tests of our Preact views: a fresh mount point per test, and a way to let
// the views' promises (storage, messages, IndexedDB fakes) settle.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';

/**
 * Registers a fresh element in the document before each test (after `before`, e.g. resetting the
 * fake browser) and unmounts whatever was rendered into it after; returns the current one.
 */
export function mountPoint(before?: () => void): () => HTMLElement {
  let root: HTMLElement | undefined;
  beforeEach(() => {
    before?.();
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    if (!root) return;
    render(null, root);
    root.remove();
    root = undefined;
  });
  return () => root!;
}

/** A few turns of the event loop inside act(), so every pending update has rendered. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await act(async () => await new Promise((resolve) => setTimeout(resolve, 0)));
}

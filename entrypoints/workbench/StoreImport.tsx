/**
 * Under a finished merge: with `auto` (the Merge tab) every merge is added to the case store as soon
 * as it is done (issue 6: the store is "fed by every merged or imported export"), and the button
 * adds it again (after a failure, say). It sends the merged cases to the background's case
 * store a batch at a time (components/background/importClient) and says how it went, here where the
 * user asked for it. A full disk stops the import with the store's own message; every batch is one
 * transaction, so what was stored before stays as it was.
 */
import { useEffect, useState } from 'preact/hooks';
import { importIntoCaseStore, type ImportOptions, type ImportResult, type RowSource } from '../../components/background/importClient';

export interface StoreImportProps {
  readonly source: RowSource;
  /** The input files, oldest first. */
  readonly names: readonly string[];
  readonly exportedAt?: number;
  /** Start the import when shown, without waiting for the button. */
  readonly auto?: boolean;
  /** Told when the automatic import starts (the Merge tab then does not ask again for the same merge). */
  readonly onAutoStart?: () => void;
  /** Defaults to the real import (occ:import messages); tests pass their own. */
  readonly importRows?: (source: RowSource, options: ImportOptions) => Promise<ImportResult>;
}

type State = { phase: 'idle' } | { phase: 'running'; done: number } | { phase: 'finished'; result: ImportResult };

const number = new Intl.NumberFormat('en-GB');

export function StoreImport(props: StoreImportProps) {
  const importRows = props.importRows ?? importIntoCaseStore;
  const [state, setState] = useState<State>({ phase: 'idle' });
  const total = props.source.total;

  async function start(): Promise<void> {
    setState({ phase: 'running', done: 0 });
    const name = props.names.length === 1 ? props.names[0]! : `merge of ${props.names.length} files`;
    const result = await importRows(props.source, {
      name,
      names: props.names,
      ...(props.exportedAt !== undefined ? { exportedAt: props.exportedAt } : {}),
      onProgress: (done) => setState({ phase: 'running', done }),
    }).catch((error: unknown): ImportResult => ({ ok: false, written: 0, message: `The import stopped: ${String((error as Error)?.message ?? error)}. Nothing already stored was changed.` }));
    setState({ phase: 'finished', result });
  }

  useEffect(() => {
    if (props.auto && total > 0) {
      props.onAutoStart?.();
      void start();
    }
    // Once when shown: the Merge tab mounts a new one for each merge, and says whether it was added already.
  }, []);

  const result = state.phase === 'finished' ? state.result : undefined;
  return (
    <div class="wb-store-import">
      <button type="button" class="wb-button" data-testid="store-import" disabled={state.phase === 'running' || total === 0} onClick={() => void start()}>
        Add to the case store ({number.format(total)} {total === 1 ? 'case' : 'cases'})
      </button>
      {state.phase === 'running' && (
        <span class="wb-status" role="status" data-testid="store-import-status">
          Adding the merged cases to your deadlines… {number.format(state.done)} of {number.format(total)}
        </span>
      )}
      {result?.ok && (
        <span class="wb-status" role="status" data-testid="store-import-status">
          Added {number.format(result.written)} {result.written === 1 ? 'case' : 'cases'} to your deadlines ({number.format(result.changed)} new or changed in the case store). The
          popup and the Deadlines tab now count them.
        </span>
      )}
      {result && !result.ok && (
        <p class="wb-error" role="alert" data-testid="store-import-error">
          {result.message}
          {result.written > 0
            ? ` ${number.format(result.written)} of ${number.format(total)} cases were added before it stopped; adding again is safe (a case already stored is not counted twice).`
            : ''}
        </p>
      )}
    </div>
  );
}

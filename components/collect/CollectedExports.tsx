/**
 * The workbench's list of exports collected from the portal (kept in the extension's IndexedDB
 * until removed): add one or all to the merge, or remove one (which deletes the stored file).
 * Re-read whenever the page comes back into view, so a file added from the popup meanwhile shows.
 */
import { useEffect, useState } from 'preact/hooks';
import { collectedFile, listCollected, openCollectedDb, removeCollected, type CollectedDb, type CollectedExport } from './exportsDb';
import './collect.css';
import { openOnce } from '../openOnce';
import { formatFileSize } from '../../lib/fileSize';

export interface CollectedExportsProps {
  /** Adds files to the merge list (the Merge tab's own adder). */
  readonly onAdd: (files: File[]) => void;
  readonly db?: () => Promise<CollectedDb>;
}

const defaultDb = openOnce(() => openCollectedDb());

const WHEN = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

export function CollectedExports({ onAdd, db = defaultDb }: CollectedExportsProps) {
  const [items, setItems] = useState<CollectedExport[] | undefined>();
  const [added, setAdded] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<string | undefined>();

  const reload = () =>
    db()
      .then(listCollected)
      .then(setItems, (failure: unknown) => setError(`The collected exports could not be read (${String(failure)}).`));

  useEffect(() => {
    void reload();
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, []);

  async function add(list: readonly CollectedExport[]): Promise<void> {
    const files: File[] = [];
    const gone: string[] = [];
    for (const item of list) {
      const file = await collectedFile(await db(), item.id);
      if (file) files.push(file);
      else gone.push(item.name);
    }
    if (files.length) onAdd(files);
    setAdded((current) => new Set([...current, ...list.map((item) => item.id)]));
    setError(gone.length ? `No longer stored: ${gone.join(', ')}.` : undefined);
    if (gone.length) await reload();
  }

  async function remove(item: CollectedExport): Promise<void> {
    await removeCollected(await db(), item.id);
    await reload();
  }

  if (items === undefined && !error) return null;
  return (
    <section class="wb-collected" aria-labelledby="wb-collected-heading" data-testid="collected-exports">
      <h2 id="wb-collected-heading">Collected from the portal</h2>
      {items && items.length === 0 && (
        <p class="wb-hint">Exports you download from the portal are offered in the extension's popup; the ones you add are kept here until you remove them.</p>
      )}
      {items && items.length > 0 && (
        <>
          <ul class="wb-collected-list">
            {items.map((item) => (
              <li key={item.id} class="wb-collected-item" data-collected-name={item.name}>
                <div class="wb-file-head">
                  <span class="wb-file-name">{item.name}</span>
                  <span class="wb-file-meta">
                    {formatFileSize(item.size)} · collected {WHEN.format(item.collectedAt)}
                    {added.has(item.id) ? ' · added to the merge' : ''}
                  </span>
                  <span class="wb-file-actions">
                    <button type="button" data-collected-action="add" aria-label={`Add ${item.name} to the merge`} onClick={() => void add([item])}>
                      Add to merge
                    </button>
                    <button type="button" data-collected-action="remove" aria-label={`Remove ${item.name} from the collected exports`} onClick={() => void remove(item)}>
                      Remove
                    </button>
                  </span>
                </div>
              </li>
            ))}
          </ul>
          {items.length > 1 && (
            <button type="button" class="wb-button" data-collected-action="add-all" onClick={() => void add(items)}>
              Add all {items.length} to the merge
            </button>
          )}
        </>
      )}
      {error && (
        <p class="wb-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

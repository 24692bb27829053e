/**
 * What the workbench imports statically: a few lines that fetch the Insights tab (Chart.js
 * included) as its own chunk, the first time the tab is shown, and the choice of what it charts —
 * the last merge of the Merge tab, when there is one, or every case of the case store.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RowSource } from '../background/importClient';

type InsightsModule = typeof import('./index');

/** A finished merge: its cases, read a batch at a time from the merge worker, and its input files. */
export interface MergedCases extends RowSource {
  /** The input files, oldest first. */
  readonly names: readonly string[];
}

export interface InsightsLoaderProps {
  readonly active: boolean;
  readonly merged?: MergedCases;
}

type Source = 'merge' | 'store';

const number = new Intl.NumberFormat('en-GB');

// Each merge is charted afresh: a key of its own mounts a new tab that reads it.
const mergeKeys = new WeakMap<MergedCases, string>();
let merges = 0;
function mergeKey(merged: MergedCases): string {
  let key = mergeKeys.get(merged);
  if (key === undefined) mergeKeys.set(merged, (key = `merge-${(merges += 1)}`));
  return key;
}

export function InsightsLoader(props: InsightsLoaderProps) {
  const [module, setModule] = useState<InsightsModule | undefined>();
  const [error, setError] = useState<string | undefined>();
  // The user's choice holds for the merge it was made with; a new merge, just made, is what the
  // user wants to see, so it is charted first.
  const [choice, setChoice] = useState<{ readonly merged: MergedCases | undefined; readonly source: Source }>();
  const source: Source = choice && choice.merged === props.merged ? choice.source : props.merged ? 'merge' : 'store';
  const setSource = (chosen: Source) => setChoice({ merged: props.merged, source: chosen });
  useEffect(() => {
    if (props.active && !module) import('./index').then(setModule, (reason: unknown) => setError(String(reason)));
  }, [props.active]);
  if (error) return <p role="alert">The charts could not be loaded: {error}</p>;
  if (!module) return <p role="status">{props.active ? 'Loading the charts…' : ''}</p>;
  const merged = source === 'merge' ? props.merged : undefined;
  return (
    <>
      {props.merged && (
        <fieldset class="occ-insights-source" data-occ-source={merged ? 'merge' : 'store'}>
          <legend>Chart</legend>
          <label>
            <input type="radio" name="occ-insights-source" value="merge" checked={source === 'merge'} onChange={() => setSource('merge')} /> This merge (
            {number.format(props.merged.total)} cases from {props.merged.names.join(', ')})
          </label>
          <label>
            <input type="radio" name="occ-insights-source" value="store" checked={source === 'store'} onChange={() => setSource('store')} /> All stored cases
          </label>
        </fieldset>
      )}
      {merged ? (
        <module.InsightsTab key={mergeKey(merged)} load={() => module.loadMergedInsights(merged)} />
      ) : (
        <module.InsightsTab key="store" load={module.loadStoreInsights} />
      )}
    </>
  );
}

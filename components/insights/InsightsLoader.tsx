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

export function InsightsLoader(props: InsightsLoaderProps) {
  const [module, setModule] = useState<InsightsModule | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [source, setSource] = useState<Source>(props.merged ? 'merge' : 'store');
  // Each merge is charted afresh (and, just made, it is what the user wants to see).
  const [mergeCount, setMergeCount] = useState(0);
  useEffect(() => {
    setSource(props.merged ? 'merge' : 'store');
    setMergeCount((count) => count + 1);
  }, [props.merged]);
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
        <module.InsightsTab key={`merge-${mergeCount}`} load={() => module.loadMergedInsights(merged)} />
      ) : (
        <module.InsightsTab key="store" load={module.loadStoreInsights} />
      )}
    </>
  );
}

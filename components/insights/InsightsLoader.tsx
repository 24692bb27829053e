/**
 * What the workbench imports statically: a few lines that fetch the Insights tab (Chart.js
 * included) as its own chunk, the first time the tab is shown. Until then nothing of it loads.
 */
import { useEffect, useState } from 'preact/hooks';

type InsightsModule = typeof import('./index');

export function InsightsLoader(props: { readonly active: boolean }) {
  const [module, setModule] = useState<InsightsModule | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (props.active && !module) import('./index').then(setModule, (reason: unknown) => setError(String(reason)));
  }, [props.active]);
  if (error) return <p role="alert">The charts could not be loaded: {error}</p>;
  if (!module) return <p role="status">{props.active ? 'Loading the charts…' : ''}</p>;
  return <module.InsightsTab load={module.loadStoreInsights} />;
}

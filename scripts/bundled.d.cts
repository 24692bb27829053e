// Types for scripts/bundled.cjs (plain JavaScript so that it runs without TypeScript tooling).
export interface BundleOptions {
  /** The checkout the entry is relative to (default: the one holding scripts/). */
  root?: string;
}
export interface Stamp {
  entry: string;
  bundle: string;
  /** The Node major version it was built for; another one builds it again. */
  node: string;
  /** Every file the bundle was built from (and tsconfig.json and the launcher), with `size:mtimeMs` as seen then ('changed while building' for one saved during the build). */
  inputs: Record<string, string>;
}
export function isFresh(stampFile: string): boolean;
export function build(entry: string, outfile: string, stampFile: string, options?: BundleOptions): Promise<Stamp>;
export function bundleOf(entry: string, options?: BundleOptions): Promise<string>;
export function runBundled(entry: string, options?: BundleOptions): Promise<void>;

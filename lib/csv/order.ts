/**
 * The order exports are merged in: the later export wins. Its export time is taken from a
 * timestamp in the file name when there is one, else the file's last-modified time, else the
 * order the files were given in. The workbench lets the user reorder them afterwards.
 */

export type OrderBasis = 'file name' | 'last modified' | 'given order';

export interface Orderable {
  readonly name: string;
  readonly lastModified?: number;
}

export interface OrderedExport<T extends Orderable> {
  readonly file: T;
  /** Milliseconds; file-name times are read as UTC wall-clock, which only ever compares them. */
  readonly time?: number;
  readonly basis: OrderBasis;
}

// 2026-01-19, 2026_01_19, 20260119, then optionally a time 14-30-12, 14:30, 143012, T1430.
const YEAR_FIRST = /(?<![0-9])(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?:[T _-]{0,3}([01]\d|2[0-3])[-_.:h]?([0-5]\d)(?:[-_.:m]?([0-5]\d))?)?(?![0-9])/;
// 19-01-2026 (the portal is British: never month first), optionally a time.
const DAY_FIRST = /(?<![0-9])(0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](20\d{2})(?:[T _-]{1,3}([01]\d|2[0-3])[-_.:h]?([0-5]\d)(?:[-_.:m]?([0-5]\d))?)?(?![0-9])/;
// A JavaScript timestamp in milliseconds (13 digits, 2001–2286).
const EPOCH_MS = /(?<![0-9])(1\d{12})(?![0-9])/;

/** The export time a file name carries, in milliseconds, or undefined. */
export function timestampInName(name: string): number | undefined {
  const base = name.replace(/^.*[\\/]/, '');
  const yearFirst = YEAR_FIRST.exec(base);
  if (yearFirst) {
    const [, y, mo, d, h, mi, s] = yearFirst;
    return utc(y!, mo!, d!, h, mi, s);
  }
  const dayFirst = DAY_FIRST.exec(base);
  if (dayFirst) {
    const [, d, mo, y, h, mi, s] = dayFirst;
    return utc(y!, mo!, d!, h, mi, s);
  }
  const epoch = EPOCH_MS.exec(base);
  return epoch ? Number(epoch[1]) : undefined;
}

function utc(y: string, mo: string, d: string, h?: string, mi?: string, s?: string): number | undefined {
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const check = new Date(time);
  return check.getUTCDate() === Number(d) && check.getUTCMonth() === Number(mo) - 1 ? time : undefined;
}

/** Oldest first, so that the last one wins. Ties, and files with no time, keep the given order. */
export function orderExports<T extends Orderable>(files: readonly T[]): OrderedExport<T>[] {
  const dated = files.map((file, index) => {
    const named = timestampInName(file.name);
    if (named !== undefined) return { file, time: named, basis: 'file name' as const, index };
    if (file.lastModified !== undefined && Number.isFinite(file.lastModified)) {
      return { file, time: file.lastModified, basis: 'last modified' as const, index };
    }
    return { file, basis: 'given order' as const, index };
  });
  // Files without any time stay where they were given, relative to each other and to the rest.
  if (dated.some((entry) => entry.time === undefined)) {
    return dated.map(({ index: _index, ...entry }) => entry);
  }
  return dated
    .sort((a, b) => a.time! - b.time! || a.index - b.index)
    .map(({ index: _index, ...entry }) => entry);
}

/**
 * Collecting the portal's exports (issue 5): which finished downloads are portal case-list CSVs,
 * the list of offers the popup shows, and the words used when a file cannot be fetched. Pure: the
 * background (components/collect) feeds it the browser's download items and stores what it returns.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';

/** The parts of a browser download item (`downloads.DownloadItem`) this module reads. */
export interface DownloadFacts {
  readonly id: number;
  readonly url: string;
  /** The address after redirects (Chrome); absent in Firefox. */
  readonly finalUrl?: string;
  /** The path the file was saved to (a GUID in some automated browsers). */
  readonly filename?: string;
  readonly mime?: string;
  readonly fileSize?: number;
}

export type OfferStatus = 'new' | 'failed';

/** A finished portal download the popup offers to add to the workbench. */
export interface CollectOffer {
  /** Stable key of the offer: `download-<id>-<offeredAt>` (download ids are reused after a restart). */
  readonly id: string;
  readonly downloadId: number;
  /** The file's name as the user saw it. */
  readonly name: string;
  /** The portal address to fetch it from again. */
  readonly url: string;
  /** False for a file the page made itself (a `blob:` address): only that page can read it. */
  readonly fetchable: boolean;
  readonly size?: number;
  readonly offeredAt: number;
  readonly status: OfferStatus;
  /** For a failed offer: what the user is told (fetchFailureMessage). */
  readonly message?: string;
}

/** The most offers kept: an analyst downloading a month of batches sees them all; older ones drop. */
export const MAX_OFFERS = 30;

/** Match patterns we may read as portal hosts: well formed, and never "every site". */
export function portalPatterns(patterns: readonly string[]): MatchPattern[] {
  const result: MatchPattern[] = [];
  for (const pattern of new Set(patterns)) {
    if (pattern === '<all_urls>' || /^[^:]+:\/\/\*\//.test(pattern)) continue;
    try {
      result.push(new MatchPattern(pattern));
    } catch {
      // Not a match pattern (a typo kept in settings): it names no portal.
    }
  }
  return result;
}

/** The address as a URL whose host can be checked: a `blob:` address is checked by its creator's origin. */
function checkedUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'blob:' ? new URL(parsed.pathname) : parsed;
  } catch {
    return undefined;
  }
}

export function isPortalUrl(url: string | undefined, patterns: readonly MatchPattern[]): boolean {
  if (!url) return false;
  const parsed = checkedUrl(url);
  // As a string: MatchPattern tests `instanceof Location` for other inputs, which a service worker lacks.
  return parsed !== undefined && patterns.some((pattern) => pattern.includes(parsed.href));
}

const CSV_MIME = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'text/x-csv', 'application/x-csv', 'text/tab-separated-values']);
const CSV_NAME = /\.(csv|tsv)$/i;

/** The last part of a path, whichever separator the computer uses. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? '';
}

function urlFileName(url: string): string {
  const parsed = checkedUrl(url);
  if (!parsed || url.startsWith('blob:')) return '';
  try {
    return decodeURIComponent(baseName(parsed.pathname));
  } catch {
    return baseName(parsed.pathname);
  }
}

/**
 * A case-list export by its type or its name. Windows reports `.csv` as `application/vnd.ms-excel`
 * when Excel is installed, so that type counts only with a `.csv`/`.tsv` name.
 */
export function looksLikeCsv(item: Pick<DownloadFacts, 'mime' | 'filename' | 'url' | 'finalUrl'>): boolean {
  const mime = (item.mime ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_MIME.has(mime)) return true;
  const names = [baseName(item.filename ?? ''), urlFileName(item.finalUrl ?? ''), urlFileName(item.url)];
  return names.some((name) => CSV_NAME.test(name));
}

/**
 * The name to show: the saved file's, else the address's last part, else a generic one. A saved
 * name with no extension is a browser's temporary name (automated browsers save downloads as GUIDs).
 */
export function downloadName(item: Pick<DownloadFacts, 'filename' | 'url' | 'finalUrl'>): string {
  const saved = baseName(item.filename ?? '');
  if (/\.[a-z0-9]{2,4}$/i.test(saved)) return saved;
  for (const url of [item.finalUrl, item.url]) {
    const name = url ? urlFileName(url) : '';
    if (/\.[a-z0-9]{2,4}$/i.test(name)) return name;
  }
  return 'portal-export.csv';
}

/**
 * The offer for a finished download, or undefined when it is not a portal CSV. The address fetched
 * again is the final one (where the file came from), and it must be on a portal host: a download
 * served from elsewhere, even after starting at the portal, is never offered, since fetching it
 * again would reach a host that is not the portal's (the fetch does not follow redirects either).
 */
export function offerFor(item: DownloadFacts, patterns: readonly MatchPattern[], now: number): CollectOffer | undefined {
  const url = item.finalUrl || item.url;
  if (!isPortalUrl(url, patterns) || !looksLikeCsv(item)) return undefined;
  return {
    id: `download-${item.id}-${now}`,
    downloadId: item.id,
    name: downloadName(item),
    url,
    fetchable: !url.startsWith('blob:'),
    ...(item.fileSize !== undefined && item.fileSize >= 0 ? { size: item.fileSize } : {}),
    offeredAt: now,
    status: 'new',
  };
}

export type OfferAction =
  | { readonly type: 'offered'; readonly offer: CollectOffer }
  | { readonly type: 'failed'; readonly id: string; readonly message: string }
  | { readonly type: 'collected'; readonly id: string }
  | { readonly type: 'dismissed'; readonly id: string };

/**
 * The offer list after an action, newest first. The same address downloaded again replaces its
 * older offer; a collected or dismissed offer goes; a failed one stays, with its message, until
 * dismissed or tried again.
 */
export function reduceOffers(offers: readonly CollectOffer[], action: OfferAction): CollectOffer[] {
  switch (action.type) {
    case 'offered':
      return [action.offer, ...offers.filter((offer) => offer.url !== action.offer.url)].slice(0, MAX_OFFERS);
    case 'failed':
      return offers.map((offer) => (offer.id === action.id ? { ...offer, status: 'failed', message: action.message } : offer));
    case 'collected':
    case 'dismissed':
      return offers.filter((offer) => offer.id !== action.id);
  }
}

/** Whatever storage holds, as a list of well-formed offers. */
export function normaliseOffers(stored: unknown): CollectOffer[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (offer): offer is CollectOffer =>
      typeof offer === 'object' &&
      offer !== null &&
      typeof offer.id === 'string' &&
      typeof offer.url === 'string' &&
      typeof offer.name === 'string' &&
      typeof offer.downloadId === 'number' &&
      typeof offer.offeredAt === 'number' &&
      (offer.status === 'new' || offer.status === 'failed'),
  );
}

/** The popup's line: "1 new export — add to workbench", "3 new exports — add to workbench". */
export function offerHeadline(count: number): string {
  return `${count} new ${count === 1 ? 'export' : 'exports'} — add to workbench`;
}

/** What the user is told when a file could not be fetched again. */
export function fetchFailureMessage(name: string, reason: string): string {
  return `Could not fetch ${name}: ${reason}. Download it again and drop it on the workbench.`;
}

/** Why an offer whose address answered with a redirect is not collected (the redirect is not followed). */
export const REDIRECT_REASON = 'the portal sent it on to another address, and the extension fetches only from your portal hosts';

/**
 * True for an answer that is a redirect not followed: a browser's opaque answer to `redirect: 'manual'`
 * (status 0), or the 3xx itself (Node).
 */
export function isRedirect(answer: Pick<Response, 'type' | 'status'>): boolean {
  return answer.type === 'opaqueredirect' || (answer.status >= 300 && answer.status <= 399);
}

/** Why a fetch that threw failed, in words (the browser's own text is kept in brackets). */
export function networkFailureReason(error: unknown): string {
  const name = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? (error as Error).name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'the portal did not answer in time';
  // Firefox's text ends with a full stop, and the sentence goes on after the bracket.
  const detail = (error instanceof Error ? error.message : String(error)).trim().replace(/\.$/, '');
  return `the portal could not be reached (${detail})`;
}

export interface FetchedFacts {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly size: number;
  /** The first bytes of the body, decoded as text (enough to see a web page). */
  readonly head: string;
}

/**
 * Why a fetched answer is not the file, or undefined when it is. A portal whose session has ended
 * answers with its sign-in page (HTML, status 200): that is not an export.
 */
export function fetchedFileProblem(facts: FetchedFacts): string | undefined {
  if (facts.status < 200 || facts.status > 299) return `the portal answered ${facts.status}${facts.statusText ? ` ${facts.statusText}` : ''}`;
  const type = facts.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml' || /^\s*<(!doctype html|html)/i.test(facts.head)) {
    return 'the portal sent a web page instead of the file (your portal session may have ended)';
  }
  if (facts.size === 0) return 'the portal sent an empty file';
  return undefined;
}

/** The file name in a Content-Disposition header (`filename*=UTF-8''…` first), or undefined. */
export function dispositionFileName(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      return baseName(decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ''))) || undefined;
    } catch {
      // Badly encoded: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return undefined;
  // Only \" is unescaped: a backslash is otherwise a Windows path separator, cut off by baseName.
  const value = plain[2] !== undefined ? plain[2].replace(/\\"/g, '"') : plain[1]!.trim();
  return baseName(value) || undefined;
}

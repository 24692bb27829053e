/**
 * "Draft challenge": on every open challenge badge of the countdown column, an action that opens a
 * ready-to-edit challenge (panel.ts), and a note "challenge drafted 2 days ago" once one was made
 * in this window. Also starts the glossary help on the case tables' headers. The countdown cell is
 * the countdown feature's: we only add one element of ours after a challenge badge, and put it
 * back whenever the countdown redraws the cell.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { addDraftRecord, draftedNote, draftKey, latestDrafts, type ChallengeKind } from '../../lib/challengeDraft';
import { addCalendarDays, asIsoDate, today, formatLongDate } from '../../lib/dates';
import { DEADLINE_RULES, deadlinesFor, isKnown, type CaseValues } from '../../lib/deadlines';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { readSettings, watchSettings } from '../storage';
import { storedCaseValues } from '../page/caseDates';
import { guard } from '../page/guard';
import { frameScheduler } from '../page/observer';
import { findCaseTables, readCaseTable, readRows } from '../page/reader';
import { TABLE_ROOT } from '../page/selectors';
import { markHeaders, startGlossaryHelp } from './glossaryHelp';
import { loadPanel } from './lazyPanel';

/** The panel's host class (panel.ts, loaded lazily): repeated here so the content script does not carry panel.ts. */
const PANEL_HOST_CLASS = 'occ-challenge-panel';
import { challengeOptionsItem, draftRecordsItem, normaliseChallengeOptions, type ChallengeOptions } from './storage';

export const ACTION_CLASS = 'occ-challenge';
const OPEN_CHALLENGE = '.occ-badge[data-occ-kind^="challenge-"]';
const NO_FIELDS: ReadonlySet<never> = new Set();
const STYLE_ID = 'occ-challenge-style';
const CSS = `.occ-challenge{display:flex;flex-wrap:wrap;align-items:center;gap:2px 6px;margin:1px 0 3px 4px;font:12px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.occ-draft.occ-draft{font:600 12px/1.3 inherit;font-family:inherit;color:#1d4ed8;background:#fff;border:1px solid #1d4ed8;border-radius:4px;padding:1px 6px;margin:0;cursor:pointer}
.occ-draft:focus-visible{outline:2px solid #1d4ed8;outline-offset:1px}.occ-drafted{color:#0b5323;font-style:italic}`;

export async function startChallengeFeature(ctx: ContentScriptContext): Promise<void> {
  const doc = document;
  let settings: Settings = DEFAULT_SETTINGS;
  let options: ChallengeOptions = normaliseChallengeOptions(undefined);
  let drafts = new Map<string, number>();
  [settings, options, drafts] = await Promise.all([
    readSettings().catch(() => DEFAULT_SETTINGS),
    challengeOptionsItem.getValue().then(normaliseChallengeOptions, () => options),
    draftRecordsItem.getValue().then(latestDrafts, () => drafts),
  ]);
  if (!ctx.isValid) return;

  const update = guard('challenge actions', () => {
    const now = new Date();
    if (!doc.getElementById(STYLE_ID)) {
      const style = doc.createElement('style');
      style.id = STYLE_ID;
      style.textContent = CSS;
      (doc.head ?? doc.documentElement).append(style);
    }
    for (const table of findCaseTables(doc)) {
      markHeaders(table);
      const badges = table.root.querySelectorAll<HTMLElement>(OPEN_CHALLENGE);
      if (badges.length === 0) continue;
      const references = new Map(readRows(table, NO_FIELDS).map((row) => [row.rowElement, row.reference]));
      for (const badge of Array.from(badges)) {
        const next = badge.nextElementSibling;
        const existing = next?.classList.contains(ACTION_CLASS) ? (next as HTMLElement) : undefined;
        const row = badge.closest('.occ-cell')?.parentElement;
        const reference = row && references.get(row);
        const kind = badge.dataset.occKind as ChallengeKind;
        const lastDay = asIsoDate(badge.dataset.occLastDay ?? '');
        const state = badge.dataset.occState;
        if (!row || !reference || !lastDay || (state !== 'open' && state !== 'due-soon')) {
          existing?.remove();
          continue;
        }
        const start = addCalendarDays(lastDay, -settings.windowLengthDays);
        const note = draftedNote(drafts.get(`${draftKey(reference)}|${kind}`), start, now) ?? '';
        const signature = `${reference}|${kind}|${note}`;
        if (existing?.dataset.occSig === signature) continue;
        const action = doc.createElement('div');
        action.className = ACTION_CLASS;
        action.dataset.occSig = signature;
        // Not data-occ-kind: that attribute marks the badges for users' own tools (README), and only them.
        action.dataset.occChallengeKind = kind;
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = 'occ-draft';
        button.textContent = 'Draft challenge';
        button.setAttribute('aria-label', `Draft a challenge to the ${kind === 'challenge-setup' ? 'set-up' : 'outcome'} of ${reference}`);
        button.addEventListener('click', guard('draft challenge', (event: MouseEvent) => {
          event.stopPropagation(); // a row that opens the case on a click must not
          void openDraft(row, kind, button);
        }));
        action.append(button);
        if (note) {
          const drafted = doc.createElement('span');
          drafted.className = 'occ-drafted';
          drafted.textContent = note;
          action.append(' ', drafted);
        }
        if (existing) existing.replaceWith(action);
        else badge.after(action);
      }
    }
  });

  async function openDraft(row: Element, kind: ChallengeKind, button: HTMLElement): Promise<void> {
    const root = row.closest(TABLE_ROOT);
    const table = root && readCaseTable(root);
    const caseRow = table && readRows(table).find((candidate) => candidate.rowElement === row);
    if (!caseRow) return;
    const values: CaseValues = { ...caseRow.values };
    const stored = await storedCaseValues([caseRow.reference], 'all').catch(() => new Map<string, CaseValues>());
    for (const [field, value] of Object.entries(stored.get(caseRow.reference) ?? {})) {
      const key = field as keyof CaseValues;
      if (!values[key]) values[key] = value;
    }
    const reference = caseRow.reference;
    const label = DEADLINE_RULES[kind].label;
    const deadline = deadlinesFor(values, today(new Date()), settings).find((candidate) => candidate.kind === kind);
    const title = `${label} — ${reference}`;
    const { openChallengePanel, challengeDraft } = await loadPanel();
    if (!deadline || !isKnown(deadline) || deadline.state === 'closed') {
      const closedText = deadline && isKnown(deadline)
        ? `This window closed at the end of ${formatLongDate(deadline.lastDay)}: the firm can no longer challenge it, so there is no draft.`
        : 'The date this window starts from is not known, so there is no draft.';
      openChallengePanel(doc, { title, closedText, returnFocus: button });
      return;
    }
    openChallengePanel(doc, {
      title,
      draft: challengeDraft({ kind, values, lastDay: deadline.lastDay, signature: options.signature }),
      recipient: options.recipient,
      returnFocus: button,
      onDrafted: guard('draft record', async () => {
        const at = Date.now();
        drafts.set(`${draftKey(reference)}|${kind}`, at);
        schedule();
        await draftRecordsItem.setValue(addDraftRecord(await draftRecordsItem.getValue(), { reference, kind, at }, at));
      }),
    });
  }

  const schedule = frameScheduler(update, ctx);
  // Not the shared observe(): the countdown cells we follow are "own" nodes it filters out. Our
  // own additions here bring one more pass, which finds nothing to do.
  const observer = new MutationObserver((records) => {
    if (records.some((record) => !(record.target as Element).closest?.(`.occ-tip, .${PANEL_HOST_CLASS}`))) schedule();
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  startGlossaryHelp(doc, ctx.signal);
  ctx.onInvalidated(watchSettings((next) => ((settings = next), schedule())));
  ctx.onInvalidated(challengeOptionsItem.watch((next) => (options = normaliseChallengeOptions(next))));
  ctx.onInvalidated(draftRecordsItem.watch((next) => ((drafts = latestDrafts(next)), schedule())));
  ctx.onInvalidated(() => {
    observer.disconnect();
    for (const node of Array.from(doc.querySelectorAll(`.${ACTION_CLASS}, .${PANEL_HOST_CLASS}, #${STYLE_ID}`))) node.remove();
  });
  schedule();
}

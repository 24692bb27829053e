/**
 * Challenge drafts and the glossary help in real Chromium and Firefox against the simulated portal:
 * with the portal's cases imported into the case store, open the draft on a due-soon set-up window
 * (its body carries the fields only the store knows), copy it, reload and see "challenge drafted
 * today" on that row; in Chromium, the Deadlines dashboard's "open, not drafted" filter then leaves
 * that window out and keeps every other open one; hover and focus the case list's headers on both
 * markup flavours. Screenshots go to tests/artifacts/<browser>/challenge-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_BY_KEY, type FieldKey } from '../../lib/glossary';
import { BROWSERS, artifactPath, type E2EPage, type ExtensionSession, type Portal, closePortalSession, openPortalSession } from './harness';
import { WINDOW_DAYS, utcDay } from './independent-days';

const DUE_SOON_SETUP = '.occ-badge[data-occ-kind="challenge-setup"][data-occ-state="due-soon"]';
/**
 * Fields the case list does not show in the test (default columns plus the set-up date) and that the
 * store gives only when asked for every field (not among the countdowns' deadline fields).
 */
const HIDDEN_FIELDS: readonly FieldKey[] = ['yourCaseOwner', 'respondentContactEmail', 'professionalRepresentativeName'];

/** Every open challenge window of the portal's cases ("REFERENCE kind"), by plain UTC day arithmetic. */
function openChallengeWindows(cases: Portal['cases'], today: string): string[] {
  const todayDay = utcDay(today.split('-').reverse().join('-'));
  const open: string[] = [];
  for (const record of cases) {
    if (record.dateMovedToInvestigation && utcDay(record.dateMovedToInvestigation) + WINDOW_DAYS >= todayDay) open.push(`${record.caseReference} challenge-setup`);
    if (record.closureDate && utcDay(record.closureDate) + WINDOW_DAYS >= todayDay) open.push(`${record.caseReference} challenge-outcome`);
  }
  return open.sort();
}

describe.each(BROWSERS)('%s: challenge drafts and glossary help', (browserName) => {
  let session: ExtensionSession | undefined;
  let portal: Portal | undefined;
  let page: E2EPage;
  /** The case whose set-up window the first test drafted. */
  let draftedReference: string | undefined;

  beforeAll(async () => {
    ({ portal, session, page } = await openPortalSession(browserName, { seed: 11 }));
    // Every field of every case into the store, as the workbench's import does.
    await page.goto(`${session.extensionBase}popup.html`);
    const answer = await page.evaluate(async (request) => {
      type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
      return (scope.browser ?? scope.chrome)!.runtime.sendMessage(request);
    }, { type: 'occ:import', name: 'export.csv', rows: portal.cases.map((record) => ({ ...record })), final: true, totalRows: portal.cases.length, names: ['export.csv'] });
    expect(answer).toMatchObject({ ok: true, written: portal.cases.length });
  });

  afterAll(() => closePortalSession({ session, portal }));

  /** The case list with the set-up date shown and 100 rows a page. */
  async function openCaseList(flavour: 'table' | 'grid'): Promise<void> {
    await page.goto(`${portal!.url}/cases?flavour=${flavour}`);
    await page.waitForSelector('.occ-cell');
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#column-chooser input[value="dateMovedToInvestigation"]')!;
      if (!input.checked) input.click();
      const select = document.getElementById('rows-per-page') as HTMLSelectElement;
      select.value = '100';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForSelector(`${DUE_SOON_SETUP} + .occ-challenge .occ-draft`);
  }

  it('drafts a challenge on a due-soon row, copies it, and the row says drafted after a reload', async () => {
    await openCaseList('table');
    // The first due-soon set-up window on the page, and its case reference (from the portal's records).
    // Of those, one whose case has a field only the store knows, so the draft must read the store's every field.
    const withHiddenField = portal!.cases.filter((record) => HIDDEN_FIELDS.some((key) => record[key])).map((record) => record.caseReference);
    const target = await page.evaluate(({ selector, candidates }) => {
      const referenceOf = (row: Element) => (Array.from(row.querySelectorAll('td')).find((td) => /^PNX-/.test(td.textContent?.trim() ?? ''))?.textContent ?? '').trim();
      const badge = Array.from(document.querySelectorAll<HTMLElement>(selector)).find((candidate) => candidates.includes(referenceOf(candidate.closest('tr')!)))!;
      const row = badge.closest('tr')!;
      row.setAttribute('data-test-target', 'yes');
      row.scrollIntoView({ block: 'center' });
      return { reference: referenceOf(row), lastDay: badge.dataset.occLastDay!, text: badge.textContent };
    }, { selector: DUE_SOON_SETUP, candidates: withHiddenField });
    const record = portal!.cases.find((candidate) => candidate.caseReference === target.reference);
    expect(record, `${target.reference} is a portal case`).toBeDefined();
    // Every row with an open set-up window has the action; closed ones do not.
    const counts = await page.evaluate(() => ({
      open: document.querySelectorAll('.occ-badge[data-occ-kind^="challenge-"]:is([data-occ-state="open"], [data-occ-state="due-soon"])').length,
      actions: document.querySelectorAll('.occ-challenge .occ-draft').length,
      onClosed: document.querySelectorAll('.occ-badge[data-occ-state="closed"] + .occ-challenge').length,
    }));
    expect(counts.actions).toBe(counts.open);
    expect(counts.onClosed).toBe(0);
    // data-occ-kind is the badges' contract with users' own tools: in a row, nothing else carries it.
    const kindMarks = await page.evaluate(() => ({
      notBadges: Array.from(document.querySelectorAll('tr [data-occ-kind], [role="row"] [data-occ-kind]')).filter((node) => !node.classList.contains('occ-badge')).map((node) => node.outerHTML.slice(0, 80)),
      badges: document.querySelectorAll('tr .occ-badge[data-occ-kind]').length,
      actionKinds: Array.from(document.querySelectorAll<HTMLElement>('.occ-challenge')).map((node) => node.dataset.occChallengeKind ?? 'none'),
    }));
    expect(kindMarks.notBadges).toEqual([]);
    expect(kindMarks.badges).toBeGreaterThan(0);
    expect(kindMarks.actionKinds.length).toBe(counts.actions);
    expect(kindMarks.actionKinds.every((kind) => kind === 'challenge-setup' || kind === 'challenge-outcome')).toBe(true);
    // The fields the draft can only have from the store (the list shows none of them).
    const headers = await page.evaluate(() => Array.from(document.querySelectorAll('thead th')).map((cell) => (cell.textContent ?? '').trim()));
    const hidden = HIDDEN_FIELDS.filter((key) => record![key]);
    for (const key of HIDDEN_FIELDS) expect(headers).not.toContain(FIELD_BY_KEY[key].label);
    expect(hidden.length, `${target.reference} has a field the list does not show`).toBeGreaterThan(0);

    // Keyboard: focus the action and press Enter.
    await page.evaluate(() => document.querySelector<HTMLElement>('tr[data-test-target] .occ-draft')!.focus());
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.occ-challenge-panel')?.shadowRoot?.querySelector('textarea') != null);
    const draft = await page.evaluate(() => {
      const shadow = document.querySelector('.occ-challenge-panel')!.shadowRoot!;
      return {
        subject: shadow.querySelector<HTMLInputElement>('#su')!.value,
        body: shadow.querySelector<HTMLTextAreaElement>('#bo')!.value,
        focused: shadow.activeElement?.id,
      };
    });
    expect(draft.subject).toBe(`Challenge to case set-up — ${target.reference}`);
    expect(draft.body).toContain(`Case reference: ${target.reference}`);
    expect(draft.body).toContain(`Our reference: ${record!.businessReference || 'not recorded'}`);
    expect(draft.body).toContain(`- Date moved to investigation: ${record!.dateMovedToInvestigation}`);
    expect(draft.body).toContain('Our reason for this challenge:');
    // Read through storedCaseValues(…, 'all'): the store's fields the visible row does not have.
    for (const key of hidden) expect(draft.body).toContain(`- ${FIELD_BY_KEY[key].label}: ${record![key]}`);
    const [year, month, day] = target.lastDay.split('-').map(Number);
    const longLastDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
      .format(Date.UTC(year!, month! - 1, day!))
      .replace(',', '');
    expect(draft.body).toContain(`closes at the end of ${longLastDay} (UK time)`);
    expect(draft.focused).toBe('bo');
    await page.screenshot(artifactPath(`${browserName}/challenge-panel.png`));

    // Copy, by keyboard (a user gesture).
    await page.evaluate(() => document.querySelector('.occ-challenge-panel')!.shadowRoot!.querySelector<HTMLElement>('.cp')!.focus());
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Copied/.test(document.querySelector('.occ-challenge-panel')?.shadowRoot?.querySelector('[role="status"]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('tr[data-test-target] .occ-drafted')?.textContent === 'challenge drafted today');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('.occ-challenge-panel') === null);

    // After a reload: the record is kept (time, case, kind — not the text).
    await openCaseList('table');
    await page.waitForFunction((reference) => {
      const row = Array.from(document.querySelectorAll('tbody tr')).find((candidate) => Array.from(candidate.querySelectorAll('td')).some((td) => td.textContent?.trim() === reference));
      return row?.querySelector('.occ-badge[data-occ-kind="challenge-setup"] + .occ-challenge .occ-drafted')?.textContent === 'challenge drafted today';
    }, target.reference);
    const drafted = await page.evaluate(() => Array.from(document.querySelectorAll('.occ-drafted')).length);
    expect(drafted).toBe(1);
    await page.evaluate((reference) => {
      const row = Array.from(document.querySelectorAll('tbody tr')).find((candidate) => Array.from(candidate.querySelectorAll('td')).some((td) => td.textContent?.trim() === reference))!;
      row.scrollIntoView({ block: 'center' });
    }, target.reference);
    await page.screenshot(artifactPath(`${browserName}/challenge-drafted.png`));
    draftedReference = target.reference;
  });

  it.runIf(browserName === 'chromium')('the dashboard\'s "open, not drafted" leaves out the drafted window and lists every other open one', async () => {
    expect(draftedReference, 'the draft test ran first').toBeDefined();
    const drafted = `${draftedReference} challenge-setup`;
    const expected = openChallengeWindows(portal!.cases, portal!.today).filter((window) => window !== drafted);
    expect(expected.length).toBeGreaterThan(0);

    await page.goto(`${session!.extensionBase}workbench.html#deadlines`);
    await page.waitForSelector('[data-occ-dashboard="filled"]');
    /** Every row shown, after "Show more" until none is left out. */
    const rows = async () => {
      while (await page.evaluate(() => document.querySelector('.occ-deadlines tbody button') !== null)) await page.click('.occ-deadlines tbody button');
      return page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLTableRowElement>('.occ-deadlines tbody tr[data-occ-kind]')).map((row) => ({
          window: `${row.cells[0]!.textContent} ${row.dataset.occKind}`,
          drafted: row.cells[8]!.textContent ?? '',
        })),
      );
    };
    await page.click('#occ-group-owner');
    // Before the filter: the drafted window is listed, with when it was drafted.
    const before = await rows();
    expect(before.find((row) => row.window === drafted)?.drafted).toBe('drafted today');
    expect(before.filter((row) => row.drafted !== '').map((row) => row.window)).toEqual([drafted]);

    await page.click('#occ-filter-not-drafted');
    await page.waitForFunction((count) => document.querySelector('[data-occ-shown]')?.getAttribute('data-occ-shown') === String(count), expected.length);
    const after = await rows();
    expect(after.map((row) => row.window).sort()).toEqual(expected);
    expect(after.map((row) => row.window)).not.toContain(drafted);
    expect(after.every((row) => row.drafted === '')).toBe(true);
    await page.screenshot(artifactPath(`${browserName}/challenge-dashboard-not-drafted.png`));
  });

  it.each(['table', 'grid'] as const)('%s flavour: hovering or focusing a header shows the glossary explanation', async (flavour) => {
    await page.goto(`${portal!.url}/cases?flavour=${flavour}`);
    // The extension leaves no mark on the portal's headers: the test marks them itself, by label.
    const HEADER = (key: FieldKey) => `[data-e2e-header="${key}"]`;
    await page.waitForFunction((labels: Record<string, string>) => {
      const headers = Array.from(document.querySelectorAll('th, [role="columnheader"]'));
      for (const header of headers) {
        const key = Object.keys(labels).find((candidate) => header.textContent?.trim() === labels[candidate]);
        if (key) header.setAttribute('data-e2e-header', key);
      }
      return headers.length > 0 && Object.keys(labels).every((key) => document.querySelector(`[data-e2e-header="${key}"]`));
    }, { caseProgress: FIELD_BY_KEY.caseProgress.label, enquiryDate: FIELD_BY_KEY.enquiryDate.label });
    // Once the help knows the headers (its first pass may come after the table is drawn), a hover shows the tip.
    await page.waitForFunction(() => {
      const header = document.querySelector('[data-e2e-header="caseProgress"]')!;
      header.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      const tip = document.getElementById('occ-glossary-tip');
      return tip && !tip.hidden;
    });
    await page.evaluate(() => document.body.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })));
    // The portal's own header attributes (not our countdown column's), before any tip: what they must be again after.
    const attributes = () => Array.from(document.querySelectorAll('th:not(.occ-head), [role="columnheader"]:not(.occ-head)')).map((header) =>
      Array.from(header.attributes).map((attribute) => `${attribute.name}=${attribute.value}`).sort().join(' '));
    const before = await page.evaluate(attributes);
    expect(before.join(' ')).not.toMatch(/data-occ|aria-describedby/);
    const raw = page.raw as unknown as { hover(selector: string): Promise<void> };
    await raw.hover(HEADER('caseProgress'));
    await page.waitForFunction(() => {
      const tip = document.getElementById('occ-glossary-tip');
      return tip && !tip.hidden && tip.getBoundingClientRect().width > 0;
    });
    const hovered = await page.evaluate(() => ({
      text: document.getElementById('occ-glossary-tip')!.textContent,
      role: document.getElementById('occ-glossary-tip')!.getAttribute('role'),
      describedBy: document.querySelector('[data-e2e-header="caseProgress"]')!.getAttribute('aria-describedby'),
      // The hover scrolled the header into view (Firefox scrolls the page): the tip sits just under it.
      gap: document.getElementById('occ-glossary-tip')!.getBoundingClientRect().top - document.querySelector('[data-e2e-header="caseProgress"]')!.getBoundingClientRect().bottom,
    }));
    expect(hovered.text).toBe(`Case Progress: ${FIELD_BY_KEY.caseProgress.explanation}`);
    expect(hovered.role).toBe('tooltip');
    expect(hovered.describedBy).toBe('occ-glossary-tip');
    expect(hovered.gap).toBeCloseTo(4, 0);
    // Scrolling the page a little (less than half the header, so the pointer stays on it) keeps the tip, under the header.
    const scrolled = await page.evaluate(async () => {
      const before = scrollY;
      scrollBy(0, before > 0 ? -8 : 8);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
      const tip = document.getElementById('occ-glossary-tip')!;
      return { by: scrollY - before, hidden: tip.hidden, gap: tip.getBoundingClientRect().top - document.querySelector('[data-e2e-header="caseProgress"]')!.getBoundingClientRect().bottom };
    });
    expect(Math.abs(scrolled.by)).toBe(8);
    expect(scrolled).toMatchObject({ hidden: false });
    expect(scrolled.gap).toBeCloseTo(4, 0);
    await page.screenshot(artifactPath(`${browserName}/challenge-header-help-${flavour}.png`));

    // Keyboard: the portal's sortable headers take focus (its own tabindex); the tip follows; Escape hides it.
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-e2e-header="enquiryDate"]')!.focus());
    await page.waitForFunction(() => document.getElementById('occ-glossary-tip')?.textContent?.startsWith('Enquiry date: '));
    expect(await page.evaluate(() => document.getElementById('occ-glossary-tip')!.textContent)).toBe(`Enquiry date: ${FIELD_BY_KEY.enquiryDate.explanation}`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('occ-glossary-tip')!.hidden);
    // The portal's header cells are as the portal drew them: nothing of ours left on them.
    expect(await page.evaluate(attributes)).toEqual(before);
  });
});

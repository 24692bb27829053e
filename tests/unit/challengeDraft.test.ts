import { describe, expect, it } from 'vitest';
import {
  addDraftRecord,
  challengeDraft,
  clipboardText,
  draftedNote,
  latestDrafts,
  MAILTO_LIMIT,
  mailtoUrl,
  oneLine,
  recipientOf,
  REASON_PLACEHOLDER,
  type DraftRecord,
} from '../../lib/challengeDraft';
import type { IsoDate } from '../../lib/dates';
import type { CaseValues } from '../../lib/deadlines';
import { FIELDS, type FieldKey } from '../../lib/glossary';

const LAST_DAY = '2026-03-03' as IsoDate;

const ALL: CaseValues = Object.fromEntries(FIELDS.map((field) => [field.key, `value of ${field.key}`])) as CaseValues;
ALL.caseReference = 'PNX-4302137-CSP5';
ALL.businessReference = '345546f';

/** Parses a mailto: URL the way a mail program does: headers split on "&", each value decoded once. */
function parseMailto(url: string): { to: string; headers: Record<string, string>; names: string[] } {
  expect(url.startsWith('mailto:')).toBe(true);
  const [to, query = ''] = url.slice('mailto:'.length).split('?');
  const headers: Record<string, string> = {};
  const names: string[] = [];
  for (const part of query.split('&')) {
    const [name, value = ''] = part.split('=');
    names.push(name!);
    headers[name!] = decodeURIComponent(value);
  }
  return { to: decodeURIComponent(to!), headers, names };
}

describe('challengeDraft: subject and body', () => {
  it.each([
    { kind: 'challenge-setup' as const, subject: 'Challenge to case set-up — PNX-4302137-CSP5', opening: 'We wish to challenge how case PNX-4302137-CSP5 has been set up.', window: 'This set-up challenge window' },
    { kind: 'challenge-outcome' as const, subject: 'Challenge to outcome — PNX-4302137-CSP5', opening: 'We wish to challenge the outcome recorded for case PNX-4302137-CSP5.', window: 'This outcome challenge window' },
  ])('$kind: subject, opening, window, reason and signature', ({ kind, subject, opening, window }) => {
    const draft = challengeDraft({ kind, values: ALL, lastDay: LAST_DAY, signature: 'Jane Doe\r\nComplaints team\nExample Bank plc' });
    expect(draft.subject).toBe(subject);
    const lines = draft.body.split('\n');
    expect(lines).toContain(opening);
    expect(lines).toContain('Case reference: PNX-4302137-CSP5');
    expect(lines).toContain('Our reference: 345546f');
    expect(lines).toContain(`${window} closes at the end of Tue 3 Mar 2026 (UK time).`);
    expect(lines).toContain(REASON_PLACEHOLDER);
    expect(draft.body.endsWith('Jane Doe\nComplaints team\nExample Bank plc')).toBe(true);
    expect(draft.body).not.toContain('\r');
  });

  it.each(FIELDS.map((field) => [field.label, field.key] as const))('names the field %s as recorded', (label, key: FieldKey) => {
    const { body } = challengeDraft({ kind: 'challenge-setup', values: ALL, lastDay: LAST_DAY });
    expect(body.split('\n')).toContain(`- ${label}: ${ALL[key]}`);
  });

  it('lists the fields in the glossary order', () => {
    const { body } = challengeDraft({ kind: 'challenge-setup', values: ALL, lastDay: LAST_DAY });
    const listed = body.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2, line.indexOf(':')));
    expect(listed).toEqual(FIELDS.map((field) => field.label));
  });

  it.each([
    { name: 'only a reference', values: { caseReference: 'PNX-12345-AB12' }, present: ['- Case reference: PNX-12345-AB12', 'Our reference: not recorded'], absent: ['- Business name'] },
    { name: 'empty cells are left out', values: { caseReference: 'PNX-12345-AB12', tradingName: '  ', businessName: 'Example Bank' }, present: ['- Business name: Example Bank'], absent: ['- Trading name'] },
    { name: 'no reference at all', values: {}, present: ['- (no fields known)', 'Case reference: case reference not known'], absent: ['- Case reference'] },
  ])('missing fields: $name', ({ values, present, absent }) => {
    const { body } = challengeDraft({ kind: 'challenge-outcome', values, lastDay: LAST_DAY });
    const lines = body.split('\n');
    for (const line of present) expect(lines).toContain(line);
    for (const start of absent) expect(lines.some((line) => line.startsWith(start))).toBe(false);
    expect(lines.at(-1)).toBe('Kind regards,');
  });
});

describe('hostile values', () => {
  const HOSTILE: { name: string; field: FieldKey; value: string }[] = [
    { name: 'new lines in the reference', field: 'caseReference', value: 'PNX-1\r\nBcc: evil@example.com\nX: y' },
    { name: 'literal %0A in the reference', field: 'caseReference', value: 'PNX-1%0ABcc:%20evil@example.com%0D%0A' },
    { name: 'ampersand and equals in a field', field: 'businessName', value: 'A&B=1&bcc=evil@example.com' },
    { name: 'question mark and hash', field: 'caseProgress', value: 'why?#frag&cc=x@y.z' },
    { name: 'markup', field: 'businessReference', value: '<img src=x onerror=alert(1)>' },
    { name: 'unicode line separators', field: 'latestOutcome', value: 'a\u2028Bcc: x@y.z\u2029b\u0085c' },
  ];

  it.each(HOSTILE)('$name: one header each for subject and body, the value back as text', ({ field, value }) => {
    const values: CaseValues = { caseReference: 'PNX-1', [field]: value };
    const draft = challengeDraft({ kind: 'challenge-setup', values, lastDay: LAST_DAY });
    expect(draft.subject).not.toMatch(/[\r\n]/);
    const result = mailtoUrl(draft, 'investigator@example.org');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.url).not.toMatch(/[\s\r\n]/);
    const parsed = parseMailto(result.url);
    expect(parsed.names).toEqual(['subject', 'body']);
    expect(parsed.to).toBe('investigator@example.org');
    expect(parsed.headers.subject).toBe(draft.subject);
    expect(parsed.headers.body).toBe(draft.body.replace(/\n/g, '\r\n'));
    // The value is in the body on one line, literally (a "%0A" stays those three characters).
    expect(parsed.headers.body).toContain(oneLine(value));
  });

  it.each([
    ['investigator@example.org', 'investigator@example.org'],
    ['  a.b+c@example.co.uk ', 'a.b+c@example.co.uk'],
    ['x@y.z?bcc=evil@example.com', ''],
    ['x@y.z\r\nBcc: evil@example.com', ''],
    ['x@y.z,evil@example.com', ''],
    ['x%40y.z', ''],
    ['not an address', ''],
    ['', ''],
  ])('recipient %j -> %j', (input, expected) => {
    expect(recipientOf(input)).toBe(expected);
    const result = mailtoUrl({ subject: 's', body: 'b' }, input);
    expect(result.ok && parseMailto(result.url).to).toBe(expected);
  });
});

describe('the length limit', () => {
  const draftOf = (progress: string) => challengeDraft({ kind: 'challenge-setup', values: { caseReference: 'PNX-1', caseProgress: progress }, lastDay: LAST_DAY });

  it.each([
    { name: 'a usual case', progress: 'The complaint is waiting for an Ombudsman to review it', ok: true },
    { name: 'a long progress text', progress: 'x'.repeat(1900), ok: false },
    { name: 'characters that encode to nine bytes each', progress: '€'.repeat(200), ok: false },
  ])('$name', ({ progress, ok }) => {
    const result = mailtoUrl(draftOf(progress));
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.url.length).toBeLessThanOrEqual(MAILTO_LIMIT);
    else expect(result.length).toBeGreaterThan(MAILTO_LIMIT);
  });

  it('the limit is on the whole encoded URL, inclusive', () => {
    const draft = draftOf('short');
    const full = mailtoUrl(draft, undefined, Number.POSITIVE_INFINITY);
    expect(full.ok).toBe(true);
    const length = full.ok ? full.url.length : 0;
    expect(mailtoUrl(draft, undefined, length).ok).toBe(true);
    expect(mailtoUrl(draft, undefined, length - 1)).toEqual({ ok: false, length });
  });

  it('the clipboard text has the subject line first', () => {
    expect(clipboardText({ subject: 'S', body: 'B\nC' })).toBe('Subject: S\n\nB\nC');
  });
});

describe('the record of drafts', () => {
  const DAY = 86_400_000;
  const NOW = Date.UTC(2026, 2, 10, 12);

  it('keeps one record per case and window, the latest, and drops old ones', () => {
    let records: DraftRecord[] = [{ reference: 'PNX-OLD', kind: 'challenge-setup', at: NOW - 200 * DAY }];
    records = addDraftRecord(records, { reference: ' pnx-1 ', kind: 'challenge-setup', at: NOW - DAY }, NOW);
    records = addDraftRecord(records, { reference: 'PNX-1', kind: 'challenge-setup', at: NOW }, NOW);
    records = addDraftRecord(records, { reference: 'PNX-1', kind: 'challenge-outcome', at: NOW }, NOW);
    expect(records).toEqual([
      { reference: 'PNX-1', kind: 'challenge-setup', at: NOW },
      { reference: 'PNX-1', kind: 'challenge-outcome', at: NOW },
    ]);
    expect(Object.keys(records[0]!).sort()).toEqual(['at', 'kind', 'reference']);
  });

  it('reads whatever storage holds', () => {
    const latest = latestDrafts([{ reference: 'pnx-1', kind: 'challenge-setup', at: 5 }, { reference: 'PNX-1', kind: 'challenge-setup', at: 3 }, null, { at: 'x' }] as unknown as DraftRecord[]);
    expect([...latest]).toEqual([['PNX-1|challenge-setup', 5]]);
    expect(latestDrafts(undefined).size).toBe(0);
  });

  it.each([
    { name: 'none', at: undefined, expected: undefined },
    { name: 'today', at: Date.UTC(2026, 2, 10, 0, 1), expected: 'challenge drafted today' },
    { name: 'yesterday', at: Date.UTC(2026, 2, 9, 23, 0), expected: 'challenge drafted 1 day ago' },
    { name: 'two days ago', at: Date.UTC(2026, 2, 8, 9, 0), expected: 'challenge drafted 2 days ago' },
    { name: 'before this window opened', at: Date.UTC(2026, 1, 20), expected: undefined },
    // 23:30 UTC on 28 March 2026 is still the 28th in London (GMT); 23:30 UTC on 29 March is the 30th (BST).
    { name: 'London calendar days across the clock change', at: Date.UTC(2026, 2, 29, 23, 30), now: new Date(Date.UTC(2026, 2, 31, 12)), expected: 'challenge drafted 1 day ago' },
  ])('note: $name', ({ at, expected, now }) => {
    expect(draftedNote(at, '2026-03-01' as IsoDate, now ?? new Date(NOW))).toBe(expected);
  });
});

/**
 * Day arithmetic for end-to-end expectations, written apart from lib/ on purpose: a test that
 * computed its expected days left with the code under test could not catch that code's mistakes.
 * Whole UTC day numbers are exact for zone-less calendar dates.
 */
export const DAY_MS = 86_400_000;
/** The portal's rules as the guide states them: 14 days to challenge, warned 3 days before. */
export const WINDOW_DAYS = 14;
export const WARNING_DAYS = 3;

/** The day number of a portal date written dd-MM-yyyy. */
export const utcDay = (text: string): number => {
  const [day, month, year] = text.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!) / DAY_MS;
};

/** A case's dates as the portal writes them (dd-MM-yyyy); empty or absent when the case has none. */
export interface CaseDates {
  readonly movedToInvestigation?: string;
  readonly closure?: string;
  readonly fileRequiredBy?: string;
  readonly fileReceived?: string;
}

export interface ExpectedDeadline {
  readonly kind: 'challenge-setup' | 'challenge-outcome' | 'business-file';
  readonly daysLeft: number;
  readonly state: 'open' | 'due-soon' | 'closed' | 'done';
}

/** The day number of `today` written yyyy-MM-dd. */
const isoDay = (today: string): number => Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) / DAY_MS;

/** A case's deadlines on `today` (yyyy-MM-dd): 14 days from each challenge start, the file by its date. */
export function deadlinesOf(dates: CaseDates, today: string): ExpectedDeadline[] {
  const todayDay = isoDay(today);
  const counted = (kind: ExpectedDeadline['kind'], lastDay: number): ExpectedDeadline => {
    const daysLeft = lastDay - todayDay;
    return { kind, daysLeft, state: daysLeft < 0 ? 'closed' : daysLeft <= WARNING_DAYS ? 'due-soon' : 'open' };
  };
  const result: ExpectedDeadline[] = [];
  if (dates.movedToInvestigation) result.push(counted('challenge-setup', utcDay(dates.movedToInvestigation) + WINDOW_DAYS));
  if (dates.closure) result.push(counted('challenge-outcome', utcDay(dates.closure) + WINDOW_DAYS));
  if (dates.fileRequiredBy) {
    const due = counted('business-file', utcDay(dates.fileRequiredBy));
    result.push(dates.fileReceived ? { ...due, state: 'done' } : due);
  }
  return result;
}

/** The popup's four counts for these cases on `today`, and the toolbar badge's number (all due soon). */
export function expectedCounts(cases: readonly CaseDates[], today: string) {
  const all = cases.flatMap((dates) => deadlinesOf(dates, today));
  const challenge = all.filter((deadline) => deadline.kind !== 'business-file');
  const files = all.filter((deadline) => deadline.kind === 'business-file');
  return {
    popup: {
      'challenge-closing-soon': challenge.filter((deadline) => deadline.state === 'due-soon').length,
      'challenge-closing-today': challenge.filter((deadline) => deadline.daysLeft === 0).length,
      'business-files-due': files.filter((deadline) => deadline.state === 'due-soon').length,
      'business-files-overdue': files.filter((deadline) => deadline.state === 'closed').length,
    },
    badge: all.filter((deadline) => deadline.state === 'due-soon').length,
  };
}

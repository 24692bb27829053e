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

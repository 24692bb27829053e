/**
 * "Today" in London for a view that may stay open for days (the workbench's tabs): it changes at
 * London midnight, so days left and states move on without a reload. A timer to the next London
 * midnight, set again each time, plus a check whenever the page is shown or focused again: timers
 * are suspended while a laptop sleeps, and one set before the sleep may fire hours late.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { nextLondonTime } from '../lib/dataSettings';
import { today as londonToday, type IsoDate } from '../lib/dates';

export function useLondonDay(now: () => Date): IsoDate {
  // The latest `now` (a prop may be a new function on each render) without re-arming the timer.
  const clock = useRef(now);
  clock.current = now;
  const [day, setDay] = useState<IsoDate>(() => londonToday(now()));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const instant = clock.current();
      setDay(londonToday(instant));
      clearTimeout(timer);
      // nextLondonTime is strictly after `instant`: a timer that fires a little early just re-arms for the same midnight.
      timer = setTimeout(check, nextLondonTime(instant, '00:00').getTime() - instant.getTime());
    };
    const onShown = () => {
      if (document.visibilityState === 'visible') check();
    };
    check();
    document.addEventListener('visibilitychange', onShown);
    window.addEventListener('focus', onShown);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onShown);
      window.removeEventListener('focus', onShown);
    };
  }, []);

  return day;
}

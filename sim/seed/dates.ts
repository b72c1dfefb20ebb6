/** Calendar-date arithmetic on `YYYY-MM-DD` strings, in UTC so no host time zone leaks in. */

const DAY_MS = 86_400_000;

export function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`expected a date YYYY-MM-DD, got "${date}"`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (formatDate(ms) !== date) throw new Error(`not a calendar date: "${date}"`);
  return ms;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(parseDate(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** Last Sunday of a month (1-based): the EU daylight-saving switch days in March and October. */
export function lastSunday(year: number, month: number): string {
  const lastDay = formatDate(Date.UTC(year, month, 0));
  return addDays(lastDay, -weekday(lastDay));
}

/** DST switch days (Europe/Berlin) between `from` and `to`, inclusive. */
export function dstSwitchDays(from: string, to: string): string[] {
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  const days: string[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    for (const day of [lastSunday(year, 3), lastSunday(year, 10)]) {
      if (day >= from && day <= to) days.push(day);
    }
  }
  return days;
}

export function formatTime(minutesOfDay: number): string {
  const h = Math.floor(minutesOfDay / 60);
  const m = minutesOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
}

const DAY_MS = 86_400_000;

/** Whole days from `now` until `date`; negative once it has passed. */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/** Milliseconds to two decimals: enough for timings, short in JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

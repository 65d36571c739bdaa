/**
 * pino's `timestamp` option: the same `,"time":"2026-11-26T16:02:41.611Z"` as
 * `stdTimeFunctions.isoTime`, at a fraction of its cost. Formatting a Date is most of what a
 * log line costs pino (profiled under `make bench-service`), yet within one second only the
 * milliseconds change: format the second once and append them.
 */
export function createIsoTime(now: () => number = Date.now): () => string {
  let second = Number.NaN;
  let prefix = '';
  return () => {
    const ms = now();
    const millis = ((ms % 1000) + 1000) % 1000;
    const start = ms - millis;
    if (start !== second) {
      second = start;
      // Everything up to the dot, whatever the year's width: "2026-11-26T16:02:41."
      prefix = new Date(start).toISOString().slice(0, -4);
    }
    return `,"time":"${prefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z"`;
  };
}

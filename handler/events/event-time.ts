/** CloudTrail's ISO-8601 `eventTime` shown as `2026-11-25 08:47:42 UTC`; anything unparseable is shown as given. */
export function formatEventTimeUtc(eventTime: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(eventTime)) return eventTime;
  const millis = Date.parse(eventTime);
  if (Number.isNaN(millis)) return eventTime;
  return `${new Date(millis).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

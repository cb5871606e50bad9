/** `15m`, `2h`, `1h30m`, `1d` → minutes; undefined when the text is not such a duration. */
export function parseDurationMinutes(text: string): number | undefined {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, days = '0', hours = '0', minutes = '0'] = match;
  return Number(days) * 1440 + Number(hours) * 60 + Number(minutes);
}

/** Minutes as an ISO 8601 duration as Task Scheduler writes them: 120 → PT2H, 90 → PT1H30M, 1500 → P1DT1H. */
export function formatIsoDuration(totalMinutes: number): string {
  if (!Number.isInteger(totalMinutes) || totalMinutes < 0)
    throw new Error(`not a whole number of minutes: ${totalMinutes}`);
  if (totalMinutes === 0) return 'PT0S';
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

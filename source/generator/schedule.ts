// How many background events land in each 5-minute delivery slot of each
// account × region stream.
//
// CloudTrail delivers roughly one file per account × region every ~5 minutes
// (spec §5); we pick enough hours that the requested event count averages
// `eventsPerFile` records per file. Volume follows a business-hours curve with
// per-slot noise, the first stream (the intrusion's) is the busiest, and the
// last stream is a quiet region that is silent two hours out of every four, so
// that empty hourly digests (`logFiles: []`) occur naturally.

import type { Rng } from './prng.js';

export const SLOT_MS = 5 * 60_000;
const SLOTS_PER_HOUR = 12;

export interface Schedule {
  hours: number;
  slotsPerStream: number;
  /** counts[stream * slotsPerStream + slot] = background events in that slot. */
  counts: Int32Array;
}

function streamWeight(s: number, streams: number, regions: number): number {
  if (s === 0) return 2;
  if (streams > 1 && s === streams - 1) return 0.5;
  return s % regions === 0 ? 1.3 : 1; // home/global region of other accounts carries IAM and sign-in traffic
}

/** Silent-hours pattern of the quiet stream. */
export function isQuiet(s: number, streams: number, slot: number): boolean {
  return streams > 1 && s === streams - 1 && Math.floor(slot / SLOTS_PER_HOUR) % 4 >= 2;
}

export function planSchedule(
  events: number, eventsPerFile: number, accounts: number, regions: number, startMs: number, rng: Rng,
): Schedule {
  const streams = accounts * regions;
  const activePerHour = streams > 1 ? SLOTS_PER_HOUR * (streams - 1) + SLOTS_PER_HOUR / 2 : SLOTS_PER_HOUR;
  const hours = Math.max(1, Math.round(events / eventsPerFile / activePerHour));
  const slotsPerStream = hours * SLOTS_PER_HOUR;
  const weights = new Float64Array(streams * slotsPerStream);
  let total = 0;
  for (let s = 0; s < streams; s++) {
    const sw = streamWeight(s, streams, regions);
    for (let k = 0; k < slotsPerStream; k++) {
      if (isQuiet(s, streams, k)) continue;
      const hourOfDay = new Date(startMs + k * SLOT_MS).getUTCHours();
      const diurnal = hourOfDay >= 8 && hourOfDay < 19 ? 1.4 : 0.7;
      const w = sw * diurnal * (0.75 + rng.float() * 0.5);
      weights[s * slotsPerStream + k] = w;
      total += w;
    }
  }
  // Cumulative rounding: integer counts that sum exactly to `events`.
  const counts = new Int32Array(weights.length);
  let acc = 0;
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += total > 0 ? (events * weights[i]) / total : 0;
    const upTo = Math.round(acc);
    counts[i] = upTo - assigned;
    assigned = upTo;
  }
  counts[counts.length - 1] += events - assigned; // float drift guard; normally zero
  return { hours, slotsPerStream, counts };
}

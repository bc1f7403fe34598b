import type { PatrolKind, PatrolWindow } from '../../../../typings/site';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS } from '../../../../miniprogram/shared/time';

/**
 * When a round must be walked (seed 001 五 4): the site and its cleanliness twice a day — a morning
 * round before noon, an afternoon round after it, China time — and each vacant home once a month.
 * A window is named by its key (`2026-12-03-am`, `2026-12`), which a visit records.
 */

const HALF_DAY_MS = 12 * HOUR_MS;

const pad = (value: number): string => String(value).padStart(2, '0');

function halfDay(startMs: number): PatrolWindow {
  const wall = new Date(startMs + CHINA_OFFSET_MS);
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const morning = wall.getUTCHours() < 12;
  return {
    key: `${date}-${morning ? 'am' : 'pm'}`,
    label: `${wall.getUTCMonth() + 1}月${wall.getUTCDate()}日${morning ? '上午' : '下午'}`,
    startsAt: new Date(startMs).toISOString(),
    endsAt: new Date(startMs + HALF_DAY_MS).toISOString(),
  };
}

function month(year: number, monthIndex: number): PatrolWindow {
  const start = Date.UTC(year, monthIndex, 1) - CHINA_OFFSET_MS;
  const end = Date.UTC(year, monthIndex + 1, 1) - CHINA_OFFSET_MS;
  const first = new Date(Date.UTC(year, monthIndex, 1));
  return {
    key: `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}`,
    label: `${first.getUTCFullYear()}年${first.getUTCMonth() + 1}月`,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
  };
}

/** The window `at` falls in. */
export function windowAt(kind: PatrolKind, at: Date): PatrolWindow {
  const wall = at.getTime() + CHINA_OFFSET_MS;
  if (kind === 'vacant') {
    const date = new Date(wall);
    return month(date.getUTCFullYear(), date.getUTCMonth());
  }
  return halfDay(Math.floor(wall / HALF_DAY_MS) * HALF_DAY_MS - CHINA_OFFSET_MS);
}

/** The windows that began at or after `from` and ended by `to`, oldest first. */
export function endedWindows(kind: PatrolKind, from: Date, to: Date): PatrolWindow[] {
  const windows: PatrolWindow[] = [];
  let window = windowAt(kind, from);
  if (Date.parse(window.startsAt) < from.getTime()) window = windowAt(kind, new Date(Date.parse(window.endsAt)));
  while (Date.parse(window.endsAt) <= to.getTime()) {
    windows.push(window);
    window = windowAt(kind, new Date(Date.parse(window.endsAt)));
  }
  return windows;
}

/** How far back the manager's list of missed rounds looks. */
export function missedLookback(kind: PatrolKind): number {
  return kind === 'vacant' ? 62 * DAY_MS : 7 * DAY_MS;
}

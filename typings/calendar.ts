/** Where a year's working days come from (cloudfunctions/api/src/time/calendar.ts). */
export type YearSource = 'table' | 'library' | 'statutory';

/** What may be done with a year's schedule: entering or correcting it (deployment admins). */
export type CalendarAction = 'editYear';

/** One year of the working-day calendar as staff see it. */
export interface HolidayYear {
  year: number;
  source: YearSource;
  /** Days off that are not weekends, and weekend days that are workdays (调休上班). */
  holidays: string[];
  workdays: string[];
  /** The statutory holidays of the year by the law, with their names (for a year without a schedule). */
  statutory: { date: string; name: string }[];
  /** For an entered schedule: the notice it follows, who entered it and when. */
  note: string;
  updatedByName: string;
  updatedAt: string;
  /** 0 until a schedule is entered; a save names the version it replaces. */
  version: number;
  allowed: CalendarAction[];
}

export interface CalendarOverview {
  /** Today's China date. */
  today: string;
  years: HolidayYear[];
  /** Non-empty when this year, or from 1 November next year, has no official schedule. */
  warning: string;
}

export interface SaveHolidayYearInput {
  year: number;
  holidays: string[];
  workdays: string[];
  note: string;
  version: number;
}

import { exceljs } from './lazy';

/**
 * exceljs takes about 0.3 s to load, more than the rest of the function together. Only roster
 * imports and the exports need it, so it loads on their first use instead of in every instance's
 * start.
 */
export async function excel(): Promise<typeof import('exceljs')> {
  return exceljs();
}

export type Workbook = import('exceljs').Workbook;

export interface Column {
  header: string;
  key: string;
  width: number;
}

/** Adds a sheet of `rows` under `columns`' headers. */
export function sheet(workbook: Workbook, name: string, columns: Column[], rows: Record<string, unknown>[]): void {
  const worksheet = workbook.addWorksheet(name);
  worksheet.columns = columns;
  for (const row of rows) worksheet.addRow(row);
}

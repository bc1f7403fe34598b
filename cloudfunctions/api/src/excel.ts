/**
 * exceljs takes about 0.3 s to load, more than the rest of the function together. Only roster
 * imports and personal-data exports need it, so it loads on their first use instead of in every
 * instance's start.
 */
export async function excel(): Promise<typeof import('exceljs')> {
  return import('exceljs');
}

export type Workbook = import('exceljs').Workbook;

import type { RosterRejection } from '../../../../typings/domain';
import { AppError } from '../errors';
import { excel } from '../excel';
import { personName, publicPhone, text } from '../validation';
import { papaparse } from '../lazy';

/** One unit of a roster file, validated. */
export interface RosterRow {
  /** 1-based row number in the file, header included, as the admin sees it in a spreadsheet. */
  line: number;
  building: string;
  unit: string;
  room: string;
  areaCenti: number;
  ownerName: string;
  ownerPhone: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  rejected: RosterRejection[];
}

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
export const MAX_ROSTER_ROWS = 5000;

type Column = 'building' | 'unit' | 'room' | 'area' | 'ownerName' | 'ownerPhone';

/** Header names seen in real rosters, after removing spaces and anything in brackets. */
const HEADERS: Record<Column, string[]> = {
  building: ['楼栋', '楼号', '栋号', '楼栋号'],
  unit: ['单元', '单元号'],
  room: ['房号', '房间号', '室号', '门牌号'],
  area: ['建筑面积', '面积', '房屋面积'],
  ownerName: ['业主姓名', '姓名', '业主'],
  ownerPhone: ['联系电话', '电话', '手机', '手机号', '手机号码', '业主电话'],
};
const REQUIRED: Column[] = ['building', 'room', 'area', 'ownerName', 'ownerPhone'];
const COLUMN_LABELS: Record<Column, string> = {
  building: '楼栋',
  unit: '单元',
  room: '房号',
  area: '建筑面积',
  ownerName: '业主姓名',
  ownerPhone: '联系电话',
};

const normalizeHeader = (cell: string): string => cell.replace(/[（(【[].*?[)）】\]]/g, '').replace(/\s+/g, '');

/** Reads a CSV (UTF-8, or GBK as Excel on Chinese Windows saves it) or an .xlsx file into rows of text. */
export async function readTable(bytes: Buffer, fileName: string): Promise<string[][]> {
  if (bytes.length > MAX_ROSTER_BYTES) throw new AppError('VALIDATION', '文件不能超过 5 MB');
  const isZip = bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip || /\.xlsx$/i.test(fileName)) return readWorkbook(bytes);
  if (!/\.csv$/i.test(fileName) && bytes.includes(0)) throw unreadable();
  let textContent: string;
  try {
    textContent = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    textContent = new TextDecoder('gb18030').decode(bytes);
  }
  const parsed = papaparse().parse<string[]>(textContent.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  if (parsed.errors.some((error) => error.type === 'Quotes')) throw unreadable();
  return parsed.data;
}

async function readWorkbook(bytes: Buffer): Promise<string[][]> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cell.text ?? '';
    });
    rows[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  return Array.from(rows, (row) => row ?? []);
}

function unreadable(): AppError {
  return new AppError('VALIDATION', '无法读取文件：请上传 CSV 或 Excel（.xlsx）格式的房屋名册');
}

/** Validates each row; a bad row is reported with its number and reason and the rest still import. */
export function parseRoster(table: string[][]): ParsedRoster {
  const [header, ...body] = table;
  if (!header) throw new AppError('VALIDATION', '文件是空的');
  const index = new Map<Column, number>();
  header.forEach((cell, position) => {
    const name = normalizeHeader(String(cell ?? ''));
    for (const column of Object.keys(HEADERS) as Column[]) {
      if (HEADERS[column].includes(name) && !index.has(column)) index.set(column, position);
    }
  });
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length) {
    throw new AppError('VALIDATION', `缺少列：${missing.map((column) => COLUMN_LABELS[column]).join('、')}`);
  }
  if (body.length > MAX_ROSTER_ROWS) throw new AppError('VALIDATION', `一次最多导入 ${MAX_ROSTER_ROWS} 户`);

  const rows: RosterRow[] = [];
  const rejected: RosterRejection[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, offset) => {
    const line = offset + 2;
    const cell = (column: Column): string => String(cells[index.get(column) ?? -1] ?? '').trim();
    if (cells.every((value) => !String(value ?? '').trim())) return;
    const reason = rowProblem(cell);
    if (reason) {
      rejected.push({ row: line, reason });
      return;
    }
    const key = [cell('building'), cell('unit'), cell('room')].join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push({ row: line, reason: `与第 ${first} 行是同一房屋` });
      return;
    }
    seen.set(key, line);
    rows.push({
      line,
      building: cell('building'),
      unit: cell('unit'),
      room: cell('room'),
      areaCenti: toCenti(cell('area')),
      ownerName: cell('ownerName'),
      ownerPhone: cell('ownerPhone').replace(/\s+/g, ''),
    });
  });
  return { rows, rejected };
}

const AREA = /^\d{1,5}(\.\d{1,2})?$/;

function toCenti(area: string): number {
  const [whole, fraction = ''] = area.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function rowProblem(cell: (column: Column) => string): string | undefined {
  const field = (column: Column, check: { safeParse(value: string): { success: boolean; error?: { issues: { message: string }[] } } }) => {
    const result = check.safeParse(cell(column));
    return result.success ? undefined : `${COLUMN_LABELS[column]}${result.error?.issues[0]?.message ?? '不正确'}`;
  };
  if (!cell('building')) return '缺少楼栋';
  if (!cell('room')) return '缺少房号';
  const tooLong = (['building', 'unit', 'room'] as const).find((column) => !text(0, 20).safeParse(cell(column)).success);
  if (tooLong) return `${COLUMN_LABELS[tooLong]}不能超过 20 个字`;
  const area = cell('area');
  if (!area) return '缺少建筑面积';
  if (!AREA.test(area)) return `建筑面积“${area}”不是有效的数字（单位 m²，最多两位小数）`;
  const centi = toCenti(area);
  if (centi <= 0 || centi > 10_000_00) return '建筑面积应在 0 到 10000 m² 之间';
  if (!cell('ownerName')) return '缺少业主姓名';
  const nameProblem = field('ownerName', personName);
  if (nameProblem) return nameProblem;
  if (!cell('ownerPhone')) return '缺少联系电话';
  const phoneProblem = field('ownerPhone', publicPhone);
  if (phoneProblem) return phoneProblem;
  return undefined;
}

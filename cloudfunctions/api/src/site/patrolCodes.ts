import { z } from 'zod';
import { PATROL_KIND_LABELS } from '../../../../miniprogram/shared/labels';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { onRecord } from '../access';
import { CONTENT_WIDTH, COLORS, PAGE, createPdf, type Pdf } from '../documents/pdf';
import { storeExport } from '../files';
import type { Route } from '../router';
import { id } from '../validation';
import { codeOf, loadRoute, type RouteDocument } from './patrols';
import { patrolRoutePolicy } from './policy';
import { qrcode } from '../lazy';

/**
 * The route's checkpoints as QR codes on A4 (seed 001 五: sign-in at each point), six to a page,
 * each with its route and point written beside it, to cut out and post. The code is drawn as
 * vector squares from the `qrcode` library's matrix, so it prints sharp at any size.
 */

const COLUMNS = 2;
const ROWS = 3;
const GAP = 16;
const CELL_WIDTH = (CONTENT_WIDTH - GAP) / COLUMNS;
const CELL_HEIGHT = (PAGE.height - PAGE.margin * 2 - 40 - GAP * (ROWS - 1)) / ROWS;
const QR_SIZE = 140;

function drawQr(pdf: Pdf, text: string, x: number, y: number): void {
  const { modules } = qrcode().create(text, { errorCorrectionLevel: 'M' });
  // A quiet zone of two modules keeps phone cameras locking on.
  const unit = QR_SIZE / (modules.size + 4);
  pdf.doc.save().fillColor('#000000');
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (modules.get(row, column)) pdf.doc.rect(x + (column + 2) * unit, y + (row + 2) * unit, unit, unit);
    }
  }
  pdf.doc.fill().restore();
}

async function render(route: RouteDocument, now: Date): Promise<Buffer> {
  const title = `巡视点二维码 · ${route.name}`;
  const pdf = await createPdf({ title, author: '物业客服' });
  const { doc } = pdf;
  route.checkpoints.forEach((point, index) => {
    const slot = index % (COLUMNS * ROWS);
    if (index > 0 && slot === 0) doc.addPage();
    if (slot === 0) {
      doc.fontSize(14).fillColor(COLORS.text);
      pdf.write(`${title}（${PATROL_KIND_LABELS[route.kind].label}，${PATROL_KIND_LABELS[route.kind].schedule}）`, PAGE.margin, PAGE.margin, { width: CONTENT_WIDTH });
    }
    const x = PAGE.margin + (slot % COLUMNS) * (CELL_WIDTH + GAP);
    const y = PAGE.margin + 40 + Math.floor(slot / COLUMNS) * (CELL_HEIGHT + GAP);
    doc.save().lineWidth(0.5).dash(4, { space: 3 }).strokeColor(COLORS.rule).rect(x, y, CELL_WIDTH, CELL_HEIGHT).stroke().restore();
    doc.fontSize(13).fillColor(COLORS.text);
    pdf.write(`${index + 1}. ${point.name}`, x + 12, y + 12, { width: CELL_WIDTH - 24, align: 'center' });
    drawQr(pdf, codeOf(route._id, point.id), x + (CELL_WIDTH - QR_SIZE) / 2, y + 36);
    doc.fontSize(8).fillColor(COLORS.muted);
    pdf.write(`检查 ${point.items.length} 项：${point.items.join('、')}`, x + 12, y + 36 + QR_SIZE + 4, { width: CELL_WIDTH - 24, align: 'center', height: 22, ellipsis: true });
    pdf.write('请用物业客服小程序「巡视签到」扫码', x + 12, y + CELL_HEIGHT - 16, { width: CELL_WIDTH - 24, align: 'center', lineBreak: false });
  });
  return pdf.finish(`${route.unitLabel ?? route.name} · 打印于 ${chinaDate(now)}`);
}

export const printCodes: Route<'patrol.codes'> = onRecord(
  { policy: patrolRoutePolicy, load: loadRoute, versionOf: (doc: RouteDocument) => doc.version, stale: '巡视路线已被他人修改，请刷新后重试' },
  {
    actions: ['edit'],
    id: (input) => input.routeId,
    input: z.strictObject({ routeId: id }),
    async handle(_input, { now, record: route }) {
      const file = await render(route, now);
      // One file per route and version: a reprint of the same points overwrites the same file.
      return { ...(await storeExport(`patrols/${route.communityId}/${route._id}-v${route.version}.pdf`, file)), fileType: 'pdf' as const };
    },
  },
);

/**
 * A quote for paid work from the published price list (明码标价): a quantity per charged item and
 * the exact total; the owner must accept it before paid work starts, so it is confirmed first.
 */
import type { RepairCategory } from '../../../../../typings/tickets';
import { sumFen, timesFen, yuanLabel } from '../../../../shared/money';
import { confirmModal } from '../../../../utils/dialog';
import { sheet } from '../sheet';

interface ChargeLine {
  code: string;
  name: string;
  unit: string;
  priceText: string;
  priceFen: number;
  quantity: number;
}

const totalOf = (lines: ChargeLine[]): number => sumFen(lines.map((line) => timesFen(line.priceFen, line.quantity)));

Component({
  behaviors: [sheet],
  properties: {
    /** The community's repair items; the charged ones can be quoted. */
    categories: { type: Array, value: [] },
  },
  data: { lines: [] as ChargeLine[], totalText: yuanLabel(0) },
  lifetimes: {
    attached() {
      const lines = (this.data.categories as RepairCategory[])
        // Only what the published fee standard prices can be charged.
        .filter((category) => category.charged && category.published)
        .map((category) => ({
          code: category.code,
          name: category.name,
          unit: category.unit,
          priceFen: category.priceFen,
          priceText: `${yuanLabel(category.priceFen)}/${category.unit}`,
          quantity: 0,
        }));
      this.setData({ lines });
    },
  },
  methods: {
    onQuantity(event: WechatMiniprogram.CustomEvent<{ value: number | string }, Record<string, never>, { code: string }>) {
      const code = event.currentTarget.dataset.code;
      const quantity = Math.max(0, Math.floor(Number(event.detail.value) || 0));
      const lines = this.data.lines.map((line) => (line.code === code ? { ...line, quantity } : line));
      this.setData({ lines, totalText: yuanLabel(totalOf(lines)) });
    },
    async onSubmit() {
      const items = this.data.lines.filter((line) => line.quantity > 0);
      if (items.length === 0) {
        this.answer('请选择收费项目和数量', {});
        return;
      }
      const lines = items.map((line) => `${line.name} ${line.quantity}${line.unit}`).join('、');
      const confirmed = await confirmModal('向业主报价', `${lines}，合计 ${this.data.totalText}。业主同意后才能开始有偿维修，确认报价？`, '确认报价');
      if (confirmed) this.answer(undefined, { items: items.map((line) => ({ code: line.code, quantity: line.quantity })) });
    },
  },
});

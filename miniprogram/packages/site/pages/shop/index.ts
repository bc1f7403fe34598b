import type { ShopAction } from '../../../../../typings/actions';
import type { FireCheckResult, ShopDetail } from '../../../../../typings/contracts';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { call } from '../../../../services/api';
import { FIRE_CHECK_ITEMS, FIRE_CHECK_RESULT_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { chinaDate } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { emptyShop, shopDraftOf, shopFieldsOf, shopState } from '../shops/draft';

const emptyCheck = () => ({ checkedOn: chinaDate(Date.now()), items: [] as string[], result: 'pass' as FireCheckResult, followUp: '', note: '' });

/**
 * One shop (seed 002 §8): its papers with any expired licence, its fire checks newest first; the
 * desk records a check (a failed one with what the tenant must put right), amends the papers, and
 * the managers record the shop's leaving. Buttons are what the server allows.
 */
Component({
  behaviors: [versionedStep],
  data: {
    shop: null as (ShopDetail & { state: ReturnType<typeof shopState>; checkRows: { id: string; title: string; items: string; followUp: string; failed: boolean }[] }) | null,
    can: {} as Partial<Record<ShopAction, boolean>>,
    check: emptyCheck(),
    itemOptions: FIRE_CHECK_ITEMS.map((item) => ({ label: item, checked: false })),
    today: chinaDate(Date.now()),
    datePickerVisible: false,
    editing: false,
    draft: emptyShop(),
    closeNote: '',
    limits: LIMITS.shop,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定商铺');
    },
    async fetch() {
      this.showRecord(await call('shop.get', { id: this.data.recordId }));
    },
    showRecord(record: { version: number }) {
      const shop = record as ShopDetail;
      this.setData({
        version: shop.version,
        shop: {
          ...shop,
          state: shopState(shop),
          checkRows: shop.checks.map((check) => ({
            id: check.id,
            title: `${check.checkedOn} ${FIRE_CHECK_RESULT_LABELS[check.result]} · ${check.checkedByName}`,
            items: `检查：${check.items.join('、')}${check.note ? `；${check.note}` : ''}`,
            followUp: check.followUp ? `整改要求：${check.followUp}` : '',
            failed: check.result === 'fail',
          })),
        },
        can: canOf(shop.allowed),
        editing: false,
        draft: shopDraftOf(shop),
        check: emptyCheck(),
        itemOptions: this.data.itemOptions.map((option) => ({ ...option, checked: false })),
      });
    },
    conflictNotice(message: string) {
      return { title: '商铺信息已更新', content: `${message}。页面已显示最新内容，请核对后再操作。` };
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onItem(event: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { index: number }>) {
      const itemOptions = this.data.itemOptions.map((option, index) => (index === Number(event.currentTarget.dataset.index) ? { ...option, checked: event.detail.checked } : option));
      this.setData({ itemOptions, 'check.items': itemOptions.filter((option) => option.checked).map((option) => option.label) });
    },
    onResult(event: WechatMiniprogram.BaseEvent<Record<string, never>, { result: FireCheckResult }>) {
      this.setData({ 'check.result': event.currentTarget.dataset.result });
    },
    onOpenDate() {
      this.setData({ datePickerVisible: true });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'check.checkedOn': String(event.detail.value).slice(0, 10), datePickerVisible: false });
    },
    onDateClose() {
      this.setData({ datePickerVisible: false });
    },
    async onRecordCheck() {
      const { check, limits } = this.data;
      const problem = !check.items.length
        ? '请勾选检查的项目'
        : check.result === 'fail'
          ? checkText(check.followUp, limits.followUp, '整改要求')
          : checkText(check.note, limits.note, '备注');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      await this.step('shop.recordCheck', { checkedOn: check.checkedOn, items: check.items, result: check.result, followUp: check.followUp.trim(), note: check.note.trim() }, { done: '已记录检查', name: 'recordCheck' });
    },
    onEdit() {
      this.setData({ editing: !this.data.editing });
    },
    async onUpdate() {
      const checked = shopFieldsOf(this.data.draft);
      if ('problem' in checked) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      await this.step('shop.update', checked.fields, { done: '已保存', name: 'update' });
    },
    async onClose() {
      const note = this.data.closeNote.trim();
      const problem = checkText(note, this.data.limits.closeNote, '撤场说明');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('登记撤场', '撤场后不再安排消防检查，商铺信息不能再修改。确定吗？', '确定', '#d54941'))) return;
      await this.step('shop.close', { note }, { done: '已登记撤场', name: 'close' });
    },
  },
});

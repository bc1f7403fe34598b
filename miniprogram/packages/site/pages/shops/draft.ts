/** The shop form, shared by the list (a new shop) and a shop's page (its papers amended). */
import type { Shop, ShopFields, ShopLicence } from '../../../../../typings/contracts';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';

export interface ShopDraft {
  name: string;
  tenant: string;
  business: string;
  /** One licence a line: name, number and expiry date, separated by spaces. */
  licences: string;
  everyDays: string;
}

export const emptyShop = (): ShopDraft => ({ name: '', tenant: '', business: '', licences: '', everyDays: String(COUNTS.fireCheckDefaultDays) });

export const shopDraftOf = (shop: Shop): ShopDraft => ({
  name: shop.name,
  tenant: shop.tenant,
  business: shop.business,
  licences: shop.licences.map((licence) => `${licence.name} ${licence.number} ${licence.expiresOn}`).join('\n'),
  everyDays: String(shop.fireCheckEveryDays),
});

function licencesIn(text: string): ShopLicence[] | string {
  const licences: ShopLicence[] = [];
  for (const line of text.split('\n').map((row) => row.trim()).filter(Boolean)) {
    const [name = '', number = '', expiresOn = ''] = line.split(/\s+/);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return `证照“${line}”请写成：名称 编号 有效期至（如 营业执照 91510100MA0000001X 2030-12-31）`;
    const problem = checkText(name, LIMITS.shop.licenceName, '证照名称') ?? checkText(number, LIMITS.shop.licenceNumber, '证照编号');
    if (problem) return problem;
    licences.push({ name, number, expiresOn });
  }
  return licences.length > COUNTS.licences ? `最多登记 ${COUNTS.licences} 个证照` : licences;
}

/** The fields to send, or the first thing the form lacks. */
export function shopFieldsOf(draft: ShopDraft): { fields: ShopFields } | { problem: string } {
  const limits = LIMITS.shop;
  const text = checkText(draft.name, limits.name, '商铺名称') ?? checkText(draft.tenant, limits.tenant, '经营者') ?? checkText(draft.business, limits.business, '经营范围');
  if (text) return { problem: text };
  const everyDays = Number(draft.everyDays);
  if (!Number.isInteger(everyDays) || everyDays < 1 || everyDays > COUNTS.fireCheckMaxDays) return { problem: `检查周期为 1–${COUNTS.fireCheckMaxDays} 天` };
  const licences = licencesIn(draft.licences);
  if (typeof licences === 'string') return { problem: licences };
  return { fields: { name: draft.name.trim(), tenant: draft.tenant.trim(), business: draft.business.trim(), licences, fireCheckEveryDays: everyDays } };
}

/** What a shop's row and page say about its next fire check and its papers. */
export function shopState(shop: Shop): { checkText: string; theme: 'success' | 'warning' | 'danger' | 'default'; label: string; licenceWarning: string } {
  const licenceWarning = shop.expiredLicences.length ? `${shop.expiredLicences.join('、')}已过期` : '';
  if (shop.status === 'closed') return { checkText: '已撤场', theme: 'default', label: '已撤场', licenceWarning };
  const last = shop.lastCheck ? `上次 ${shop.lastCheck.checkedOn} ${shop.lastCheck.result === 'pass' ? '合格' : '不合格'} · ` : '';
  const label = shop.checkOverdue ? '检查逾期' : shop.checkDue ? '今日应检' : '正常';
  return { checkText: `${last}下次消防检查 ${shop.nextCheckOn}（每 ${shop.fireCheckEveryDays} 天）`, theme: shop.checkOverdue ? 'danger' : shop.checkDue ? 'warning' : 'success', label, licenceWarning };
}

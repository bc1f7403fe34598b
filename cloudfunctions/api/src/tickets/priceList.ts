import type { FeeItem } from '../../../../typings/disclosure';
import type { PriceListSource, RepairCategory } from '../../../../typings/tickets';
import { FEE_UNIT_LABELS } from '../../../../miniprogram/shared/labels';
import { find } from '../db';
import type { DisclosureDocument } from '../disclosure/disclosures';
import { DEFAULT_CATEGORIES } from './catalog';

/**
 * The one price list (seed 000 (五)1, 001 四 维修1, 002 §7¶5 明码标价): a community's paid
 * services are items of its published fee standard, versioned and corrected like any notice. The
 * repair catalogue and every charge read the version in force; a charge keeps the version it used,
 * so a later correction changes no charge already proposed.
 */
export interface PriceList {
  source?: PriceListSource;
  items: FeeItem[];
}

/** The fee standard in force: the newest published version, of the latest series that prices repair items (paid services with a code). */
export async function priceListOf(communityId: string): Promise<PriceList> {
  const published = await find<DisclosureDocument>('disclosures', { communityId, kind: 'fee-standard', status: 'published' }, { orderBy: [['publishedAt', 'desc']], limit: 100 });
  // The newest version of each series (a correction replaces its series' earlier versions).
  const latest = new Map<string, DisclosureDocument>();
  for (const doc of published) if ((latest.get(doc.seriesId)?.version ?? 0) < doc.version) latest.set(doc.seriesId, doc);
  const inForce = [...latest.values()]
    .filter((doc) => doc.content.kind === 'fee-standard' && doc.content.items.some((item) => item.category === 'paid-service' && item.code))
    .sort((a, b) => new Date(b.publishedAt ?? 0).getTime() - new Date(a.publishedAt ?? 0).getTime())[0];
  if (!inForce || inForce.content.kind !== 'fee-standard') return { items: [] };
  return {
    source: { disclosureId: inForce._id, title: inForce.title, version: inForce.version },
    items: inForce.content.items.filter((item) => item.category === 'paid-service' && item.code),
  };
}

/**
 * The repair catalogue: the built-in repair items (what can be reported, how fast), each charged
 * one priced from the published list (unpriced until it is), and any further paid service the
 * list publishes.
 */
export function repairCategories(list: PriceList): RepairCategory[] {
  const priced = new Map(list.items.map((item) => [item.code!, item]));
  const builtIn = DEFAULT_CATEGORIES.map((category): RepairCategory => {
    const item = priced.get(category.code);
    if (!item) return { ...category, priceFen: 0, published: !category.charged };
    return { ...category, charged: true, priceFen: item.priceFen, unit: FEE_UNIT_LABELS[item.unit].per, urgency: item.urgency ?? category.urgency, published: true };
  });
  const extra = list.items
    .filter((item) => !DEFAULT_CATEGORIES.some((category) => category.code === item.code))
    .map((item): RepairCategory => ({ code: item.code!, name: item.name, charged: true, priceFen: item.priceFen, unit: FEE_UNIT_LABELS[item.unit].per, urgency: item.urgency ?? 'routine', published: true }));
  // 其他维修 stays last.
  const other = builtIn.filter((category) => category.code === 'other');
  return [...builtIn.filter((category) => category.code !== 'other'), ...extra, ...other];
}

export async function repairCategoriesOf(communityId: string): Promise<{ categories: RepairCategory[]; source?: PriceListSource }> {
  const list = await priceListOf(communityId);
  return { categories: repairCategories(list), ...(list.source ? { source: list.source } : {}) };
}

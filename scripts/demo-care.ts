/**
 * The demo's special-group care and owner visits (seed 000 (九), (四)): three people on the care
 * ledger entered two days ago — one contacted since, one visited, one missed (overdue on the
 * manager's list) — and this month's visit plan: a time proposed to the demo owner, a visit booked
 * by phone, and a visit done with its interview record and a request made a ticket.
 */
import type { ActionInput, ActionName, ActionOutput } from '../typings/api';
import type { UnitListing } from '../typings/domain';
import { DAY_MS, chinaDate, chinaMonth } from '../miniprogram/shared/time';

type DemoCaller = <A extends ActionName>(action: A, input: ActionInput<A>) => Promise<ActionOutput<A>>;
type As = (openid: string) => DemoCaller;

interface Who {
  cs: string;
  manager: string;
}

const person = (communityId: string, responsibleOpenid: string, fields: Pick<ActionInput<'care.save'>, 'name' | 'category' | 'livingSituation' | 'address' | 'emergencyContact' | 'healthNotes'> & { unitId?: string }): ActionInput<'care.save'> => ({
  communityId,
  ...fields,
  consent: { given: true, by: 'self' },
  responsibleOpenid,
  plan: { contactEveryDays: 1, visitEveryDays: 7 },
});

/** Before the demo's clock moves on two days: the people entered (their first contact due that day). */
export async function enterCarePeople(as: As, who: Who, communityId: string, units: UnitListing[]): Promise<void> {
  const manager = as(who.manager);
  await manager('care.save', person(communityId, who.cs, { name: '王秀英', category: 'aloneElderly', livingSituation: 'alone', unitId: units[2].id, address: units[2].label, emergencyContact: { name: '王建国', relation: '儿子', phone: '13900000011' }, healthNotes: '高血压，按时服药' }));
  await manager('care.save', person(communityId, who.cs, { name: '赵德明', category: 'emptyNest', livingSituation: 'withSpouse', unitId: units[4].id, address: units[4].label, emergencyContact: { name: '赵丽', relation: '女儿', phone: '13900000012' }, healthNotes: '' }));
  await manager('care.save', person(communityId, who.manager, { name: '孙玉珍', category: 'disabled', livingSituation: 'withFamily', unitId: units[5].id, address: units[5].label, emergencyContact: { name: '孙强', relation: '丈夫', phone: '13900000013' }, healthNotes: '轮椅出行' }));
}

/** After: two of them contacted today (one visited); 王秀英's contact was missed, so she is overdue. */
export async function followCareAndVisits(as: As, who: Who, communityId: string, units: UnitListing[], now: Date): Promise<void> {
  const cs = as(who.cs);
  const manager = as(who.manager);
  const ledger = (await manager('care.list', { communityId, filter: 'all' })).items;
  const byName = (masked: string) => ledger.find((row) => row.maskedName === masked)!;
  await cs('care.record', { id: byName('赵**').id, method: 'phone', condition: 'normal', note: '老两口身体都好' });
  await manager('care.record', { id: byName('孙**').id, method: 'visit', condition: 'normal', note: '上门看望，送去轮椅坐垫' });

  const month = chinaMonth(now);
  const at = (days: number, hour: number) => `${chinaDate(now.getTime() + days * DAY_MS)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const plan = (unit: UnitListing, visitor: string) => manager('visit.create', { communityId, month, unitId: unit.id, visitorOpenid: visitor });
  const proposed = await plan(units[0], who.cs);
  await cs('visit.propose', { id: proposed.id, version: proposed.version, at: at(2, 15) });
  const byPhone = await plan(units[1], who.cs);
  await cs('visit.propose', { id: byPhone.id, version: byPhone.version, at: at(1, 10), byPhone: true });
  let done = await plan(units[3], who.manager);
  done = await manager('visit.propose', { id: done.id, version: done.version, at: at(1, 19), byPhone: true });
  done = await manager('visit.record', {
    id: done.id,
    version: done.version,
    intervieweeName: '刘洋',
    intervieweePhone: '13800000004',
    topics: '物业服务满意度、电梯运行、停车',
    opinions: '总体满意；希望电梯维保提前通知',
    requests: ['2单元楼道声控灯不亮', '希望增设电动车充电桩'],
  });
  await manager('visit.ticket', { id: done.id, index: 0, kind: 'repair' });
  await plan(units[6], who.cs);
}

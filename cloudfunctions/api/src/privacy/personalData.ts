import { z } from 'zod';
import { changeAccount } from '../accounts/accounts';
import type { AccountDocument } from '../caller';
import { cloud } from '../cloud';
import { excel } from '../excel';
import { temporaryUrls } from '../files';
import { BINDING_STATUS_LABELS, RELATION_LABELS, TICKET_KIND_LABELS as KIND_LABELS } from '../../../../miniprogram/shared/labels';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { command, find, findAll, remove, update } from '../db';
import type { Route } from '../router';
import type { BindingDocument } from '../residents/bindings';
import type { TicketDocument } from '../tickets/model';
import { logAccess } from './accessLog';
import { maskName } from './masking';
import { anyone } from '../access';

const EXPORT_URL_SECONDS = 600;


/** A readable workbook of everything the service holds about one WeChat user. */
async function workbookFor(
  openid: string,
  account: AccountDocument | undefined,
  bindings: BindingDocument[],
  tickets: TicketDocument[],
): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const me = workbook.addWorksheet('账户');
  me.columns = [
    { header: '项目', key: 'item', width: 16 },
    { header: '内容', key: 'value', width: 48 },
  ];
  me.addRow({ item: '微信用户标识', value: openid });
  me.addRow({ item: '员工姓名', value: account?.staffName || '（无）' });
  me.addRow({ item: '账户创建时间', value: chinaMinute(account?.createdAt) });
  const homes = workbook.addWorksheet('房屋认证');
  homes.columns = [
    { header: '房屋', key: 'unit', width: 20 },
    { header: '身份', key: 'relation', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '电话', key: 'phone', width: 14 },
    { header: '证明材料', key: 'proofs', width: 10 },
    { header: '状态', key: 'status', width: 10 },
    { header: '审核意见', key: 'reason', width: 30 },
    { header: '提交时间', key: 'createdAt', width: 18 },
  ];
  for (const binding of bindings) {
    homes.addRow({
      unit: binding.unitLabel,
      relation: RELATION_LABELS[binding.relation],
      name: binding.name,
      phone: binding.phone,
      proofs: `${binding.proofFileIds.length} 张`,
      status: BINDING_STATUS_LABELS[binding.status],
      reason: binding.reason,
      createdAt: chinaMinute(binding.createdAt),
    });
  }
  const requests = workbook.addWorksheet('服务需求');
  requests.columns = [
    { header: '编号', key: 'number', width: 18 },
    { header: '类型', key: 'kind', width: 8 },
    { header: '类别', key: 'category', width: 16 },
    { header: '位置', key: 'location', width: 20 },
    { header: '描述', key: 'description', width: 40 },
    { header: '联系人', key: 'contactName', width: 10 },
    { header: '联系电话', key: 'contactPhone', width: 14 },
    { header: '提交时间', key: 'createdAt', width: 18 },
  ];
  for (const ticket of tickets) {
    requests.addRow({
      number: ticket.number,
      kind: KIND_LABELS[ticket.kind],
      category: ticket.category,
      location: ticket.locationLabel,
      description: ticket.description,
      contactName: ticket.contactName,
      contactPhone: ticket.contactPhone,
      createdAt: chinaMinute(ticket.createdAt),
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const exportPersonalData: Route<'me.export'> = {
  access: anyone('本人的个人信息'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const account = await caller.account();
    const bindings = await find<BindingDocument>('bindings', { openid: caller.openid }, { limit: 100 });
    const tickets = await findAll<TicketDocument>('tickets', { ownerOpenid: caller.openid });
    const cloudPath = `exports/${caller.openid}/${now.getTime()}.xlsx`;
    const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: await workbookFor(caller.openid, account, bindings, tickets) });
    const [url = ''] = await temporaryUrls([fileID], EXPORT_URL_SECONDS);
    for (const communityId of new Set(bindings.map((binding) => binding.communityId))) {
      await logAccess({
        communityId,
        actorOpenid: caller.openid,
        actorName: '本人',
        kind: 'export',
        subject: bindings.find((binding) => binding.communityId === communityId)?.unitLabel ?? '',
        fields: ['姓名', '电话', '房屋认证', '服务需求'],
        reason: '本人导出个人信息',
        at: now,
      });
    }
    return { fileID, url, expiresInSeconds: EXPORT_URL_SECONDS };
  },
};

/**
 * Deletes what identifies the person: unit bindings (with their proof images) and owner roles.
 * Tickets stay for the service's history but lose the owner's link, name and phone. Staff roles
 * are employment records and stay until an admin revokes them.
 */
export const deletePersonalData: Route<'me.delete'> = {
  access: anyone('本人的个人信息'),
  input: z.strictObject({ confirm: z.literal('删除我的个人信息', { message: '请确认删除' }) }),
  async handle(_input, { caller, now }) {
    const bindings = await find<BindingDocument>('bindings', { openid: caller.openid }, { limit: 100 });
    const files = bindings.flatMap((binding) => binding.proofFileIds);
    if (files.length) await cloud.deleteFile({ fileList: files });
    for (const communityId of new Set(bindings.map((binding) => binding.communityId))) {
      const binding = bindings.find((item) => item.communityId === communityId);
      await logAccess({
        communityId,
        actorOpenid: caller.openid,
        actorName: '本人',
        kind: 'delete',
        subject: binding ? `${binding.unitLabel} ${maskName(binding.name)}` : '',
        fields: ['姓名', '电话', '证明材料', '房屋认证', '服务需求联系方式'],
        reason: '本人申请删除个人信息',
        at: now,
      });
    }
    const removed = await remove('bindings', { openid: caller.openid, _id: command().in(bindings.map((binding) => binding._id)) });
    // Tickets stay for the service's record (and its KPIs) but no longer say who or how to reach them.
    const ticketsAnonymized = await update('tickets', { ownerOpenid: caller.openid }, { ownerOpenid: '', contactName: '', contactPhone: '', updatedAt: now });
    await changeAccount(caller.openid, now, (account) =>
      account.version === 0 ? undefined : { ...account, grants: account.grants.filter((grant) => grant.role !== 'owner') },
    );
    return { bindingsRemoved: removed, filesRemoved: files.length, ticketsAnonymized };
  },
};

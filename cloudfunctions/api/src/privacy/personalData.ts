import { z } from 'zod';
import { changeAccount } from '../accounts/accounts';
import type { AccountDocument } from '../caller';
import { cloud } from '../cloud';
import { excel, sheet } from '../excel';
import { storeExport } from '../files';
import {
  ACCESS_KIND_LABELS,
  BILL_STATUS_LABELS,
  BINDING_STATUS_LABELS,
  RELATION_LABELS,
  RENOVATION_STATUS_LABELS,
  TICKET_KIND_LABELS as KIND_LABELS,
  VISIT_STATUS_LABELS,
} from '../../../../miniprogram/shared/labels';
import { yuan } from '../../../../miniprogram/shared/money';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { command, find, findAll, remove, update } from '../db';
import type { Route } from '../router';
import { residentsOf, type BindingDocument } from '../residents/bindings';
import type { TicketDocument } from '../tickets/model';
import { forgetRecipient } from '../tickets/notify';
import { logAccess, type AccessLogDocument } from './accessLog';
import type { BillDocument } from '../disclosure/bills';
import type { RenovationDocument } from '../renovation/applications';
import { maskName } from './masking';
import { anyone } from '../access';
import type { VisitDocument } from '../visits/visits';
import type { SignatureDocument } from '../movein/agreements';
import type { MoveInDocument } from '../movein/moveIns';
import { preferencesAbout, type PreferenceDocument } from '../movein/preferences';
import { MOVE_IN_DOCUMENT_LABELS, MOVE_IN_STATUS_LABELS } from '../../../../miniprogram/shared/movein';
import type { SignupDocument } from '../events/activities';
import type { BallotDocument } from '../events/surveys';

const SIGNUP_STATUS_LABELS: Record<SignupDocument['status'], string> = { confirmed: '已报名', waiting: '候补', cancelled: '已取消' };



/** Everything the service holds about one WeChat user, gathered for their export. */
interface Holdings {
  account: AccountDocument | undefined;
  bindings: BindingDocument[];
  tickets: TicketDocument[];
  renovations: RenovationDocument[];
  bills: BillDocument[];
  accessLog: AccessLogDocument[];
  /** Visits to the homes the person owns (seed 000 (四)): the bookings and what was recorded. */
  visits: VisitDocument[];
  moveIns: MoveInDocument[];
  signatures: SignatureDocument[];
  preferences: PreferenceDocument[];
  signups: SignupDocument[];
  ballots: BallotDocument[];
}

async function holdingsOf(openid: string, account: AccountDocument | undefined): Promise<Holdings> {
  const bindings = await find<BindingDocument>('bindings', { openid }, { limit: 100 });
  // The bills of the homes the person pays for (a verified owner, or a tenant approved as payer): their payments and receipts.
  const ownHomes = bindings.filter((binding) => binding.status === 'approved' && (binding.relation === 'owner' || binding.payer === true)).map((binding) => binding.unitId);
  return {
    account,
    bindings,
    tickets: await findAll<TicketDocument>('tickets', { ownerOpenid: openid }),
    renovations: await findAll<RenovationDocument>('renovations', { applicantOpenid: openid }),
    bills: ownHomes.length ? (await findAll<BillDocument>('bills', { unitId: command().in(ownHomes) })).filter((bill) => bill.status !== 'draft') : [],
    accessLog: await findAll<AccessLogDocument>('accessLog', { subjectOpenid: openid }),
    visits: ownHomes.length ? await findAll<VisitDocument>('visits', { unitId: command().in(ownHomes) }) : [],
    moveIns: await findAll<MoveInDocument>('moveIns', { ownerOpenid: openid }),
    signatures: await findAll<SignatureDocument>('agreementSignatures', { signerOpenid: openid }),
    preferences: await preferencesAbout(openid),
    signups: await findAll<SignupDocument>('activitySignups', { openid }),
    ballots: await findAll<BallotDocument>('surveyBallots', { openid }),
  };
}

/** The files the person uploaded that the service keeps a reference to. */
function filesOf(holdings: Holdings): { what: string; fileID: string }[] {
  return [
    ...holdings.bindings.flatMap((binding) => binding.proofFileIds.map((fileID) => ({ what: `房屋认证证明材料（${binding.unitLabel}）`, fileID }))),
    ...holdings.tickets.flatMap((ticket) => ticket.photos.map((fileID) => ({ what: `服务需求照片（${ticket.number}）`, fileID }))),
    ...holdings.renovations.flatMap((doc) =>
      [...doc.form.attachments, ...doc.form.approvalDocs].map((fileID) => ({ what: `装修申请材料（${doc.permitNo ?? doc.unitLabel}）`, fileID })),
    ),
  ];
}

/** What deleting keeps, and why: said in the export so the person knows before they ask. */
const KEPT_ON_DELETION = [
  { record: '服务需求（报修、投诉等）', kept: '保留工单及处理记录，用于服务质量统计；删除后不再关联您的微信，联系人姓名、电话和您上传的照片一并删除' },
  { record: '装修申请', kept: '保留申请、施工许可和巡查记录（物业管理档案）；申请人姓名改为“已删除”，不再关联您的微信；方案图纸和批准文件随档案保留' },
  { record: '物业账单与收据', kept: '账单按房屋开具，不含您的姓名，作为公司会计记录保留' },
  { record: '个人信息访问记录', kept: '按规定保留，不能修改或删除；记录中的姓名本已打码' },
  { record: '房屋认证及证明材料', kept: '全部删除' },
  { record: '上门拜访访谈记录', kept: '保留访谈记录（物业管理档案）；以您的电话记录的受访人姓名和电话一并删除' },
  { record: '入住办理与交付验收', kept: '保留验收记录和保修工单（房屋档案）；业主姓名、电话改为“已删除”，不再关联您的微信' },
  { record: '管理规约签署记录', kept: '保留签署的版本和时间（已签协议须保存）；签署人改为“已删除”，不再关联您的微信' },
  { record: '客户个性资料（爱好、偏好、需求）', kept: '全部删除' },
  { record: '社区活动报名', kept: '报名人数保留；报名记录中的姓名、房屋改为“已删除”，不再关联您的微信' },
  { record: '意见调查', kept: '答卷本来就不关联您的身份，作为统计保留；“已填写”的记录不再关联您的微信' },
];

/** A readable workbook of everything the service holds about one WeChat user. */
async function workbookFor(openid: string, holdings: Holdings): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const { account } = holdings;
  sheet(
    workbook,
    '账户',
    [
      { header: '项目', key: 'item', width: 16 },
      { header: '内容', key: 'value', width: 48 },
    ],
    [
      { item: '微信用户标识', value: openid },
      { item: '员工姓名', value: account?.staffName || '（无）' },
      { item: '账户创建时间', value: chinaMinute(account?.createdAt) },
    ],
  );
  sheet(
    workbook,
    '房屋认证',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '身份', key: 'relation', width: 8 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '电话', key: 'phone', width: 14 },
      { header: '证明材料', key: 'proofs', width: 10 },
      { header: '状态', key: 'status', width: 10 },
      { header: '审核意见', key: 'reason', width: 30 },
      { header: '提交时间', key: 'createdAt', width: 18 },
    ],
    holdings.bindings.map((binding) => ({
      unit: binding.unitLabel,
      relation: RELATION_LABELS[binding.relation],
      name: binding.name,
      phone: binding.phone,
      proofs: `${binding.proofFileIds.length} 张`,
      status: BINDING_STATUS_LABELS[binding.status],
      reason: binding.reason,
      createdAt: chinaMinute(binding.createdAt),
    })),
  );
  sheet(
    workbook,
    '服务需求',
    [
      { header: '编号', key: 'number', width: 18 },
      { header: '类型', key: 'kind', width: 8 },
      { header: '类别', key: 'category', width: 16 },
      { header: '位置', key: 'location', width: 20 },
      { header: '描述', key: 'description', width: 40 },
      { header: '联系人', key: 'contactName', width: 10 },
      { header: '联系电话', key: 'contactPhone', width: 14 },
      { header: '提交时间', key: 'createdAt', width: 18 },
    ],
    holdings.tickets.map((ticket) => ({
      number: ticket.number,
      kind: KIND_LABELS[ticket.kind],
      category: ticket.category,
      location: ticket.locationLabel,
      description: ticket.description,
      contactName: ticket.contactName,
      contactPhone: ticket.contactPhone,
      createdAt: chinaMinute(ticket.createdAt),
    })),
  );
  sheet(
    workbook,
    '装修申请',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '申请人', key: 'applicant', width: 12 },
      { header: '施工单位', key: 'company', width: 24 },
      { header: '工期', key: 'dates', width: 24 },
      { header: '状态', key: 'status', width: 10 },
      { header: '施工许可', key: 'permit', width: 18 },
      { header: '巡查次数', key: 'inspections', width: 10 },
      { header: '提交时间', key: 'submittedAt', width: 18 },
    ],
    holdings.renovations.map((doc) => ({
      unit: doc.unitLabel,
      applicant: doc.applicantName,
      company: doc.form.contractor.company,
      dates: `${doc.form.startDate} 至 ${doc.form.endDate}`,
      status: RENOVATION_STATUS_LABELS[doc.status],
      permit: doc.permitNo ?? '',
      inspections: doc.inspections.length,
      submittedAt: chinaMinute(doc.submittedAt),
    })),
  );
  sheet(
    workbook,
    '账单与收据',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '账期', key: 'period', width: 10 },
      { header: '金额（元）', key: 'total', width: 12 },
      { header: '状态', key: 'status', width: 10 },
      { header: '收据号', key: 'receipt', width: 20 },
      { header: '缴费登记时间', key: 'paidAt', width: 18 },
    ],
    holdings.bills.map((bill) => ({
      unit: bill.unitLabel,
      period: bill.period,
      total: yuan(bill.totalFen),
      status: BILL_STATUS_LABELS[bill.status],
      receipt: bill.receiptNo ?? '',
      paidAt: chinaMinute(bill.paidAt),
    })),
  );
  sheet(
    workbook,
    '上门拜访',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '拜访人', key: 'visitor', width: 10 },
      { header: '状态', key: 'status', width: 12 },
      { header: '约定时间', key: 'booked', width: 18 },
      { header: '受访人', key: 'interviewee', width: 10 },
      { header: '电话', key: 'phone', width: 14 },
      { header: '访谈内容', key: 'topics', width: 36 },
    ],
    holdings.visits.map((visit) => ({
      unit: visit.unitLabel,
      visitor: visit.visitorName,
      status: VISIT_STATUS_LABELS[visit.status],
      booked: chinaMinute(visit.bookedAt),
      interviewee: visit.interview?.intervieweeName ?? '',
      phone: visit.interview?.intervieweePhone ?? '',
      topics: visit.interview ? [visit.interview.topics, visit.interview.opinions, ...visit.interview.requests.map((request) => request.text)].filter(Boolean).join('；') : '',
    })),
  );
  sheet(
    workbook,
    '个人信息访问记录',
    [
      { header: '时间', key: 'at', width: 18 },
      { header: '查看人', key: 'actor', width: 12 },
      { header: '方式', key: 'kind', width: 8 },
      { header: '内容', key: 'fields', width: 24 },
      { header: '事由', key: 'reason', width: 36 },
    ],
    holdings.accessLog.map((entry) => ({
      at: chinaMinute(entry.at),
      actor: entry.actorName,
      kind: ACCESS_KIND_LABELS[entry.kind],
      fields: entry.fields.join('、'),
      reason: entry.reason,
    })),
  );
  sheet(
    workbook,
    '入住与交付验收',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '业主', key: 'owner', width: 12 },
      { header: '电话', key: 'phone', width: 14 },
      { header: '已收资料', key: 'documents', width: 40 },
      { header: '问题', key: 'defects', width: 40 },
      { header: '状态', key: 'status', width: 12 },
      { header: '确认时间', key: 'signedAt', width: 18 },
    ],
    holdings.moveIns.map((doc) => ({
      unit: doc.unitLabel,
      owner: doc.ownerName,
      phone: doc.ownerPhone,
      documents: doc.documents.map((code) => MOVE_IN_DOCUMENT_LABELS[code]).join('、'),
      defects: doc.defects.map((defect) => `${defect.room}·${defect.item}：${defect.description}`).join('；'),
      status: MOVE_IN_STATUS_LABELS[doc.status],
      signedAt: chinaMinute(doc.signature?.at),
    })),
  );
  sheet(
    workbook,
    '管理规约签署',
    [
      { header: '房屋', key: 'unit', width: 20 },
      { header: '协议', key: 'title', width: 24 },
      { header: '版本', key: 'version', width: 8 },
      { header: '签署人', key: 'signer', width: 12 },
      { header: '签署时间', key: 'signedAt', width: 18 },
    ],
    holdings.signatures.map((doc) => ({ unit: doc.unitLabel, title: doc.title, version: `第 ${doc.version} 版`, signer: doc.signerName, signedAt: chinaMinute(doc.signedAt) })),
  );
  sheet(
    workbook,
    '个性资料',
    [
      { header: '爱好', key: 'hobbies', width: 30 },
      { header: '偏好', key: 'preferences', width: 30 },
      { header: '人性化需求', key: 'needs', width: 30 },
      { header: '记录人', key: 'by', width: 12 },
      { header: '更新时间', key: 'updatedAt', width: 18 },
    ],
    holdings.preferences.map((doc) => ({ hobbies: doc.hobbies, preferences: doc.preferences, needs: doc.needs, by: doc.updatedByName, updatedAt: chinaMinute(doc.updatedAt) })),
  );
  sheet(
    workbook,
    '社区活动报名',
    [
      { header: '活动编号', key: 'activityId', width: 28 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '房屋', key: 'unit', width: 20 },
      { header: '状态', key: 'status', width: 10 },
      { header: '报名时间', key: 'createdAt', width: 18 },
    ],
    holdings.signups.map((signup) => ({ activityId: signup.activityId, name: signup.name, unit: signup.unitLabel, status: SIGNUP_STATUS_LABELS[signup.status], createdAt: chinaMinute(signup.createdAt) })),
  );
  sheet(
    workbook,
    '意见调查',
    [
      { header: '问卷编号', key: 'surveyId', width: 28 },
      { header: '填写时间', key: 'at', width: 18 },
      { header: '说明', key: 'note', width: 40 },
    ],
    holdings.ballots.map((ballot) => ({ surveyId: ballot.surveyId, at: chinaMinute(ballot.at), note: '答卷匿名保存，不与您的身份关联，无法导出' })),
  );
  sheet(
    workbook,
    '上传的文件',
    [
      { header: '用途', key: 'what', width: 36 },
      { header: '文件编号', key: 'fileID', width: 60 },
    ],
    filesOf(holdings),
  );
  sheet(
    workbook,
    '删除时的处理',
    [
      { header: '记录', key: 'record', width: 24 },
      { header: '删除个人信息后', key: 'kept', width: 80 },
    ],
    KEPT_ON_DELETION,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const exportPersonalData: Route<'me.export'> = {
  access: anyone('本人的个人信息'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const holdings = await holdingsOf(caller.openid, await caller.account());
    const { bindings } = holdings;
    const cloudPath = `exports/${caller.openid}/${now.getTime()}.xlsx`;
    const exported = await storeExport(cloudPath, await workbookFor(caller.openid, holdings));
    for (const communityId of new Set(bindings.map((binding) => binding.communityId))) {
      await logAccess({
        communityId,
        actorOpenid: caller.openid,
        actorName: '本人',
        kind: 'export',
        subject: bindings.find((binding) => binding.communityId === communityId)?.unitLabel ?? '',
        subjectOpenid: caller.openid,
        fields: ['姓名', '电话', '房屋认证', '服务需求', '装修申请', '账单与收据', '访问记录'],
        reason: '本人导出个人信息',
        at: now,
      });
    }
    return exported;
  },
};

/**
 * Deletes what identifies the person: unit bindings (with their proof images), the photos of their
 * requests, and owner roles. Tickets stay for the service's history but lose the owner's link,
 * name and phone; renovation applications stay as the management file with the applicant's name
 * replaced; bills are per home and hold no name. Staff roles are employment records and stay until
 * an admin revokes them. The export's last sheet says the same to the person.
 */
export const deletePersonalData: Route<'me.delete'> = {
  access: anyone('本人的个人信息'),
  input: z.strictObject({ confirm: z.literal('删除我的个人信息', { message: '请确认删除' }) }),
  async handle(_input, { caller, now }) {
    const bindings = await find<BindingDocument>('bindings', { openid: caller.openid }, { limit: 100 });
    const tickets = await findAll<TicketDocument>('tickets', { ownerOpenid: caller.openid });
    const files = [...bindings.flatMap((binding) => binding.proofFileIds), ...tickets.flatMap((ticket) => ticket.photos)];
    if (files.length) await cloud.deleteFile({ fileList: files });
    for (const communityId of new Set(bindings.map((binding) => binding.communityId))) {
      const binding = bindings.find((item) => item.communityId === communityId);
      await logAccess({
        communityId,
        actorOpenid: caller.openid,
        actorName: '本人',
        kind: 'delete',
        subject: binding ? `${binding.unitLabel} ${maskName(binding.name)}` : '',
        subjectOpenid: caller.openid,
        fields: ['姓名', '电话', '证明材料', '房屋认证', '服务需求联系方式和照片', '装修申请人'],
        reason: '本人申请删除个人信息',
        at: now,
      });
    }
    const removed = await remove('bindings', { openid: caller.openid, _id: command().in(bindings.map((binding) => binding._id)) });
    // A home whose paying tenant has gone is paid by its owners again, unless another tenant pays.
    for (const unitId of new Set(bindings.filter((binding) => binding.status === 'approved' && binding.payer === true).map((binding) => binding.unitId))) {
      if (!(await residentsOf(unitId, { relation: 'tenant', payer: true })).length) {
        await update('bindings', { unitId, status: 'approved', relation: 'owner' }, { tenantPays: false });
      }
    }
    // Tickets stay for the service's record (and its KPIs) but no longer say who or how to reach them.
    const ticketsAnonymized = await update('tickets', { ownerOpenid: caller.openid }, { ownerOpenid: '', contactName: '', contactPhone: '', phoneTail: '', photos: [], updatedAt: now });
    // Who registered a request and who took a step stay as '业主', no longer as their WeChat id.
    await update('tickets', { createdBy: caller.openid }, { createdBy: '' });
    await update('ticketEvents', { actorOpenid: caller.openid }, { actorOpenid: '' });
    await forgetRecipient(caller.openid);
    // The notices they opened still count as read (已读), no longer by whom.
    await update('noticeReads', { openid: caller.openid }, { openid: '' });
    // Sign-ups stay counted, no longer naming the person; a survey's ballot keeps refusing a second answer, no longer by whom.
    await update('activitySignups', { openid: caller.openid }, { openid: '', name: '（已删除）', unitLabel: '（已删除）', updatedAt: now });
    await update('surveyBallots', { openid: caller.openid }, { openid: '' });
    // Applications stay as the management file, no longer naming or linking the person.
    // Visit records stay as the management file; an interviewee recorded with the person's phone is no longer named.
    const phones = [...new Set(bindings.map((binding) => binding.phone).filter(Boolean))];
    const homes = [...new Set(bindings.map((binding) => binding.unitId))];
    if (phones.length && homes.length) {
      await update('visits', { unitId: command().in(homes), 'interview.intervieweePhone': command().in(phones) }, { 'interview.intervieweeName': '（已删除）', 'interview.intervieweePhone': '', updatedAt: now });
    }
    const renovationsAnonymized = await update('renovations', { applicantOpenid: caller.openid }, { applicantOpenid: '', applicantName: '（已删除）', updatedAt: now });
    // Move-ins and signed agreements stay as the home's file (seed 002 §10), no longer naming or linking the person; preferences go.
    await update('moveIns', { ownerOpenid: caller.openid }, { ownerOpenid: '', ownerName: '（已删除）', ownerPhone: '', updatedAt: now });
    await update('moveIns', { 'signature.byOpenid': caller.openid }, { 'signature.byOpenid': '', 'signature.byName': '（已删除）' });
    await update('agreementSignatures', { signerOpenid: caller.openid }, { signerOpenid: '', signerName: '（已删除）' });
    await remove('residentPreferences', { subjectOpenid: caller.openid });
    await changeAccount(caller.openid, now, (account) =>
      account.version === 0 ? undefined : { ...account, grants: account.grants.filter((grant) => grant.role !== 'owner') },
    );
    return { bindingsRemoved: removed, filesRemoved: files.length, ticketsAnonymized, renovationsAnonymized };
  },
};

import type { CareAction } from '../../../../../typings/actions';
import type { CareCategory, CareCondition, CareMethod, CarePerson, EmergencyContact, LivingSituation } from '../../../../../typings/care';
import type { StaffMember } from '../../../../../typings/domain';
import { loadable } from '../../../../behaviors/loadable';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { call, showError } from '../../../../services/api';
import { CARE_CATEGORY_LABELS, CARE_CONDITION_LABELS, CARE_METHOD_LABELS, LIVING_SITUATION_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';

const options = <K extends string>(labels: Record<K, string>) => Object.entries(labels).map(([value, label]) => ({ value, label: label as string }));

const BLANK_FORM = {
  name: '',
  category: 'aloneElderly' as CareCategory,
  livingSituation: 'alone' as LivingSituation,
  unitId: '',
  address: '',
  phone: '',
  emergencyName: '',
  emergencyRelation: '',
  emergencyPhone: '',
  healthNotes: '',
  consent: false,
  consentBy: 'self' as 'self' | 'guardian',
  responsibleOpenid: '',
  contactEveryDays: 1,
  visitEveryDays: 7,
};
type Form = typeof BLANK_FORM;

const personView = (person: CarePerson) => ({
  ...person,
  categoryLabel: CARE_CATEGORY_LABELS[person.category],
  livingLabel: LIVING_SITUATION_LABELS[person.livingSituation],
  planText: `每 ${person.plan.contactEveryDays} 天联系一次，每 ${person.plan.visitEveryDays} 天上门看望一次`,
  consentText: `${person.consent.by === 'self' ? '本人' : '监护人'}同意登记（${person.consent.recordedByName} ${chinaMinute(person.consent.recordedAt)} 记录）`,
  contactLines: person.contacts.map((contact) => ({
    id: contact.id,
    abnormal: contact.condition === 'abnormal',
    line: `${chinaMinute(contact.at)} ${CARE_METHOD_LABELS[contact.method]} · ${CARE_CONDITION_LABELS[contact.condition]} · ${contact.byName}${contact.note ? `：${contact.note}` : ''}`,
  })),
});

/**
 * One person of the care ledger (seed 000 (九)): the record, read only by those responsible
 * (every opening is logged), and the contact recorded in a few taps — how, and whether all is
 * well. An abnormal contact alerts the manager at once and shows the emergency contact to call.
 * The manager enters a new person here (with their consent) and edits the plan.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    personId: '',
    communityId: '',
    person: null as ReturnType<typeof personView> | null,
    can: {} as Partial<Record<CareAction, boolean>>,
    editing: false,
    form: { ...BLANK_FORM } as Form,
    staff: [] as { value: string; label: string }[],
    contact: { method: 'phone' as CareMethod, condition: 'normal' as CareCondition, note: '' },
    emergency: null as EmergencyContact | null,
    categoryOptions: options(CARE_CATEGORY_LABELS),
    livingOptions: options(LIVING_SITUATION_LABELS),
    methodOptions: options(CARE_METHOD_LABELS),
    conditionOptions: options(CARE_CONDITION_LABELS),
    consentOptions: [
      { value: 'self', label: '本人同意' },
      { value: 'guardian', label: '监护人同意' },
    ],
    limits: LIMITS.care,
    maxContactDays: COUNTS.careContactMaxDays,
    maxVisitDays: COUNTS.careVisitMaxDays,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ personId: query.id ?? '', communityId: query.communityId ?? '' });
      if (!query.id && !query.communityId) this.fail('没有指定关怀对象');
      else void this.load();
    },
    async fetch() {
      if (this.data.personId) {
        this.show(await call('care.get', { id: this.data.personId }));
        return;
      }
      await this.openForm({ ...BLANK_FORM });
    },
    show(person: CarePerson) {
      this.setData({ person: personView(person), can: canOf(person.allowed), communityId: person.communityId, editing: false });
    },
    /** The form, with the desk staff of the community to choose the responsible one from. */
    async openForm(form: Form) {
      const members: StaffMember[] = await call('staff.list', { communityId: this.data.communityId });
      const staff = members.filter((member) => member.roles.includes('cs') || member.roles.includes('manager')).map((member) => ({ value: member.openid, label: member.name }));
      this.setData({ staff, form: { ...form, responsibleOpenid: form.responsibleOpenid || (staff[0]?.value ?? '') }, editing: true });
    },
    async onEdit() {
      const person = this.data.person;
      if (!person) return;
      await this.openForm({
        name: person.name,
        category: person.category,
        livingSituation: person.livingSituation,
        unitId: person.unitId ?? '',
        address: person.address,
        phone: person.phone ?? '',
        emergencyName: person.emergencyContact.name,
        emergencyRelation: person.emergencyContact.relation,
        emergencyPhone: person.emergencyContact.phone,
        healthNotes: person.healthNotes,
        consent: true,
        consentBy: person.consent.by,
        responsibleOpenid: person.responsibleOpenid,
        contactEveryDays: person.plan.contactEveryDays,
        visitEveryDays: person.plan.visitEveryDays,
      }).catch(showError);
    },
    onCancelEdit() {
      this.setData({ editing: false });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: keyof Form }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onConsent(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ 'form.consent': event.detail.checked });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string; label: string }>) {
      this.setData({ 'form.unitId': event.detail.unitId, ...(this.data.form.address ? {} : { 'form.address': event.detail.label }) });
    },
    async onSave() {
      const { form, person, communityId, requestId } = this.data;
      const problem = !form.consent ? '请先征得本人或监护人同意登记' : checkText(form.address, LIMITS.care.address, '住址') ?? checkText(form.emergencyRelation, LIMITS.care.relation, '紧急联系人关系');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        const saved = await call(
          'care.save',
          {
            communityId,
            ...(person ? { id: person.id, version: person.version } : {}),
            name: form.name.trim(),
            category: form.category,
            livingSituation: form.livingSituation,
            ...(form.unitId ? { unitId: form.unitId } : {}),
            address: form.address.trim(),
            ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
            emergencyContact: { name: form.emergencyName.trim(), relation: form.emergencyRelation.trim(), phone: form.emergencyPhone.trim() },
            healthNotes: form.healthNotes.trim(),
            consent: { given: true, by: form.consentBy },
            responsibleOpenid: form.responsibleOpenid,
            plan: { contactEveryDays: Number(form.contactEveryDays), visitEveryDays: Number(form.visitEveryDays) },
          },
          { requestId },
        );
        this.renewRequest();
        wx.showToast({ title: '已保存', icon: 'success' });
        this.setData({ personId: saved.id });
        this.show(saved);
      });
    },
    onContact(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'method' | 'condition' | 'note' }>) {
      this.setData({ [`contact.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onRecord() {
      const { contact, person, requestId } = this.data;
      if (!person) return;
      if (contact.condition === 'abnormal' && !contact.note.trim()) {
        wx.showToast({ title: '请写明异常情况', icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        const result = await call('care.record', { id: person.id, method: contact.method, condition: contact.condition, note: contact.note.trim() }, { requestId });
        this.renewRequest();
        this.show(result.person);
        this.setData({ contact: { method: contact.method, condition: 'normal', note: '' }, emergency: result.emergencyContact ?? null });
        if (result.emergencyContact) {
          wx.showModal({ title: result.alerted ? '已上报客服经理' : '情况异常', content: `请立即联系紧急联系人${result.emergencyContact.name}（${result.emergencyContact.relation}）${result.emergencyContact.phone}，必要时联系医疗机构。`, showCancel: false, confirmText: '知道了' });
        } else {
          wx.showToast({ title: '已登记', icon: 'success' });
        }
      });
    },
    onCall(event: WechatMiniprogram.BaseEvent<Record<string, never>, { phone: string }>) {
      wx.makePhoneCall({ phoneNumber: event.currentTarget.dataset.phone });
    },
  },
});

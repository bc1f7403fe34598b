import type { AcceptanceRoom, DefectInput, MoveInDocument, MoveInRecord } from '../../../../../typings/movein';
import { loadable } from '../../../../behaviors/loadable';
import { freshRequest } from '../../../../behaviors/fresh-request';
import type { UploadChange, UploadState } from '../../../../components/cloud-upload/state';
import { uploadProblem } from '../../../../components/cloud-upload/state';
import { call, showError } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { navigateTo, redirectTo } from '../../../../services/navigation';
import { checkText } from '../../../../shared/limits';
import { ACCEPTANCE_TEMPLATE, METER_READING, MOVE_IN_COUNTS, MOVE_IN_DOCUMENTS, MOVE_IN_LIMITS } from '../../../../shared/movein';
import { whileBusy } from '../../../../utils/busy';
import { moveInView, type MoveInView } from '../../views';

const BLANK_DEFECT = { room: ACCEPTANCE_TEMPLATE[0].room, item: '', description: '', photos: [] as string[], uploads: 'done' as UploadState };

const freshRooms = (): AcceptanceRoom[] => ACCEPTANCE_TEMPLATE.map((room) => ({ room: room.room, items: room.items.map((name) => ({ name, ok: true })) }));

/**
 * One move-in (seed 002 §10, 001 三(一)1): the documents received, keys and meter readings, the
 * delivery acceptance room by room, and the defects with photos. The desk fills it in with the
 * owner and edits it until the owner confirms in the mini-program; then it is read and printed.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    communityId: '',
    id: '',
    record: null as MoveInView | null,
    editing: false,
    unitId: '',
    /** A new record for a home chosen before (its file): the home is fixed. */
    presetLabel: '',
    documentOptions: MOVE_IN_DOCUMENTS.map((document) => ({ value: document.code, label: document.label })),
    documents: [] as MoveInDocument[],
    keysSets: '0',
    keysNote: '',
    meters: { water: '', electricity: '', gas: '' },
    rooms: freshRooms(),
    defects: [] as DefectInput[],
    defectOpen: false,
    defect: { ...BLANK_DEFECT },
    roomOptions: ACCEPTANCE_TEMPLATE.map((room) => ({ value: room.room, label: room.room })),
    limits: MOVE_IN_LIMITS,
    photoMax: MOVE_IN_COUNTS.defectPhotos,
    saving: false,
  },
  methods: {
    onLoad(query: { communityId?: string; id?: string; unitId?: string } = {}) {
      this.setData({ communityId: query.communityId ?? '', id: query.id ?? '', unitId: query.unitId ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) {
        if (!this.data.communityId) {
          this.fail('请从工作台的“入住办理”进入');
          return;
        }
        if (this.data.unitId) {
          const unit = await call('directory.unit', { communityId: this.data.communityId, unitId: this.data.unitId });
          this.setData({ presetLabel: unit.label });
        }
        this.setData({ editing: true });
        return;
      }
      this.show(await call('movein.get', { id: this.data.id }));
    },
    show(record: MoveInRecord) {
      this.setData({
        id: record.id,
        communityId: record.communityId,
        record: moveInView(record),
        editing: record.allowed.includes('edit'),
        unitId: record.unitId,
        documents: record.documents,
        keysSets: String(record.keys.sets),
        keysNote: record.keys.note,
        meters: record.meters,
        rooms: record.rooms.length ? record.rooms : freshRooms(),
        defects: record.defects.map((defect) => ({ id: defect.id, room: defect.room, item: defect.item, description: defect.description, photos: defect.photos })),
      });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ unitId: event.detail.unitId });
    },
    onDocuments(event: WechatMiniprogram.CustomEvent<{ value: MoveInDocument[] }>) {
      this.setData({ documents: event.detail.value });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onToggleItem(event: WechatMiniprogram.BaseEvent<Record<string, never>, { room: number; item: number }>) {
      if (!this.data.editing) return;
      const { room, item } = event.currentTarget.dataset;
      this.setData({ [`rooms[${room}].items[${item}].ok`]: !this.data.rooms[room].items[item].ok });
    },
    onToggleDefect() {
      this.setData({ defectOpen: !this.data.defectOpen, defect: { ...BLANK_DEFECT } });
    },
    onDefectField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`defect.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onDefectPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ 'defect.photos': event.detail.fileIDs.filter(Boolean), 'defect.uploads': event.detail.state });
    },
    onAddDefect() {
      const { defect, defects } = this.data;
      const problem =
        checkText(defect.item, MOVE_IN_LIMITS.defectItem, '部位') ?? checkText(defect.description, MOVE_IN_LIMITS.defectDescription, '问题描述') ?? uploadProblem(defect.uploads, '照片');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (defects.length >= MOVE_IN_COUNTS.defects) {
        wx.showToast({ title: `最多登记 ${MOVE_IN_COUNTS.defects} 项问题`, icon: 'none' });
        return;
      }
      const added: DefectInput = { room: defect.room, item: defect.item.trim(), description: defect.description.trim(), photos: defect.photos };
      this.setData({ defects: [...defects, added], defectOpen: false, defect: { ...BLANK_DEFECT } });
    },
    onRemoveDefect(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      this.setData({ defects: this.data.defects.filter((_, index) => index !== event.currentTarget.dataset.index) });
    },
    async onSave() {
      const { communityId, unitId, documents, keysSets, keysNote, meters, rooms, defects, record, requestId } = this.data;
      if (!unitId) {
        wx.showToast({ title: '请选择房屋', icon: 'none' });
        return;
      }
      const sets = Number(keysSets);
      if (!Number.isInteger(sets) || sets < 0 || sets > MOVE_IN_COUNTS.keySets) {
        wx.showToast({ title: `钥匙套数须是 0–${MOVE_IN_COUNTS.keySets} 的整数`, icon: 'none' });
        return;
      }
      if (![meters.water, meters.electricity, meters.gas].every((reading) => METER_READING.test(reading.trim()))) {
        wx.showToast({ title: '表具读数只能是数字，最多两位小数', icon: 'none' });
        return;
      }
      if (this.data.defectOpen) {
        wx.showToast({ title: '请先添加或取消正在填写的问题', icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        const saved = await call(
          'movein.save',
          {
            communityId,
            unitId,
            ...(record ? { id: record.id, version: record.version } : {}),
            documents,
            keys: { sets, note: keysNote.trim() },
            meters: { water: meters.water.trim(), electricity: meters.electricity.trim(), gas: meters.gas.trim() },
            rooms,
            defects,
          },
          { requestId },
        );
        this.renewRequest();
        wx.showToast({ title: '已保存，请业主在小程序中确认', icon: 'none' });
        if (record) this.show(saved);
        else redirectTo('packages/home/pages/movein/index', { communityId, id: saved.id });
      });
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      if (event.currentTarget.dataset.id) navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
    async onPrint() {
      try {
        await openExported(await call('movein.pdf', { id: this.data.id }), 'pdf');
      } catch (error) {
        showError(error);
      }
    },
  },
});

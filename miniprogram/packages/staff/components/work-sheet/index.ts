/** A work record: what was done, with photos of the site uploaded as they are chosen. */
import { uploadProblem, type UploadChange, type UploadState } from '../../../../components/cloud-upload/state';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { sheet } from '../sheet';

Component({
  behaviors: [sheet],
  data: { note: '', photos: [] as string[], photoState: 'done' as UploadState, limit: LIMITS.ticket.workNote, photoMax: COUNTS.workPhotos },
  methods: {
    onPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ photos: event.detail.fileIDs, photoState: event.detail.state });
    },
    onSubmit() {
      const problem = checkText(this.data.note, LIMITS.ticket.workNote, '维修记录') ?? uploadProblem(this.data.photoState, '照片');
      this.answer(problem, { note: this.data.note.trim(), photos: this.data.photos });
    },
  },
});

/**
 * A notice as it hangs on the board (seed 001 三(二)): 文号, title, addressee, paragraphs, 落款 and
 * date; a withdrawn one says so with its reason (seed 002 §2 ¶10), and a correction links to the
 * notice it replaces (and back). Tapping a link raises `open` with the notice's id.
 */
import type { NoticeSheet } from '../../pages/notice/views';

Component({
  properties: {
    sheet: { type: Object, value: null as NoticeSheet | null },
  },
  methods: {
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.triggerEvent('open', { id: event.currentTarget.dataset.id });
    },
  },
});

/**
 * WeChat's privacy authorization (required since base library 2.32.3): when a page calls a
 * privacy API (phone number, choosing images, clipboard) before the user agreed, WeChat holds the
 * call and fires `wx.onNeedPrivacyAuthorization`; this popup explains what we collect and resumes
 * the held calls with the user's answer. Put it on every page that uses such an API.
 */

import { navigateTo } from '../../services/navigation';

/** What WeChat's `resolve` accepts (the bundled typings describe the listener wrongly). */
type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' };
type PrivacyResolve = (answer: PrivacyAnswer) => void;
type PrivacyListener = (resolve: PrivacyResolve, eventInfo: { referrer: string }) => void;

/** The id of the native agree button; WeChat checks that this very button was tapped. */
const AGREE_BUTTON_ID = 'privacy-agree';

/** Calls held until the user answers; several privacy APIs may fire at once. */
const heldCalls = new WeakMap<object, PrivacyResolve[]>();

function onNeedPrivacyAuthorization(listener: PrivacyListener): void {
  // Older WeChat versions have no privacy prompt and run privacy APIs directly.
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  (wx.onNeedPrivacyAuthorization as unknown as (callback: PrivacyListener) => void)(listener);
}

Component({
  data: {
    visible: false,
    agreeButtonId: AGREE_BUTTON_ID,
  },
  lifetimes: {
    attached() {
      this.listen();
    },
    detached() {
      this.answer({ event: 'disagree' });
    },
  },
  pageLifetimes: {
    // WeChat keeps only the last listener registered; take it back when our page returns to view.
    show() {
      this.listen();
    },
  },
  methods: {
    listen() {
      onNeedPrivacyAuthorization((resolve) => {
        heldCalls.set(this, [...(heldCalls.get(this) ?? []), resolve]);
        this.setData({ visible: true });
      });
    },
    answer(answer: PrivacyAnswer) {
      const held = heldCalls.get(this) ?? [];
      heldCalls.delete(this);
      for (const resolve of held) resolve(answer);
      if (this.data.visible) this.setData({ visible: false });
    },
    onAgree() {
      this.answer({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    },
    /** The held call then fails, and the page that made it tells the user what it could not do. */
    onRefuse() {
      this.answer({ event: 'disagree' });
    },
    onOpenContract() {
      wx.openPrivacyContract({
        fail: () => navigateTo('pages/privacy/index'),
      });
    },
    onOpenNotice() {
      navigateTo('pages/privacy/index');
    },
  },
});

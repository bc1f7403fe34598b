/**
 * Consent to subscribe messages where people act. The server says which templates to ask for
 * (`me.subscriptions`: those running low for this user); the page asks from a tap, since WeChat
 * shows its dialog only when `wx.requestSubscribeMessage` runs in a tap's own call stack. So
 * `askConsentNow` is the first thing a tap handler does, before any modal or request.
 */
import type { ConsentTemplate } from '../../typings/alerts';
import { call } from '../services/api';
import { askSubscription, recordSubscription } from '../services/subscriptions';

export const consent = Behavior<
  { consentAsk: string[]; consentTemplates: ConsentTemplate[] },
  Record<string, never>,
  {
    refreshConsent(): Promise<void>;
    askConsentNow(templateIds?: string[]): Promise<boolean>;
  },
  []
>({
  data: { consentAsk: [], consentTemplates: [] },
  pageLifetimes: {
    show() {
      void this.refreshConsent();
    },
  },
  methods: {
    /** What to ask for now; a failure leaves the last answer (consent never blocks the page). */
    async refreshConsent() {
      try {
        const state = await call('me.subscriptions', {});
        this.setData({ consentAsk: state.ask, consentTemplates: state.templates });
      } catch {
        // Without the answer the page simply does not ask.
      }
    },
    /** Asks for `templateIds` (by default what the server said is low); resolves whether any was granted. */
    askConsentNow(templateIds?: string[]) {
      const ids = templateIds ?? this.data.consentAsk;
      if (!ids.length) return Promise.resolve(false);
      return askSubscription(ids)
        .then(recordSubscription)
        .then(async (granted) => {
          await this.refreshConsent();
          return granted;
        });
    },
  },
});

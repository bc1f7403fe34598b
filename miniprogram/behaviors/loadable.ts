/**
 * A page that loads what it shows: `status` (loading, ready, error) and `errorMessage` for its
 * template, the retry button and pull-down refresh. The page defines `fetch`, which loads and
 * shows its content and throws on failure; `load` runs it.
 */
import { messageOf, showError } from '../services/api';

export type LoadStatus = 'loading' | 'ready' | 'error';

/** What a page using `loadable` defines. */
export interface Loader {
  fetch(): Promise<void>;
}

/** The number of each page's latest `load`: an older one that answers later changes nothing. */
const latest = new WeakMap<object, number>();

export const loadable = Behavior<
  { status: LoadStatus; errorMessage: string },
  Record<string, never>,
  {
    load(): Promise<boolean>;
    fail(message: string): void;
    onRetry(): void;
    onPullDownRefresh(): void;
  },
  [],
  Loader
>({
  data: { status: 'loading', errorMessage: '' },
  methods: {
    /**
     * Runs `fetch`. The loading view shows until the first success; after that a failure keeps what
     * is shown and says why in a toast, before it the error view offers a retry. Resolves with
     * whether this load's content is shown.
     */
    async load(): Promise<boolean> {
      const run = (latest.get(this) ?? 0) + 1;
      latest.set(this, run);
      const shown = this.data.status === 'ready';
      if (!shown) this.setData({ status: 'loading', errorMessage: '' });
      try {
        await this.fetch();
        if (latest.get(this) !== run) return false;
        // `fetch` may have settled on a state of the page's own (an error, a form that cannot open).
        if (this.data.status === 'loading') this.setData({ status: 'ready' });
        return this.data.status === 'ready';
      } catch (error) {
        if (latest.get(this) !== run) return false;
        if (shown && this.data.status === 'ready') showError(error);
        else this.fail(messageOf(error));
        return false;
      }
    },
    /** The error view with a sentence of the page's (it was opened without what it shows, or the caller may not use it). */
    fail(message: string) {
      this.setData({ status: 'error', errorMessage: message });
    },
    onRetry() {
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().finally(() => wx.stopPullDownRefresh());
    },
  },
});

/**
 * A list whose records the user may change on a page opened from it (confirm a ticket, resubmit an
 * application): loads on open and again whenever the user comes back to it.
 */
export const reloadedOnReturn = Behavior<Record<string, never>, Record<string, never>, { onLoad(): void; onShow(): void }, [typeof loadable]>({
  behaviors: [loadable],
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
  },
});

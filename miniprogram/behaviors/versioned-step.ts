/**
 * A step on a record the cloud versions (a ticket, a renovation): sent with the version the user
 * saw, so a change made meanwhile is a CONFLICT, not an overwrite. On a CONFLICT the page reloads
 * and the user is told in a modal; `busy` (and `busyStep`, which step) hold the buttons while a
 * step is on its way; success is a toast. The page defines `showRecord`, and with `loadable` its
 * `fetch`, which must set `version`.
 */
import type { ActionInput, ActionName, ActionOutput } from '../../typings/api';
import { ApiError, call, newRequestId, showError } from '../services/api';
import { consent } from './consent';
import { loadable } from './loadable';

/** The actions that step a versioned record: they name it and the version seen, and return it. */
export type StepAction = {
  [A in ActionName]: ActionInput<A> extends { id: string; version: number } ? (ActionOutput<A> extends { version: number } ? A : never) : never;
}[ActionName];

/** A step's own fields, besides the record and the version seen. */
export type StepFields<A extends StepAction> = Omit<ActionInput<A>, 'id' | 'version'>;

export interface StepOptions {
  /** The toast on success; none when the page says more itself. */
  done?: string;
  /** Which step, for the button that shows it is running. */
  name?: string;
}

/** What a page using `versionedStep` defines. */
export interface VersionedPage {
  /** Shows the record a step returned. */
  showRecord(record: { version: number }): void;
  /** The modal's title and sentence when the record changed meanwhile. */
  conflictNotice(message: string): { title: string; content: string };
}

export const versionedStep = Behavior<
  { recordId: string; version: number; busy: boolean; busyStep: string },
  Record<string, never>,
  {
    openRecord(id: string | undefined, missing: string): void;
    step<A extends StepAction>(action: A, fields: StepFields<A>, options?: StepOptions): Promise<ActionOutput<A> | undefined>;
  },
  [typeof loadable, typeof consent],
  VersionedPage
>({
  // A step is where people act: their pages ask for the message consent running low (consent.ts).
  behaviors: [loadable, consent],
  data: { recordId: '', version: 0, busy: false, busyStep: '' },
  methods: {
    /** Loads the record the page's query names, or says `missing` when it names none. */
    openRecord(id: string | undefined, missing: string) {
      this.setData({ recordId: id ?? '' });
      if (id) void this.load();
      else this.fail(missing);
    },
    /** Sends one step; resolves with the record it returned, or undefined when it was refused or did not go. */
    async step<A extends StepAction>(action: A, fields: StepFields<A>, options: StepOptions = {}): Promise<ActionOutput<A> | undefined> {
      if (this.data.busy) return undefined;
      this.setData({ busy: true, busyStep: options.name ?? '' });
      try {
        const input = { ...fields, id: this.data.recordId, version: this.data.version } as ActionInput<A>;
        const record = await call(action, input, { requestId: newRequestId() });
        this.showRecord(record);
        if (options.done) wx.showToast({ title: options.done, icon: 'success' });
        return record;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          // The page behind the modal already shows the record as it is now.
          await this.load();
          wx.showModal({ ...this.conflictNotice(error.message), showCancel: false, confirmText: '知道了' });
        } else {
          showError(error);
        }
        return undefined;
      } finally {
        this.setData({ busy: false, busyStep: '' });
      }
    },
  },
});

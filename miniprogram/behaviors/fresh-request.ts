/**
 * The id of the write a page is about to send (`requestId`): the cloud stores one result per id, so a
 * retry after a timeout gets the first answer instead of a second record. It is drawn when the page
 * opens — a value in a page's `data` would be drawn once when the module loads and shared by every
 * later opening, whose first write would then return the earlier one — and again by `renewRequest`
 * once a write has gone through.
 */
import { newRequestId } from '../services/api';

export const freshRequest = Behavior<{ requestId: string }, Record<string, never>, { renewRequest(): void }, []>({
  data: { requestId: '' },
  lifetimes: {
    attached() {
      this.setData({ requestId: newRequestId() });
    },
  },
  methods: {
    renewRequest() {
      this.setData({ requestId: newRequestId() });
    },
  },
});

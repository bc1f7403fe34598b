/**
 * What the staff pages' bottom sheets share: the page holds the popup and says which sheet is
 * open; a sheet collects its fields, refuses with a toast what the cloud would refuse, and hands
 * the page its answer (`submit`) or gives up (`cancel`). `busy` holds the submit button while the
 * page's step is on its way.
 */
export const sheet = Behavior({
  properties: {
    busy: { type: Boolean, value: false },
  },
  methods: {
    onCancel() {
      this.triggerEvent('cancel');
    },
    /** A field's input into the data field its `data-field` names. */
    onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    /** Tells the user the first problem, or hands the page the answer. */
    answer(problem: string | undefined, detail: object) {
      if (problem) wx.showToast({ title: problem, icon: 'none' });
      else this.triggerEvent('submit', detail);
    },
  },
});

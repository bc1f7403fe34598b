/**
 * A record page that asks for a step's fields in bottom sheets (the staff ticket and renovation
 * pages): `sheet` names the open one. A button opens one with `data-sheet`; a sheet component's
 * `submit` carries the step's fields, and the component's `data-action` and `data-done` name the
 * step and its toast. The sheet closes once the step went through; a refused step leaves it open
 * with what the user wrote.
 */
import { versionedStep, type StepAction, type StepFields } from './versioned-step';

export const stepSheets = Behavior<
  { sheet: string },
  Record<string, never>,
  {
    onOpenSheet(event: WechatMiniprogram.BaseEvent<Record<string, never>, { sheet: string }>): void;
    onSheetVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>): void;
    onSheetCancel(): void;
    onSheetSubmit(event: WechatMiniprogram.CustomEvent<StepFields<StepAction>, Record<string, never>, { action: StepAction; done: string }>): Promise<void>;
  },
  [typeof versionedStep]
>({
  behaviors: [versionedStep],
  data: { sheet: '' },
  methods: {
    onOpenSheet(event: WechatMiniprogram.BaseEvent<Record<string, never>, { sheet: string }>) {
      if (this.data.busy) return;
      // The tap that opens a step is the one WeChat lets ask for consent.
      void this.askConsentNow();
      this.setData({ sheet: event.currentTarget.dataset.sheet });
    },
    onSheetVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.setData({ sheet: '' });
    },
    onSheetCancel() {
      this.setData({ sheet: '' });
    },
    async onSheetSubmit(event: WechatMiniprogram.CustomEvent<StepFields<StepAction>, Record<string, never>, { action: StepAction; done: string }>) {
      const { action, done } = event.currentTarget.dataset;
      if (await this.step(action, event.detail, { done })) this.setData({ sheet: '' });
    },
  },
});

/**
 * Subscribe messages arriving on the phone: the local cloud keeps every `subscribeMessage.send`
 * in its outbox; the preview polls it and shows the ones sent to the user in view as WeChat's
 * service notifications. Tapping one opens the page the message names, as WeChat does.
 */
import * as phone from './phone';
import type { Router } from './router';
import type { TemplateInfo } from './wx';

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string | number }>;
  errcode: number;
  sentAt: string;
}

export interface NotificationOptions {
  openid: string;
  env: string;
  cloudFetch(path: string): Promise<Response>;
  templates: TemplateInfo[];
  router: Router;
  intervalMs?: number;
}

export function startNotifications(options: NotificationOptions): () => void {
  let seen = -1;
  let stopped = false;
  const poll = async (): Promise<void> => {
    const response = await options.cloudFetch(`/_emulator/outbox?env=${encodeURIComponent(options.env)}`);
    if (!response.ok) return;
    const { messages } = (await response.json()) as { messages: OutboxMessage[] };
    // What was sent before the phone opened is history, not a new notification.
    if (seen < 0) {
      seen = messages.length;
      return;
    }
    for (const message of messages.slice(seen)) {
      if (message.touser !== options.openid || message.errcode !== 0) continue;
      const title = options.templates.find((template) => template.id === message.templateId)?.title ?? '服务通知';
      phone.notify({
        title,
        lines: Object.values(message.data ?? {}).map((field) => String(field.value)),
        onOpen: message.page ? () => options.router.reLaunch({ url: `/${message.page!.replace(/^\//, '')}` }) : undefined,
      });
    }
    seen = messages.length;
  };
  const loop = (): void => {
    if (stopped) return;
    poll()
      .catch(() => undefined)
      .finally(() => window.setTimeout(loop, options.intervalMs ?? 1500));
  };
  loop();
  return () => {
    stopped = true;
  };
}

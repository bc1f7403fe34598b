/// <reference lib="dom" />
/**
 * 群消息: what the company's group robots (企业微信, 钉钉) received, beside the phone. The local
 * cloud keeps every post the function made to its webhook sink; the panel polls them, so a person
 * trying the preview sees an alert reach the group as well as the phone.
 */
interface WebhookPost {
  url: string;
  body: { msgtype?: string; markdown?: { content?: string; text?: string; title?: string }; text?: { content?: string } };
  at: string;
  answer: { status: number; errcode?: number };
}

const CHANNELS: [host: string, label: string][] = [
  ['qyapi.weixin.qq.com', '企业微信群'],
  ['oapi.dingtalk.com', '钉钉群'],
];

function channelOf(url: string): string {
  return CHANNELS.find(([host]) => url.includes(host))?.[1] ?? '群机器人';
}

/** The markdown a robot shows, as plain lines (bold marks dropped). */
function linesOf(post: WebhookPost): string[] {
  const text = post.body.markdown?.content ?? post.body.markdown?.text ?? post.body.text?.content ?? '';
  return text.split('\n').map((line) => line.replace(/\*\*/g, ''));
}

/**
 * A post's time in China as `toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })`
 * writes it (2027/3/25 09:00:00). Written out by hand: the browser's first time-zone formatter loads
 * its time-zone data, up to 90 ms while the first page is being drawn; China keeps UTC+8 all year.
 */
function timeOf(at: string): string {
  const china = new Date(Date.parse(at) + 8 * 3_600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${china.getUTCFullYear()}/${china.getUTCMonth() + 1}/${china.getUTCDate()} ${two(china.getUTCHours())}:${two(china.getUTCMinutes())}:${two(china.getUTCSeconds())}`;
}

export function startGroupPanel(options: { cloudFetch(path: string): Promise<Response>; intervalMs?: number }): void {
  const panel = document.getElementById('group-posts');
  if (!panel) return;
  let shown = -1;
  const render = (posts: WebhookPost[]): void => {
    panel.replaceChildren(
      ...posts
        .slice()
        .reverse()
        .map((post) => {
          const card = document.createElement('div');
          card.className = `group-post${post.answer.errcode === 0 ? '' : ' group-post--failed'}`;
          const head = document.createElement('div');
          head.className = 'group-post-head';
          const at = timeOf(post.at);
          head.textContent = `${channelOf(post.url)} · ${at}${post.answer.errcode === 0 ? '' : ' · 未送达'}`;
          card.append(head);
          for (const line of linesOf(post)) {
            const row = document.createElement('div');
            row.className = 'group-post-line';
            row.textContent = line;
            card.append(row);
          }
          return card;
        }),
    );
    if (!posts.length) panel.textContent = '还没有群消息。经理在“工作台 → 提醒与群机器人”接入群机器人后，派单、投诉升级、重大投诉和超时提醒会出现在这里。';
  };
  const poll = async (): Promise<void> => {
    const response = await options.cloudFetch('/_emulator/webhook-posts');
    if (!response.ok) return;
    const { posts } = (await response.json()) as { posts: WebhookPost[] };
    if (posts.length !== shown) {
      shown = posts.length;
      render(posts);
    }
  };
  const loop = (): void => {
    poll()
      .catch(() => undefined)
      .finally(() => window.setTimeout(loop, options.intervalMs ?? 1500));
  };
  loop();
}

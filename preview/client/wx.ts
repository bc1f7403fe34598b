/**
 * The `wx` the pages call in the preview. Cloud calls reach the local cloud as the user picked in
 * the frame; navigation drives the page stack; dialogs are drawn by the phone frame; storage is
 * kept per user (each demo user is a phone of their own); privacy-guarded APIs wait for the
 * privacy notice as WeChat does; files picked in the browser become temporary files that
 * `wx.cloud.uploadFile` sends. What the framework's own polyfill already covers is left to it.
 */
import { createWxCloud, type WxCloudClient } from '../../emulator/client/wx-cloud';
import * as phone from './phone';
import type { Router } from './router';
import { NAV_BAR_HEIGHT, SCREEN_HEIGHT, SCREEN_WIDTH, STATUS_BAR_HEIGHT } from './screen';

type Result = Record<string, unknown>;
interface Callbacks {
  success?: (result: Result) => void;
  fail?: (error: { errMsg: string; errCode?: number }) => void;
  complete?: (result: Result) => void;
}

/** Settles a wx call both ways WeChat offers: callbacks, and a promise when no callback is given. */
function settle<T extends Result>(name: string, options: Callbacks | undefined, work: () => Promise<T> | T): Promise<T> | undefined {
  const run = Promise.resolve()
    .then(work)
    .then((result) => ({ errMsg: `${name}:ok`, ...result }) as T);
  const hasCallbacks = Boolean(options?.success || options?.fail || options?.complete);
  run.then(
    (result) => {
      options?.success?.(result);
      options?.complete?.(result);
    },
    (error: unknown) => {
      const failure = { errMsg: `${name}:fail ${error instanceof Error ? error.message : String((error as { errMsg?: string }).errMsg ?? error)}` };
      if (!hasCallbacks) return;
      options?.fail?.(failure);
      options?.complete?.(failure);
    },
  );
  if (hasCallbacks) return undefined;
  return run.catch((error: unknown) => {
    throw { errMsg: `${name}:fail ${error instanceof Error ? error.message : String(error)}` };
  });
}

export interface PreviewUser {
  openid: string;
  env: string;
  /** Another local cloud on this machine (tests), else the preview server's. */
  cloud?: string | null;
}

export interface TemplateInfo {
  id: string;
  title: string;
}

/** Temporary files (picked, downloaded) by path, as WeChat's `wxfile://tmp_…`; here blob URLs the page can also show. */
const tempFiles = new Map<string, Blob>();
function keepTemp(blob: Blob): string {
  const path = URL.createObjectURL(blob);
  tempFiles.set(path, blob);
  return path;
}
async function readTemp(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const blob = tempFiles.get(path) ?? (await (await fetch(path)).blob());
  return new Uint8Array(await blob.arrayBuffer());
}

export interface PreviewWx {
  wx: Record<string, unknown>;
  /** What the privacy popup's 同意 button (open-type="agreePrivacyAuthorization") records. */
  agreePrivacy(): void;
  /** What the phone-number button gets from WeChat after the user allows it: a one-time code. */
  phoneNumberCode(): Promise<{ code?: string; errMsg: string }>;
  /** Calls into the local cloud through the preview server. */
  cloudFetch(path: string, init?: RequestInit): Promise<Response>;
}

export function createWx(user: PreviewUser, router: Router, templates: TemplateInfo[]): PreviewWx {
  const cloudFetch = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (user.cloud) headers.set('x-preview-cloud', user.cloud);
    return fetch(`${location.origin}/cloud${path}`, { ...init, headers });
  };
  const client: WxCloudClient = createWxCloud({
    baseUrl: location.origin,
    env: user.env,
    openid: () => user.openid,
    // Through the preview server: the local cloud sends no CORS headers.
    fetch: (input, init) => {
      const url = new URL(String(input));
      return cloudFetch(`${url.pathname}${url.search}`, init);
    },
  });

  // ---- storage: one phone per user --------------------------------------------------------------
  const storageKey = (key: string) => `preview:${user.env}:${user.openid}:${key}`;
  const getStorageSync = (key: string): unknown => {
    const raw = localStorage.getItem(storageKey(key));
    return raw === null ? '' : (JSON.parse(raw) as unknown);
  };
  const setStorageSync = (key: string, value: unknown): void => localStorage.setItem(storageKey(key), JSON.stringify(value));
  const removeStorageSync = (key: string): void => localStorage.removeItem(storageKey(key));
  const storageKeys = (): string[] => {
    const prefix = storageKey('');
    return Object.keys(localStorage)
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
  };

  // ---- privacy: agreed once per user; guarded APIs wait for the page's popup --------------------
  const PRIVACY_KEY = '__privacyAgreed__';
  let privacyListener: ((resolve: (answer: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | undefined;
  const privacyAgreed = (): boolean => getStorageSync(PRIVACY_KEY) === true;
  const agreePrivacy = (): void => setStorageSync(PRIVACY_KEY, true);
  const withPrivacy = (referrer: string): Promise<void> => {
    if (privacyAgreed()) return Promise.resolve();
    if (!privacyListener) return Promise.reject(new Error('privacy permission is not authorized'));
    const listener = privacyListener;
    return new Promise((resolve, reject) => {
      listener(
        (answer) => {
          if (answer.event === 'agree') {
            agreePrivacy();
            resolve();
          } else if (answer.event === 'disagree') reject(new Error('privacy permission is not authorized'));
        },
        { referrer },
      );
    });
  };

  // ---- uploads with a progress task ---------------------------------------------------------------
  interface UploadOptions extends Callbacks {
    cloudPath: string;
    filePath?: string;
    fileContent?: Uint8Array<ArrayBuffer>;
    config?: { env?: string };
  }
  const uploadFile = (options: UploadOptions) => {
    const listeners: ((update: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void)[] = [];
    const run = settle('cloud.uploadFile', options, async () => {
      const bytes = options.fileContent ?? (options.filePath ? await readTemp(options.filePath) : undefined);
      if (!bytes) throw new Error('filePath is required');
      const answer = await client.uploadFile({ cloudPath: options.cloudPath, fileContent: bytes, config: options.config });
      for (const listener of listeners) listener({ progress: 100, totalBytesSent: bytes.byteLength, totalBytesExpectedToSend: bytes.byteLength });
      return { fileID: answer.fileID, statusCode: answer.statusCode };
    });
    if (run) return run;
    return { onProgressUpdate: (listener: (typeof listeners)[number]) => void listeners.push(listener), abort: () => undefined };
  };

  const pick = async (referrer: string, accept: string, count: number, title: string): Promise<File[]> => {
    await withPrivacy(referrer);
    const files = (await phone.chooseFiles({ accept, multiple: count > 1, title })).slice(0, count);
    if (files.length === 0) throw new Error('cancel');
    return files;
  };

  const titleOf = (id: string) => templates.find((template) => template.id === id)?.title ?? id;

  const wx: Record<string, unknown> = {
    cloud: {
      // The preview decides the env (the app names its deployed env id); the user picks it in the frame.
      init: () => undefined,
      callFunction: (options: Callbacks & { name: string; data?: Record<string, unknown>; config?: { env?: string } }) =>
        settle('cloud.callFunction', options, async () => {
          const answer = await client.callFunction(options);
          return { result: answer.result, requestID: answer.requestID };
        }),
      uploadFile,
      getTempFileURL: (options: Callbacks & { fileList: string[] }) =>
        settle('cloud.getTempFileURL', options, async () => ({ fileList: (await client.getTempFileURL(options)).fileList })),
    },
    // navigation
    navigateTo: (options: { url: string } & Callbacks) => router.navigateTo(options),
    redirectTo: (options: { url: string } & Callbacks) => router.redirectTo(options),
    navigateBack: (options?: { delta?: number } & Callbacks) => router.navigateBack(options),
    switchTab: (options: { url: string } & Callbacks) => router.switchTab(options),
    reLaunch: (options: { url: string } & Callbacks) => router.reLaunch(options),
    setNavigationBarTitle: (options: { title: string } & Callbacks) =>
      settle('setNavigationBarTitle', options, () => {
        const top = router.top();
        if (top) router.setTitle(top, options.title);
        return {};
      }),
    stopPullDownRefresh: (options?: Callbacks) => settle('stopPullDownRefresh', options, () => ({})),
    startPullDownRefresh: (options?: Callbacks) =>
      settle('startPullDownRefresh', options, () => {
        router.pullDownRefresh();
        return {};
      }),
    pageScrollTo: (options: { scrollTop?: number } & Callbacks) =>
      settle('pageScrollTo', options, () => {
        router.top()?.layer.querySelector('.preview-page')?.scrollTo({ top: options.scrollTop ?? 0 });
        return {};
      }),
    // dialogs
    showToast: (options: { title?: string; icon?: string; duration?: number } & Callbacks) =>
      settle('showToast', options, () => {
        phone.toast(options.title ?? '', { icon: options.icon ?? 'success', duration: options.duration });
        return {};
      }),
    hideToast: (options?: Callbacks) => settle('hideToast', options, () => (phone.hideToast('toast'), {})),
    showLoading: (options: { title?: string } & Callbacks) =>
      settle('showLoading', options, () => {
        phone.toast(options.title ?? '', { loading: true });
        return {};
      }),
    hideLoading: (options?: Callbacks) => settle('hideLoading', options, () => (phone.hideToast('loading'), {})),
    showModal: (options: phone.ModalOptions & Callbacks) =>
      settle('showModal', options, async () => {
        const answer = await phone.modal(options);
        return { confirm: answer.confirm, cancel: !answer.confirm, ...(options.editable ? { content: answer.content ?? '' } : {}) };
      }),
    showActionSheet: (options: { itemList: string[]; alertText?: string } & Callbacks) =>
      settle('showActionSheet', options, async () => {
        const tapIndex = await phone.actionSheet(options.itemList, options.alertText);
        if (tapIndex < 0) throw new Error('cancel');
        return { tapIndex };
      }),
    // files and media
    chooseMedia: (options: { count?: number; mediaType?: string[] } & Callbacks) =>
      settle('chooseMedia', options, async () => {
        const video = options.mediaType?.includes('video');
        const files = await pick('chooseMedia', video ? 'image/*,video/*' : 'image/*', options.count ?? 9, '选择图片');
        const tempFilesResult = files.map((file) => ({
          tempFilePath: keepTemp(file),
          size: file.size,
          fileType: file.type.startsWith('video') ? 'video' : 'image',
          width: 0,
          height: 0,
        }));
        return { type: tempFilesResult.every((file) => file.fileType === 'image') ? 'image' : 'mix', tempFiles: tempFilesResult };
      }),
    chooseImage: (options: { count?: number } & Callbacks) =>
      settle('chooseImage', options, async () => {
        const files = await pick('chooseImage', 'image/*', options.count ?? 9, '选择图片');
        const tempFilesResult = files.map((file) => ({ path: keepTemp(file), size: file.size }));
        return { tempFilePaths: tempFilesResult.map((file) => file.path), tempFiles: tempFilesResult };
      }),
    chooseMessageFile: (options: { count?: number; extension?: string[] } & Callbacks) =>
      settle('chooseMessageFile', options, async () => {
        const accept = options.extension?.map((ext) => `.${ext.replace(/^\./, '')}`).join(',') ?? '';
        const files = await pick('chooseMessageFile', accept, options.count ?? 1, '从聊天中选择文件');
        return {
          tempFiles: files.map((file) => ({ path: keepTemp(file), name: file.name, size: file.size, type: 'file', time: Math.floor(Date.now() / 1000) })),
        };
      }),
    downloadFile: (options: { url: string } & Callbacks) =>
      settle('downloadFile', options, async () => {
        const url = new URL(options.url);
        const response = await cloudFetch(`${url.pathname}${url.search}`);
        return { tempFilePath: keepTemp(await response.blob()), statusCode: response.status };
      }),
    // WeChat's pay sheet: the amount from the local cloud's WeChat Pay, then 支付 or 取消.
    requestPayment: (options: { package: string } & Callbacks) =>
      settle('requestPayment', options, async () => {
        const query = `env=${encodeURIComponent(user.env)}&package=${encodeURIComponent(options.package)}`;
        const order = (await (await cloudFetch(`/client/payment?${query}`)).json()) as { totalFee?: number; body?: string; errMsg?: string };
        if (order.totalFee === undefined) throw new Error(order.errMsg ?? '订单不存在');
        const amount = `¥${Math.floor(order.totalFee / 100)}.${String(order.totalFee % 100).padStart(2, '0')}`;
        const index = await phone.actionSheet([`支付 ${amount}`], `微信支付 · ${order.body ?? ''}`);
        if (index < 0) throw new Error('cancel');
        const reply = (await (
          await cloudFetch(`/client/requestPayment?env=${encodeURIComponent(user.env)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ package: options.package }),
          })
        ).json()) as { errMsg: string };
        if (reply.errMsg !== 'requestPayment:ok') throw new Error(reply.errMsg.replace(/^requestPayment:fail /, ''));
        return {};
      }),
    // The camera: the person chooses which posted code (a patrol checkpoint's) to hold the phone over.
    scanCode: (options: Callbacks) =>
      settle('scanCode', options, async () => {
        const { codes } = (await (await cloudFetch(`/client/camera?env=${encodeURIComponent(user.env)}`)).json()) as { codes: { label: string; value: string }[] };
        if (!codes.length) throw new Error('预览中没有张贴的二维码');
        const index = await phone.actionSheet(codes.map((code) => code.label), '扫一扫：选择要对准的二维码');
        if (index < 0) throw new Error('cancel');
        return { result: codes[index].value, scanType: 'QR_CODE', charSet: 'utf-8', rawData: '' };
      }),
    openDocument: (options: { filePath: string } & Callbacks) =>
      settle('openDocument', options, () => {
        window.open(options.filePath, '_blank');
        return {};
      }),
    previewImage: (options: { urls: string[]; current?: string } & Callbacks) =>
      settle('previewImage', options, () => {
        phone.imagePreview(options.current ?? options.urls[0]);
        return {};
      }),
    // device
    makePhoneCall: (options: { phoneNumber: string } & Callbacks) =>
      settle('makePhoneCall', options, async () => {
        const index = await phone.actionSheet([`呼叫 ${options.phoneNumber}`], '预览中不会真的拨出');
        if (index < 0) throw new Error('cancel');
        return {};
      }),
    setClipboardData: (options: { data: string } & Callbacks) =>
      settle('setClipboardData', options, async () => {
        await withPrivacy('setClipboardData');
        await navigator.clipboard?.writeText(options.data).catch(() => undefined);
        phone.toast('内容已复制', { icon: 'none' });
        return {};
      }),
    // subscribe messages: WeChat's consent dialog, answered by the user, recorded by the local cloud
    requestSubscribeMessage: (options: { tmplIds: string[] } & Callbacks) =>
      settle('requestSubscribeMessage', options, async () => {
        const decisions = await phone.subscriptionPrompt(options.tmplIds.map((id) => ({ id, title: titleOf(id) })));
        const rejected = decisions ?? Object.fromEntries(options.tmplIds.map((id) => [id, 'reject']));
        const response = await cloudFetch(`/client/requestSubscribeMessage?env=${encodeURIComponent(user.env)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: user.openid, tmplIds: options.tmplIds, decisions: rejected }),
        });
        const reply = (await response.json()) as Result;
        if (typeof reply.errCode === 'number' && reply.errCode !== 0) throw new Error(String(reply.errMsg));
        const { errMsg: _ignored, ...choices } = reply;
        return choices;
      }),
    // privacy
    onNeedPrivacyAuthorization: (listener: typeof privacyListener) => {
      privacyListener = listener;
    },
    requirePrivacyAuthorize: (options?: Callbacks) => settle('requirePrivacyAuthorize', options, async () => (await withPrivacy('requirePrivacyAuthorize'), {})),
    getPrivacySetting: (options?: Callbacks) =>
      settle('getPrivacySetting', options, () => ({ needAuthorization: !privacyAgreed(), privacyContractName: '《物业客服隐私保护指引》' })),
    openPrivacyContract: (options?: Callbacks) =>
      settle('openPrivacyContract', options, async () => {
        await phone.modal({ title: '《物业客服隐私保护指引》', content: '预览中以小程序内的隐私说明页为准。', showCancel: false });
        return {};
      }),
    // storage
    getStorageSync,
    setStorageSync,
    removeStorageSync,
    clearStorageSync: () => storageKeys().forEach(removeStorageSync),
    getStorageInfoSync: () => ({ keys: storageKeys(), currentSize: 0, limitSize: 10240 }),
    getStorage: (options: { key: string } & Callbacks) =>
      settle('getStorage', options, () => {
        if (localStorage.getItem(storageKey(options.key)) === null) throw new Error('data not found');
        return { data: getStorageSync(options.key) };
      }),
    setStorage: (options: { key: string; data: unknown } & Callbacks) => settle('setStorage', options, () => (setStorageSync(options.key, options.data), {})),
    removeStorage: (options: { key: string } & Callbacks) => settle('removeStorage', options, () => (removeStorageSync(options.key), {})),
    // the phone
    getSystemInfoSync: () => ({
      windowWidth: SCREEN_WIDTH,
      windowHeight: SCREEN_HEIGHT - STATUS_BAR_HEIGHT - NAV_BAR_HEIGHT,
      screenWidth: SCREEN_WIDTH,
      screenHeight: SCREEN_HEIGHT,
      pixelRatio: 2,
      statusBarHeight: STATUS_BAR_HEIGHT,
      platform: 'devtools',
      SDKVersion: '3.6.0',
      theme: 'light',
      language: 'zh_CN',
      safeArea: { top: STATUS_BAR_HEIGHT, bottom: SCREEN_HEIGHT, left: 0, right: SCREEN_WIDTH, width: SCREEN_WIDTH, height: SCREEN_HEIGHT - STATUS_BAR_HEIGHT },
    }),
    getWindowInfo: () => ({
      windowWidth: SCREEN_WIDTH,
      windowHeight: SCREEN_HEIGHT - STATUS_BAR_HEIGHT - NAV_BAR_HEIGHT,
      screenWidth: SCREEN_WIDTH,
      screenHeight: SCREEN_HEIGHT,
      pixelRatio: 2,
      statusBarHeight: STATUS_BAR_HEIGHT,
      safeArea: { top: STATUS_BAR_HEIGHT, bottom: SCREEN_HEIGHT, left: 0, right: SCREEN_WIDTH, width: SCREEN_WIDTH, height: SCREEN_HEIGHT - STATUS_BAR_HEIGHT },
    }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'Preview', brand: 'devtools', model: 'preview' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.6.0', theme: 'light', language: 'zh_CN' }),
    getMenuButtonBoundingClientRect: () => ({ top: STATUS_BAR_HEIGHT + 6, bottom: STATUS_BAR_HEIGHT + 38, left: 280, right: 367, width: 87, height: 32 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
  };

  const phoneNumberCode = async (): Promise<{ code?: string; errMsg: string }> => {
    try {
      await withPrivacy('getPhoneNumber');
    } catch {
      return { errMsg: 'getPhoneNumber:fail privacy permission is not authorized' };
    }
    const index = await phone.actionSheet(['使用微信绑定号码 (演示号码)'], '物业客服 申请获取并验证你的手机号');
    if (index < 0) return { errMsg: 'getPhoneNumber:fail user deny' };
    const response = await cloudFetch('/client/phoneNumberCode', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const reply = (await response.json()) as { code: string };
    return { code: reply.code, errMsg: 'getPhoneNumber:ok' };
  };

  return { wx, agreePrivacy, phoneNumberCode, cloudFetch };
}

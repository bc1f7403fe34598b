import { createWxCloud, type UploadFileOptions, type WxCloudClient } from '../../emulator/client/node';

/** What the page showed the user through `wx` UI calls, in order. */
export interface UiRecord {
  api:
    | 'showToast'
    | 'showModal'
    | 'showLoading'
    | 'hideLoading'
    | 'navigateTo'
    | 'redirectTo'
    | 'switchTab'
    | 'navigateBack'
    | 'makePhoneCall'
    | 'requestPayment'
    | 'scanCode'
    | 'openDocument'
    | 'openPrivacyContract'
    | 'previewImage';
  options: Record<string, unknown>;
}

export interface FakeWxOptions {
  baseUrl: string;
  env: string;
  openid: string;
  /** How `wx.cloud` makes its requests (a test counting them passes its own); node:http when unset. */
  fetch?: typeof fetch;
}

/** A file the user picks in the fake `wx.chooseMessageFile` or `wx.chooseMedia`. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** One call of the `api` cloud function, as the page sent it. */
export interface ApiCallRecord {
  action: string;
  input: unknown;
  requestId?: string;
}

/** What a page's privacy popup answered WeChat (`resolve` of `wx.onNeedPrivacyAuthorization`). */
export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' };

/** What the user taps for each template in WeChat's subscription dialog. */
export type SubscriptionDecision = 'accept' | 'reject';

/** The callback form of `wx.cloud.uploadFile`, which returns a task reporting progress. */
interface UploadWithTaskOptions {
  cloudPath: string;
  filePath: string;
  success?: (result: { fileID: string; statusCode: number; errMsg: string }) => void;
  fail?: (error: { errMsg: string }) => void;
}

interface UploadProgress {
  progress: number;
  totalBytesSent: number;
  totalBytesExpectedToSend: number;
}

export interface FakeWx {
  ui: UiRecord[];
  /** Texts put on the clipboard with `wx.setClipboardData`, in order. */
  clipboard: string[];
  /** Files the next `wx.chooseMessageFile` returns, as if the user picked them from a chat; without them it is cancelled. */
  pickFiles(files: PickedFile[]): void;
  /** Images the next `wx.chooseMedia` returns, as if picked from the album; without them it is cancelled. */
  pickMedia(files: PickedFile[]): void;
  /** Every `api` call the pages made, in order. */
  calls: ApiCallRecord[];
  /** The answers the next `wx.showModal` calls get (confirm or cancel); afterwards they confirm. */
  answerModals(...confirms: boolean[]): void;
  /** What the user types into the next editable `wx.showModal` dialogs. */
  typeInModals(...texts: string[]): void;
  /**
   * Makes the user not yet agreed to the privacy notice: the next privacy API (choosing images,
   * phone number, clipboard) is held and `wx.onNeedPrivacyAuthorization`'s listener fires, as in WeChat.
   */
  withholdPrivacyConsent(): void;
  /** Fires the registered `wx.onNeedPrivacyAuthorization` listener; resolves with the page's answer. */
  needPrivacyAuthorization(referrer: string): Promise<PrivacyAnswer>;
  /** Bytes of a temporary file (downloaded or picked). */
  tempFile(path: string): Uint8Array | undefined;
  /** What `openid`'s phone keeps under `key` with `wx.setStorageSync` ('' when nothing, as WeChat answers). */
  stored(openid: string, key: string): unknown;
  /** Changes who the calls are made as. */
  actAs(openid: string): void;
  /** Points `wx.cloud` at another local cloud, env or user (e.g. an unreachable one). */
  useCloud(options: Partial<FakeWxOptions>): void;
  /** The template ids of every `wx.requestSubscribeMessage` the pages made, in order. */
  subscriptionRequests: string[][];
  /**
   * What the user answers in the next subscription dialogs (every template alike); accept until
   * told otherwise. Answers go to the local cloud, which grants the one-time quota as WeChat does.
   */
  answerSubscriptions(decision: SubscriptionDecision): void;
  /** What the user does on WeChat's pay sheet (`wx.requestPayment`): pay (the default) or cancel. */
  answerPayments(answer: 'pay' | 'cancel'): void;
  /** What the next `wx.scanCode` reads, as if the camera was held over a code; without it the scan is cancelled. */
  scanNext(code: string): void;
  /** Holds uploads that report progress (the callback form of `wx.cloud.uploadFile`) until `resumeUploads`. */
  pauseUploads(): void;
  resumeUploads(): void;
}

/**
 * The part of `wx` that page tests need: `wx.cloud` reaches the local cloud as a WeChat user;
 * UI calls are recorded so a test can assert what the user was shown.
 */
export function installFakeWx(initial: FakeWxOptions): FakeWx {
  const current = { ...initial };
  const ui: UiRecord[] = [];
  const modalAnswers: boolean[] = [];
  const modalTexts: string[] = [];
  const record =
    (api: UiRecord['api']) =>
    (opts: Record<string, unknown> = {}): void => {
      ui.push({ api, options: opts });
      const success = opts.success as ((result: Record<string, unknown>) => void) | undefined;
      if (api !== 'showModal') return success?.({});
      const confirm = modalAnswers.shift() ?? true;
      success?.({ confirm, cancel: !confirm, ...(opts.editable ? { content: modalTexts.shift() ?? '' } : {}) });
    };
  const calls: ApiCallRecord[] = [];
  let pickedMedia: PickedFile[] = [];
  let privacyAgreed = true;
  let privacyListener: ((resolve: (answer: PrivacyAnswer) => void, info: { referrer: string }) => void) | undefined;
  const askPrivacy = (referrer: string): Promise<PrivacyAnswer> =>
    new Promise((resolve) => {
      if (!privacyListener) return resolve({ event: 'disagree' });
      privacyListener(resolve, { referrer });
    });
  /** Runs a privacy API at once if the user agreed, else after the page's popup got an agreement. */
  const withPrivacy = (referrer: string, run: () => void, fail: (errMsg: string) => void): void => {
    if (privacyAgreed) return run();
    void askPrivacy(referrer).then((answer) => {
      if (answer.event !== 'agree') return fail(`${referrer}:fail privacy permission is not authorized`);
      privacyAgreed = true;
      run();
    });
  };
  const clipboard: string[] = [];
  // Storage is the phone's, one phone per user: each openid keeps its own, as WeChat isolates it per user.
  const storage = new Map<string, Map<string, unknown>>();
  const storageOf = (): Map<string, unknown> => {
    const mine = storage.get(current.openid) ?? new Map<string, unknown>();
    storage.set(current.openid, mine);
    return mine;
  };
  // Picked files live at temporary paths, as on a phone; `wx.cloud.uploadFile({ filePath })` reads them from here.
  const tempFiles = new Map<string, Uint8Array>();
  let picked: PickedFile[] = [];
  const subscriptionRequests: string[][] = [];
  let subscriptionDecision: SubscriptionDecision = 'accept';
  let paymentAnswer: 'pay' | 'cancel' = 'pay';
  const scans: string[] = [];
  let uploadsPaused: { resumed: Promise<void>; resume: () => void } | undefined;
  /** Sends a picked file like a phone does with a task: progress is reported once the bytes are in, then `success`. */
  const uploadWithTask = (client: WxCloudClient, options: UploadWithTaskOptions) => {
    const listeners: ((update: UploadProgress) => void)[] = [];
    const send = async () => {
      await uploadsPaused?.resumed;
      const bytes = tempFiles.get(options.filePath);
      if (!bytes) throw new Error(`file not found ${options.filePath}`);
      const result = await client.uploadFile({ cloudPath: options.cloudPath, fileContent: new Uint8Array(bytes) });
      const size = bytes.byteLength;
      for (const listener of listeners) listener({ progress: 100, totalBytesSent: size, totalBytesExpectedToSend: size });
      return result;
    };
    // Starts after the caller has attached its progress listener, as WeChat's task does.
    void Promise.resolve()
      .then(send)
      .then(
        (result) => options.success?.(result),
        (error: unknown) => options.fail?.({ errMsg: `cloud.uploadFile:fail ${error instanceof Error ? error.message : String(error)}` }),
      );
    return {
      onProgressUpdate(listener: (update: UploadProgress) => void) {
        listeners.push(listener);
      },
    };
  };
  const onPhone = (client: WxCloudClient) => ({
    ...client,
    // Results arrive through Node's fetch, as objects of Node's realm; the simulator's data copy
    // does not see those as arrays (`instanceof Array`), so they are rebuilt in the page's realm.
    async callFunction(options: Parameters<WxCloudClient['callFunction']>[0]) {
      if (options.name === 'api') {
        const data = options.data ?? {};
        calls.push({ action: String(data.action), input: data.input, requestId: data.requestId as string | undefined });
      }
      const response = await client.callFunction(options);
      return { ...response, result: response.result === undefined ? undefined : (JSON.parse(JSON.stringify(response.result)) as unknown) };
    },
    uploadFile(options: UploadFileOptions | UploadWithTaskOptions) {
      if (!('filePath' in options)) return client.uploadFile(options);
      if (options.success || options.fail) return uploadWithTask(client, options);
      const bytes = tempFiles.get(options.filePath);
      if (!bytes) return Promise.reject(new Error(`uploadFile:fail file not found ${options.filePath}`));
      return client.uploadFile({ cloudPath: options.cloudPath, fileContent: new Uint8Array(bytes) });
    },
  });
  const cloudOf = (): WxCloudClient =>
    createWxCloud({ baseUrl: current.baseUrl, env: current.env, openid: () => current.openid, ...(current.fetch ? { fetch: current.fetch } : {}) });
  let cloud = cloudOf();
  const wx = {
    get cloud() {
      return onPhone(cloud);
    },
    showToast: record('showToast'),
    showModal: record('showModal'),
    showLoading: record('showLoading'),
    hideLoading: record('hideLoading'),
    navigateTo: record('navigateTo'),
    redirectTo: record('redirectTo'),
    switchTab: record('switchTab'),
    navigateBack: record('navigateBack'),
    getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools', SDKVersion: '3.6.0' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667, statusBarHeight: 20, safeArea: { top: 20, bottom: 667 } }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'Linux', brand: 'devtools', model: 'simulator' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.6.0', theme: 'light', language: 'zh_CN' }),
    getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 }),
    canIUse: () => true,
    // Values are kept as JSON, as WeChat stores them: a later change to the object is not kept.
    getStorageSync: (key: string): unknown => (storageOf().has(key) ? (JSON.parse(storageOf().get(key) as string) as unknown) : ''),
    setStorageSync: (key: string, value: unknown): void => void storageOf().set(key, JSON.stringify(value)),
    removeStorageSync: (key: string): void => void storageOf().delete(key),
    setClipboardData(opts: { data: string; success?: () => void; fail?: (error: { errMsg: string }) => void }) {
      withPrivacy(
        'setClipboardData',
        () => {
          clipboard.push(opts.data);
          opts.success?.();
        },
        (errMsg) => opts.fail?.({ errMsg }),
      );
    },
    chooseMedia(opts: {
      count?: number;
      success?: (result: { type: string; tempFiles: { tempFilePath: string; size: number; fileType: string; width: number; height: number }[] }) => void;
      fail?: (error: { errMsg: string }) => void;
      complete?: (result: { errMsg: string }) => void;
    }) {
      const fail = (errMsg: string) => {
        opts.fail?.({ errMsg });
        opts.complete?.({ errMsg });
      };
      withPrivacy(
        'chooseMedia',
        () => {
          const files = pickedMedia.slice(0, opts.count ?? 9);
          pickedMedia = [];
          if (files.length === 0) return fail('chooseMedia:fail cancel');
          const tempFilesResult = files.map((file, index) => {
            const tempFilePath = `wxfile://tmp_${Date.now().toString(36)}_${index}_${file.name}`;
            tempFiles.set(tempFilePath, file.bytes);
            return { tempFilePath, size: file.bytes.byteLength, fileType: 'image', width: 800, height: 600 };
          });
          opts.success?.({ type: 'image', tempFiles: tempFilesResult });
          opts.complete?.({ errMsg: 'chooseMedia:ok' });
        },
        fail,
      );
    },
    onNeedPrivacyAuthorization(listener: typeof privacyListener) {
      privacyListener = listener;
    },
    openPrivacyContract: record('openPrivacyContract'),
    previewImage: record('previewImage'),
    /** WeChat's subscription dialog, answered as `answerSubscriptions` says, through the local cloud's consent endpoint. */
    requestSubscribeMessage(opts: {
      tmplIds: string[];
      success?: (result: Record<string, string>) => void;
      fail?: (error: { errMsg: string; errCode: number }) => void;
      complete?: (result: Record<string, string | number>) => void;
    }) {
      subscriptionRequests.push([...opts.tmplIds]);
      const decisions = Object.fromEntries(opts.tmplIds.map((id) => [id, subscriptionDecision]));
      const answered = fetch(`${current.baseUrl}/client/requestSubscribeMessage?env=${encodeURIComponent(current.env)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: current.openid, tmplIds: opts.tmplIds, decisions }),
      })
        .then((response) => response.json() as Promise<Record<string, string | number>>)
        .then((reply) => {
          if (typeof reply.errCode === 'number' && reply.errCode !== 0) throw reply;
          return JSON.parse(JSON.stringify(reply)) as Record<string, string>;
        });
      if (!opts.success && !opts.fail && !opts.complete) return answered;
      answered.then(
        (reply) => {
          opts.success?.(reply);
          opts.complete?.(reply);
        },
        (error: unknown) => {
          const reply = error as { errMsg?: string; errCode?: number };
          const failure = { errMsg: reply.errMsg ?? `requestSubscribeMessage:fail ${String(error)}`, errCode: reply.errCode ?? -1 };
          opts.fail?.(failure);
          opts.complete?.(failure);
        },
      );
      return undefined;
    },
    /** WeChat's pay sheet, answered as `answerPayments` says; 支付 pays the order in the local cloud's WeChat Pay. */
    requestPayment(opts: { package: string; success?: (result: { errMsg: string }) => void; fail?: (error: { errMsg: string }) => void }) {
      ui.push({ api: 'requestPayment', options: { ...opts } });
      const paid =
        paymentAnswer === 'cancel'
          ? Promise.resolve({ errMsg: 'requestPayment:fail cancel' })
          : fetch(`${current.baseUrl}/client/requestPayment?env=${encodeURIComponent(current.env)}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ package: opts.package }),
            }).then((response) => response.json() as Promise<{ errMsg: string }>);
      void paid.then((reply) => (reply.errMsg === 'requestPayment:ok' ? opts.success?.(reply) : opts.fail?.(reply)));
    },
    makePhoneCall: record('makePhoneCall'),
    scanCode(opts: { success?: (result: { result: string; scanType: string }) => void; fail?: (error: { errMsg: string }) => void; complete?: () => void }) {
      ui.push({ api: 'scanCode', options: { ...opts } });
      const code = scans.shift();
      if (code === undefined) opts.fail?.({ errMsg: 'scanCode:fail cancel' });
      else opts.success?.({ result: code, scanType: 'QR_CODE' });
      opts.complete?.();
    },
    openDocument: record('openDocument'),
    /** Downloads from the local cloud (temporary file URLs) into a temporary file. */
    downloadFile(opts: { url: string; success?: (result: { tempFilePath: string; statusCode: number }) => void; fail?: (error: { errMsg: string }) => void }) {
      fetch(opts.url)
        .then(async (response) => {
          const tempFilePath = `wxfile://tmp_${Date.now().toString(36)}_download`;
          tempFiles.set(tempFilePath, new Uint8Array(await response.arrayBuffer()));
          opts.success?.({ tempFilePath, statusCode: response.status });
        })
        .catch((error: unknown) => opts.fail?.({ errMsg: `downloadFile:fail ${error instanceof Error ? error.message : String(error)}` }));
    },
    chooseMessageFile(opts: { success?: (result: { tempFiles: { path: string; name: string; size: number; type: string; time: number }[] }) => void; fail?: (error: { errMsg: string }) => void }) {
      const files = picked;
      picked = [];
      if (files.length === 0) {
        opts.fail?.({ errMsg: 'chooseMessageFile:fail cancel' });
        return;
      }
      const tempFilesResult = files.map((file, index) => {
        const path = `wxfile://tmp_${Date.now().toString(36)}_${index}_${file.name}`;
        tempFiles.set(path, file.bytes);
        return { path, name: file.name, size: file.bytes.byteLength, type: 'file', time: Math.floor(Date.now() / 1000) };
      });
      opts.success?.({ tempFiles: tempFilesResult });
    },
    stopPullDownRefresh: () => undefined,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
  };
  Object.assign(globalThis, {
    wx,
    getApp: () => ({ globalData: {} }),
    getCurrentPages: () => [],
  });
  return {
    ui,
    clipboard,
    calls,
    pickFiles(files) {
      picked = files;
    },
    pickMedia(files) {
      pickedMedia = files;
    },
    typeInModals(...texts) {
      modalTexts.push(...texts);
    },
    answerModals(...confirms) {
      modalAnswers.push(...confirms);
    },
    withholdPrivacyConsent() {
      privacyAgreed = false;
    },
    needPrivacyAuthorization(referrer) {
      return askPrivacy(referrer);
    },
    tempFile(path) {
      return tempFiles.get(path);
    },
    stored(openid, key) {
      const kept = storage.get(openid)?.get(key);
      return kept === undefined ? '' : (JSON.parse(kept as string) as unknown);
    },
    actAs(openid) {
      current.openid = openid;
    },
    useCloud(options) {
      Object.assign(current, options);
      cloud = cloudOf();
    },
    subscriptionRequests,
    answerPayments(answer) {
      paymentAnswer = answer;
    },
    scanNext(code) {
      scans.push(code);
    },
    answerSubscriptions(decision) {
      subscriptionDecision = decision;
    },
    pauseUploads() {
      if (uploadsPaused) return;
      let resume = () => {};
      const resumed = new Promise<void>((resolve) => {
        resume = resolve;
      });
      uploadsPaused = { resumed, resume };
    },
    resumeUploads() {
      uploadsPaused?.resume();
      uploadsPaused = undefined;
    },
  };
}

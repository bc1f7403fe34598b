/// <reference lib="dom" />
/**
 * `button` (form-type submit / reset, the open-types the app uses, disabled and loading),
 * `form` (collects its named fields on submit), `label` (taps the control it is for) and
 * `navigator` (the page stack).
 */
import { exparser, type WxNode } from '../events';
import * as phone from '../phone';
import { bool, controllerOf, el, nativeAncestors, nativeDescendants, num, str, type NativeController, type NativeDefinition, type NativeElement, type NativeHooks } from './host';

// ---- form ----------------------------------------------------------------------------------------
interface FormNode extends WxNode {
  __behavior?: { hasBehavior(id: string): boolean };
  childNodes?: FormNode[];
  shadowRoot?: FormNode | null;
}

/** Custom components with WeChat's `wx://form-field` behaviour are form fields too (TDesign's inputs). */
function customFieldValue(node: FormNode): { name: string; value: unknown } | undefined {
  const behaviorId = (globalThis as { wxFormField?: string }).wxFormField;
  if (!behaviorId || !node.__behavior?.hasBehavior(behaviorId)) return undefined;
  const data = (exparser.Element.getMethodCaller(node) as { data?: { name?: unknown; value?: unknown } } | undefined)?.data;
  const name = str(data?.name);
  return name ? { name, value: data?.value ?? '' } : undefined;
}

/**
 * The named fields inside a form, walked on the framework's tree (components' own templates
 * included): custom components often have no element of their own in the page (virtual hosts).
 */
function collect(form: FormNode): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const visit = (node: FormNode): void => {
    const entry = node !== form && node.$$ ? controllerOf(node.$$) : undefined;
    if (entry && entry.element.node === node) {
      const name = str(entry.element.props.name);
      if (name && entry.controller.formValue) {
        value[name] = entry.controller.formValue();
        return;
      }
    } else {
      const field = customFieldValue(node);
      if (field) {
        value[field.name] = field.value;
        return;
      }
    }
    if (node.shadowRoot) visit(node.shadowRoot);
    for (const child of node.childNodes ?? []) visit(child);
  };
  visit(form);
  return value;
}

function formOf(element: NativeElement): { element: NativeElement; controller: NativeController } | undefined {
  return nativeAncestors(element.dom.parentNode, document.body).find((entry) => entry.element.tag === 'form');
}

export const form: NativeDefinition = {
  properties: { reportSubmit: { type: Boolean, value: false }, reportSubmitTimeout: { type: Number, value: 0 } },
  create: () => ({ update: () => undefined }),
};

function submit(formEntry: { element: NativeElement }): void {
  formEntry.element.raise('submit', { value: collect(formEntry.element.node), formId: '' });
}

function reset(formEntry: { element: NativeElement }): void {
  for (const entry of nativeDescendants(formEntry.element.dom)) if (entry.element !== formEntry.element) entry.controller.formReset?.();
  formEntry.element.raise('reset', {});
}

// ---- button -------------------------------------------------------------------------------------
export const button: NativeDefinition = {
  properties: {
    size: { type: String, value: 'default' },
    type: { type: String, value: 'default' },
    plain: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    loading: { type: Boolean, value: false },
    formType: { type: String, value: '' },
    openType: { type: String, value: '' },
    phoneNumberNoQuotaToast: { type: Boolean, value: true },
  },
  create(element, hooks) {
    // Tells the stylesheet the button's type, size and state (the framework's element has no such attributes).
    const marker = el('span', 'button');
    marker.hidden = true;
    element.dom.prepend(marker);
    let spinner: HTMLElement | undefined;
    const p = () => element.props;
    return {
      update() {
        const state = [str(p().type, 'default'), str(p().size) === 'mini' ? 'mini' : '', bool(p().plain) ? 'plain' : '', bool(p().disabled) ? 'disabled' : ''];
        marker.className = ['preview-native-button', ...state.filter(Boolean).map((name) => `preview-native-button--${name}`)].join(' ');
        // WeChat draws its spinner before the label while loading.
        if (bool(p().loading) && !spinner) {
          spinner = el('span', 'loading');
          marker.after(spinner);
        } else if (!bool(p().loading) && spinner) {
          spinner.remove();
          spinner = undefined;
        }
      },
      blocksTap: () => bool(p().disabled),
      activate() {
        if (bool(p().disabled) || bool(p().loading)) return;
        const formType = str(p().formType);
        if (formType === 'submit' || formType === 'reset') {
          const target = formOf(element);
          if (target) (formType === 'submit' ? submit : reset)(target);
        }
        openType(element, str(p().openType), hooks);
      },
    };
  },
};

function openType(element: NativeElement, type: string, hooks: NativeHooks): void {
  switch (type) {
    case 'getPhoneNumber':
    case 'getRealtimePhoneNumber':
      void hooks.phoneNumberCode().then((detail) => element.raise(type.toLowerCase(), { ...detail }));
      break;
    case 'agreePrivacyAuthorization':
      hooks.agreePrivacy();
      element.raise('agreeprivacyauthorization', {});
      break;
    case 'openSetting':
      element.raise('opensetting', { authSetting: {}, errMsg: 'openSetting:ok' });
      break;
    case 'contact':
      phone.toast('预览中无法进入客服会话', { icon: 'none' });
      break;
    case 'share':
      phone.toast('预览中无法转发', { icon: 'none' });
      break;
    case 'feedback':
      phone.toast('预览中无法打开意见反馈', { icon: 'none' });
      break;
    default:
      break;
  }
}

// ---- label --------------------------------------------------------------------------------------
const LABELLED = ['button', 'checkbox', 'radio', 'switch', 'input', 'textarea'];

export const label: NativeDefinition = {
  properties: { for: { type: String, value: '' } },
  create(element) {
    return {
      update: () => undefined,
      activate(event) {
        const id = str(element.props.for);
        let target: { controller: NativeController } | undefined;
        if (id) {
          const root = (element.node as WxNode & { ownerShadowRoot?: { getElementById(id: string): WxNode | undefined } }).ownerShadowRoot;
          target = controllerOf(root?.getElementById(id)?.$$ ?? null);
        } else {
          target = LABELLED.flatMap((tag) => nativeDescendants(element.dom, tag)).sort((a, b) =>
            a.element.dom.compareDocumentPosition(b.element.dom) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
          )[0];
        }
        target?.controller.activate?.(event);
      },
    };
  },
};

// ---- navigator ----------------------------------------------------------------------------------
export const navigator: NativeDefinition = {
  properties: {
    url: { type: String, value: '' },
    openType: { type: String, value: 'navigate' },
    delta: { type: Number, value: 1 },
    target: { type: String, value: 'self' },
  },
  create(element, hooks) {
    return {
      update: () => undefined,
      activate() {
        const p = element.props;
        if (str(p.target) === 'miniProgram') return phone.toast('预览中无法打开其他小程序', { icon: 'none' });
        const url = str(p.url);
        const router = hooks.router;
        const result = (name: string) => ({
          success: () => element.raise('success', {}),
          fail: (error: { errMsg: string }) => element.raise('fail', { errMsg: error.errMsg || `${name}:fail` }),
          complete: () => element.raise('complete', {}),
        });
        switch (str(p.openType, 'navigate')) {
          case 'redirect':
            return router.redirectTo({ url, ...result('redirectTo') });
          case 'switchTab':
            return router.switchTab({ url, ...result('switchTab') });
          case 'reLaunch':
            return router.reLaunch({ url, ...result('reLaunch') });
          case 'navigateBack':
            return router.navigateBack({ delta: num(p.delta, 1), ...result('navigateBack') });
          case 'exit':
            return undefined;
          default:
            return router.navigateTo({ url, ...result('navigateTo') });
        }
      },
    };
  },
};

/// <reference lib="dom" />
/**
 * How a built-in component gets its behaviour. `miniprogram-simulate` registers WeChat's
 * built-ins as empty components (`<slot/>`, no properties), so the framework drops every
 * attribute a page writes on them (`value`, `placeholder`, `src` …): `j-component` only keeps
 * `id`, `class`, `style`, `data-*` and declared properties. The preview registers them again under
 * the same ids with the properties WeChat documents; each instance, once attached, gets a
 * controller that builds its working parts inside the element and hears every property change.
 */
import { dispatchWx, exparser, type WxNode } from '../events';
import type { Router } from '../router';
import { SCREEN_WIDTH } from '../screen';

/* eslint-disable @typescript-eslint/no-require-imports */
const jComponent = require('j-component') as { register(definition: Record<string, unknown>): string };
/* eslint-enable @typescript-eslint/no-require-imports */

export interface NativeHooks {
  phoneNumberCode(): Promise<{ code?: string; errMsg: string }>;
  agreePrivacy(): void;
  router: Router;
}

export type Props = Record<string, unknown>;
type PropertyType = StringConstructor | NumberConstructor | BooleanConstructor | ArrayConstructor | ObjectConstructor | null;
export interface PropertySpec {
  type: PropertyType;
  value?: unknown;
}

/** A built-in component on the page, as its controller sees it. */
export interface NativeElement {
  readonly tag: string;
  /** The `wx-*` DOM element the framework rendered. */
  readonly dom: HTMLElement;
  readonly node: WxNode;
  /** The properties as the page last set them. */
  readonly props: Props;
  /** Raises a WeChat event on the element (built-in events do not bubble unless said). */
  raise(name: string, detail?: Record<string, unknown>, bubbles?: boolean): void;
  /** Class names written in the owner's WXML, as its scoped stylesheet spells them. */
  ownerClasses(names: string): string;
}

export interface NativeController {
  /** After the page changed some properties (batched; also once right after attach). */
  update(changed: ReadonlySet<string>): void;
  /** A tap inside the element (after WeChat's `tap` was raised); the innermost control wins. */
  activate?(event: MouseEvent): void;
  /** Back on the page after `detach` (the framework moved the element). */
  attach?(): void;
  /** Whether a tap inside is swallowed (a disabled button). */
  blocksTap?(): boolean;
  /** What a `form` submit collects from this control when it has a `name`. */
  formValue?(): unknown;
  /** Back to the initial value, for `form` reset. */
  formReset?(): void;
  detach?(): void;
}

export interface NativeDefinition {
  properties: Record<string, PropertySpec>;
  create(element: NativeElement, hooks: NativeHooks): NativeController;
}

/** Added parts carry this class prefix so tree comparisons can leave them out. */
export const ADDED = 'preview-native-';

interface Entry {
  element: NativeElement;
  controller: NativeController;
  /** Attached to the page (an element the framework moves is detached, then attached again). */
  live: boolean;
}
const controllers = new WeakMap<HTMLElement, Entry>();

/** The controller behind a built-in's DOM element. */
export function controllerOf(dom: Element | null): { element: NativeElement; controller: NativeController } | undefined {
  return dom ? controllers.get(dom as HTMLElement) : undefined;
}

/** The built-in elements from `dom` outwards (to `root`), innermost first. */
export function nativeAncestors(dom: Node | null, root: Node): { element: NativeElement; controller: NativeController }[] {
  const found: { element: NativeElement; controller: NativeController }[] = [];
  for (let at: Node | null = dom; at && at !== root; at = at.parentNode) {
    const entry = controllers.get(at as HTMLElement);
    if (entry) found.push(entry);
  }
  return found;
}

/** The built-ins inside `dom` (itself included), in document order. */
export function nativeDescendants(dom: HTMLElement, tag?: string): { element: NativeElement; controller: NativeController }[] {
  const selector = tag ? `wx-${tag}` : '*';
  const all = [dom, ...Array.from(dom.querySelectorAll<HTMLElement>(selector))];
  return all.map((at) => controllers.get(at)).filter((entry): entry is NonNullable<typeof entry> => Boolean(entry && (!tag || entry.element.tag === tag)));
}

interface Caller {
  _exparserNode: WxNode & { ownerShadowRoot?: { getHostNode(): WxNode } | null };
  data: Props;
}

function ownerPrefix(node: Caller['_exparserNode']): string {
  const host = node.ownerShadowRoot?.getHostNode?.();
  if (!host) return '';
  const options = (exparser as unknown as { Component: { getComponentOptions(node: WxNode): { classPrefix?: string } | undefined } }).Component.getComponentOptions(host);
  return options?.classPrefix ?? '';
}

/** Registers `tag` again with WeChat's properties and the preview's behaviour. */
export function defineNative(tag: string, definition: NativeDefinition, hooks: NativeHooks): void {
  const pending = new WeakMap<object, Set<string>>();
  const declared: Record<string, PropertySpec> = { hidden: { type: Boolean, value: false }, ...definition.properties };
  const apply = (entry: Entry, changed: ReadonlySet<string>) => {
    // Every built-in honours `hidden`.
    if (changed.has('hidden')) entry.element.dom.hidden = Boolean(entry.element.props.hidden);
    entry.controller.update(changed);
  };
  const properties: Record<string, PropertySpec & { observer: (this: Caller) => void }> = {};
  for (const [name, spec] of Object.entries(declared)) {
    properties[name] = {
      ...spec,
      observer(this: Caller) {
        const dom = this._exparserNode?.$$;
        const entry = dom && controllers.get(dom);
        if (!entry || !entry.live) return;
        // Several properties change in one setData: update once, after all of them.
        let changed = pending.get(entry);
        if (!changed) {
          changed = new Set();
          pending.set(entry, changed);
          const batch = changed;
          queueMicrotask(() => {
            pending.delete(entry);
            if (entry.live) apply(entry, batch);
          });
        }
        changed.add(name);
      },
    };
  }
  jComponent.register({
    id: tag,
    tagName: `wx-${tag}`,
    template: '<slot/>',
    properties,
    lifetimes: {
      attached(this: Caller) {
        const node = this._exparserNode;
        const dom = node.$$;
        if (!dom) return;
        const known = controllers.get(dom);
        if (known) {
          // Moved, not new: the same working parts, brought up to date.
          known.live = true;
          known.controller.attach?.();
          apply(known, new Set(Object.keys(declared)));
          return;
        }
        const data = () => this.data;
        const prefix = ownerPrefix(node);
        const element: NativeElement = {
          tag,
          dom,
          node,
          get props() {
            return data();
          },
          raise: (name, detail = {}, bubbles = false) => void dispatchWx(dom, name, detail, { bubbles }),
          ownerClasses: (names) =>
            names
              .split(/\s+/)
              .filter(Boolean)
              .map((name) => (prefix ? `${prefix}--${name}` : name))
              .join(' '),
        };
        const entry: Entry = { element, controller: definition.create(element, hooks), live: true };
        controllers.set(dom, entry);
        apply(entry, new Set(Object.keys(declared)));
      },
      detached(this: Caller) {
        const dom = this._exparserNode?.$$;
        const entry = dom && controllers.get(dom);
        if (!entry || !entry.live) return;
        entry.live = false;
        entry.controller.detach?.();
      },
    },
  });
}

// ---- small helpers the controllers share ---------------------------------------------------------
export const str = (value: unknown, fallback = ''): string => (value === undefined || value === null ? fallback : String(value));
export const num = (value: unknown, fallback: number): number => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
};
/** Boolean properties arrive converted by the framework as WeChat converts them (`!!value`). */
export const bool = (value: unknown): boolean => Boolean(value);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, part: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = `${ADDED}${part}`;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Applies a WXML inline style (rpx included) to an added part. */
export function applyStyle(target: HTMLElement, style: string): void {
  target.setAttribute('style', style.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${(Number(n) * SCREEN_WIDTH) / 750}px`));
}

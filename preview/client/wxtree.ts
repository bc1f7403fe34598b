/**
 * The rendered WXML tree as WeChat's automation sees it. The framework keeps, per component, a
 * shadow tree of nodes written by that component's WXML; `wx:if`, `wx:for` and `<block>` leave
 * transparent virtual nodes in it, and the DOM it writes carries generated ids and prefixed
 * classes (`main--home__title`, `t-button--t-button`). Selectors, XPath and WXML are therefore
 * taken from the framework nodes, with the tags, ids and classes the WXML wrote.
 */
import { exparser } from './events';

/** The framework's node, with the fields this module reads (the framework version is pinned). */
export interface TreeNode {
  is: string;
  id?: string;
  $$?: Node | null;
  parentNode?: TreeNode | null;
  childNodes?: TreeNode[];
  shadowRoot?: TreeNode;
  /** Set on a shadow root: the component it belongs to. */
  __wxHost?: TreeNode;
  /** The composed children (a component's shadow tree with the slots filled). */
  __wxSlotChildren?: TreeNode[];
  __attached?: boolean;
  textContent?: string;
  dataset?: Record<string, unknown>;
  classList?: { _rawNames?: string[] };
  /** What the WXML said: tag, component, attributes (j-component keeps it on each node). */
  _vt?: { type: number; tagName: string; componentId?: string; attrs?: { name: string; value: unknown }[] };
}

const TYPE_COMPONENT = 17;

export type NodeKind = 'text' | 'builtin' | 'custom' | 'transparent';

export function kindOf(node: TreeNode): NodeKind {
  if (!node.childNodes) return 'text';
  if (node._vt?.type !== TYPE_COMPONENT) return 'transparent';
  // Built-in components are registered under their own tag (`view`); custom ones get generated ids.
  return node.is === node._vt.tagName ? 'builtin' : 'custom';
}

export const isElement = (node: TreeNode): boolean => {
  const kind = kindOf(node);
  return kind === 'builtin' || kind === 'custom';
};

export function tagOf(node: TreeNode): string {
  return node._vt?.tagName ?? node.is;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const dash = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function findAttribute(node: TreeNode, name: string): { value: unknown } | undefined {
  const attrs = node._vt?.attrs ?? [];
  return attrs.find((attr) => attr.name === name) ?? attrs.find((attr) => attr.name === camel(name));
}

/** An attribute's bound value as the WXML gave it (not turned into text). */
export function rawAttribute(node: TreeNode, name: string): unknown {
  return findAttribute(node, name)?.value;
}

/** The names of the attributes the WXML gave, in camelCase as the framework keeps them. */
export function attributeNames(node: TreeNode): string[] {
  return (node._vt?.attrs ?? []).map((attr) => attr.name);
}

export function classesOf(node: TreeNode): string[] {
  const written = findAttribute(node, 'class')?.value;
  if (typeof written === 'string') return written.split(/\s+/).filter(Boolean);
  return node.classList?._rawNames ?? [];
}

/** An attribute as the WXML wrote it (class without the framework's prefixes); null when absent. */
export function attributeOf(node: TreeNode, name: string): string | null {
  if (name === 'class') return classesOf(node).join(' ');
  if (name === 'id') return node.id || null;
  if (name.startsWith('data-')) {
    const value = node.dataset?.[camel(name.slice(5))];
    return value === undefined ? null : text(value);
  }
  const attr = findAttribute(node, name);
  return attr === undefined ? null : text(attr.value);
}

/** The element children of a node in its own shadow tree, looking through virtual nodes. */
export function elementChildren(node: TreeNode): TreeNode[] {
  const children: TreeNode[] = [];
  for (const child of node.childNodes ?? []) {
    const kind = kindOf(child);
    if (kind === 'transparent') children.push(...elementChildren(child));
    else if (kind !== 'text') children.push(child);
  }
  return children;
}

/** The scope a search starts from: inside a custom component it is its shadow tree. */
export function scopeOf(node: TreeNode): TreeNode {
  return kindOf(node) === 'custom' && node.shadowRoot ? node.shadowRoot : node;
}

/** Element descendants in document order; `deep` also enters custom components' shadow trees. */
export function descendants(scope: TreeNode, deep: boolean): TreeNode[] {
  const found: TreeNode[] = [];
  const walk = (node: TreeNode): void => {
    for (const child of elementChildren(node)) {
      found.push(child);
      walk(child);
      if (deep && kindOf(child) === 'custom' && child.shadowRoot) walk(child.shadowRoot);
    }
  };
  walk(scope);
  return found;
}

/** The nearest element ancestor inside `scope`; across shadow roots only when `deep`. */
function parentWithin(node: TreeNode, scope: TreeNode, deep: boolean): TreeNode | null {
  for (let at = node.parentNode; at; at = at.parentNode) {
    if (at === scope) return null;
    if (at.__wxHost) {
      if (!deep) return null;
      at = at.__wxHost;
      if (at === scope) return null;
    }
    if (isElement(at)) return at;
  }
  return null;
}

// ---- WeChat selectors: tag, #id, .class, [attr], [attr=value], descendant, >, >>>, comma ----------
interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
  attrs: { name: string; op?: string; value?: string }[];
  /** How this compound relates to the previous one. */
  combinator?: ' ' | '>' | '>>>';
}

const TOKEN = /\s*(>>>|>|,)\s*|(\s+)|([a-zA-Z_][\w-]*|\*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w:-]+)\s*(?:([~^$*|]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*))\s*)?\]/y;

export function parseSelector(selector: string): Compound[][] {
  const groups: Compound[][] = [[]];
  let current: Compound | undefined;
  let pending: Compound['combinator'];
  const compound = (): Compound => {
    if (!current) {
      current = { classes: [], attrs: [], combinator: groups[groups.length - 1].length ? (pending ?? ' ') : undefined };
      groups[groups.length - 1].push(current);
      pending = undefined;
    }
    return current;
  };
  const source = selector.trim();
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match || match.index !== at) throw new Error(`unsupported selector "${selector}" at "${source.slice(at)}"`);
    const [, combinator, space, tag, id, className, attrName, op, quoted, singleQuoted, bare] = match;
    if (combinator === ',') {
      groups.push([]);
      current = undefined;
      pending = undefined;
    } else if (combinator || space) {
      if (current) pending = (combinator as Compound['combinator']) ?? ' ';
      else if (combinator) pending = combinator as Compound['combinator'];
      current = undefined;
    } else if (tag) {
      if (current) throw new Error(`unsupported selector "${selector}": a tag must come first in "${source.slice(at)}"`);
      compound().tag = tag.replace(/^wx-/, '');
    } else if (id) compound().id = id;
    else if (className) compound().classes.push(className);
    else if (attrName) compound().attrs.push({ name: attrName, op, value: quoted ?? singleQuoted ?? bare });
  }
  if (groups.some((group) => group.length === 0)) throw new Error(`unsupported selector "${selector}"`);
  return groups;
}

function matchesCompound(node: TreeNode, part: Compound): boolean {
  if (part.tag && part.tag !== '*' && tagOf(node) !== part.tag) return false;
  if (part.id !== undefined && node.id !== part.id) return false;
  if (part.classes.length) {
    const classes = classesOf(node);
    if (!part.classes.every((name) => classes.includes(name))) return false;
  }
  for (const attr of part.attrs) {
    const value = attributeOf(node, attr.name);
    if (value === null) return false;
    const wanted = attr.value ?? '';
    if (attr.op === '=' && value !== wanted) return false;
    if (attr.op === '~=' && !value.split(/\s+/).includes(wanted)) return false;
    if (attr.op === '^=' && !value.startsWith(wanted)) return false;
    if (attr.op === '$=' && !value.endsWith(wanted)) return false;
    if (attr.op === '*=' && !value.includes(wanted)) return false;
    if (attr.op === '|=' && value !== wanted && !value.startsWith(`${wanted}-`)) return false;
  }
  return true;
}

function matchesFrom(node: TreeNode, parts: Compound[], index: number, scope: TreeNode): boolean {
  if (!matchesCompound(node, parts[index])) return false;
  if (index === 0) return true;
  const combinator = parts[index].combinator ?? ' ';
  const deep = combinator === '>>>';
  if (combinator === '>') {
    const parent = parentWithin(node, scope, false);
    return parent !== null && matchesFrom(parent, parts, index - 1, scope);
  }
  for (let at = parentWithin(node, scope, deep); at; at = parentWithin(at, scope, deep)) {
    if (matchesFrom(at, parts, index - 1, scope)) return true;
  }
  return false;
}

/** The elements under `scope` that a WeChat selector picks, in document order. */
export function querySelectorAll(scope: TreeNode, selector: string): TreeNode[] {
  const groups = parseSelector(selector);
  const deep = groups.some((group) => group.some((part) => part.combinator === '>>>'));
  return descendants(scope, deep).filter((node) => groups.some((parts) => matchesFrom(node, parts, parts.length - 1, scope)));
}

// ---- XPath over the WXML ------------------------------------------------------------------------
/** Evaluates XPath on an XML copy of the tree under `scope` (tags, attributes and text as written). */
export function evaluateXPath(scope: TreeNode, expression: string): TreeNode[] {
  const doc = document.implementation.createDocument(null, null, null);
  const back = new Map<Node, TreeNode>();
  const build = (parent: Node, node: TreeNode): void => {
    for (const child of node.childNodes ?? []) {
      const kind = kindOf(child);
      if (kind === 'text') parent.appendChild(doc.createTextNode(child.textContent ?? ''));
      else if (kind === 'transparent') build(parent, child);
      else {
        const element = doc.createElement(tagOf(child));
        for (const [name, value] of attributesOf(child)) {
          try {
            element.setAttribute(name, value);
          } catch {
            // A name XML cannot carry (e.g. `model:value`): XPath will not see it.
          }
        }
        back.set(element, child);
        parent.appendChild(element);
        build(element, child);
      }
    }
  };
  const root = doc.createElement('page');
  doc.appendChild(root);
  build(root, scope);
  const result = doc.evaluate(expression, doc, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
  const found: TreeNode[] = [];
  for (let i = 0; i < result.snapshotLength; i++) {
    const node = back.get(result.snapshotItem(i)!);
    if (node) found.push(node);
  }
  return found;
}

// ---- WXML ---------------------------------------------------------------------------------------
function attributesOf(node: TreeNode): [string, string][] {
  const attributes: [string, string][] = [];
  if (node.id) attributes.push(['id', node.id]);
  const classes = classesOf(node);
  if (classes.length) attributes.push(['class', classes.join(' ')]);
  for (const attr of node._vt?.attrs ?? []) {
    // `data-*` are written once, from the dataset below (a component's template attributes hold them too).
    if (attr.name === 'id' || attr.name === 'class' || /^data(-|[A-Z])/.test(attr.name) || typeof attr.value === 'function') continue;
    attributes.push([dash(attr.name), text(attr.value)]);
  }
  for (const [key, value] of Object.entries(node.dataset ?? {})) attributes.push([`data-${dash(key)}`, text(value)]);
  return attributes;
}

const escapeText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (value: string): string => escapeText(value).replace(/"/g, '&quot;');

/** WXML of what the node shows: a component's own tree with the slots filled, as DevTools' WXML panel shows it. */
export function wxmlOf(node: TreeNode, outer: boolean): string {
  const inner = (at: TreeNode): string =>
    (at.__wxSlotChildren ?? at.childNodes ?? [])
      .map((child) => {
        const kind = kindOf(child);
        if (kind === 'text') return escapeText(child.textContent ?? '');
        if (kind === 'transparent') return inner(child);
        return wxmlOf(child, true);
      })
      .join('');
  if (!outer) return inner(node);
  const attributes = attributesOf(node)
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
  return `<${tagOf(node)}${attributes}>${inner(node)}</${tagOf(node)}>`;
}

// ---- the DOM behind a node ----------------------------------------------------------------------
/** The outermost DOM elements a node renders (a virtual-host component has no element of its own). */
export function domsOf(node: TreeNode): HTMLElement[] {
  if (node.$$ instanceof HTMLElement) return [node.$$];
  const found: HTMLElement[] = [];
  for (const child of node.__wxSlotChildren ?? node.childNodes ?? []) if (kindOf(child) !== 'text') found.push(...domsOf(child));
  return found;
}

/** The framework's node of the page component behind a page's root DOM element. */
export function nodeOfDom(dom: Node): TreeNode | undefined {
  return (dom as unknown as { __wxElement?: TreeNode }).__wxElement;
}

export function isAttached(node: TreeNode): boolean {
  return (exparser as unknown as { Element: { isAttached(node: TreeNode): boolean } }).Element.isAttached(node);
}

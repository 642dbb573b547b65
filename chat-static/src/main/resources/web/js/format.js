// Turning message data into text and DOM nodes. User text only ever becomes text nodes;
// links are real <a> elements built with DOM calls, never parsed HTML.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

export const formatTime = (ts) => timeFormat.format(new Date(ts));
export const formatFull = (ts) => fullFormat.format(new Date(ts));

/** Local calendar day of `ts`, as a sortable key. */
export function dayKey(ts) {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function formatDay(ts, now = Date.now()) {
  if (dayKey(ts) === dayKey(now)) return 'Today';
  if (dayKey(ts) === dayKey(now - 86400000)) return 'Yesterday';
  return dayFormat.format(new Date(ts));
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
export function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Appends `text` to `parent` as text nodes, with http(s) URLs as links that open safely in a new tab. */
export function appendRichText(parent, text) {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(raw);
    if (trailing) raw = raw.slice(0, -trailing[0].length);
    const href = safeHref(raw);
    if (!href) continue;
    parent.append(document.createTextNode(text.slice(last, match.index)));
    const a = document.createElement('a');
    a.href = href;
    a.textContent = raw;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    parent.append(a);
    last = match.index + raw.length;
  }
  parent.append(document.createTextNode(text.slice(last)));
}

/** `el('li', {className: 'x'}, child, 'text')`: a tiny element builder; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('aria-') || k === 'role') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/**
 * Re-renders `container` with `render()` without losing the keyboard focus: lists are rebuilt
 * wholesale, so the focused button is found again by its `data-focus-key`.
 */
export function keepingFocus(container, render) {
  const key = container.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
  render();
  if (key) container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

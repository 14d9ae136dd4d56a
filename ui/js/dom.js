// Builds DOM from data. Text always goes in as text nodes, never as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** h("button", { class: "x", onclick: fn, "aria-pressed": "true" }, "Label", child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Like h() but in the SVG namespace. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  for (const key in attrs) {
    const value = attrs[key];
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "text") {
      el.textContent = String(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Makes `old` (in the page) show what `fresh` (just built, not in the page) shows, keeping
 *  every node that is of the same kind in both, so the browser styles, lays out and paints
 *  again only what changed, and focus stays where it was. Two elements are of the same kind
 *  when their tag and their `data-focus-key`, `data-action` and `data-habit` match and neither
 *  is a live region (new text in a kept live region would be read out; a new node is not). A
 *  kept element keeps its own listeners, so those must read the state they act on when they
 *  run, not when they were made. An element marked `data-rows` keeps its children: whoever
 *  made it draws them. Returns the node now in the page. */
export function morph(old, fresh) {
  if (!sameKind(old, fresh)) {
    old.replaceWith(fresh);
    return fresh;
  }
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
    return old;
  }
  // The browser compares whole subtrees natively, much faster than walking them here.
  if (old.isEqualNode(fresh)) return old;
  for (const name of old.getAttributeNames()) {
    if (!fresh.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const name of fresh.getAttributeNames()) {
    const value = fresh.getAttribute(name);
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  if (fresh.hasAttribute("data-rows")) return old;
  let oldChild = old.firstChild;
  let freshChild = fresh.firstChild;
  while (freshChild) {
    const nextFresh = freshChild.nextSibling;
    if (oldChild) {
      const nextOld = oldChild.nextSibling;
      morph(oldChild, freshChild);
      oldChild = nextOld;
    } else {
      old.appendChild(freshChild);
    }
    freshChild = nextFresh;
  }
  while (oldChild) {
    const nextOld = oldChild.nextSibling;
    oldChild.remove();
    oldChild = nextOld;
  }
  return old;
}

const KIND_ATTRIBUTES = ["data-focus-key", "data-action", "data-habit"];

function sameKind(a, b) {
  if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  if (a.hasAttribute("aria-live") || b.hasAttribute("aria-live")) return false;
  for (const name of KIND_ATTRIBUTES) {
    if (a.getAttribute(name) !== b.getAttribute(name)) return false;
  }
  return true;
}

/** Focuses `el` for the user after a redraw. WebKit shows no focus ring for focus moved by
 *  script, so the element is marked until it loses focus and the stylesheet draws the ring. */
export function restoreFocusTo(el) {
  el.setAttribute("data-restored-focus", "");
  el.addEventListener("blur", () => el.removeAttribute("data-restored-focus"), { once: true });
  el.focus();
}

let idCounter = 0;
/** A document-unique id for label/description wiring. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Small DOM helpers. Everything that comes from the API goes in through textContent (via `el`'s
// string children) or setAttribute on a known-safe attribute — never through HTML parsing.

/**
 * el("a", {class: "x", href: "#/map", dataset: {eventId: id}, on: {click: fn}}, "text", child)
 * Strings (and numbers) become text nodes; null/undefined/false children are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (key === "style") throw new Error("inline styles are blocked by the CSP: use a class");
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else if (key in PROPS) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

const PROPS = { value: 1, checked: 1, disabled: 1, selected: 1, textContent: 1, hidden: 1 };

/** Like node.append, but skips null/undefined/false and flattens arrays (node.append(null) adds "null"). */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Like node.replaceChildren, with append's rules. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, ...children);
}

/** Only in-app hash links and http(s) links; anything else (javascript:, data:) becomes "#". */
export function safeHref(value) {
  const href = String(value);
  if (href.startsWith("#") || /^https?:\/\//i.test(href)) return href;
  return "#";
}

/** An external link (a document's URL) opened without leaking the referrer. */
export function externalLink(url, label) {
  if (!url || !/^https?:\/\//i.test(url)) return label ? el("span", {}, label) : null;
  return el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, label || url);
}

/** A visible error box; message is shown as text. */
export function errorBox(error, title = "Something went wrong") {
  const message = error && error.message ? error.message : String(error);
  return el(
    "div",
    { class: "error-box", role: "alert", "data-testid": "error" },
    el("strong", {}, title),
    el("span", { class: "error-message" }, message),
  );
}

export function loading(text = "Loading…") {
  return el("p", { class: "loading", "data-testid": "loading" }, text);
}

export function emptyNote(text) {
  return el("p", { class: "empty-note" }, text);
}

/** Render `value` (any JSON) as readable text nodes, for the "every field" tables. */
export function valueNode(value) {
  if (value === null || value === undefined || value === "") return el("span", { class: "muted" }, "—");
  if (typeof value === "boolean") return el("span", { class: value ? "bool-yes" : "bool-no" }, value ? "yes" : "no");
  if (typeof value === "number") return el("span", { class: "num" }, String(value));
  if (typeof value === "string") return el("span", {}, value);
  if (Array.isArray(value)) {
    if (value.length === 0) return el("span", { class: "muted" }, "none");
    if (value.every((v) => v === null || typeof v !== "object")) return el("span", {}, value.join(", "));
    return el("ul", { class: "value-list" }, value.map((v) => el("li", {}, valueNode(v))));
  }
  if (typeof value === "object") {
    if ("text" in value && "start" in value && "end" in value && Object.keys(value).length <= 4) {
      return el("span", {}, el("q", {}, value.text ?? ""), el("span", { class: "muted offsets" }, ` [${value.start}–${value.end}]`));
    }
    return el(
      "dl",
      { class: "value-dict" },
      Object.entries(value).map(([k, v]) => [el("dt", {}, k), el("dd", {}, valueNode(v))]),
    );
  }
  return el("span", {}, String(value));
}

export function formatNumber(n) {
  return typeof n === "number" ? n.toLocaleString("en") : String(n ?? "");
}

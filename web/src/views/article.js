// #/article                      the stored documents (search, pages)
// #/article/<document id>[?event=<event id>&mention=<mention id>]
//                                one document, highlighted; ?event opens that event's panel
import { api } from "../api.js";
import { el, errorBox, loading, emptyNote, externalLink, formatNumber, append, replace } from "../dom.js";
import { articleHref, hashFor } from "../links.js";
import { highlightedDocument } from "../highlight.js";

const PAGE = 50;

export function render(container, route, ctx) {
  if (route.id) return renderDocument(container, route, ctx);
  return renderList(container, route, ctx);
}

function renderList(container, route, ctx) {
  const q = route.params.get("q") || "";
  const offset = Math.max(0, Number(route.params.get("offset")) || 0);
  const holder = el("section", { class: "card" }, loading("Loading documents…"));
  const input = el("input", { type: "search", id: "doc-q", value: q, placeholder: "words in the title or name", "data-testid": "documents-search" });
  const form = el("form", { class: "filters card compact", role: "search" },
    el("label", { class: "field grow", for: "doc-q" }, el("span", { class: "field-label" }, "Search documents"), input),
    el("div", { class: "filter-actions" }, el("button", { type: "submit", class: "primary" }, "Search")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    window.location.hash = hashFor("article", { q: input.value.trim() });
  });
  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Articles"),
      el("p", { class: "lede" }, "The stored documents. Open one to read it with its events, actors, dates, places and quotes highlighted.")),
    form,
    holder,
  );
  api.documents({ q, limit: PAGE, offset }).then(
    (page) => {
      if (!ctx.isCurrent()) return;
      const items = page.items || [];
      const total = page.total ?? items.length;
      replace(holder);
      if (!items.length) {
        append(holder, emptyNote(q ? `No document matches “${q}”.` : "No documents are stored yet. Run `make demo` or `wirecoder ingest`."));
        return;
      }
      append(holder,
        el("p", { class: "count" }, el("strong", { "data-testid": "document-count" }, formatNumber(total)), ` document${total === 1 ? "" : "s"}`),
        el("table", { class: "data-table documents-table", "data-testid": "document-list" },
          el("thead", {}, el("tr", {}, el("th", {}, "Published"), el("th", {}, "Title"), el("th", { class: "num" }, "Events"))),
          el("tbody", {}, items.map((d) => el("tr", { "data-testid": "document-item", "data-document-id": d.id },
            el("td", { class: "nowrap" }, d.published || "—"),
            el("td", {},
              el("a", { href: articleHref(d.id) }, d.title || d.name || d.id),
              d.title && d.name ? el("div", { class: "muted small" }, d.name) : null),
            el("td", { class: "num" }, formatNumber(d.n_events ?? 0)))))),
        pager(total, offset, q),
      );
    },
    (err) => {
      if (ctx.isCurrent()) replace(holder, errorBox(err, "Could not load the documents"));
    },
  );
}

function pager(total, offset, q) {
  if (total <= PAGE) return null;
  const prev = offset > 0 ? el("a", { class: "button secondary", href: hashFor("article", { q, offset: Math.max(0, offset - PAGE) || "" }) }, "← Previous") : null;
  const next = offset + PAGE < total ? el("a", { class: "button secondary", href: hashFor("article", { q, offset: offset + PAGE }) }, "Next →") : null;
  return el("div", { class: "pager" }, prev, el("span", { class: "muted" }, `${offset + 1}–${Math.min(total, offset + PAGE)} of ${total}`), next);
}

function renderDocument(container, route, ctx) {
  const holder = el("div", {}, loading("Loading the document…"));
  append(container, el("p", { class: "breadcrumb" }, el("a", { href: "#/article" }, "← All articles")), holder);
  api.document(route.id).then(
    (doc) => {
      if (!ctx.isCurrent()) return;
      replace(holder);
      append(holder, documentHeader(doc));
      const component = highlightedDocument(doc, { loadStored: (id) => api.event(id) });
      append(holder, component.node);
      const eventId = route.params.get("event");
      const mentionId = route.params.get("mention");
      if (eventId) {
        if (!component.select(eventId, mentionId)) {
          holder.prepend(errorBox(new Error(`Event ${eventId} has no trigger in this document.`), "Event not found here"));
        }
      }
    },
    (err) => {
      if (ctx.isCurrent()) replace(holder, errorBox(err, "Could not load the document"));
    },
  );
}

export function documentHeader(doc) {
  const meta = [];
  if (doc.published) meta.push(el("span", {}, `Published ${doc.published}`));
  if (doc.name && doc.name !== doc.title) meta.push(el("span", {}, doc.name));
  if (doc.url) meta.push(externalLink(doc.url, "source"));
  const nEvents = (doc.events || []).length;
  meta.push(el("span", {}, `${nEvents} event mention${nEvents === 1 ? "" : "s"}`));
  return el("header", { class: "doc-header" },
    el("h1", { "data-testid": "article-title" }, doc.title || doc.name || doc.doc_id || "Untitled document"),
    el("p", { class: "doc-meta" }, meta.flatMap((m, i) => (i ? [" · ", m] : [m]))));
}

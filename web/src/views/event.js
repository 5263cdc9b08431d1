// #/event/<event id>
// One stored event: every field, its actors, and each mention (the reports it was merged from)
// with the sentence, the trigger emphasised, the reasons, and a link to the article that opens
// with the trigger highlighted.
import { api } from "../api.js";
import { el, errorBox, loading, externalLink, append, replace } from "../dom.js";
import { articleHref, timelineHref } from "../links.js";
import { typeBadge, reasonsTable, fieldsTable } from "../highlight.js";
import { quadOf } from "../plover.js";

const HEADLINE = ["type", "date", "source_name", "target_name"];

export function render(container, route, ctx) {
  const holder = el("div", {}, loading("Loading the event…"));
  append(container, el("p", { class: "breadcrumb" }, el("a", { href: "#/timeline" }, "← Timeline")), holder);
  if (!route.id) {
    replace(holder, errorBox(new Error("No event id in the address (#/event/<id>)."), "Which event?"));
    return;
  }
  api.event(route.id).then(
    (ev) => {
      if (!ctx.isCurrent()) return;
      replace(holder, eventPage(ev));
    },
    (err) => {
      if (ctx.isCurrent()) replace(holder, errorBox(err, "Could not load the event"));
    },
  );
}

function badges(ev) {
  return [
    ev.negated ? el("span", { class: "badge badge-negated", "data-testid": "badge-negated" }, "NEGATED") : null,
    ev.modality && ev.modality !== "asserted" ? el("span", { class: ["badge", "badge-modality", `mod-${ev.modality}`], "data-testid": "badge-modality" }, ev.modality) : null,
  ];
}

function actorLinks(list, fallbackId, fallbackName) {
  const actors = list && list.length ? list : fallbackId ? [{ id: fallbackId, name: fallbackName }] : [];
  if (!actors.length) return el("span", { class: "muted" }, "—");
  return actors.map((a, i) => [i ? ", " : "", el("a", { href: timelineHref({ actor: a.id }), title: `Timeline of ${a.id}` }, a.name || a.id)]);
}

function eventPage(ev) {
  const { mentions = [], sources, targets, ...fields } = ev;
  const quad = quadOf(ev);
  const page = el("article", { class: ["event-page", ev.negated && "negated"], "data-testid": "event-view", "data-event-id": ev.id });
  append(page,
    el("header", { class: "doc-header" },
      el("h1", {},
        typeBadge(ev.type, quad), " ",
        el("span", { class: ev.negated ? "strike" : "" }, actorLinks(sources, ev.source_actor_id, ev.source_name), " → ", actorLinks(targets, ev.target_actor_id, ev.target_name)),
        " ", badges(ev)),
      el("p", { class: "doc-meta" },
        `${ev.date || "undated"}${ev.date_max && ev.date_max !== ev.date ? ` – ${ev.date_max}` : ""}`,
        ev.place_name ? ` · at ${ev.place_name}${ev.place_country ? ` (${ev.place_country})` : ""}` : "",
        ` · ${mentions.length} mention${mentions.length === 1 ? "" : "s"} in ${ev.num_articles ?? "?"} article${ev.num_articles === 1 ? "" : "s"}`)),
    ev.sentence ? el("blockquote", { class: "event-sentence" }, ev.sentence) : null,
    el("div", { class: "event-columns" },
      el("section", { class: "card" },
        el("h2", {}, "Fields"),
        fieldsTable({ ...pick(fields, HEADLINE), ...omit(fields, HEADLINE) }, { testid: "event-fields" }),
        el("h3", {}, "Sources"), el("p", {}, actorLinks(sources, ev.source_actor_id, ev.source_name)),
        el("h3", {}, "Targets"), el("p", {}, actorLinks(targets, ev.target_actor_id, ev.target_name))),
      el("section", { class: "mentions" },
        el("h2", {}, `Mentions (${mentions.length})`),
        mentions.length ? mentions.map((m) => mentionCard(ev, m)) : el("p", { class: "muted" }, "No mention is stored for this event."))),
  );
  return page;
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (k in obj) out[k] = obj[k];
  return out;
}

function omit(obj, keys) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/**
 * The sentence with the trigger emphasised. Trigger offsets are document code points; with
 * `sentence_start` (document offset of the sentence) we can place it exactly, otherwise we find
 * the trigger text in the sentence (first occurrence).
 */
function sentenceWithTrigger(m, quad) {
  const sentence = m.sentence || "";
  const cps = Array.from(sentence);
  const t = m.trigger;
  if (!t || !t.text) return el("span", {}, sentence);
  let start = -1;
  if (Number.isInteger(m.sentence_start)) {
    start = t.start - m.sentence_start;
    if (cps.slice(start, start + (t.end - t.start)).join("") !== t.text) start = -1;
  }
  if (start < 0) {
    const i = sentence.indexOf(t.text);
    if (i >= 0) start = Array.from(sentence.slice(0, i)).length;
  }
  if (start < 0) return el("span", {}, sentence);
  const len = Array.from(t.text).length;
  return el("span", {},
    cps.slice(0, start).join(""),
    el("mark", { class: ["hl", "hl-trigger", "static", `quad-${quad}`, m.negated && "negated"], "data-testid": "mention-trigger" }, cps.slice(start, start + len).join("")),
    cps.slice(start + len).join(""));
}

function mentionCard(ev, m) {
  const { reasons, sentence, trigger, ...rest } = m;
  const link = m.document_id
    ? el("a", { href: articleHref(m.document_id, { event: ev.id, mention: m.id }), class: "button secondary small", "data-testid": "mention-article-link" }, "Open in the article →")
    : null;
  return el("section", { class: ["card", "mention", m.negated && "negated", (m.background || m.caption) && "background"], "data-testid": "mention", "data-mention-id": m.id },
    el("div", { class: "mention-head" },
      el("div", {},
        el("strong", {}, m.title || m.document_name || m.document_id || "document"),
        el("div", { class: "muted small" }, [m.published, m.document_name && m.document_name !== m.title ? m.document_name : null].filter(Boolean).join(" · "),
          m.url ? [" · ", externalLink(m.url, "source")] : null)),
      link),
    el("blockquote", { class: "mention-sentence" }, sentenceWithTrigger(m, quadOf(m.type ? m : ev)), " ",
      m.caption ? el("span", { class: "kind-label" }, "caption") : null,
      m.background ? el("span", { class: "kind-label" }, "background") : null,
      badges(m)),
    el("h3", {}, "Why"),
    reasonsTable(reasons),
    el("details", { class: "mention-fields" },
      el("summary", {}, "All fields of this mention"),
      fieldsTable({ trigger, ...rest }, { testid: "mention-fields" })));
}

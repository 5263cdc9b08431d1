// The highlighted-document component shared by the article view (#/article/<id>, a stored
// document from GET /api/documents/{id}) and the paste view (#/code, a freshly coded document from
// POST /api/code).
//
// Offsets from the API are Python code-point offsets into `text`. JavaScript strings index UTF-16
// code units, so the text is split with Array.from (one element per code point) and every slice
// is taken from that array — an emoji or other astral character before a trigger never shifts
// the highlight.
//
// The text goes into the page only through text nodes: an article containing "<script>" or
// "<img onerror=...>" shows those characters literally.
import { el, valueNode, append, replace } from "./dom.js";
import { eventHref } from "./links.js";
import { quadColor, TYPE_QUAD, isUnrealised } from "./plover.js";

export const CATEGORIES = [
  { id: "trigger", label: "Event triggers", swatch: "Trigger" },
  { id: "actor", label: "Actors", swatch: "Actor" },
  { id: "date", label: "Dates", swatch: "Date" },
  { id: "place", label: "Places", swatch: "Place" },
  { id: "quote", label: "Quotes", swatch: "Quote" },
];

// Which span ends up outside when two spans cover the same characters.
const NESTING = { quote: 0, actor: 1, place: 2, date: 3, trigger: 4 };

/* ------------------------------------------------------------------ adapter */

/**
 * One shape for both API documents:
 *  - stored (GET /api/documents/{id}): events carry event_id/mention_id, sources/targets,
 *    sentence_index; quotes carry speaker_name, sentence_index; actors id + local_id.
 *  - coded (POST /api/code): events carry id, source/target (document-local actor ids) and
 *    sentence (an index); quotes carry speaker (a local id) and sentence (an index).
 */
export function normalizeDocument(doc) {
  const text = typeof doc.text === "string" ? doc.text : "";
  const actors = (doc.actors || []).map((a) => ({ ...a, mentions: a.mentions || [] }));
  const actorBy = new Map();
  for (const a of actors) {
    for (const key of [a.id, a.local_id]) if (key !== undefined && key !== null) actorBy.set(String(key), a);
  }
  const actorName = (id) => {
    const a = actorBy.get(String(id));
    return a ? a.name : String(id);
  };
  const sentences = (doc.sentences || []).map((s, i) => ({
    index: s.index ?? i,
    start: s.start,
    end: s.end,
    kind: s.kind || "body",
    text: s.text,
  }));
  const sentenceBy = new Map(sentences.map((s) => [s.index, s]));

  const events = (doc.events || []).map((ev) => {
    const sourceIds = ev.sources || ev.source || [];
    const targetIds = ev.targets || ev.target || [];
    const sentenceIndex = ev.sentence_index ?? (typeof ev.sentence === "number" ? ev.sentence : null);
    const id = ev.event_id ?? ev.id;
    return {
      id: String(id),
      storedId: ev.event_id ? String(ev.event_id) : null,
      mentionId: ev.mention_id ?? null,
      type: ev.type,
      quad: Number(ev.quad_class) || TYPE_QUAD[ev.type] || 0,
      negated: Boolean(ev.negated),
      modality: ev.modality || "asserted",
      trigger: ev.trigger || null,
      sentenceIndex,
      sentence: sentenceBy.get(sentenceIndex) || null,
      sourceNames: sourceIds.map(actorName),
      targetNames: targetIds.map(actorName),
      reasons: ev.reasons || {},
      raw: ev,
    };
  });

  const quotes = (doc.quotes || []).map((q) => ({
    ...q,
    speakerName: q.speaker_name ?? (q.speaker !== undefined && q.speaker !== null ? actorName(q.speaker) : null),
    sentenceIndex: q.sentence_index ?? (typeof q.sentence === "number" ? q.sentence : null),
  }));

  return {
    id: doc.id ?? doc.document_id ?? null,
    name: doc.name ?? doc.doc_id ?? null,
    title: doc.title ?? null,
    url: doc.url ?? null,
    published: doc.published ?? null,
    text,
    codepoints: Array.from(text),
    sentences,
    actors,
    actorName,
    events,
    quotes,
    dates: doc.dates || [],
    places: (doc.places || []).map((p) => ({ ...p, mentions: p.mentions || [] })),
    stored: Boolean(doc.stored ?? doc.event_id ?? (doc.events || []).some((e) => e.event_id)),
    documentId: doc.document_id ?? doc.id ?? null,
  };
}

/* -------------------------------------------------------------- rendering */

function spansOf(norm) {
  const n = norm.codepoints.length;
  const spans = [];
  const add = (start, end, cat, info) => {
    const s = Math.max(0, Math.min(n, Number(start)));
    const e = Math.max(0, Math.min(n, Number(end)));
    if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) return;
    spans.push({ start: s, end: e, cat, info, order: spans.length });
  };
  for (const a of norm.actors) for (const m of a.mentions) add(m.start, m.end, "actor", a);
  for (const p of norm.places) for (const m of p.mentions) add(m.start, m.end, "place", p);
  for (const d of norm.dates) add(d.start, d.end, "date", d);
  for (const q of norm.quotes) add(q.start, q.end, "quote", q);
  // Several events can share one trigger ("A and B agreed" → two AGREE events): each gets its own
  // nested element (data-event-id), and the first one carries the badges of the whole group.
  const groups = new Map();
  for (const ev of norm.events) {
    if (!ev.trigger) continue;
    const key = `${ev.trigger.start}:${ev.trigger.end}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(ev);
    add(ev.trigger.start, ev.trigger.end, "trigger", ev);
  }
  for (const span of spans) {
    if (span.cat !== "trigger") continue;
    const group = groups.get(`${span.info.trigger.start}:${span.info.trigger.end}`);
    span.badges = group[0] === span.info ? group : [];
  }
  return spans;
}

function bySpanOrder(a, b) {
  return a.start - b.start || b.end - a.end || NESTING[a.cat] - NESTING[b.cat] || a.order - b.order;
}

function spanElement(span) {
  const { cat, info } = span;
  if (cat === "trigger") {
    const ev = info;
    const node = el("mark", {
      class: ["hl", "hl-trigger", `quad-${ev.quad}`, ev.negated && "negated", isUnrealised(ev) && "unrealised", `mod-${ev.modality}`],
      "data-testid": "trigger",
      "data-event-id": ev.id,
      "data-mention-id": ev.mentionId ?? undefined,
      tabindex: "0",
      role: "button",
      title: `${ev.type}${ev.negated ? " · negated" : ""}${ev.modality !== "asserted" ? ` · ${ev.modality}` : ""} — click for details`,
    });
    node.style.setProperty("--quad-color", quadColor(ev.quad));
    return node;
  }
  if (cat === "actor") {
    const a = info;
    const bits = [a.kind, a.country, a.sector, a.role].filter(Boolean).join(", ");
    return el("span", { class: "hl hl-actor", "data-actor-id": a.id ?? a.local_id, title: `Actor: ${a.name}${bits ? ` (${bits})` : ""}` });
  }
  if (cat === "place") {
    const p = info;
    return el("span", { class: "hl hl-place", title: `Place: ${p.name}${p.country ? `, ${p.country}` : ""}` });
  }
  if (cat === "date") {
    const d = info;
    return el("span", { class: "hl hl-date", title: `Date: ${d.value ?? "?"}${d.reason ? ` — ${d.reason}` : ""}` });
  }
  const q = info;
  return el("span", {
    class: ["hl", "hl-quote", q.direct ? "direct" : "indirect"],
    title: `${q.direct ? "Direct" : "Indirect"} quote${q.speakerName ? ` by ${q.speakerName}` : ""}`,
  });
}

/** NEGATED and modality badges for one event or a group of events (each badge once). */
function badgesFor(events) {
  const list = Array.isArray(events) ? events : [events];
  const out = [];
  if (list.some((ev) => ev.negated)) out.push(el("span", { class: "badge badge-negated", "data-testid": "badge-negated" }, "NEGATED"));
  const modalities = [...new Set(list.map((ev) => ev.modality).filter((m) => m && m !== "asserted"))];
  for (const m of modalities) {
    out.push(el("span", { class: ["badge", "badge-modality", `mod-${m}`], "data-testid": "badge-modality" }, m));
  }
  return out;
}

/** Render code points [start, end) into parent, nesting the (sorted) spans; crossing spans are split. */
function renderRange(cps, start, end, spans, parent) {
  let pos = start;
  let pool = spans;
  while (pool.length) {
    const span = pool[0];
    const rest = [];
    const inner = [];
    for (let i = 1; i < pool.length; i += 1) {
      const t = pool[i];
      if (t.start < span.end) {
        if (t.end <= span.end) inner.push(t);
        else {
          inner.push({ ...t, end: span.end });
          rest.push({ ...t, start: span.end });
        }
      } else rest.push(t);
    }
    if (span.start > pos) parent.append(cps.slice(pos, span.start).join(""));
    const node = spanElement(span);
    renderRange(cps, span.start, span.end, inner.sort(bySpanOrder), node);
    parent.append(node);
    if (span.cat === "trigger" && span.badges && span.badges.length && span.end === span.info.trigger.end) {
      parent.append(...badgesFor(span.badges));
    }
    pos = Math.max(pos, span.end);
    pool = rest.sort(bySpanOrder);
  }
  if (pos < end) parent.append(cps.slice(pos, end).join(""));
}

/**
 * The document text with highlights, as <div data-testid="article-text">. Sentences that are not
 * body text (caption, credit, heading, byline) are marked and labelled.
 */
export function renderText(norm) {
  const cps = norm.codepoints;
  const n = cps.length;
  const container = el("div", { class: "article-text", "data-testid": "article-text" });
  const spans = spansOf(norm);
  const sentences = norm.sentences.length
    ? [...norm.sentences].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
    : [{ index: 0, start: 0, end: n, kind: "body" }];
  let pos = 0;
  for (const s of sentences) {
    const start = Math.max(pos, Math.min(n, s.start));
    const end = Math.max(start, Math.min(n, s.end));
    if (start > pos) renderRange(cps, pos, start, clip(spans, pos, start), container);
    const node = el("span", {
      class: ["sentence", `kind-${s.kind}`],
      "data-sentence-index": String(s.index),
      "data-kind": s.kind,
    });
    if (s.kind !== "body") append(node, el("span", { class: "kind-label", "aria-label": `${s.kind}:` }, s.kind));
    renderRange(cps, start, end, clip(spans, start, end), node);
    append(container, node);
    pos = end;
  }
  if (pos < n) renderRange(cps, pos, n, clip(spans, pos, n), container);
  return container;
}

function clip(spans, start, end) {
  const out = [];
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    out.push(s.start >= start && s.end <= end ? s : { ...s, start: Math.max(s.start, start), end: Math.min(s.end, end) });
  }
  return out.sort(bySpanOrder);
}

/* ------------------------------------------------------ legend and toggles */

export function renderLegend(textNode, counts) {
  const legend = el("div", { class: "hl-legend", "data-testid": "highlight-legend", role: "group", "aria-label": "Highlights" });
  for (const cat of CATEGORIES) {
    const id = `toggle-${cat.id}-${Math.random().toString(36).slice(2, 8)}`;
    const box = el("input", {
      type: "checkbox",
      id,
      checked: true,
      "data-testid": `toggle-${cat.id}`,
      on: { change: () => textNode.classList.toggle(`hide-${cat.id}`, !box.checked) },
    });
    append(legend,
      el("label", { class: "hl-toggle", for: id }, box,
        el("span", { class: ["hl", `hl-${cat.id}`, "swatch"] }, cat.swatch),
        el("span", { class: "muted" }, ` ${counts[cat.id] ?? 0}`)),
    );
  }
  append(legend,
    el("span", { class: "hl-legend-note" },
      el("span", { class: "legend-key" }, el("span", { class: "badge badge-negated" }, "NEGATED"), "did not happen"),
      el("span", { class: "legend-key" }, el("span", { class: "badge badge-modality mod-planned" }, "planned"), "modality"),
      el("span", { class: "legend-key" }, el("span", { class: "kind-label" }, "caption"), "not body text")));
  return legend;
}

export function countHighlights(norm) {
  return {
    trigger: norm.events.filter((e) => e.trigger).length,
    actor: norm.actors.reduce((n, a) => n + a.mentions.length, 0),
    date: norm.dates.length,
    place: norm.places.reduce((n, p) => n + p.mentions.length, 0),
    quote: norm.quotes.length,
  };
}

/* ---------------------------------------------------------- event panel */

/** The sentence of an event with its trigger emphasised (offsets are document code points). */
export function sentenceWithTrigger(norm, ev) {
  const s = ev.sentence;
  if (!s) return el("span", { class: "muted" }, "—");
  const cps = norm.codepoints;
  const t = ev.trigger;
  if (!t || t.start < s.start || t.end > s.end) return el("span", {}, cps.slice(s.start, s.end).join(""));
  return el("span", {},
    cps.slice(s.start, t.start).join(""),
    el("mark", { class: ["hl", "hl-trigger", "static", `quad-${ev.quad}`, ev.negated && "negated"] }, cps.slice(t.start, t.end).join("")),
    cps.slice(t.end, s.end).join(""));
}

export function typeBadge(type, quad) {
  const node = el("span", { class: ["type-badge", `quad-${quad || TYPE_QUAD[type] || 0}`] }, type || "?");
  return node;
}

export function reasonsTable(reasons) {
  const entries = Object.entries(reasons || {});
  if (!entries.length) return el("p", { class: "muted" }, "No reasons recorded.");
  return el("table", { class: "reasons", "data-testid": "reasons" },
    el("thead", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "why"))),
    el("tbody", {}, entries.map(([field, reason]) =>
      el("tr", { "data-testid": "reason", "data-field": field },
        el("th", { scope: "row" }, field), el("td", {}, valueNode(reason))))));
}

export function fieldsTable(obj, { skip = [], rename = {}, testid = "event-fields" } = {}) {
  const rows = Object.entries(obj).filter(([k]) => !skip.includes(k));
  return el("table", { class: "fields", "data-testid": testid },
    el("tbody", {}, rows.map(([k, v]) =>
      el("tr", { "data-field": k }, el("th", { scope: "row" }, rename[k] || k), el("td", {}, valueNode(v))))));
}

/**
 * One section per event (several events can share a trigger). loadStored(id) → Promise of the
 * stored event record (GET /api/events/{id}); given only for stored documents.
 */
export function renderEventPanel(norm, events, { loadStored, onClose } = {}) {
  const panel = el("aside", { class: "event-panel", "data-testid": "event-panel", "aria-label": "Event details" });
  const head = el("div", { class: "panel-head" },
    el("h2", {}, events.length > 1 ? `${events.length} events at this trigger` : "Event"),
    onClose ? el("button", { type: "button", class: "link-button", "data-testid": "panel-close", on: { click: onClose } }, "close ✕") : null);
  append(panel, head);
  for (const ev of events) {
    const section = el("section", { class: ["panel-event", ev.negated && "negated"], "data-event-id": ev.id });
    append(section,
      el("div", { class: "panel-title" },
        typeBadge(ev.type, ev.quad), " ",
        el("span", { class: "dyad" }, ev.sourceNames.join(", ") || "?", " → ", ev.targetNames.join(", ") || "—"),
        " ", badgesFor(ev)),
      el("h3", {}, "Evidence"),
      el("dl", { class: "evidence" },
        el("dt", {}, "trigger"), el("dd", {}, ev.trigger ? el("q", { class: ev.negated ? "strike" : "" }, ev.trigger.text) : "—"),
        el("dt", {}, "sentence"), el("dd", { "data-testid": "panel-sentence" }, sentenceWithTrigger(norm, ev))),
      el("h3", {}, "Why"),
      reasonsTable(ev.reasons),
      el("h3", {}, "All fields of this mention"),
      fieldsTable({
        ...ev.raw,
        ...(ev.raw.sources || ev.raw.source ? { "source names": ev.sourceNames } : {}),
        ...(ev.raw.targets || ev.raw.target ? { "target names": ev.targetNames } : {}),
      }, { skip: ["reasons"] }),
    );
    if (ev.storedId) {
      append(section, el("p", { class: "panel-link" }, el("a", { href: eventHref(ev.storedId), "data-testid": "panel-event-link" }, "Open the stored event →")));
      if (loadStored) {
        const holder = el("div", { class: "stored-record" }, el("p", { class: "muted" }, "Loading the stored event…"));
        append(section, el("h3", {}, "Stored event record"), holder);
        loadStored(ev.storedId).then(
          (rec) => {
            const { mentions, ...fields } = rec;
            replace(holder, 
              el("p", { class: "muted small" }, `Merged from ${mentions ? mentions.length : "?"} mention(s).`),
              fieldsTable(fields, { testid: "stored-fields" }));
          },
          (err) => replace(holder, el("div", { class: "error-box", role: "alert", "data-testid": "error" }, el("strong", {}, "Could not load the stored event"), el("span", {}, err.message))),
        );
      }
    }
    append(panel, section);
  }
  return panel;
}

/* ------------------------------------------------------- whole component */

/**
 * The full component: legend + toggles, highlighted text, and a side panel that opens when a
 * trigger is clicked (or on `select(eventId)`). Returns {node, select}.
 */
export function highlightedDocument(doc, { loadStored, emptyPanel } = {}) {
  const norm = doc.codepoints ? doc : normalizeDocument(doc);
  const text = renderText(norm);
  const legend = renderLegend(text, countHighlights(norm));
  const side = el("div", { class: "doc-side" });
  const eventsById = new Map();
  for (const ev of norm.events) {
    if (!eventsById.has(ev.id)) eventsById.set(ev.id, []);
    eventsById.get(ev.id).push(ev);
  }

  const showEmpty = () => {
    replace(side, emptyPanel ? emptyPanel(norm, select) : defaultEmptyPanel(norm, select));
  };

  function showEvents(events, triggerNodes) {
    for (const node of text.querySelectorAll(".hl-trigger.selected")) node.classList.remove("selected");
    for (const node of triggerNodes) node.classList.add("selected");
    replace(side, renderEventPanel(norm, events, { loadStored, onClose: () => { clearSelection(); showEmpty(); } }));
  }

  function clearSelection() {
    for (const node of text.querySelectorAll(".hl-trigger.selected")) node.classList.remove("selected");
  }

  function triggersAround(node) {
    const nodes = new Set();
    for (let cur = node; cur && cur !== text; cur = cur.parentElement) {
      if (cur.dataset && cur.dataset.testid === "trigger") nodes.add(cur);
    }
    for (const inner of node.querySelectorAll('[data-testid="trigger"]')) nodes.add(inner);
    return [...nodes];
  }

  function eventsFor(nodes) {
    const out = [];
    for (const node of nodes) {
      const list = eventsById.get(node.dataset.eventId) || [];
      const mention = node.dataset.mentionId;
      const match = list.filter((ev) => !mention || String(ev.mentionId) === mention);
      for (const ev of match.length ? match : list) if (!out.includes(ev)) out.push(ev);
    }
    return out;
  }

  function activate(target) {
    const trigger = target.closest('[data-testid="trigger"]');
    if (!trigger || !text.contains(trigger)) return;
    const nodes = triggersAround(trigger);
    showEvents(eventsFor(nodes), nodes);
  }

  text.addEventListener("click", (e) => activate(e.target));
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      if (e.target.closest && e.target.closest('[data-testid="trigger"]')) {
        e.preventDefault();
        activate(e.target);
      }
    }
  });

  /** Select an event (by event id and optionally mention id): scroll to it and open the panel. */
  function select(eventId, mentionId) {
    const candidates = [...text.querySelectorAll('[data-testid="trigger"]')].filter((n) => n.dataset.eventId === String(eventId));
    const node = candidates.find((n) => mentionId && n.dataset.mentionId === String(mentionId)) || candidates[0];
    if (!node) return false;
    const nodes = triggersAround(node);
    showEvents(eventsFor(nodes), nodes);
    node.scrollIntoView({ block: "center" });
    node.classList.add("flash");
    setTimeout(() => node.classList.remove("flash"), 1600);
    return true;
  }

  showEmpty();
  const node = el("div", { class: "doc-layout" },
    el("div", { class: "doc-main" }, legend, text),
    side);
  return { node, select, norm };
}

function defaultEmptyPanel(norm, select) {
  const items = norm.events.filter((e) => e.trigger);
  return el("aside", { class: "event-panel empty", "data-testid": "event-list-panel" },
    el("h2", {}, `${items.length} event${items.length === 1 ? "" : "s"} in this text`),
    el("p", { class: "muted small" }, "Click a highlighted trigger (or an event below) to see every field of the event and why it was coded."),
    items.length
      ? el("ol", { class: "panel-events" }, items.map((ev) =>
        el("li", {},
          el("button", { type: "button", class: ["link-button", "panel-event-button", ev.negated && "negated"], "data-event-id": ev.id, on: { click: () => select(ev.id, ev.mentionId) } },
            typeBadge(ev.type, ev.quad), " ",
            el("span", { class: ev.negated ? "strike" : "" }, ev.trigger.text), " ",
            el("span", { class: "muted" }, `${ev.sourceNames.join(", ") || "?"} → ${ev.targetNames.join(", ") || "—"}`),
            ev.negated ? el("span", { class: "badge badge-negated" }, "NEGATED") : null,
            ev.modality !== "asserted" ? el("span", { class: ["badge", "badge-modality", `mod-${ev.modality}`] }, ev.modality) : null))))
      : el("p", { class: "muted" }, "No events were coded in this text."));
}

// #/tracker?issue=<phrase>
// Negotiation tracker: who supported and who opposed an issue (a ceasefire, neutrality, …) and
// when. One row per actor, a green up-triangle per "support" and a red down-triangle per "oppose",
// each linked to its event.
import * as d3 from "d3";
import { api, EVENT_FILTERS } from "../api.js";
import { el, errorBox, loading, emptyNote, append, replace } from "../dom.js";
import { eventHref, hashFor, paramsObject, timelineHref } from "../links.js";
import { typeBadge } from "../highlight.js";
import { timeAxis, tickValues } from "../charts.js";
import { isUnrealised, parseEventDate, COOPERATIVE_COLOR, CONFLICTUAL_COLOR, TYPE_QUAD } from "../plover.js";

const QUICK = ["ceasefire", "neutrality", "prisoner exchange", "sanctions"];

export function render(container, route, ctx) {
  const issue = (route.params.get("issue") || "").trim();
  const filters = paramsObject(route.params, EVENT_FILTERS);
  const input = el("input", { type: "search", id: "tracker-issue", value: issue, placeholder: "an issue, e.g. ceasefire", "data-testid": "tracker-issue", required: true, autocomplete: "off" });
  const go = (phrase) => {
    window.location.hash = hashFor("tracker", { ...filters, issue: phrase.trim() });
  };
  const form = el("form", { class: "filters card compact", role: "search" },
    el("label", { class: "field grow", for: "tracker-issue" }, el("span", { class: "field-label" }, "Issue"), input),
    el("div", { class: "filter-actions" },
      el("button", { type: "submit", class: "primary", "data-testid": "tracker-submit" }, "Track")),
    el("div", { class: "quick-buttons" },
      el("span", { class: "muted small" }, "Try:"),
      QUICK.map((q) => el("button", {
        type: "button",
        class: ["chip-button", q === issue && "active"],
        "data-testid": "tracker-quick",
        "data-issue": q,
        on: { click: () => go(q) },
      }, q))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) go(input.value);
  });

  const holder = el("section", { class: "card" });
  const tableHolder = el("section", { class: "card" });
  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Negotiation tracker"),
      el("p", { class: "lede" }, "Stances on an issue over time: who supported it (▲) and who opposed it (▼). Click a marker for the event and its evidence.")),
    form,
    holder,
    tableHolder,
  );
  if (!issue) {
    append(holder, emptyNote("Type an issue or pick one of the suggestions above."));
    tableHolder.remove();
    return;
  }
  append(holder, loading(`Looking for stances on “${issue}”…`));
  api.stances({ ...filters, issue }).then(
    (stances) => {
      if (!ctx.isCurrent()) return;
      const list = Array.isArray(stances) ? stances : stances.items || [];
      replace(holder);
      if (!list.length) {
        append(holder, el("div", { "data-testid": "tracker-chart", class: "tracker-empty" }, emptyNote(`No stance on “${issue}” was found.`)));
        tableHolder.remove();
        return;
      }
      draw(holder, list, issue);
      replace(tableHolder, stanceTable(list));
    },
    (err) => {
      if (ctx.isCurrent()) {
        replace(holder, errorBox(err, "Could not load stances"));
        tableHolder.remove();
      }
    },
  );
}

const TRIANGLE = d3.symbol().type(d3.symbolTriangle).size(110)();

function draw(holder, stances, issue) {
  const points = stances.map((s) => ({ s, date: parseEventDate(s.date) })).filter((d) => d.date);
  const actors = [...d3.rollup(points, (v) => ({ n: v.length, name: v[0].s.actor_name || v[0].s.actor_id, first: d3.min(v, (d) => d.date) }), (d) => d.s.actor_id)]
    .sort((a, b) => a[1].first - b[1].first || b[1].n - a[1].n)
    .map(([id, info]) => ({ id, ...info }));
  const rowH = 34;
  const margin = { top: 16, right: 30, bottom: 34, left: 170 };
  const width = Math.max(640, Math.round(holder.clientWidth || 960));
  const innerW = width - margin.left - margin.right;
  const height = margin.top + margin.bottom + Math.max(1, actors.length) * rowH;
  const extent = d3.extent(points, (d) => d.date);
  const pad = Math.max(86400000 * 7, (extent[1] - extent[0]) * 0.05);
  const x = d3.scaleUtc().domain([new Date(+extent[0] - pad), new Date(+extent[1] + pad)]).range([0, innerW]);
  const axis = timeAxis(x, innerW);
  const y = d3.scaleBand().domain(actors.map((a) => a.id)).range([0, actors.length * rowH]).padding(0.15);

  // Points on the same actor row and day are spread sideways.
  const slot = new Map();
  for (const d of points) {
    const key = `${d.s.actor_id}|${d.s.date}`;
    const i = slot.get(key) || 0;
    slot.set(key, i + 1);
    d.dx = Math.ceil(i / 2) * (i % 2 ? -1 : 1) * 9;
  }

  const svg = d3.create("svg")
    .attr("class", "tracker-svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("data-testid", "tracker-chart")
    .attr("role", "img")
    .attr("aria-label", `Stances on ${issue}`);
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  g.append("g").selectAll("rect").data(actors).join("rect")
    .attr("class", (a, i) => `lane ${i % 2 ? "odd" : "even"}`)
    .attr("x", 0).attr("width", innerW).attr("y", (a) => y(a.id) - (y.step() * y.paddingInner()) / 2).attr("height", y.step());
  g.append("g").attr("class", "grid").selectAll("line").data(tickValues(axis, x)).join("line")
    .attr("x1", (t) => x(t)).attr("x2", (t) => x(t)).attr("y1", 0).attr("y2", actors.length * rowH);
  g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${actors.length * rowH})`).call(axis);
  const labels = g.append("g").selectAll("a").data(actors).join("a")
    .attr("href", (a) => timelineHref({ actor: a.id }));
  labels.append("text")
    .attr("class", "row-label")
    .attr("x", -10).attr("y", (a) => y(a.id) + y.bandwidth() / 2).attr("dy", "0.35em").attr("text-anchor", "end")
    .text((a) => truncate(a.name, 24))
    .append("title").text((a) => `${a.name} (${a.id}) — ${a.n} stance(s)`);

  const marks = g.append("g").selectAll("a").data(points).join("a")
    .attr("href", (d) => eventHref(d.s.event_id))
    .attr("aria-label", (d) => `${d.s.actor_name} ${d.s.stance} ${d.s.date}`);
  marks.append("path")
    .attr("d", TRIANGLE)
    .attr("transform", (d) => `translate(${x(d.date) + d.dx},${y(d.s.actor_id) + y.bandwidth() / 2})${d.s.stance === "oppose" ? " rotate(180)" : ""}`)
    .attr("class", (d) => `stance-point ${d.s.stance === "oppose" ? "oppose" : "support"}${isUnrealised(d.s) ? " unrealised" : ""}${d.s.negated ? " negated" : ""}`)
    .attr("fill", (d) => (d.s.stance === "oppose" ? CONFLICTUAL_COLOR : COOPERATIVE_COLOR))
    .attr("data-testid", "stance-point")
    .attr("data-event-id", (d) => d.s.event_id)
    .attr("data-stance", (d) => d.s.stance)
    .append("title").text((d) => `${d.s.date} · ${d.s.actor_name}: ${d.s.stance.toUpperCase()} (${d.s.type}${d.s.negated ? ", negated" : ""}${d.s.modality && d.s.modality !== "asserted" ? `, ${d.s.modality}` : ""})\n“${d.s.sentence || ""}”`);

  const undated = stances.length - points.length;
  append(holder,
    el("div", { class: "chart-toolbar" },
      el("div", { class: "legend" },
        el("span", { class: "legend-item" }, el("span", { class: "legend-tri support" }, "▲"), "supports"),
        el("span", { class: "legend-item" }, el("span", { class: "legend-tri oppose" }, "▼"), "opposes"),
        el("span", { class: "legend-item" }, el("span", { class: "legend-tri support faded" }, "▲"), "planned / hypothetical …")),
      el("span", { class: "muted small" }, `${stances.length} stance${stances.length === 1 ? "" : "s"} by ${actors.length} actor${actors.length === 1 ? "" : "s"}`)),
    el("div", { class: "chart-scroll" }, svg.node()),
    undated ? el("p", { class: "muted small" }, `${undated} undated stance${undated === 1 ? " is" : "s are"} only in the table.`) : null,
  );
}

function truncate(s, n) {
  const cps = Array.from(String(s || ""));
  return cps.length > n ? `${cps.slice(0, n - 1).join("")}…` : cps.join("");
}

function stanceTable(stances) {
  const sorted = [...stances].sort((a, b) => String(a.date || "").localeCompare(String(b.date || "")));
  return el("table", { class: "data-table", "data-testid": "stance-list" },
    el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Actor"), el("th", {}, "Stance"), el("th", {}, "Type"), el("th", {}, "Sentence"))),
    el("tbody", {}, sorted.map((s) => el("tr", { class: [s.negated && "negated", isUnrealised(s) && "unrealised"], "data-testid": "stance-row", "data-event-id": s.event_id },
      el("td", { class: "nowrap" }, el("a", { href: eventHref(s.event_id) }, s.date || "undated")),
      el("td", {}, el("a", { href: timelineHref({ actor: s.actor_id }) }, s.actor_name || s.actor_id)),
      el("td", {}, el("span", { class: ["stance", s.stance] }, s.stance === "oppose" ? "▼ oppose" : "▲ support"),
        s.modality && s.modality !== "asserted" ? el("span", { class: ["badge", "badge-modality", `mod-${s.modality}`] }, s.modality) : null),
      el("td", {}, typeBadge(s.type), s.negated ? el("span", { class: "badge badge-negated" }, "NEGATED") : null),
      el("td", { class: "sentence-cell" }, triggerSentence(s))))));
}

/** The sentence with the trigger word emphasised when it can be found in it. */
function triggerSentence(s) {
  const sentence = s.sentence || "";
  const t = typeof s.trigger === "string" ? s.trigger : s.trigger && s.trigger.text;
  const i = t ? sentence.indexOf(t) : -1;
  if (i < 0) return sentence;
  return [sentence.slice(0, i), el("mark", { class: ["hl", "hl-trigger", "static", `quad-${TYPE_QUAD[s.type] || 0}`] }, t), sentence.slice(i + t.length)];
}

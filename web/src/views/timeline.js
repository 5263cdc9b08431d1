// #/timeline?actor=&country=&type=&since=&until=[&place=&source=&target=&quad=&...]
// Events over time: one dot per event in a lane per PLOVER type, coloured by quad class;
// negated events hollow and dashed, unrealised ones (planned, hypothetical, …) faded.
// The filter form writes its state into the hash, so a link reproduces the view.
import * as d3 from "d3";
import { api, EVENT_FILTERS } from "../api.js";
import { el, errorBox, loading, emptyNote, formatNumber, append, replace } from "../dom.js";
import { eventHref, timelineHref, paramsObject } from "../links.js";
import { TYPES, QUADS, quadOf, quadColor, isUnrealised, parseEventDate, datePrecision } from "../plover.js";
import { typeBadge } from "../highlight.js";
import { timeAxis, tickValues } from "../charts.js";

const CHART_LIMIT = 2000;
const FORM_FIELDS = ["actor", "country", "type", "since", "until"];
const EXTRA_LABELS = {
  place: "place", source: "source", target: "target", quad: "quad class", negated: "negated",
  modality: "modality", text: "text", sector: "sector", min_articles: "min. articles", document: "document",
};

export function render(container, route, ctx) {
  const filters = paramsObject(route.params, EVENT_FILTERS);
  const status = el("div", { class: "status-area" });
  const chartHolder = el("div", { class: "chart-holder" }, loading("Loading events…"));
  const listHolder = el("div", { class: "list-holder" });

  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Timeline"),
      el("p", { class: "lede" }, "Coded events over time. Filter, then click a dot or a row to see the event and its evidence.")),
    filterForm(filters),
    extraFilterChips(filters),
    status,
    el("section", { class: "card" }, chartHolder),
    el("section", { class: "card" }, listHolder),
  );

  api.events({ ...filters, sort: "date", limit: CHART_LIMIT }).then(
    (page) => {
      if (!ctx.isCurrent()) return;
      const items = page.items || [];
      const total = page.total ?? items.length;
      replace(status, 
        el("p", { class: "count" },
          el("strong", { "data-testid": "event-count" }, formatNumber(total)),
          page.total_capped ? "+ events match" : ` event${total === 1 ? "" : "s"} match`,
          total > items.length ? ` (the first ${formatNumber(items.length)} are drawn)` : ""),
      );
      replace(chartHolder);
      if (!items.length) {
        append(chartHolder, el("div", { "data-testid": "timeline-chart", class: "timeline-empty" }, emptyNote("No events match these filters.")));
      } else {
        drawChart(chartHolder, items);
      }
      replace(listHolder, eventList(items));
    },
    (err) => {
      if (!ctx.isCurrent()) return;
      replace(chartHolder, errorBox(err, "Could not load events"));
    },
  );

  return undefined;
}

function filterForm(filters) {
  const actor = el("input", { type: "search", name: "actor", value: filters.actor || "", placeholder: "name or id, e.g. Putin", "data-testid": "filter-actor", id: "f-actor", autocomplete: "off" });
  const country = el("input", { type: "text", name: "country", value: filters.country || "", placeholder: "e.g. UKR", maxlength: "3", pattern: "[A-Za-z]{3}", title: "Three-letter ISO code, e.g. RUS", "data-testid": "filter-country", id: "f-country", class: "short", autocomplete: "off" });
  const type = el("select", { name: "type", "data-testid": "filter-type", id: "f-type" },
    el("option", { value: "" }, "any type"),
    QUADS.map((q) => el("optgroup", { label: q.label },
      TYPES.filter((t) => quadOf({ type: t }) === q.id).map((t) => el("option", { value: t, selected: filters.type === t }, t)))));
  if (filters.type && !TYPES.includes(filters.type)) append(type, el("option", { value: filters.type, selected: true }, filters.type));
  const since = el("input", { type: "date", name: "since", value: filters.since || "", "data-testid": "filter-since", id: "f-since" });
  const until = el("input", { type: "date", name: "until", value: filters.until || "", "data-testid": "filter-until", id: "f-until" });

  const form = el("form", { class: "filters card", "data-testid": "filter-form", role: "search" },
    field("Actor", actor), field("Country", country), field("Type", type), field("Since", since), field("Until", until),
    el("div", { class: "filter-actions" },
      el("button", { type: "submit", class: "primary", "data-testid": "filter-apply" }, "Apply"),
      el("a", { href: "#/timeline", class: "button secondary", "data-testid": "filter-reset" }, "Reset")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = { ...filters };
    for (const [name, input] of [["actor", actor], ["country", country], ["type", type], ["since", since], ["until", until]]) {
      const value = input.value.trim();
      next[name] = name === "country" ? value.toUpperCase() : value;
    }
    const hash = timelineHref(next);
    if (hash === window.location.hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
    else window.location.hash = hash;
  });
  return form;
}

function field(label, input) {
  return el("label", { class: "field", for: input.id }, el("span", { class: "field-label" }, label), input);
}

/** Filters from the hash that the form has no input for (set by the map or network views). */
function extraFilterChips(filters) {
  const extra = Object.keys(filters).filter((k) => !FORM_FIELDS.includes(k));
  if (!extra.length) return null;
  return el("div", { class: "chips", "data-testid": "extra-filters" },
    el("span", { class: "muted" }, "Also filtered by:"),
    extra.map((k) => {
      const rest = { ...filters };
      delete rest[k];
      return el("span", { class: "chip" }, `${EXTRA_LABELS[k] || k}: ${filters[k]}`,
        el("a", { href: timelineHref(rest), class: "chip-remove", title: `Remove the ${k} filter`, "aria-label": `Remove the ${k} filter` }, "×"));
    }));
}

function eventTitle(ev) {
  const bits = [
    `${ev.date || "undated"} · ${ev.type}${ev.mode ? ` (${ev.mode})` : ""}`,
    `${ev.source_name || ev.source_actor_id || "?"} → ${ev.target_name || ev.target_actor_id || "—"}`,
  ];
  if (ev.negated) bits.push("NEGATED");
  if (ev.modality && ev.modality !== "asserted") bits.push(`modality: ${ev.modality}`);
  if (ev.place_name) bits.push(`at ${ev.place_name}`);
  if (ev.sentence) bits.push(`“${ev.sentence}”`);
  return bits.join("\n");
}

function drawChart(holder, items) {
  const dated = items.map((ev) => ({ ev, date: parseEventDate(ev.date), quad: quadOf(ev) })).filter((d) => d.date);
  const undated = items.length - dated.length;
  const lanes = TYPES.filter((t) => dated.some((d) => d.ev.type === t));
  const laneH = Math.max(26, Math.min(56, Math.floor(170 / Math.max(1, lanes.length))));
  const margin = { top: 14, right: 24, bottom: 34, left: 104 };
  const width = Math.max(640, Math.round(holder.clientWidth || 960));
  const height = margin.top + margin.bottom + Math.max(1, lanes.length) * laneH;
  const innerW = width - margin.left - margin.right;

  const extent = d3.extent(dated, (d) => d.date);
  const pad = Math.max(86400000 * 2, (extent[1] - extent[0]) * 0.03);
  const x = d3.scaleUtc().domain([new Date(+extent[0] - pad), new Date(+extent[1] + pad)]).range([0, innerW]);
  const y = d3.scaleBand().domain(lanes).range([0, lanes.length * laneH]).padding(0.1);

  // Stack events of the same lane and day side by side (deterministic jitter).
  const slot = new Map();
  for (const d of dated) {
    const key = `${d.ev.type}|${d.ev.date}`;
    const i = slot.get(key) || 0;
    slot.set(key, i + 1);
    // Columns of three (middle, above, below), the columns alternating right and left.
    const col = Math.floor(i / 3);
    d.dy = [0, -7, 7][i % 3];
    d.dx = col === 0 ? 0 : Math.ceil(col / 2) * (col % 2 ? 7 : -7);
  }

  const svg = d3.create("svg")
    .attr("class", "timeline-svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("role", "img")
    .attr("aria-label", `Timeline of ${dated.length} events`)
    .attr("data-testid", "timeline-chart");

  const clipId = "timeline-clip";
  svg.append("defs").append("clipPath").attr("id", clipId)
    .append("rect").attr("x", -8).attr("y", -8).attr("width", innerW + 16).attr("height", lanes.length * laneH + 16);

  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  g.append("g").attr("class", "lanes").selectAll("rect").data(lanes).join("rect")
    .attr("class", (t, i) => `lane ${i % 2 ? "odd" : "even"}`)
    .attr("x", 0).attr("width", innerW).attr("y", (t) => y(t) - (y.step() * y.paddingInner()) / 2).attr("height", y.step());
  g.append("g").attr("class", "lane-labels").selectAll("text").data(lanes).join("text")
    .attr("x", -10).attr("y", (t) => y(t) + y.bandwidth() / 2).attr("dy", "0.35em").attr("text-anchor", "end")
    .attr("class", (t) => `lane-label quad-${quadOf({ type: t })}`).text((t) => t);

  const xAxis = g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${lanes.length * laneH})`);
  const grid = g.append("g").attr("class", "grid");
  const plot = g.append("g").attr("clip-path", `url(#${clipId})`);

  const dots = plot.selectAll("a").data(dated).join("a")
    .attr("href", (d) => eventHref(d.ev.id))
    .attr("class", "dot-link")
    .attr("aria-label", (d) => `${d.ev.date} ${d.ev.type}`);
  dots.append("circle")
    .attr("r", (d) => (datePrecision(d.ev.date) === "day" ? 5 : 6.5))
    .attr("class", (d) => ["event-dot", d.ev.negated ? "negated" : "", isUnrealised(d.ev) ? "unrealised" : "", datePrecision(d.ev.date) !== "day" ? "coarse" : ""].join(" ").trim())
    .attr("data-testid", "event-item")
    .attr("data-event-id", (d) => d.ev.id)
    .attr("fill", (d) => (d.ev.negated ? "#fff" : quadColor(d.quad)))
    .attr("stroke", (d) => quadColor(d.quad))
    .append("title").text((d) => eventTitle(d.ev) + (datePrecision(d.ev.date) !== "day" ? `\n(date known to the ${datePrecision(d.ev.date)} only)` : ""));

  function place(scale) {
    dots.select("circle")
      .attr("cx", (d) => scale(d.date) + d.dx)
      .attr("cy", (d) => y(d.ev.type) + y.bandwidth() / 2 + d.dy);
    const axis = timeAxis(scale, innerW);
    xAxis.call(axis);
    grid.call((sel) => sel.selectAll("line").data(tickValues(axis, scale)).join("line")
      .attr("x1", (t) => scale(t)).attr("x2", (t) => scale(t)).attr("y1", 0).attr("y2", lanes.length * laneH));
  }
  place(x);

  // Horizontal zoom and pan: drag to pan, Ctrl/Shift + wheel or the buttons to zoom (a plain
  // wheel keeps scrolling the page).
  const zoom = d3.zoom()
    .scaleExtent([1, Math.max(2, (x.domain()[1] - x.domain()[0]) / 864e5 / 4)]) // at most ~4 days wide
    .translateExtent([[0, 0], [innerW, height]])
    .extent([[0, 0], [innerW, height]])
    .filter((event) => (event.type === "wheel" ? event.ctrlKey || event.shiftKey || event.metaKey : !event.ctrlKey && !event.button))
    .on("zoom", (event) => place(event.transform.rescaleX(x)));
  svg.call(zoom).on("dblclick.zoom", null);
  const zoomBy = (k) => svg.transition().duration(250).call(zoom.scaleBy, k);

  // A few old background events ("talks in March 2022") would squeeze everything else into a
  // sliver: start zoomed on the bulk of the events (the middle 90%), with "Show all" one click away.
  const times = dated.map((d) => +d.date).sort((a, b) => a - b);
  const tail = times.length < 40 ? 0.1 : 0.05;
  const lo = d3.quantile(times, tail);
  const hi = d3.quantile(times, 1 - tail);
  const bulkPad = Math.max(86400000 * 3, (hi - lo) * 0.06);
  const x0 = x(new Date(lo - bulkPad));
  const x1 = x(new Date(hi + bulkPad));
  let outside = 0;
  if (dated.length >= 5 && x1 - x0 < innerW * 0.35) {
    const k = innerW / (x1 - x0);
    svg.call(zoom.transform, d3.zoomIdentity.scale(k).translate(-x0, 0));
    outside = dated.filter((d) => +d.date < lo - bulkPad || +d.date > hi + bulkPad).length;
  }

  append(holder,
    el("div", { class: "chart-toolbar" },
      legend(),
      el("div", { class: "zoom-buttons" },
        el("button", { type: "button", class: "secondary small", title: "Zoom in", "aria-label": "Zoom in", "data-testid": "timeline-zoom-in", on: { click: () => zoomBy(2) } }, "+"),
        el("button", { type: "button", class: "secondary small", title: "Zoom out", "aria-label": "Zoom out", on: { click: () => zoomBy(0.5) } }, "−"),
        el("button", { type: "button", class: "secondary small", "data-testid": "timeline-reset-zoom", on: { click: () => svg.transition().duration(300).call(zoom.transform, d3.zoomIdentity) } }, "Show all"))),
    el("div", { class: "chart-scroll" }, svg.node()),
    el("p", { class: "muted small" },
      outside ? `Zoomed on where most events are: ${outside} event${outside === 1 ? " lies" : "s lie"} outside (drag or “Show all”). ` : "",
      "Drag to pan; zoom with + / − or Ctrl + wheel. Larger, paler dots: date known only to the month or year.",
      undated ? ` ${undated} undated event${undated === 1 ? " is" : "s are"} listed below but not drawn.` : ""),
  );
}

export function legend() {
  return el("div", { class: "legend", "data-testid": "quad-legend" },
    QUADS.map((q) => el("span", { class: "legend-item" }, swatch(q.color, "solid"), q.label)),
    el("span", { class: "legend-item" }, swatch("#555", "negated"), "negated"),
    el("span", { class: "legend-item" }, swatch("#555", "unrealised"), "planned / hypothetical / demanded / conditional"));
}

function swatch(color, kind) {
  const s = d3.create("svg").attr("width", 14).attr("height", 14).attr("class", "swatch-svg").attr("aria-hidden", "true");
  s.append("circle").attr("cx", 7).attr("cy", 7).attr("r", 5)
    .attr("class", `event-dot ${kind === "negated" ? "negated" : ""} ${kind === "unrealised" ? "unrealised" : ""}`)
    .attr("fill", kind === "negated" ? "#fff" : color).attr("stroke", color);
  return s.node();
}

function eventList(items) {
  if (!items.length) return emptyNote("Nothing to list.");
  const rows = items.map((ev) => {
    const href = eventHref(ev.id);
    const row = el("tr", {
      class: ["event-row", ev.negated && "negated", isUnrealised(ev) && "unrealised"],
      "data-testid": "event-item",
      "data-event-id": ev.id,
      tabindex: "0",
      on: {
        click: (e) => {
          if (e.target.closest("a")) return;
          window.location.hash = href;
        },
        keydown: (e) => {
          if (e.key === "Enter") window.location.hash = href;
        },
      },
    },
    el("td", { class: "nowrap" }, el("a", { href }, ev.date || "undated")),
    el("td", {}, typeBadge(ev.type, quadOf(ev)),
      ev.negated ? el("span", { class: "badge badge-negated" }, "NEGATED") : null,
      ev.modality && ev.modality !== "asserted" ? el("span", { class: ["badge", "badge-modality", `mod-${ev.modality}`] }, ev.modality) : null),
    el("td", { class: "dyad" }, ev.source_name || ev.source_actor_id || "?", el("span", { class: "arrow" }, " → "), ev.target_name || ev.target_actor_id || "—"),
    el("td", { class: "sentence-cell" }, ev.sentence || ""));
    return row;
  });
  return el("table", { class: "data-table events-table", "data-testid": "event-list" },
    el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Type"), el("th", {}, "Source → target"), el("th", {}, "Sentence"))),
    el("tbody", {}, rows));
}

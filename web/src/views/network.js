// #/network[?<event filters>]
// Actors as nodes (area ~ events), dyads as edges (width ~ events), green when mostly cooperative
// (quad classes 1–2), red when mostly conflictual (3–4). Drag to move a node; click one to open
// the timeline for that actor.
import * as d3 from "d3";
import { api, EVENT_FILTERS } from "../api.js";
import { el, errorBox, loading, emptyNote, append, replace } from "../dom.js";
import { paramsObject, timelineHref, hashFor } from "../links.js";
import { COOPERATIVE_COLOR, CONFLICTUAL_COLOR, MIXED_COLOR } from "../plover.js";

function tone(d) {
  const coop = d.cooperative || 0;
  const conf = d.conflictual || 0;
  if (coop > conf) return "coop";
  if (conf > coop) return "conflict";
  return "mixed";
}
const TONE_COLOR = { coop: COOPERATIVE_COLOR, conflict: CONFLICTUAL_COLOR, mixed: MIXED_COLOR };

export function render(container, route, ctx) {
  const filters = paramsObject(route.params, EVENT_FILTERS);
  const minEvents = Math.max(1, Number(route.params.get("min")) || 1);
  const holder = el("section", { class: "card network-card" }, loading("Loading dyads…"));
  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Actor network"),
      el("p", { class: "lede" }, "Who acts on whom. Node size: events; line width: events in the dyad; colour: mostly cooperative (green) or conflictual (red). Drag nodes; click an actor to see its timeline.")),
    controls(filters, minEvents),
    holder,
  );

  let simulation = null;
  api.dyads({ ...filters, limit: 200 }).then(
    (dyads) => {
      if (!ctx.isCurrent()) return;
      const list = (Array.isArray(dyads) ? dyads : dyads.items || []).filter((d) => (d.events || 0) >= minEvents);
      replace(holder);
      if (!list.length) {
        append(holder, el("div", { "data-testid": "network-graph" }, emptyNote("No dyads match these filters.")));
        return;
      }
      simulation = draw(holder, list);
    },
    (err) => {
      if (ctx.isCurrent()) replace(holder, errorBox(err, "Could not load the actor network"));
    },
  );
  return () => {
    if (simulation) simulation.stop();
  };
}

function controls(filters, minEvents) {
  const country = el("input", { type: "text", id: "n-country", maxlength: "3", class: "short", value: filters.country || "", placeholder: "ISO-3", "data-testid": "network-country" });
  const since = el("input", { type: "date", id: "n-since", value: filters.since || "" });
  const until = el("input", { type: "date", id: "n-until", value: filters.until || "" });
  const min = el("input", { type: "number", id: "n-min", min: "1", max: "999", class: "short", value: String(minEvents), "data-testid": "network-min" });
  const form = el("form", { class: "filters card compact" },
    el("label", { class: "field", for: "n-country" }, el("span", { class: "field-label" }, "Country"), country),
    el("label", { class: "field", for: "n-since" }, el("span", { class: "field-label" }, "Since"), since),
    el("label", { class: "field", for: "n-until" }, el("span", { class: "field-label" }, "Until"), until),
    el("label", { class: "field", for: "n-min" }, el("span", { class: "field-label" }, "Min. events per dyad"), min),
    el("div", { class: "filter-actions" }, el("button", { type: "submit", class: "primary" }, "Apply"), el("a", { class: "button secondary", href: "#/network" }, "Reset")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = {
      ...filters,
      country: country.value.trim().toUpperCase(),
      since: since.value,
      until: until.value,
      min: Number(min.value) > 1 ? min.value : "",
    };
    window.location.hash = hashFor("network", next);
  });
  return form;
}

function draw(holder, dyads) {
  const nodesById = new Map();
  const node = (id, name) => {
    if (!nodesById.has(id)) nodesById.set(id, { id, name: name || id, events: 0, coop: 0, conflict: 0 });
    return nodesById.get(id);
  };
  const links = [];
  for (const d of dyads) {
    if (!d.source_id || !d.target_id) continue;
    const s = node(d.source_id, d.source_name);
    const t = node(d.target_id, d.target_name);
    s.events += d.events || 0;
    if (t !== s) t.events += d.events || 0;
    s.coop += d.cooperative || 0;
    s.conflict += d.conflictual || 0;
    t.coop += d.cooperative || 0;
    t.conflict += d.conflictual || 0;
    links.push({ source: s, target: t, data: d, tone: tone(d) });
  }
  const nodes = [...nodesById.values()];
  const width = Math.max(640, Math.round(holder.clientWidth || 960));
  const height = Math.max(480, Math.min(820, 260 + nodes.length * 14));

  const r = d3.scaleSqrt().domain([1, d3.max(nodes, (n) => n.events) || 1]).range([6, 26]);
  const w = d3.scaleSqrt().domain([1, d3.max(links, (l) => l.data.events) || 1]).range([1.5, 10]);

  const svg = d3.create("svg")
    .attr("class", "network-svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("data-testid", "network-graph")
    .attr("role", "img")
    .attr("aria-label", `Network of ${nodes.length} actors and ${links.length} dyads`);

  // markerUnits=userSpaceOnUse keeps arrowheads the same size whatever the stroke width.
  const defs = svg.append("defs");
  for (const [key, color] of Object.entries(TONE_COLOR)) {
    defs.append("marker").attr("id", `arrow-${key}`).attr("viewBox", "0 -5 10 10").attr("refX", 10).attr("refY", 0)
      .attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto").attr("markerUnits", "userSpaceOnUse")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", color);
  }

  const root = svg.append("g");
  const link = root.append("g").attr("class", "links").selectAll("path").data(links).join("path")
    .attr("class", (l) => `link ${l.tone}`)
    .attr("stroke", (l) => TONE_COLOR[l.tone])
    .attr("stroke-width", (l) => w(l.data.events || 1))
    .attr("marker-end", (l) => `url(#arrow-${l.tone})`)
    .attr("data-testid", "network-edge");
  link.append("title").text((l) =>
    `${l.data.source_name || l.data.source_id} → ${l.data.target_name || l.data.target_id}\n${l.data.events} event(s): ${l.data.cooperative || 0} cooperative, ${l.data.conflictual || 0} conflictual`);

  const nodeG = root.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", "node")
    .attr("data-testid", "network-node")
    .attr("data-actor-id", (n) => n.id)
    .attr("tabindex", 0)
    .attr("role", "link")
    .attr("aria-label", (n) => `${n.name}: ${n.events} events — open timeline`);
  nodeG.append("circle")
    .attr("r", (n) => r(Math.max(1, n.events)))
    .attr("fill", (n) => TONE_COLOR[tone({ cooperative: n.coop, conflictual: n.conflict })])
    .attr("class", "node-circle");
  nodeG.append("text")
    .attr("class", "node-label")
    .attr("x", (n) => r(Math.max(1, n.events)) + 4)
    .attr("dy", "0.35em")
    .text((n) => n.name);
  nodeG.append("title").text((n) => `${n.name} (${n.id})\n${n.events} event(s): ${n.coop} cooperative, ${n.conflict} conflictual\nClick to open the timeline for this actor.`);

  const open = (n) => {
    window.location.hash = timelineHref({ actor: n.id });
  };
  nodeG.on("click", (event, n) => open(n));
  nodeG.on("keydown", (event, n) => {
    if (event.key === "Enter") open(n);
  });

  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance((l) => 80 + r(l.source.events || 1) + r(l.target.events || 1)).strength(0.35))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("collide", d3.forceCollide().radius((n) => r(Math.max(1, n.events)) + 16))
    .force("x", d3.forceX(width / 2).strength(0.045))
    .force("y", d3.forceY(height / 2).strength(0.07))
    .on("tick", ticked);

  function ticked() {
    for (const n of nodes) {
      const rr = r(Math.max(1, n.events));
      n.x = Math.max(rr + 2, Math.min(width - rr - 2, n.x));
      n.y = Math.max(rr + 2, Math.min(height - rr - 2, n.y));
    }
    link.attr("d", (l) => {
      const sx = l.source.x, sy = l.source.y, tx = l.target.x, ty = l.target.y;
      const dx = tx - sx, dy = ty - sy;
      const dist = Math.hypot(dx, dy) || 1;
      if (l.source === l.target) return "";
      const rt = r(Math.max(1, l.target.events)) + 2;
      const ex = tx - (dx / dist) * rt, ey = ty - (dy / dist) * rt;
      // A slight curve keeps A→B and B→A apart.
      const mx = (sx + ex) / 2 - (dy / dist) * 12, my = (sy + ey) / 2 + (dx / dist) * 12;
      return `M${sx},${sy}Q${mx},${my} ${ex},${ey}`;
    });
    nodeG.attr("transform", (n) => `translate(${n.x},${n.y})`);
  }

  nodeG.call(d3.drag()
    .on("start", (event, n) => {
      if (!event.active) simulation.alphaTarget(0.3).restart();
      n.fx = n.x;
      n.fy = n.y;
    })
    .on("drag", (event, n) => {
      n.fx = event.x;
      n.fy = event.y;
    })
    .on("end", (event, n) => {
      if (!event.active) simulation.alphaTarget(0);
      n.fx = null;
      n.fy = null;
    }));

  svg.call(d3.zoom().scaleExtent([0.3, 5])
    .filter((event) => (event.type === "wheel" ? event.ctrlKey || event.shiftKey || event.metaKey : !event.button))
    .on("zoom", (event) => root.attr("transform", event.transform)))
    .on("dblclick.zoom", null);

  append(holder,
    el("div", { class: "chart-toolbar" },
      el("div", { class: "legend" },
        el("span", { class: "legend-item" }, el("span", { class: "legend-line coop" }), "mostly cooperative (quad 1–2)"),
        el("span", { class: "legend-item" }, el("span", { class: "legend-line conflict" }), "mostly conflictual (quad 3–4)"),
        el("span", { class: "legend-item" }, el("span", { class: "legend-line mixed" }), "even")),
      el("span", { class: "muted small" }, `${nodes.length} actors · ${links.length} dyads`)),
    el("div", { class: "chart-scroll" }, svg.node()),
    el("p", { class: "muted small" }, "Drag a node to move it, drag the background to pan, Ctrl + wheel to zoom. Arrows point from source to target."),
  );
  return simulation;
}

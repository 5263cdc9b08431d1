// #/map[?<event filters>]
// World map (Natural Earth projection of world-atlas countries-110m, bundled — no tiles) with one
// circle per event place: area ~ events, colour = the dominant quad class. Click a place to open
// the timeline filtered by it.
//
// d3.geoPath over the projection does the spherical work, including the default antimeridian
// clipping, so Russia, Fiji and Chukotka draw correctly; nothing here converts to planar
// coordinates by hand.
import * as d3 from "d3";
import { feature, mesh } from "topojson-client";
import { api, EVENT_FILTERS } from "../api.js";
import { el, errorBox, loading, emptyNote, formatNumber, append, replace } from "../dom.js";
import { paramsObject, timelineHref } from "../links.js";
import { QUADS, quadColor } from "../plover.js";

let atlasPromise = null;
function loadAtlas() {
  if (!atlasPromise) {
    atlasPromise = fetch("/assets/countries-110m.json", { credentials: "same-origin" }).then((r) => {
      if (!r.ok) throw new Error(`Could not load the world map (/assets/countries-110m.json: HTTP ${r.status})`);
      return r.json();
    });
    atlasPromise.catch(() => {
      atlasPromise = null;
    });
  }
  return atlasPromise;
}

function dominantQuad(place) {
  const q = place.quad || {};
  let best = 0;
  let bestN = -1;
  for (const id of [1, 2, 3, 4]) {
    const n = Number(q[id] ?? q[String(id)] ?? 0);
    if (n > bestN) {
      best = id;
      bestN = n;
    }
  }
  return bestN > 0 ? best : 0;
}

export function render(container, route, ctx) {
  const filters = paramsObject(route.params, EVENT_FILTERS);
  const holder = el("section", { class: "card map-card" }, loading("Loading the map…"));
  const listHolder = el("section", { class: "card" });
  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Map"),
      el("p", { class: "lede" }, "Where events happened. Circle area: events; colour: the most frequent quad class. Click a place to see its events on the timeline.")),
    holder,
    listHolder,
  );

  Promise.all([loadAtlas(), api.places(filters)]).then(
    ([topology, places]) => {
      if (!ctx.isCurrent()) return;
      const list = (Array.isArray(places) ? places : places.items || []);
      replace(holder);
      draw(holder, topology, list);
      replace(listHolder, placeTable(list));
    },
    (err) => {
      if (ctx.isCurrent()) replace(holder, errorBox(err, "Could not load the map"));
    },
  );
}

function placeTitle(p) {
  const q = p.quad || {};
  const parts = QUADS.map((quad) => `${quad.short}: ${q[quad.id] ?? q[String(quad.id)] ?? 0}`);
  return `${p.name}${p.country ? `, ${p.country}` : ""}\n${p.events} event${p.events === 1 ? "" : "s"} (${parts.join(", ")})\nClick for the timeline of this place.`;
}

function placeHref(p) {
  return timelineHref({ place: p.name || p.country });
}

function draw(holder, topology, places) {
  const width = Math.max(640, Math.round(holder.clientWidth || 960));
  const sphere = { type: "Sphere" };
  const projection = d3.geoNaturalEarth1();
  projection.fitWidth(width - 16, sphere);
  const [[, y0], [, y1]] = d3.geoPath(projection).bounds(sphere);
  const height = Math.ceil(y1 - y0) + 16;
  projection.translate([width / 2, height / 2]);
  const path = d3.geoPath(projection); // default clipping: antimeridian cut on the sphere

  const countries = feature(topology, topology.objects.countries);
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);

  const svg = d3.create("svg")
    .attr("class", "map-svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("data-testid", "map")
    .attr("role", "img")
    .attr("aria-label", `World map with ${places.length} event places`);

  const root = svg.append("g");
  root.append("path").datum(sphere).attr("class", "sphere").attr("d", path);
  root.append("path").datum(d3.geoGraticule10()).attr("class", "graticule").attr("d", path);
  root.append("g").attr("class", "countries").selectAll("path").data(countries.features).join("path")
    .attr("class", "country")
    .attr("d", path)
    .append("title").text((f) => (f.properties && f.properties.name) || "");
  root.append("path").datum(borders).attr("class", "borders").attr("d", path);

  const located = places
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .map((p) => ({ p, xy: projection([p.lon, p.lat]), quad: dominantQuad(p) }))
    .filter((d) => d.xy && Number.isFinite(d.xy[0]))
    .sort((a, b) => (b.p.events || 0) - (a.p.events || 0)); // small circles on top
  const radius = d3.scaleSqrt().domain([0, d3.max(located, (d) => d.p.events) || 1]).range([0, 22]);
  const rOf = (d) => Math.max(4, radius(d.p.events || 1));

  const marks = root.append("g").attr("class", "places").selectAll("a").data(located).join("a")
    .attr("href", (d) => placeHref(d.p))
    .attr("aria-label", (d) => `${d.p.name}: ${d.p.events} events`);
  const circles = marks.append("circle")
    .attr("class", "place-circle")
    .attr("data-testid", "map-place")
    .attr("data-place", (d) => d.p.name)
    .attr("cx", (d) => d.xy[0])
    .attr("cy", (d) => d.xy[1])
    .attr("r", rOf)
    .attr("fill", (d) => quadColor(d.quad))
    .attr("stroke", (d) => d3.color(quadColor(d.quad)).darker(0.8));
  circles.append("title").text((d) => placeTitle(d.p));

  svg.call(d3.zoom().scaleExtent([1, 12])
    .translateExtent([[0, 0], [width, height]])
    .filter((event) => (event.type === "wheel" ? event.ctrlKey || event.shiftKey || event.metaKey : !event.button))
    .on("zoom", (event) => {
      root.attr("transform", event.transform);
      const k = event.transform.k;
      circles.attr("r", (d) => rOf(d) / Math.sqrt(k)).attr("stroke-width", 1 / k);
      root.selectAll(".borders, .country, .graticule").attr("stroke-width", 0.5 / k);
    }))
    .on("dblclick.zoom", null);

  const unlocated = places.length - located.length;
  append(holder,
    el("div", { class: "chart-toolbar" },
      el("div", { class: "legend" },
        QUADS.map((q) => el("span", { class: "legend-item" }, el("span", { class: `legend-dot quad-${q.id}` }), q.label))),
      el("span", { class: "muted small" }, `${located.length} place${located.length === 1 ? "" : "s"} on the map`)),
    el("div", { class: "chart-scroll" }, svg.node()),
    el("p", { class: "muted small" },
      "Drag to pan, Ctrl + wheel to zoom.",
      unlocated ? ` ${unlocated} place${unlocated === 1 ? " has" : "s have"} no coordinates (listed below).` : ""),
  );
  if (!located.length) append(holder, emptyNote("No event has a located place for these filters."));
}

function placeTable(places) {
  if (!places.length) return emptyNote("No places.");
  const sorted = [...places].sort((a, b) => (b.events || 0) - (a.events || 0) || String(a.name).localeCompare(String(b.name)));
  return el("table", { class: "data-table", "data-testid": "place-list" },
    el("thead", {}, el("tr", {}, el("th", {}, "Place"), el("th", {}, "Country"), el("th", { class: "num" }, "Events"),
      QUADS.map((q) => el("th", { class: "num", title: q.label }, el("span", { class: `legend-dot quad-${q.id}` }), ` ${q.id}`)))),
    el("tbody", {}, sorted.map((p) => el("tr", {},
      el("td", {}, el("a", { href: placeHref(p) }, p.name || "(unnamed)")),
      el("td", {}, p.country || ""),
      el("td", { class: "num" }, formatNumber(p.events)),
      QUADS.map((q) => el("td", { class: "num" }, String((p.quad || {})[q.id] ?? (p.quad || {})[String(q.id)] ?? 0)))))));
}

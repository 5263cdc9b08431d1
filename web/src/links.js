// In-app links (hash routes). Ids are URL-encoded: event ids contain ':'.

export function hashFor(view, params = {}, id = null) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const qs = query.toString();
  return `#/${view}${id !== null && id !== undefined ? `/${encodeURIComponent(id)}` : ""}${qs ? `?${qs}` : ""}`;
}

export const eventHref = (id) => hashFor("event", {}, id);
export const articleHref = (id, params = {}) => hashFor("article", params, id);
export const timelineHref = (params = {}) => hashFor("timeline", params);

/** Parse location.hash: "#/event/abc%3Aev-1?x=1" → {view: "event", id: "abc:ev-1", params}. */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#\/?/, "");
  const qi = raw.indexOf("?");
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : "");
  const [view, ...rest] = path.split("/");
  let id = rest.length && rest.join("/") !== "" ? rest.join("/") : null;
  if (id !== null) {
    try {
      id = decodeURIComponent(id);
    } catch {
      /* a malformed escape: keep the raw id */
    }
  }
  return { view: view || "timeline", id, params };
}

/** Route params as a plain object (for the API calls). */
export function paramsObject(params, keys) {
  const out = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== "") out[key] = value;
  }
  return out;
}

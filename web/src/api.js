// Same-origin JSON calls to wirecoder's API (/api/...). Every failure becomes an ApiError whose
// message is the API's own words ({"detail": ...} from FastAPI or {"error": {...}} from
// wirecoder), so a view can show it in an error box instead of failing silently.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

// The event filters that /api/events, /api/dyads, /api/places, /api/stats and /api/stances accept.
export const EVENT_FILTERS = [
  "actor", "source", "target", "country", "sector", "type", "quad", "since", "until",
  "negated", "modality", "place", "text", "min_articles", "document",
];

/** "/api/events" + {actor: "Putin", type: ""} → "/api/events?actor=Putin" (empty values left out). */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Path segment for an id; ids contain ':' and may contain '/'. */
export function seg(id) {
  return encodeURIComponent(String(id));
}

function errorMessage(body, status, statusText) {
  if (body && typeof body === "object") {
    const { detail, error } = body;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      // FastAPI validation errors: [{loc: [...], msg: "..."}]
      return detail
        .map((d) => (d && d.msg ? `${(d.loc || []).slice(1).join(".") || "request"}: ${d.msg}` : String(d)))
        .join("; ");
    }
    if (detail && typeof detail === "object") return detail.message || JSON.stringify(detail);
    if (error && typeof error === "object") {
      const code = error.code ? `[${error.code}] ` : "";
      return code + (error.message || error.detail || JSON.stringify(error));
    }
    if (typeof error === "string") return error;
  }
  return `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
}

async function request(url, init = {}) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...init });
  } catch (err) {
    throw new ApiError(`Could not reach the wirecoder server (${err.message || err}).`, 0);
  }
  const type = response.headers.get("content-type") || "";
  let body = null;
  if (type.includes("json")) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  } else {
    const text = await response.text();
    if (!response.ok) body = { detail: text.trim().slice(0, 300) || null };
  }
  if (!response.ok) {
    throw new ApiError(errorMessage(body, response.status, response.statusText), response.status);
  }
  if (body === null) throw new ApiError(`${url}: the server did not answer with JSON`, response.status);
  return body;
}

export function getJSON(path, params) {
  return request(apiUrl(path, params), { headers: { Accept: "application/json" } });
}

export function postJSON(path, payload, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  return request(path, { method: "POST", headers, body: JSON.stringify(payload) });
}

export const api = {
  events: (params) => getJSON("/api/events", params),
  event: (id) => getJSON(`/api/events/${seg(id)}`),
  documents: (params) => getJSON("/api/documents", params),
  document: (id) => getJSON(`/api/documents/${seg(id)}`),
  actors: (params) => getJSON("/api/actors", params),
  dyads: (params) => getJSON("/api/dyads", params),
  places: (params) => getJSON("/api/places", params),
  stances: (params) => getJSON("/api/stances", params),
  stats: (params) => getJSON("/api/stats", params),
  code: (payload, token) => postJSON("/api/code", payload, token),
};

// PLOVER 2.0 categories in wirecoder's order, their quad classes, and the colours used by every view.

export const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
];

export const TYPE_QUAD = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1,
  COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3,
  PROTEST: 4, MOBILIZE: 4, SANCTION: 4, COERCE: 4, ASSAULT: 4,
};

export const QUADS = [
  { id: 1, label: "Verbal cooperation", short: "verbal coop.", color: "#2f9e5b" },
  { id: 2, label: "Material cooperation", short: "material coop.", color: "#2b6cb0" },
  { id: 3, label: "Verbal conflict", short: "verbal conflict", color: "#e08a1e" },
  { id: 4, label: "Material conflict", short: "material conflict", color: "#c53030" },
];

export const QUAD_COLOR = Object.fromEntries(QUADS.map((q) => [q.id, q.color]));
export const UNKNOWN_COLOR = "#8a94a6";

export function quadOf(event) {
  return Number(event.quad_class) || TYPE_QUAD[event.type] || 0;
}

export function quadColor(quad) {
  return QUAD_COLOR[quad] || UNKNOWN_COLOR;
}

export const MODALITIES = ["asserted", "reported", "planned", "hypothetical", "demanded", "conditional"];

/** Modalities of events that have not (yet) happened: drawn semi-transparent. */
export const UNREALISED = new Set(["planned", "hypothetical", "demanded", "conditional"]);

export function isUnrealised(event) {
  return UNREALISED.has(event.modality);
}

export const COOPERATIVE_COLOR = "#2f9e5b";
export const CONFLICTUAL_COLOR = "#c53030";
export const MIXED_COLOR = "#8a94a6";

/**
 * An event date as a JS Date (UTC midnight, so a day sits on its tick) or null: "2025-05-15" is
 * a day, "2025-05" a month (placed on its 15th), "2025" a year (placed on 1 July).
 */
export function parseEventDate(value) {
  if (!value || typeof value !== "string") return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, 15));
  m = /^(\d{4})$/.exec(value);
  if (m) return new Date(Date.UTC(+m[1], 6, 1));
  return null;
}

/** The precision of an event date string: "day", "month", "year" or null. */
export function datePrecision(value) {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return "day";
  if (/^\d{4}-\d{2}$/.test(value)) return "month";
  if (/^\d{4}$/.test(value)) return "year";
  return null;
}

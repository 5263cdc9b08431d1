// Shared bits of the SVG charts.
import * as d3 from "d3";

/**
 * A bottom time axis for `scale` that never ticks below whole days (event dates are days at
 * best), labelled "May 15" on short spans and by d3's multi-scale format on longer ones.
 */
export function timeAxis(scale, innerW) {
  const [a, b] = scale.domain();
  const days = (b - a) / 864e5;
  const max = Math.max(3, Math.floor(innerW / 95));
  const axis = d3.axisBottom(scale).tickSizeOuter(0);
  if (days <= max * 10) {
    const step = Math.max(1, Math.ceil(days / max));
    const interval = step >= 7 ? d3.utcWeek.every(Math.round(step / 7)) : d3.utcDay.every(step);
    return axis.ticks(interval).tickFormat(d3.utcFormat("%b %-d"));
  }
  return axis.ticks(max);
}

export function tickValues(axis, scale) {
  const values = axis.tickValues();
  if (values) return values;
  const args = axis.tickArguments();
  return scale.ticks(...args);
}

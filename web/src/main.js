// wirecoder viewer: a hash router over seven views, each a module with
// render(container, route, ctx) → optional cleanup function.
import "./style.css";
import { parseHash } from "./links.js";
import { el, errorBox } from "./dom.js";
import * as timeline from "./views/timeline.js";
import * as network from "./views/network.js";
import * as map from "./views/map.js";
import * as article from "./views/article.js";
import * as event from "./views/event.js";
import * as tracker from "./views/tracker.js";
import * as paste from "./views/paste.js";

const VIEWS = { timeline, network, map, article, event, tracker, code: paste };
// Which header tab is lit for each view (the event view lives under Articles).
const NAV = { event: "article" };
const TITLES = {
  timeline: "Timeline", network: "Actor network", map: "Map", article: "Articles",
  event: "Event", tracker: "Negotiation tracker", code: "Code a text",
};

let generation = 0;
let cleanup = null;

function route() {
  const app = document.getElementById("app");
  const current = parseHash(window.location.hash);
  const view = VIEWS[current.view];
  generation += 1;
  const mine = generation;
  if (cleanup) {
    try {
      cleanup();
    } catch (err) {
      console.warn("view cleanup failed", err);
    }
    cleanup = null;
  }
  for (const link of document.querySelectorAll(".site-nav a")) {
    const active = link.dataset.view === (NAV[current.view] || current.view);
    link.classList.toggle("active", active);
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  app.replaceChildren();
  app.dataset.view = current.view;
  if (!view) {
    app.append(errorBox(new Error(`There is no view called “${current.view}”.`), "Unknown page"),
      el("p", {}, el("a", { href: "#/timeline" }, "Go to the timeline")));
    document.title = "wirecoder";
    return;
  }
  document.title = `${TITLES[current.view] || current.view} · wirecoder`;
  const ctx = { isCurrent: () => mine === generation };
  try {
    const result = view.render(app, current, ctx);
    if (typeof result === "function") cleanup = result;
    else if (result && typeof result.then === "function") {
      result
        .then((fn) => {
          if (typeof fn === "function") {
            if (mine === generation) cleanup = fn;
            else fn();
          }
        })
        .catch((err) => {
          if (mine === generation) app.append(errorBox(err));
          console.error(err);
        });
    }
  } catch (err) {
    app.append(errorBox(err));
    console.error(err);
  }
}

window.addEventListener("hashchange", () => {
  route();
  window.scrollTo(0, 0);
});

if (!window.location.hash || window.location.hash === "#" || window.location.hash === "#/") {
  window.history.replaceState(null, "", "#/timeline");
}
route();

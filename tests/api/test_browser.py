"""The web UI in a real browser: Debian's Chromium driven by Playwright, against the real app
serving a real store on loopback. Each test saves screenshots under build/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
STATIC = ROOT / "src" / "wirecoder" / "web" / "static" / "index.html"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
TOKEN = "browser-token-91c2"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(api_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    if not STATIC.exists():
        pytest.fail("the web UI is not built: run `make web`")
    import uvicorn

    from wirecoder.api import create_app

    db = tmp_path_factory.mktemp("browser") / "store.db"
    shutil.copy(api_db, db)  # the paste test stores a document: keep the shared store clean
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), token=TOKEN), host="127.0.0.1",
                                           port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Watched:
    """A page plus everything it did that a user would call a bug or a leak."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.problems: list[str] = []
        self.foreign: list[str] = []
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                if m.type == "error" else None)  # fmt: skip
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base + "/") or url == self.base or url.startswith("data:")):
            self.foreign.append(url)

    def visit(self, hash_: str, ready: str, shot: str | None = None) -> None:
        self.page.goto(f"{self.base}/{hash_}")
        self.page.wait_for_selector(ready, timeout=20000)
        self.page.wait_for_timeout(400)
        if shot:
            self.shot(shot)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))  # the first screenful


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def ui(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page(), base_url)
    yield watched
    context.close()
    assert not watched.foreign, f"requests outside the page's origin: {watched.foreign}"


def count(ui: Watched) -> int:
    return int(ui.page.text_content('[data-testid="event-count"]') or 0)


def test_every_view_loads_with_data(ui: Watched) -> None:
    ui.visit("#/timeline", '[data-testid="timeline-chart"] [data-testid="event-item"]',
             "timeline")  # fmt: skip
    assert count(ui) > 20
    ui.visit("#/network", '[data-testid="network-node"]')
    ui.page.wait_for_timeout(1500)  # let the force layout settle for the screenshot
    ui.shot("network")
    assert ui.page.locator('[data-testid="network-node"]').count() >= 5
    ui.visit("#/map", '[data-testid="map"] [data-testid="map-place"]', "map")
    assert ui.page.locator('[data-testid="map-place"]').count() >= 5
    assert ui.page.locator('[data-testid="map"] path').count() > 100  # world-atlas countries
    ui.visit("#/article", '[data-testid="document-item"]', "articles")
    ui.visit("#/tracker?issue=treaty", '[data-testid="tracker-chart"] [data-testid="stance-point"]',
             "tracker")  # fmt: skip
    ui.visit("#/code", '[data-testid="paste-text"]')
    assert not ui.problems, ui.problems


def test_a_filter_narrows_the_timeline_and_lands_in_the_url(ui: Watched) -> None:
    ui.visit("#/timeline", '[data-testid="event-item"]')
    everything = count(ui)
    ui.page.select_option('[data-testid="filter-type"]', "CONSULT")
    ui.page.fill('[data-testid="filter-actor"]', "Fidan")
    ui.page.click('[data-testid="filter-apply"]')
    ui.page.wait_for_url(lambda url: "type=CONSULT" in url and "actor=Fidan" in url)
    deadline = time.monotonic() + 20  # (wait_for_function would need eval, which the CSP forbids)
    while count(ui) >= everything and time.monotonic() < deadline:
        ui.page.wait_for_timeout(100)
    narrowed = count(ui)
    assert 0 < narrowed < everything
    rows = ui.page.locator('tr[data-testid="event-item"]')
    assert rows.count() == narrowed
    assert all("CONSULT" in (rows.nth(i).text_content() or "") for i in range(rows.count()))
    ui.shot("timeline-filtered")
    assert not ui.problems, ui.problems


def test_clicking_an_event_shows_its_highlighted_evidence_and_reasons(ui: Watched) -> None:
    ui.visit("#/timeline?actor=Fidan&type=CONSULT", 'tr[data-testid="event-item"]')
    ui.page.locator('tr[data-testid="event-item"]').first.click()
    ui.page.wait_for_selector('[data-testid="event-view"]')
    ui.shot("event")
    ui.page.locator('[data-testid="mention-article-link"]').first.click()
    ui.page.wait_for_selector('[data-testid="article-text"] [data-testid="trigger"]')
    trigger = ui.page.locator('[data-testid="article-text"] [data-testid="trigger"]').first
    trigger_text = (trigger.text_content() or "").strip()
    assert trigger_text
    trigger.click()
    panel = ui.page.locator('[data-testid="event-panel"]')
    panel.wait_for()
    ui.page.wait_for_selector('[data-testid="event-panel"] [data-testid="reason"]')
    assert ui.page.locator('[data-testid="event-panel"] [data-testid="reason"]').count() >= 3
    assert trigger_text in (panel.text_content() or "")
    ui.shot("article")
    assert not ui.problems, ui.problems


def test_negated_events_look_different(ui: Watched) -> None:
    ui.visit("#/timeline?negated=true", 'tr[data-testid="event-item"]')
    ui.page.locator('tr[data-testid="event-item"]').first.click()
    ui.page.wait_for_selector('[data-testid="event-view"]')
    assert "NEGATED" in (ui.page.text_content('[data-testid="event-view"]') or "").upper()
    ui.page.locator('[data-testid="mention-article-link"]').first.click()
    ui.page.wait_for_selector('[data-testid="article-text"] [data-testid="trigger"]')
    negated = ui.page.locator('[data-testid="trigger"][class*="negated"]')
    asserted = ui.page.locator('[data-testid="trigger"]:not([class*="negated"])')
    assert negated.count() >= 1
    if asserted.count():
        style = "el => getComputedStyle(el).textDecorationLine"
        assert negated.first.evaluate(style) != asserted.first.evaluate(style)


def test_the_paste_box_codes_a_new_article(ui: Watched) -> None:
    ui.visit("#/code", '[data-testid="paste-text"]')
    ui.page.fill('[data-testid="paste-text"]',
                 "NAIROBI, June 24 (Wire) - Kenyan police fired tear gas at protesters in "
                 "Nairobi on Tuesday, and the interior minister accused opposition leaders of "
                 "inciting violence.")  # fmt: skip
    ui.page.click('[data-testid="paste-submit"]')
    ui.page.wait_for_selector('[data-testid="paste-result"] [data-testid="trigger"]',
                              timeout=120000)  # fmt: skip
    triggers = [t.text_content() for t in
                ui.page.locator('[data-testid="paste-result"] [data-testid="trigger"]').all()]
    assert any("fired" in (t or "") or "accused" in (t or "") for t in triggers), triggers
    ui.shot("paste")
    assert not ui.problems, ui.problems


def test_article_markup_is_shown_as_text_and_runs_nothing(ui: Watched, api_db: str) -> None:
    from wirecoder.store import Store
    from wirecoder.store.read import list_documents

    with Store(api_db) as store:
        _, docs = list_documents(store, q="hostile_markup", limit=1)
    ui.visit(f"#/article/{docs[0]['id']}", '[data-testid="article-text"]')
    text = ui.page.text_content('[data-testid="article-text"]') or ""
    assert "<script>window.__pwned = 1</script>" in text
    assert "onerror" in text
    assert ui.page.evaluate("window.__pwned === undefined")
    assert ui.page.locator('[data-testid="article-text"] img').count() == 0
    assert ui.page.locator('[data-testid="article-text"] script').count() == 0
    ui.shot("hostile-article")


def test_a_write_without_the_token_is_refused_in_the_ui(ui: Watched) -> None:
    ui.visit("#/code", '[data-testid="paste-text"]')
    ui.page.fill('[data-testid="paste-text"]', "Police in Lima arrested 40 miners on Monday.")
    ui.page.check('[data-testid="paste-store"]')
    ui.page.fill('[data-testid="paste-token"]', "not-the-token")
    ui.page.click('[data-testid="paste-submit"]')
    ui.page.wait_for_selector('[data-testid="paste-result"] [data-testid="error"]',
                              timeout=120000)  # fmt: skip
    assert "token" in (ui.page.text_content('[data-testid="error"]') or "").lower()

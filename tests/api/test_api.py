"""The REST API, through HTTP (httpx via Starlette's TestClient) over a real store."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from wirecoder.api import create_app

TOKEN = "test-token-7f3a"  # the same as tests/api/conftest.py's api_token

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(api_db: str) -> TestClient:
    return TestClient(create_app(api_db, token=TOKEN))


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_events_list_filters_and_pages(client: TestClient) -> None:
    everything = get(client, "/api/events", limit=1000)
    assert everything["total"] == len(everything["items"]) > 20
    consult = get(client, "/api/events", type="CONSULT", limit=1000)
    assert 0 < consult["total"] < everything["total"]
    assert {e["type"] for e in consult["items"]} == {"CONSULT"}
    fidan = get(client, "/api/events", actor="Fidan", type="CONSULT", negated="false")
    assert any(e["num_articles"] == 3 for e in fidan["items"])
    turkey = get(client, "/api/events", country="TUR", limit=1000)
    assert all("TUR" in (e["source_country"], e["target_country"]) for e in turkey["items"])
    ranged = get(client, "/api/events", since="2026-03-12", until="2026-03-12", limit=1000)
    assert ranged["total"] > 0  # a month-dated event ("2026-03") overlaps the day
    assert all(e["date"] in ("2026-03-12", "2026-03") for e in ranged["items"])
    negated = get(client, "/api/events", negated="true", limit=1000)
    assert negated["total"] > 0 and all(e["negated"] for e in negated["items"])
    page1 = get(client, "/api/events", sort="date", limit=5, offset=0)["items"]
    page2 = get(client, "/api/events", sort="date", limit=5, offset=5)["items"]
    assert len(page1) == len(page2) == 5 and not {e["id"] for e in page1} & {e["id"] for e in page2}
    dates = [e["date"] for e in page1 + page2 if e["date"]]
    assert dates == sorted(dates)


def test_event_detail_has_every_report_with_evidence_and_reasons(client: TestClient) -> None:
    meeting = get(client, "/api/events", source="Fidan", target="Araghchi", type="CONSULT",
                  negated="false")["items"]  # fmt: skip
    detail = get(client, f"/api/events/{meeting[0]['id']}")
    assert len(detail["mentions"]) == 3
    assert {s["name"] for s in detail["sources"]} == {"Hakan Fidan"}
    for mention in detail["mentions"]:
        assert mention["trigger"]["text"] in mention["sentence"]
        offset = mention["trigger"]["start"] - mention["sentence_start"]
        assert mention["sentence"][offset:].startswith(mention["trigger"]["text"])
        assert {"type", "source", "date"} <= set(mention["reasons"])
        document = get(client, f"/api/documents/{mention['document_id']}")
        trigger = mention["trigger"]
        assert document["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    assert detail["conflict_with"]  # the denial is flagged


def test_document_annotations_point_at_their_words(client: TestClient) -> None:
    documents = get(client, "/api/documents", limit=100)
    assert documents["total"] == len(documents["items"]) >= 10
    for summary in documents["items"]:
        doc = get(client, f"/api/documents/{summary['id']}")
        text = doc["text"]
        for sentence in doc["sentences"]:
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        for event in doc["events"]:
            assert text[event["trigger"]["start"]:event["trigger"]["end"]] == \
                event["trigger"]["text"]
        for actor in doc["actors"]:
            for m in actor["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
        for d in doc["dates"]:
            assert text[d["start"]:d["end"]] == d["text"]
        for q in doc["quotes"]:
            assert q["text"] in text[q["start"]:q["end"]] or text[q["start"]:q["end"]] in q["text"]
    by_name = get(client, f"/api/documents/{documents['items'][0]['name']}")
    assert by_name["id"] == documents["items"][0]["id"]


def test_actors_dyads_places_quotes_stats_stances(client: TestClient) -> None:
    actors = get(client, "/api/actors", limit=500)
    assert actors["total"] >= len(actors["items"]) > 10
    counts = [a["events"] for a in actors["items"]]
    assert counts == sorted(counts, reverse=True)
    assert get(client, "/api/actors", name="araq")["items"][0]["id"] == "person:abbas-araqchi"
    dyads = get(client, "/api/dyads")
    assert dyads and all(d["cooperative"] + d["conflictual"] == d["events"] for d in dyads)
    places = get(client, "/api/places")
    assert any(p["name"] == "Ankara" for p in places)
    assert all(sum(p["quad"].values()) == p["events"] for p in places)
    assert get(client, "/api/places", type="PROTEST")  # filters apply
    quotes = get(client, "/api/quotes", limit=500)
    assert quotes["total"] > 0 and all(q["text"] for q in quotes["items"])
    stats = get(client, "/api/stats", by="month,type")
    assert sum(r["events"] for r in stats) == get(client, "/api/events", limit=0)["total"]
    stances = get(client, "/api/stances", issue="treaty")
    assert stances and all(s["stance"] in ("support", "oppose") for s in stances)
    assert all("treaty" in s["sentence"].lower() for s in stances)
    for s in stances:  # a negated report takes the other side
        if s["type"] != "REQUEST":
            supportive = s["type"] in ("SUPPORT", "AGREE")
            assert (s["stance"] == "support") == (supportive != s["negated"])
    # "urged the two governments to sign the treaty" asks for the treaty: support
    urged = [s for s in stances if s["trigger"] == "urged"]
    assert urged and all(s["stance"] == "support" for s in urged)


@pytest.mark.parametrize(("path", "status"), [
    ("/api/events?type=NOPE", 400),
    ("/api/events?since=2025-02-30", 400),
    ("/api/events?country=RUSSIA", 400),
    ("/api/events?quad=9", 400),
    ("/api/events?quad=x", 400),
    ("/api/events?sort=evil", 400),
    ("/api/events?limit=-1", 422),
    ("/api/events?limit=99999999", 422),
    ("/api/events/no-such-event", 404),
    ("/api/documents/no-such-document", 404),
    ("/api/stats?by=planet", 400),
    ("/api/stances", 422),
])  # fmt: skip
def test_errors_are_json_with_the_right_status(client: TestClient, path: str,
                                               status: int) -> None:  # fmt: skip
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert "detail" in response.json()


def test_code_returns_the_coded_document(client: TestClient) -> None:
    response = client.post("/api/code", json={
        "text": "Police in Lagos arrested 12 protesters on Monday, officials said.",
        "published": "2025-05-15"})  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False and body["document_id"] is None
    assert [(e["type"], e["trigger"]["text"]) for e in body["events"]] == [("COERCE", "arrested")]
    html = client.post("/api/code", json={"html": "<html><body><article><p>Iran's foreign "
                       "minister met his Omani counterpart in Muscat on Sunday to discuss the "
                       "nuclear talks.</p></article></body></html>", "published": "2025-05-12"})
    assert html.status_code == 200 and html.json()["events"]


@pytest.mark.parametrize(("body", "status"), [
    ({}, 422),
    ({"text": "a", "html": "<p>a</p>"}, 422),
    ({"text": ""}, 422),
    ({"text": "Die Regierung in Berlin hat am Montag neue Gespräche mit der Opposition über "
              "die Wahlen angekündigt. Der Kanzler sagte, man werde sich nicht unter Druck "
              "setzen lassen, und die Minister trafen sich am Abend zu einer Sitzung."}, 422),
    ({"text": "Police arrested 12 protesters.", "published": "yesterday"}, 422),
])  # fmt: skip
def test_code_refuses_bad_input_with_a_reason(client: TestClient, body: dict,
                                              status: int) -> None:  # fmt: skip
    response = client.post("/api/code", json=body)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_writes_need_the_token(api_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(api_db, token=TOKEN))
    article = {"text": "Kenyan police fired tear gas at protesters in Nairobi on Tuesday.",
               "published": "2025-06-24", "store": True}  # fmt: skip
    assert client.post("/api/code", json=article).status_code == 401
    wrong = client.post("/api/code", json=article, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    before = client.get("/api/documents").json()["total"]
    ok = client.post("/api/code", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["stored"] is True
    assert client.get("/api/documents").json()["total"] == before + 1
    assert client.get(f"/api/documents/{ok.json()['document_id']}").status_code == 200
    no_token = TestClient(create_app(api_db, token=""))
    assert no_token.post("/api/code", json=article).status_code == 403


def test_reads_need_the_token_beyond_loopback(api_db: str) -> None:
    client = TestClient(create_app(api_db, token=TOKEN, read_token=True))
    assert client.get("/api/events").status_code == 401
    authorised = client.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"})
    assert authorised.status_code == 200


def test_request_bodies_are_size_limited(api_db: str) -> None:
    client = TestClient(create_app(api_db, token=TOKEN, max_body=10_000))
    big = {"text": "Police arrested protesters. " * 1000}
    response = client.post("/api/code", json=big)
    assert response.status_code == 413 and response.json()["code"] == "E003"

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 1000

    chunked = client.post("/api/code", content=chunks(),
                          headers={"content-type": "application/json"})  # fmt: skip
    assert chunked.status_code == 413


def test_cors_is_off_and_pages_are_hardened(client: TestClient) -> None:
    response = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/code", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    for path in ("/", "/api/health"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_schema_is_generated_from_the_models(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    paths = set(schema["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/documents",
            "/api/documents/{document_id}", "/api/actors", "/api/dyads", "/api/places",
            "/api/quotes", "/api/stats", "/api/stances", "/api/code"} <= paths  # fmt: skip
    assert "EventDetail" in schema["components"]["schemas"]

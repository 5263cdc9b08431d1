"""Property-based calls generated from the OpenAPI schema: whatever the input, no 5xx."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

schemathesis = pytest.importorskip("schemathesis")


@pytest.fixture(scope="module")
def schema(api_db: str, api_token: str):  # type: ignore[no-untyped-def]
    from wirecoder.api import create_app

    app = create_app(api_db, token=api_token)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_server_errors_on_any_generated_request(schema) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import HealthCheck, settings
    from schemathesis.checks import not_a_server_error

    failures = []
    calls: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy()

        @settings(max_examples=25, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            calls[case.path] = calls.get(case.path, 0) + 1
            if response.status_code >= 500:
                failures.append((case.method, case.path, case.query, case.body,
                                 response.status_code, response.text[:300]))  # fmt: skip
            case.validate_response(response, checks=[not_a_server_error])

        from hypothesis import given

        given(strategy)(check)()
    assert not failures, failures[:5]
    # every operation was exercised (one without parameters has a single possible request)
    assert len(calls) >= 12 and sum(calls.values()) >= 250, calls

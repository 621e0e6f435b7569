"""Lighthouse's own trace errors come and go: the bench tries a page again before reporting an error."""

from bench import lighthouse

TRACE_ERROR = {"error": "Something went wrong with recording the trace over your page load. (NO_NAVSTART)"}


def test_a_trace_error_is_tried_again_and_the_attempts_are_kept(monkeypatch):
    runs = iter([TRACE_ERROR, {"performance": 100}])
    monkeypatch.setattr(lighthouse, "_run", lambda address: next(runs))

    assert lighthouse.score("http://127.0.0.1:8000/") == {"performance": 100, "attempts": 2}


def test_an_error_on_every_attempt_is_reported(monkeypatch):
    calls = []
    monkeypatch.setattr(lighthouse, "_run", lambda address: calls.append(address) or TRACE_ERROR)

    result = lighthouse.score("http://127.0.0.1:8000/")

    assert result["error"] == TRACE_ERROR["error"]
    assert result["attempts"] == len(calls) == lighthouse.ATTEMPTS

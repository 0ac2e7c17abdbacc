"""Structured logs with a request id: every response names its request id (the one a proxy
sent, when it looks like one), and a log line written while the request ran carries it, as
one JSON object a line in production."""

import io
import json
import logging

import pytest

from trustportal.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured():
    """The production handler's set-up (the request-id filter and the JSON formatter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("trustportal.health")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_each_response_gets_a_request_id_and_a_sane_offered_one_is_kept(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("offered", ["a" * 65, "bad id", "<script>", "x\ty"])
def test_an_offered_request_id_that_is_not_an_id_is_replaced(client, offered):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=offered)["X-Request-ID"] != offered


def test_a_log_line_written_during_the_request_carries_its_id_as_json(client, captured, monkeypatch):
    from trustportal.celery import app

    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:9/0")  # healthz logs a warning
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-123")
    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert lines, "the broker failure was logged"
    assert {line["request_id"] for line in lines} == {"req-123"} == {response["X-Request-ID"]}
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "trustportal.health"
    assert "broker does not answer" in lines[0]["message"] and "exception" in lines[0]


def test_outside_a_request_the_id_is_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"
    assert json.loads(JsonFormatter().format(record))["message"] == "hello world"

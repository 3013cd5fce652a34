"""A forked child gets connections of its own: a child and its parent that shared the client's
pool (one keep-alive connection, one socket) read each other's answers."""

from __future__ import annotations

import json
import os

import pytest

from sinch_qualified_numbers import QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import PortServer

from .conftest import client_kwargs, seed

GETS = 250


def _asked_and_answered(client: QualifiedNumbersClient, number: str) -> dict[str, object]:
    """`GETS` reads of one number: how many were made, and every answer that was not it."""
    wrong: list[str] = []
    for _ in range(GETS):
        try:
            found = client.qualified_numbers.get(number).phone_number
        except Exception as error:  # a broken answer counts as a wrong one
            wrong.append(f"{type(error).__name__}: {error}"[:200])
        else:
            if found != number:
                wrong.append(found)
    return {"done": GETS, "wrong": wrong}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_forked_child_and_its_parent_each_get_their_own_answers(
    sandbox: PortServer,
) -> None:
    parents, childs = "+12025550134", "+12025550135"
    seed(sandbox, [parents, childs])
    # No retries: an answer the other process took shows as an error here, not as a retry.
    settings = client_kwargs(sandbox, max_retries=0, attempt_timeout=5)
    with QualifiedNumbersClient(**settings) as client:
        # A connection (and a token) in the pool before the fork: what the child inherits.
        assert client.qualified_numbers.get(parents).phone_number == parents
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report through the pipe, and leave without pytest's exit
            code = 1
            try:
                os.close(read_end)
                os.write(write_end, json.dumps(_asked_and_answered(client, childs)).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        parent = _asked_and_answered(client, parents)
        with os.fdopen(read_end, "rb") as pipe:
            report = pipe.read()
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    child = json.loads(report)
    assert (parent["done"], child["done"]) == (GETS, GETS)
    assert (parent["wrong"], child["wrong"]) == ([], [])


def test_the_record_of_transports_keeps_no_client_alive() -> None:
    import gc
    import weakref

    from sinch_qualified_numbers import _fork

    client = QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s")
    transport = weakref.ref(client._inner)
    assert transport() in _fork._built  # recorded, to be renewed in a child
    gone = weakref.ref(client)
    del client
    gc.collect()
    assert gone() is None and transport() is None

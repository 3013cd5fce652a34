"""`sinch-qn --auth` defaults to `$SINCH_QN_AUTH`, as the library's `auth=` does."""

from __future__ import annotations

import json

import pytest

from ..conftest import InProcess, seed_numbers
from .conftest import env_for, run

NUMBER = "+12025550134"
#: Nothing listens on port 9 of loopback: a token fetched there fails at once.
DEAD_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"

# The in-process sandbox; the dead token URL is reached for real and fails as a socket does.
pytestmark = pytest.mark.sinch_sandbox(allow=["127.0.0.1:9"])


def test_sinch_qn_auth_basic_is_the_default_of_auth(sandbox: InProcess) -> None:
    seed_numbers(sandbox.url, [NUMBER], "GLOBAL_PROCESS_STATE_VERIFIED")
    env = {**env_for(sandbox), "SINCH_AUTH_URL": DEAD_TOKEN_URL}
    basic = run(["get", NUMBER, "-o", "json"], {**env, "SINCH_QN_AUTH": "basic"})
    assert basic.exit_code == 0, basic.output
    assert json.loads(basic.stdout)[0]["phoneNumber"] == NUMBER
    # The same with OAuth2 goes to the (dead) token endpoint: the variable did choose.
    oauth2 = run(["get", NUMBER, "-o", "json"], {**env, "SINCH_QN_AUTH": "oauth2"})
    assert oauth2.exit_code != 0
    assert DEAD_TOKEN_URL in oauth2.stderr
    # The option still wins over the variable.
    option = run(["--auth", "oauth2", "get", NUMBER], {**env, "SINCH_QN_AUTH": "basic"})
    assert option.exit_code != 0 and DEAD_TOKEN_URL in option.stderr


def test_a_bad_sinch_qn_auth_is_a_usage_error(sandbox: InProcess) -> None:
    result = run(["get", NUMBER], {**env_for(sandbox), "SINCH_QN_AUTH": "oauth"})
    assert result.exit_code == 2
    assert "oauth" in result.stderr

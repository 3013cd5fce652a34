"""`CallbackVerifier` and `verify_signature` take what is unambiguous and refuse the rest with a
typed error: a `str` body is the UTF-8 text of the bytes the service signed, headers may be a
mapping or a list of `(name, value)` pairs in `str` or `bytes`; `None` headers or a body that
is neither bytes nor text is an `InvalidArgumentError` naming it (never a raw `TypeError` or
`AttributeError`)."""

from __future__ import annotations

from typing import Any

import pytest

from sinch_qualified_numbers import InvalidArgumentError, InvalidSignatureError
from sinch_qualified_numbers.callbacks import CallbackVerifier, sign, verify_signature

SECRET = "callback-secret-9b7"
BODY = '{"eventId":"e1","projectId":"p","resourceId":"+12025550134","note":"café"}'
RAW = BODY.encode("utf-8")
SIGNATURE = sign(RAW, SECRET)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Sinch-Signature": SIGNATURE},
        [("X-Sinch-Signature", SIGNATURE)],
        [(b"x-sinch-signature", SIGNATURE.encode())],
        (("x-sinch-signature", SIGNATURE),),
    ],
    ids=["mapping", "str-pairs", "bytes-pairs", "tuple-of-pairs"],
)
@pytest.mark.parametrize("body", [RAW, BODY, bytearray(RAW)], ids=["bytes", "str", "bytearray"])
def test_unambiguous_arguments_are_accepted(headers: Any, body: Any) -> None:
    verifier = CallbackVerifier(SECRET)
    verifier.verify(body, headers)
    assert verifier.verify_and_parse(body, headers).event_id == "e1"
    with pytest.raises(InvalidSignatureError):
        verifier.verify(body + (b" " if isinstance(body, bytes | bytearray) else " "), headers)


def test_verify_signature_takes_a_str_body_as_its_utf8_bytes() -> None:
    assert verify_signature(BODY, SIGNATURE, SECRET) is True
    assert verify_signature(BODY + " ", SIGNATURE, SECRET) is False


@pytest.mark.parametrize(
    ("body", "headers", "named"),
    [
        (RAW, None, "headers"),
        (RAW, "x-sinch-signature: abc", "headers"),
        (RAW, [("x-sinch-signature",)], "headers"),
        (RAW, [("x-sinch-signature", 5)], "headers"),
        (None, {"X-Sinch-Signature": SIGNATURE}, "raw_body"),
        ({"eventId": "e1"}, {"X-Sinch-Signature": SIGNATURE}, "raw_body"),
    ],
)
def test_what_cannot_be_read_is_a_typed_error_naming_it(
    body: Any, headers: Any, named: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=named):
        CallbackVerifier(SECRET).verify(body, headers)
    with pytest.raises(InvalidArgumentError, match=named):
        CallbackVerifier(SECRET, allowed_sources=["10.0.0.0/8"]).verify(
            body, headers, peer="10.0.0.1"
        )


def test_verify_signature_refuses_a_body_that_is_not_bytes_or_text() -> None:
    with pytest.raises(InvalidArgumentError, match="raw_body"):
        verify_signature({"eventId": "e1"}, SIGNATURE, SECRET)  # type: ignore[arg-type]

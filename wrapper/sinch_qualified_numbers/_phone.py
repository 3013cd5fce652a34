"""Phone numbers: parsed and normalised to E.164 with `phonenumbers`, US and CA only.

`phonenumbers` (about a tenth of a second to import) is imported by the first number checked,
not with the client: its functions below import it where they need it."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._exceptions import InvalidPhoneNumberError

SUPPORTED_REGIONS = frozenset({"US", "CA"})
#: NANP toll-free area codes; these numbers go to `:textEnableTollFreeNumbers`.
TOLL_FREE_AREA_CODES = frozenset({"800", "833", "844", "855", "866", "877", "888"})


@dataclass
class ParsedNumbers:
    """The outcome of `parse_phone_numbers`: what is usable, and what is not and why."""

    valid: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)

    def raise_for_invalid(self) -> list[str]:
        """Return the valid numbers, or raise `InvalidPhoneNumberError` listing every bad one."""
        if self.invalid:
            raise InvalidPhoneNumberError(self.invalid)
        return self.valid


_CANONICAL = re.compile(r"\+1[2-9][0-9]{9}")
#: NANP numbers as people write them: `(202) 555-0134`, `202-555-0134`, `202.555.0134`,
#: `202 555 0134`, `1.202.555.0134`, `+1 (202) 555-0134`, `12025550134`. One separator at most
#: between groups; anything else (letters, extensions, other punctuation) is phonenumbers' job.
_HUMAN = re.compile(
    r"(\+?1[ .-]?)?(?:\(([2-9][0-9]{2})\) ?|([2-9][0-9]{2})[ .-]?)([0-9]{3})[ .-]?([0-9]{4})"
)
#: Characters that separate several values in one cell: a cell holds one number.
_SEPARATORS = re.compile(r"[;,|/\n\r\t&]")
#: What people put where there is no number (`N/A` would otherwise read as two values), and
#: the error values a spreadsheet writes into a cell (`#N/A`, `#VALUE!`, `#DIV/0!`...).
PLACEHOLDER = re.compile(
    r"n/?a|n\.a\.|-+|\?+|none|null|nil|tbd|tbc|unknown|missing|x+"
    r"|#(?:n/a|value!|ref!|name\?|div/0!|null!|num!|spill!|calc!|getting_data)",
    re.IGNORECASE,
)


def _ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (fullwidth, Arabic-Indic...) as its ASCII digit, so that a
    number typed with mixed digits is the same number as its ASCII spelling."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@functools.lru_cache(maxsize=1024)
def _nanp_region(area_code: str) -> str | None:
    """The region of a NANP area code (US and CA never share one)."""
    import phonenumbers

    sample = phonenumbers.parse(f"+1{area_code}5550100")
    return phonenumbers.region_code_for_number(sample)


@functools.lru_cache(maxsize=4)
def _type_patterns(region: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`phonenumbers.is_valid_number_for_region` for a 10-digit NANP number in two matches
    instead of up to eleven: the region's general pattern, then the patterns of every number
    type joined (a number is valid when it has a type). A property test checks it against
    phonenumbers itself."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    never = re.compile("(?!)")
    if meta is None or meta.general_desc is None:
        return never, never
    descs = (
        meta.premium_rate,
        meta.toll_free,
        meta.shared_cost,
        meta.voip,
        meta.personal_number,
        meta.pager,
        meta.uan,
        meta.voicemail,
        meta.fixed_line,
        meta.mobile,
    )
    typed = [
        desc.national_number_pattern
        for desc in descs
        if desc is not None
        and desc.national_number_pattern
        and (not desc.possible_length or 10 in desc.possible_length)
    ]
    general = meta.general_desc
    if not typed or (general.possible_length and 10 not in general.possible_length):
        return never, never
    return (
        re.compile(general.national_number_pattern or "(?!)"),
        re.compile("|".join(f"(?:{pattern})" for pattern in typed)),
    )


def is_valid_nanp(national: str, region: str) -> bool:
    """Is this 10-digit national number valid in `region` (US or CA)?"""
    general, typed = _type_patterns(region)
    return bool(general.fullmatch(national) and typed.fullmatch(national))


def _parse_canonical(text: str) -> tuple[str | None, str]:
    """Fast path for input already in +1 E.164 form (what bulk files usually hold)."""
    region = _nanp_region(text[2:5])
    if region in SUPPORTED_REGIONS and is_valid_nanp(text[2:], region):
        return text, ""
    return None, ""  # let the full parser explain why


def _parse_human(text: str, default_region: str) -> str | None:
    """Fast path for the common NANP human formats: the digits, then the E.164 rule. `None`
    means "ask phonenumbers" (which also explains what is wrong), never "invalid"."""
    match = _HUMAN.fullmatch(text)
    if match is None:
        return None
    prefix, bracketed, area, exchange, line = match.groups()
    # Without `+`, a leading 1 is the national prefix only where the default region is NANP;
    # elsewhere (e.g. GB) the same digits are another country's number.
    if (prefix is None or not prefix.startswith("+")) and default_region not in SUPPORTED_REGIONS:
        return None
    number, _ = _parse_canonical(f"+1{bracketed or area}{exchange}{line}")
    return number


def _parse(value: object, default_region: str) -> tuple[str | None, str]:
    if not isinstance(value, str):
        return None, f"not a string ({type(value).__name__})"
    text = _ascii_digits(value.strip())
    if _CANONICAL.fullmatch(text):
        number, _ = _parse_canonical(text)
        if number is not None:
            return number, ""
    else:
        fast = _parse_human(text, default_region)
        if fast is not None:
            return fast, ""
    return _parse_with_phonenumbers(text, default_region)


def _parse_with_phonenumbers(text: str, default_region: str) -> tuple[str | None, str]:
    """The full parser, for everything the fast paths do not settle (and their reference)."""
    import phonenumbers

    if not text:
        return None, "not a phone number: the cell is empty"
    if PLACEHOLDER.fullmatch(text):
        return None, f"not a phone number: {text[:40]!r} (a placeholder: the row has no number)"
    if _SEPARATORS.search(text):
        return None, "holds more than one value (a cell must hold one number)"
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        return None, f"not a phone number ({exc._msg})"
    if parsed.extension:
        return None, f"has an extension ({parsed.extension}): an extension cannot receive SMS"
    if not phonenumbers.is_valid_number(parsed):
        return None, "not a valid phone number"
    region = phonenumbers.region_code_for_number(parsed)
    if region not in SUPPORTED_REGIONS:
        return None, f"outside the US and Canada (region {region or 'unknown'})"
    if not _digits_match(text, parsed.national_number):
        return None, "holds digits beyond one phone number"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), ""


def _digits_match(text: str, national: int | None) -> bool:
    """The input's digits are the number's, with or without the country code 1: nothing
    was dropped by the parser (which otherwise keeps the first number of `"A B"`)."""
    import phonenumbers

    digits = re.sub(r"[^0-9]", "", phonenumbers.convert_alpha_characters_in_number(text))
    return digits in (str(national), f"1{national}")


def parse_one(value: object, default_region: str = "US") -> tuple[str | None, str]:
    """One value to `(e164, "")`, or `(None, reason)`: `parse_phone_numbers` without the
    bookkeeping, for callers that stream (the CLI's file reader)."""
    return _parse(value, default_region)


def parse_phone_numbers(values: Iterable[object], *, default_region: str = "US") -> ParsedNumbers:
    """Normalise every value to E.164; collect the invalid ones and duplicates with reasons.

    `"(202) 555-0134"` with the default region US becomes `"+12025550134"`; a number that is
    given twice (in any format) is reported once as a duplicate of the first.
    """
    result = ParsedNumbers()
    seen: dict[str, str] = {}
    for value in values:
        number, reason = _parse(value, default_region)
        if number is None:
            result.invalid.append((str(value), reason))
        elif number in seen:
            result.invalid.append((str(value), f"duplicate of {seen[number]!r} ({number})"))
        else:
            seen[number] = str(value)
            result.valid.append(number)
    return result


def normalize_phone_number(value: object, *, default_region: str = "US") -> str:
    """One number to E.164, or `InvalidPhoneNumberError`."""
    number, reason = _parse(value, default_region)
    if number is None:
        raise InvalidPhoneNumberError([(str(value), reason)])
    return number


def is_toll_free(e164: str) -> bool:
    """NANP toll-free (800, 833, 844, 855, 866, 877, 888)."""
    return e164.startswith("+1") and e164[2:5] in TOLL_FREE_AREA_CODES


def region_of(e164: str) -> str:
    """`US` or `CA` for a number that `parse_phone_numbers` accepted (by its area code)."""
    region = _nanp_region(e164[2:5]) if e164.startswith("+1") else None
    return region if region in SUPPORTED_REGIONS else "US"

"""`make spec-diff` (tools/spec_diff.py): each change Sinch could publish is classified as the
version policy reads it, a breaking one names the wrapper methods and `sinch-qn` commands it
touches, and fails until CHANGELOG.md's [Unreleased] section names it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tools import spec_diff

from ..conftest import ROOT
from .conftest import SPEC, Spec, copy_tree, git, schemas

WriteSpec = Callable[[Callable[[Spec], None]], Path]

#: An [Unreleased] section that names nothing the changes below touch.
QUIET_CHANGELOG = """# Changelog

## [Unreleased]

### Added

- Something new.

### Changed

- Nothing that the spec's changes touch.

## [0.1.0] - 2026-01-01

### Changed

- `campaignId` of `textEnableNumbers` was renamed long ago (an older release's entry).
"""


def rename_campaign_id(spec: Spec) -> None:
    for name in ("TextEnableNumbersRequest", "HostingOrder"):
        properties = schemas(spec)[name]["properties"]
        properties["campaignRef"] = properties.pop("campaignId")


def require_region_code(spec: Spec) -> None:
    for parameter in spec["paths"]["/projects/{projectId}/hostingOrders"]["get"]["parameters"]:
        if parameter.get("name") == "regionCode":
            parameter["required"] = True


def add_optional_response_field(spec: Spec) -> None:
    schemas(spec)["QualifiedNumber"]["properties"]["smsAppId"] = {"type": "string"}


def add_state(spec: Spec) -> None:
    schemas(spec)["GlobalProcessState"]["enum"].append("GLOBAL_PROCESS_STATE_PORTING")


def run(new: Path, changelog: str = QUIET_CHANGELOG) -> tuple[int, str]:
    path = new.with_name("CHANGELOG.md")
    path.write_text(changelog, encoding="utf-8")
    return spec_diff.run(ROOT, old_path=SPEC, new_path=new, changelog_path=path)


def test_the_same_spec_passes_with_no_change() -> None:
    status, text = spec_diff.run(ROOT, old_path=SPEC, new_path=SPEC)
    assert status == 0
    assert text.splitlines()[1:] == ["  no change"]


def test_a_renamed_field_fails_naming_it_and_what_it_touches(write_spec: WriteSpec) -> None:
    status, text = run(write_spec(rename_campaign_id))
    assert status == 1
    assert "[BREAKING] Property removed: campaignId" in text
    assert "textEnableNumbers: request body: campaignId" in text
    assert "listHostingOrders: response 200: hostingOrders[].campaignId" in text
    wrapper = next(line for line in text.splitlines() if line.startswith("    wrapper: "))
    for method in (
        "qualified_numbers.text_enable",
        "hosting_orders.text_enable",
        "hosting_orders.list",
    ):
        assert method in wrapper
    assert "sinch-qn text-enable" in text and "sinch-qn orders list" in text
    assert "[not breaking] Property added: campaignRef" in text
    assert "1 breaking change(s) not in CHANGELOG.md" in text


def test_a_query_parameter_made_required_fails_naming_the_listing(write_spec: WriteSpec) -> None:
    status, text = run(write_spec(require_region_code))
    assert status == 1
    assert "[BREAKING] Parameter became required: regionCode" in text
    assert "listHostingOrders: query parameter regionCode" in text
    assert "    wrapper: hosting_orders.list\n" in text
    assert "    sinch-qn: sinch-qn orders list\n" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (add_optional_response_field, "[not breaking] Property added: smsAppId"),
        (add_state, "[not breaking] Enum value added: GLOBAL_PROCESS_STATE_PORTING"),
    ],
)
def test_an_added_response_field_or_enum_value_passes(
    write_spec: WriteSpec, change: Callable[[Spec], None], expected: str
) -> None:
    status, text = run(write_spec(change))
    assert status == 0, text
    assert expected in text
    assert "BREAKING" not in text


def test_a_breaking_change_named_in_the_changelog_passes(write_spec: WriteSpec) -> None:
    changelog = QUIET_CHANGELOG.replace(
        "- Nothing that the spec's changes touch.",
        "- `campaignId` is `campaignRef` in `textEnableNumbers` and the hosting orders, as Sinch\n"
        "  renamed it: pass `campaign_ref=` instead.",
    )
    status, text = run(write_spec(rename_campaign_id), changelog)
    assert status == 0, text
    assert "[BREAKING, in CHANGELOG] Property removed: campaignId" in text


@pytest.mark.parametrize(
    "bullet",
    [
        # the field alone: the section names fields for other reasons
        "- `regionCode` is always sent on import.",
        # the field and the operation, but not in the same bullet
        "- `regionCode` is always sent on import.\n- `listHostingOrders` is faster.",
    ],
)
def test_a_field_named_without_the_operation_it_touches_is_not_enough(
    write_spec: WriteSpec, bullet: str
) -> None:
    changelog = QUIET_CHANGELOG.replace("- Nothing that the spec's changes touch.", bullet)
    status, text = run(write_spec(require_region_code), changelog)
    assert status == 1, text


def test_only_changed_and_removed_of_unreleased_acknowledge(write_spec: WriteSpec) -> None:
    bullet = "- `regionCode` of `hosting_orders.list` is required."
    under_added = QUIET_CHANGELOG.replace("- Something new.", bullet)
    assert run(write_spec(require_region_code), under_added)[0] == 1
    under_removed = QUIET_CHANGELOG.replace("## [0.1.0]", f"### Removed\n\n{bullet}\n\n## [0.1.0]")
    status, text = run(write_spec(require_region_code), under_removed)
    assert status == 0, text


def test_what_the_library_leaves_out_is_compared_too(write_spec: WriteSpec) -> None:
    """Enum values, and a `oneOf` branch (the toll-free request), are compared."""

    def change(spec: Spec) -> None:
        schemas(spec)["RegionCode"]["enum"].remove("CA")
        direct = schemas(spec)["TextEnableTollFreeNumbersDirectRequest"]
        direct["properties"]["brandId"] = {"type": "string"}
        direct["required"].append("brandId")

    status, text = run(write_spec(change))
    assert status == 1
    assert "[BREAKING] Enum value removed: CA" in text
    assert "listQualifiedNumbers: query parameter regionCode = CA" in text
    assert "[BREAKING] Field became required: brandId" in text
    assert "textEnableTollFreeNumbers: request body: brandId" in text


def test_a_response_field_made_required_is_not_breaking(write_spec: WriteSpec) -> None:
    def change(spec: Spec) -> None:
        schemas(spec)["QualifiedNumber"]["required"].append("projectId")

    status, text = run(write_spec(change))
    assert status == 0, text
    assert "[not breaking] Field became required: projectId" in text


def test_a_removed_operation_names_its_method_and_command(write_spec: WriteSpec) -> None:
    def change(spec: Spec) -> None:
        del spec["paths"]["/projects/{projectId}/qualifiedNumbers/{phoneNumber}"]["delete"]

    status, text = run(write_spec(change))
    assert status == 1
    assert "[BREAKING] Operation removed: deleteQualifiedNumber" in text
    assert "    wrapper: qualified_numbers.delete\n" in text
    assert "    sinch-qn: sinch-qn delete\n" in text


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    copy_tree(
        root,
        "openapi/qualified-numbers.yaml",
        "wrapper/sinch_qualified_numbers/_async",
        "wrapper/sinch_qualified_numbers/cli",
    )
    (root / "CHANGELOG.md").write_text(QUIET_CHANGELOG, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def test_the_default_ref_is_head_then_the_newest_release_tag(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert spec_diff.main(["--root", str(root)]) == 0  # no tag: HEAD, and nothing changed

    spec = root / "openapi" / "qualified-numbers.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("        campaignId:\n", "        campaignRef:\n"), encoding="utf-8"
    )
    status, report = spec_diff.run(root)
    assert (status, report.splitlines()[0]) == (1, f"spec-diff: {spec_diff.SPEC} against HEAD")

    git(root, "tag", "v0.1.0", "HEAD")
    git(root, "commit", "-qam", "the rename, committed")  # HEAD has it; v0.1.0 has not
    git(root, "tag", "not-a-release")
    status, report = spec_diff.run(root)
    assert status == 1
    assert report.splitlines()[0] == f"spec-diff: {spec_diff.SPEC} against v0.1.0"
    assert "Property removed: campaignId" in report
    assert spec_diff.run(root, ref="HEAD")[0] == 0


def test_an_unknown_ref_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    assert spec_diff.main(["--root", str(root), "--ref", "no-such-ref"]) == 2
    assert "no-such-ref" in capsys.readouterr().err


def test_a_ref_without_the_spec_has_nothing_to_compare(tmp_path: Path) -> None:
    root = _project(tmp_path)
    shutil.rmtree(root / "openapi")
    git(root, "commit", "-qam", "no spec")
    (root / "openapi").mkdir()
    shutil.copy2(SPEC, root / "openapi" / "qualified-numbers.yaml")
    status, text = spec_diff.run(root)
    assert status == 0
    assert "has no openapi/qualified-numbers.yaml" in text


def test_a_renamed_operation_id_is_breaking(write_spec: WriteSpec) -> None:
    def change(spec: Spec) -> None:
        spec["paths"]["/projects/{projectId}/hostingOrders"]["get"]["operationId"] = "listOrders"

    status, text = run(write_spec(change))
    assert status == 1
    assert "[BREAKING] operationId renamed: listHostingOrders" in text
    assert "GET /projects/{projectId}/hostingOrders: now listOrders" in text
    assert "    wrapper: hosting_orders.list\n" in text


def test_api_versions_removed_or_a_new_default_are_breaking(write_spec: WriteSpec) -> None:
    def change(spec: Spec) -> None:
        version = spec["servers"][0]["variables"]["version"]
        version["enum"] = ["v1", "v2"]
        version["default"] = "v1"

    status, text = run(write_spec(change))
    assert status == 1
    assert "[BREAKING] API version removed: v1beta1" in text
    assert "[BREAKING] Default API version changed: v1" in text
    assert "[not breaking] API version added: v2" in text

    changelog = QUIET_CHANGELOG.replace(
        "- Nothing that the spec's changes touch.",
        "- The default API version is `v1`; `v1beta1` is gone.",
    )
    status, text = run(write_spec(change), changelog)
    assert status == 0, text

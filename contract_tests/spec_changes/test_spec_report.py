"""`make spec-report` (tools/spec_report.py) and the operation map it shares with spec-diff and
scaffold (tools/api_map.py), on copies of the project with one spec change each."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools import spec_report
from tools.api_map import LOADER, ApiMap

from ..conftest import ROOT
from .conftest import copy_tree


def _project(tmp_path: Path) -> Path:
    copy_tree(tmp_path, "openapi/qualified-numbers.yaml", "wrapper", "sandbox")
    return tmp_path


def _change_spec(root: Path) -> None:
    path = root / "openapi" / "qualified-numbers.yaml"
    spec = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    schemas = spec["components"]["schemas"]
    schemas["TextEnableNumbersRequest"]["properties"]["brandId"] = {"type": "string"}
    schemas["QualifiedNumber"]["properties"]["smsAppId"] = {"type": "string"}
    schemas["GlobalProcessState"]["enum"].append("GLOBAL_PROCESS_STATE_PORTING")
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def test_what_the_spec_adds_is_reported_until_the_code_names_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = spec_report.build(root)
    _change_spec(root)
    after = spec_report.build(root)

    assert "brandId" not in before.unset_request_fields
    assert after.unset_request_fields["brandId"] == {
        "textEnableNumbers",
        "createTextEnableHostingOrder",
    }
    assert "smsAppId" not in before.unrendered_response_fields
    assert "getQualifiedNumber" in after.unrendered_response_fields["smsAppId"]
    assert "GLOBAL_PROCESS_STATE_PORTING" not in before.unreached_enum_values
    assert "getQualifiedNumber" in after.unreached_enum_values["GLOBAL_PROCESS_STATE_PORTING"]
    text = after.text()
    assert "request fields the wrapper never sets: 1\n  brandId  (" in text


def test_a_field_the_wrapper_sends_is_not_reported() -> None:
    report = spec_report.build(ROOT)
    for sent in ("campaignId", "servicePlanId", "callbackUrl", "scheduledZipwhipProvisioningTime"):
        assert sent not in report.unset_request_fields
    for rendered in ("globalProcessState", "hostingOrderId", "phoneNumber"):
        assert rendered not in report.unrendered_response_fields
    assert "GLOBAL_PROCESS_STATE_VERIFIED" not in report.unreached_enum_values


def test_the_operation_map_follows_the_code() -> None:
    """Derived from the source: shared code (the one `text_enable` of two resources, the CLI's
    bulk runner, a subgroup of `callbacks`) is followed to each resource's own routes."""
    api = ApiMap.read(ROOT)
    assert api.methods["textEnableNumbers"] == ["qualified_numbers.text_enable"]
    assert api.methods["createTextEnableHostingOrder"] == ["hosting_orders.text_enable"]
    assert api.methods["listHostingOrders"] == ["hosting_orders.list"]
    assert "sinch-qn text-enable" in api.commands["textEnableNumbers"]
    assert api.commands["updateCallbackConfiguration"] == ["sinch-qn callbacks secret set"]
    assert api.commands["importNumbers"] == ["sinch-qn imported import"]


def test_a_new_method_that_calls_an_operation_is_found(tmp_path: Path) -> None:
    root = _project(tmp_path)
    module = root / "wrapper/sinch_qualified_numbers/_async/hosting_orders.py"
    text = module.read_text(encoding="utf-8")
    init = (
        "    def __init__(self, context: AsyncResourceContext) -> None:\n"
        "        self._context = context\n"
    )
    assert init in text
    text = text.replace(
        init,
        init + "\n"
        "    async def again(self) -> object:\n"
        "        return await self._twice()\n\n"
        "    async def _twice(self) -> object:\n"
        "        return list_hosting_orders.asyncio_detailed\n",
        1,
    )
    module.write_text(text, encoding="utf-8")
    api = ApiMap.read(root)
    assert api.methods["listHostingOrders"] == ["hosting_orders.again", "hosting_orders.list"]

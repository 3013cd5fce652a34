"""The imported-numbers operations and `hostingOrders:importNumbers`, one handler each.

Linking follows the service's documented rule: a number still linked to a service plan or
campaign cannot be linked to another one; unlink first (set it to `""`), then link.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from . import render
from .errors import ApiError, bad_request, not_found
from .imported import HOSTING_ORDER_NUMBER, IMPORTED_NUMBER, Imported, ImportedNumbers
from .operations import TIME_ORDER, Operations, region_param
from .paging import fingerprint
from .render import Proto3Response, proto3
from .requests import choice_param, e164, nanp_region, only_params, phone_param

_SEARCH = ("START", "CONTAIN", "END", "SEARCH_PATTERN_UNSPECIFIED")
_LIST_QUERY = {
    "regionCode",
    "numberPattern.pattern",
    "numberPattern.searchPattern",
    "servicePlanId",
    "campaignId",
    "pageSize",
    "pageToken",
    "orderBy",
}


def _pattern_matches(phone: str, pattern: str, where: str) -> bool:
    digits = phone.lstrip("+")
    wanted = pattern.lstrip("+")
    if where == "CONTAIN":
        return wanted in digits
    if where == "END":
        return digits.endswith(wanted)
    return digits.startswith(wanted)


class ImportedOperations:
    def __init__(self, ops: Operations, imported: ImportedNumbers) -> None:
        self.ops = ops
        self.imported = imported

    def handlers(self) -> dict[str, Any]:
        return {
            "listImportedNumbers": self.list_imported_numbers,
            "createImportedNumber": self.create_imported_number,
            "getImportedNumber": self.get_imported_number,
            "updateImportedNumber": self.update_imported_number,
            "deleteImportedNumber": self.delete_imported_number,
            "importNumbers": self.import_numbers,
        }

    def _number(self, project: str, phone: str) -> Imported:
        found = self.imported.get(project, phone)
        if found is None:
            raise not_found("The imported number could not be found.")
        return found

    async def list_imported_numbers(self, request: Request) -> Response:
        ops = self.ops
        project = ops.auth.project(request)
        query = request.query_params
        only_params(query, _LIST_QUERY)
        region = region_param(query)
        pattern = query.get("numberPattern.pattern")
        if pattern is not None and not (
            pattern.lstrip("+").isdigit() and pattern.isascii() and len(pattern) <= 16
        ):
            raise bad_request("numberPattern.pattern", f"Not digits: {pattern!r}.")
        where = choice_param(query, "numberPattern.searchPattern", _SEARCH) or "START"
        for name in ("servicePlanId", "campaignId"):  # Sinch documents both as required
            if name not in query:
                raise bad_request(name, f"{name} is required.")
        # No orderBy: by phone number. Sinch publishes createdTime and updatedTime.
        order_by = choice_param(query, "orderBy", TIME_ORDER) or ""
        page_size = ops.page_size(query.get("pageSize"))
        plan, campaign = query["servicePlanId"], query["campaignId"]  # "": no campaign
        found = [
            n
            for n in self.imported.all(project)
            if (region is None or n.region == region)
            and (pattern is None or _pattern_matches(n.phone, pattern, where))
            and n.service_plan_id == plan
            and n.campaign_id == campaign
        ]
        if order_by == "createdTime":
            found.sort(key=lambda n: (n.created, n.phone))
        elif order_by == "updatedTime":
            found.sort(key=lambda n: (n.updated_time, n.phone))
        filters = [f"{k}={query[k]}" for k in sorted(_LIST_QUERY - {"pageSize", "pageToken"})
                   if k in query]  # fmt: skip
        bound_to = fingerprint(filters, region, order_by)
        items = [render.imported_number(n) for n in found]
        return ops.offset_page(request, project, bound_to, "importedNumbers", items, page_size)

    async def create_imported_number(self, request: Request) -> Response:
        ops = self.ops
        project = ops.auth.project(request)
        body = await ops.json_of(request, "CreateImportedNumberRequest")
        phone = body["phoneNumber"]
        region = nanp_region(e164(phone, "phoneNumber"), "phoneNumber")
        if "regionCode" in body and body["regionCode"] != region:
            raise bad_request("regionCode", f"{phone} is in {region}, not {body['regionCode']}.")
        sms = body["smsConfiguration"]
        if self.imported.get(project, phone) is not None:
            raise ApiError(
                409,
                "The imported number already exists and cannot be created.",
                status="ALREADY_EXISTS",
            )
        self.imported.create(
            project,
            [(phone, region)],
            resource=IMPORTED_NUMBER,
            service_plan_id=sms["servicePlanId"],
            campaign_id=sms.get("campaignId", ""),
            display_name=body.get("displayName", ""),
            callback_url=self.ops.callback_url(body),
        )
        return Proto3Response(render.imported_number(self._number(project, phone)))

    async def get_imported_number(self, request: Request) -> Response:
        project = self.ops.auth.project(request)
        return Proto3Response(render.imported_number(self._number(project, phone_param(request))))

    async def update_imported_number(self, request: Request) -> Response:
        ops = self.ops
        project = ops.auth.project(request)
        phone = phone_param(request)
        body = await ops.json_of(request, "UpdateImportedNumberRequest")
        number = self._number(project, phone)
        sms = body.get("smsConfiguration", {})
        plan, campaign = sms.get("servicePlanId"), sms.get("campaignId")
        refused = []
        for field, value, current in (
            ("servicePlanId", plan, number.service_plan_id),
            ("campaignId", campaign, number.campaign_id),
        ):
            if value and current and value != current:
                refused.append(
                    (
                        f"smsConfiguration.{field}",
                        f'is linked to {current!r}: unlink it ("") before linking {value!r}',
                    )
                )
        after_plan = number.service_plan_id if plan is None else plan
        after_campaign = number.campaign_id if campaign is None else campaign
        if after_campaign and not after_plan:
            refused.append(
                ("smsConfiguration.campaignId", "a campaign needs a service plan linked too")
            )
        if refused:
            raise ApiError(
                400,
                f"{phone} cannot be linked so.",
                status="FAILED_PRECONDITION",
                field_violations=refused,
            )
        self.imported.update(
            project,
            phone,
            display_name=body.get("displayName"),
            callback_url=self.ops.callback_url(body) if "callbackUrl" in body else None,
            service_plan_id=plan,
            campaign_id=campaign,
        )
        return Proto3Response(render.imported_number(self._number(project, phone)))

    async def delete_imported_number(self, request: Request) -> Response:
        project = self.ops.auth.project(request)
        phone = phone_param(request)
        found = self.imported.delete(project, phone)
        if found is None:
            raise not_found("The imported number could not be found.")
        self.ops.callbacks.on_imported_delete(found)
        return Proto3Response({})

    async def import_numbers(self, request: Request) -> Response:
        ops = self.ops
        project = ops.auth.project(request)
        body = await ops.json_of(request, "ImportNumbersRequest")
        phones: list[str] = body["numbers"]
        limit = ops.config.max_import_numbers
        if len(phones) > limit:
            raise bad_request(
                "numbers", f"At most {limit} numbers per import order (got {len(phones)})."
            )
        region = body["regionCode"]
        violations = []
        for index, phone in enumerate(phones):
            field = f"numbers[{index}]"
            number_region = nanp_region(e164(phone, field), field)
            if number_region != region:
                violations.append((field, f"{phone} is in {number_region}, not {region}."))
        if violations:
            raise ApiError(400, "Invalid argument: numbers", field_violations=violations)
        callback_url = self.ops.callback_url(body)
        taken = self.imported.existing(project, phones)
        if taken:
            raise ApiError(
                409,
                "The imported number already exists and cannot be created.",
                status="ALREADY_EXISTS",
                field_violations=[
                    (f"numbers[{i}]", f"{p} is already imported")
                    for i, p in enumerate(phones)
                    if p in taken
                ],
            )
        now = ops.store.clock.now()
        order = proto3(render.import_order(project, ops.store.new_order_id(), body, now))
        self.imported.create(
            project,
            [(phone, region) for phone in phones],
            resource=HOSTING_ORDER_NUMBER,
            service_plan_id=body["servicePlanId"],
            campaign_id=body.get("campaignId", ""),
            display_name=body.get("displayName", ""),
            callback_url=callback_url,
            order=dict(order),
        )
        return Proto3Response(dict(order))

"""The service's resources, one folder each, named after the spec's tags: `state.py` holds
the resource's tables' SQL and rules, `handlers.py` its operations (one handler per
operationId, registered in `HANDLERS`)."""

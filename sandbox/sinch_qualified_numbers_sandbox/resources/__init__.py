"""The service's resources, one folder each, named after the spec's tags: `state.py` holds
the resource's tables' SQL and rules (each refusal raised there), `handlers.py` its operations
(one handler per operationId, registered in `HANDLERS`: parse, call the state, render), and
`render.py` its documents. `regions.py` holds the region rule they share."""

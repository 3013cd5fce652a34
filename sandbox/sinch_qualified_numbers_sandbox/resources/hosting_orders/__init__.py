"""Hosting orders: text enablement (with its LOA) and import orders, together (tag
`HostingOrders`)."""

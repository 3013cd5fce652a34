"""Qualified numbers: added, checked for eligibility, proven by a voice call (tag
`QualifiedNumbers`, which also holds the two `qualifiedNumbers:textEnable...` routes)."""

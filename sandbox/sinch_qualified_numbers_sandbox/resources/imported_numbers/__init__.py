"""Imported numbers: the numbers on the SMS platform, managed after hosting or imported on
their own (tag `ImportedNumbers`)."""

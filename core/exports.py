"""What every CSV the portal writes shares."""

# A spreadsheet takes a cell that starts with one of these for a formula: text
# typed by a resident or staff must never run as one (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """`value` as a cell's text that no spreadsheet reads as a formula."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

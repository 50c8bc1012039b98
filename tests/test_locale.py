"""Both catalogues, formats and the language setting."""

import datetime as dt

import pytest

import chiso
from chiso.locale import catalogue, format_date, format_number, format_quarter


def test_catalogues_same_keys():
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(vi) == sorted(en)
    assert all(vi[k] for k in vi) and all(en[k] for k in en)


def test_vietnamese_formats():
    assert format_number(1234567.891, 2, "vi") == "1.234.567,89"
    assert format_date(dt.date(2026, 9, 30), "vi") == "30/09/2026"
    assert format_quarter(dt.date(2026, 12, 31), "vi") == "Quý IV/2026"


def test_language_setting():
    chiso.set_language("en")
    assert chiso.scorecard(as_of="2026-09-30").targets["status_label"][0] in {"Off track", "At risk", "On track"}
    with pytest.raises(chiso.SettingsError):
        chiso.set_language("fr")


def test_catalogue_stored_nfc():
    import unicodedata

    for text in catalogue("vi").values():
        assert unicodedata.is_normalized("NFC", text)

"""The price file: it loads through the safe YAML reader, every entry says where its figure
comes from and when it was read, and a broken file is one line naming the place."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from playground.cost.prices import KEYS, PRICES_FILE, PriceFileError, load_prices, shipped_prices


def test_the_shipped_price_file_loads_with_every_price_the_meter_asks_for() -> None:
    table = load_prices()
    assert table.region == "us-east-1" and table.currency == "USD"
    assert set(KEYS) <= set(table.prices)
    assert shipped_prices() == table


@pytest.mark.parametrize("key", KEYS)
def test_every_price_has_a_source_page_and_the_date_it_was_read(key: str) -> None:
    price = shipped_prices()[key]
    assert price.source.startswith("https://aws.amazon.com/"), "the AWS page that sets it"
    assert date(2026, 1, 1) <= price.read_on <= date.today()
    if price.usd is not None:
        assert price.seen_in, "a figure says where it was read"
    if price.verified:
        # Verified: read on a page of AWS itself.
        assert all(url.startswith(("https://aws.amazon.com/", "https://docs.aws.amazon.com/"))
                   for url in price.seen_in)
    else:
        assert price.searched, "an unverified price says what was searched"


def test_the_file_says_prices_differ_by_region_and_the_figure_is_an_estimate() -> None:
    text = PRICES_FILE.read_text(encoding="utf-8")
    assert "differ by region" in text and "estimate" in text


def test_the_doc_names_the_date_the_prices_were_read() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cost.md").read_text(encoding="utf-8")
    assert shipped_prices().read_on.isoformat() in doc
    assert "estimate" in doc and "differ by region" in doc


@pytest.mark.parametrize(("change", "expected"), [
    (("    source: https://aws.amazon.com/sqs/pricing/\n", ""), "prices.sqs.standard_requests.source"),
    (("    usd: 0.40\n", "    usd: -1\n"), "prices.sqs.standard_requests.usd"),
    (("  sqs.fifo_requests:", "  sqs.fifo_requestz:"), "no price for sqs.fifo_requests"),
    (("    verified: true\n    seen_in:\n      - https://docs.aws",
      "    verified: true\n    seen_in: []\n    x:\n      - https://docs.aws"), "prices.lambda.requests"),
])
def test_a_broken_price_file_is_one_line_naming_where(tmp_path: Path, change: tuple[str, str],
                                                      expected: str) -> None:
    text = PRICES_FILE.read_text(encoding="utf-8")
    old, new = change
    assert old in text
    broken = tmp_path / "prices.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PriceFileError) as caught:
        load_prices(broken)
    message = str(caught.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(broken))


def test_an_alias_bomb_is_refused_by_the_safe_reader(tmp_path: Path) -> None:
    bomb = tmp_path / "prices.yaml"
    bomb.write_text("a: &a [x]\nb: *a\n", encoding="utf-8")
    with pytest.raises(PriceFileError, match="alias"):
        load_prices(bomb)


@pytest.mark.slow
def test_the_wheel_ships_the_price_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(root)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("*.whl")
    assert "playground/cost/prices.yaml" in zipfile.ZipFile(wheel).namelist()

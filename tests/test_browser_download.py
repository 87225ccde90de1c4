"""The map page's "Download this view (PNG)" in a real browser: the picture of the view shown."""

from __future__ import annotations

import pytest
from conftest import wait_for_app
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_download_is_the_print_size_picture_of_the_view(server, page, tmp_path):
    page.goto(f"{server}/?date=2020-11-21&district=kalbajar")
    wait_for_app(page)
    button = page.get_by_role("button", name="Download this view (PNG)")
    expect(button).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "handover-2020-11-21-kalbajar.png"
    saved = tmp_path / "picture.png"
    download.value.save_as(saved)
    image = Image.open(saved)
    assert image.format == "PNG" and image.size == (2400, 1260)

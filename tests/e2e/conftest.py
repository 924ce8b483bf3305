"""Browser tests: Debian's Chromium, driven by Playwright, against the live test server.

Each test gets a phone-sized page in Chinese (zh-CN) and a server with the demo data loaded.
The live server's tests are transactional: the database is emptied after each one, Wagtail's
root page and site included, so the demo is loaded again before every test.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's synchronous API runs an event loop in the test's thread, where Django would
# otherwise refuse database queries.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: run `make test`, "
            "or `apt-get install chromium`.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def page(page):
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return page


@pytest.fixture
def site(live_server, demo_estate):
    """The live server's address, serving the demo register, logins and pages (a test that
    needs a room's demo cases loads them itself)."""
    return live_server.url

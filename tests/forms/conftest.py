"""The register an owner applies from, files to upload, and a driver for the wizards."""

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from portal.casework.models import SubmissionFile
from tests.factories import BuildingFactory, EstateFactory, HouseholdMemberFactory, UnitFactory, UserFactory

@pytest.fixture(autouse=True)
def private_media(tmp_path, settings, monkeypatch):
    """Private files of each test in a folder of its own: ``private/wizard-tmp`` for
    uploads in progress, ``private/submissions`` for submitted files."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(SubmissionFile._meta.get_field("file"), "storage", FileSystemStorage(location=root))
    return root


def files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def estate(db):
    return EstateFactory(name="锦绣花园")


@pytest.fixture
def building(estate):
    return BuildingFactory(estate=estate, name="3栋")


def make_resident(building, number: str, name: str, username: str, *, mobile: str = "13800138000"):
    """A person with a login who owns and lives in a new unit ``number`` of ``building``."""
    member = HouseholdMemberFactory(
        household__unit=UnitFactory(building=building, number=number, floor=int(number[:-2] or 1)),
        person__name=name,
        person__mobile=mobile,
        person__email=f"{username}@example.cn",
        person__user=UserFactory(username=username),
    )
    return member.person


@pytest.fixture
def owner(building):
    return make_resident(building, "1203", "王建国", "wangjg")


@pytest.fixture
def neighbour(building):
    return make_resident(building, "1504", "李秀英", "lixy", mobile="13900139000")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner.user)
    return client


def in_days(days: float) -> str:
    """A time ``days`` from now as the browser's date-time picker sends it."""
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def jpeg(name="leak.jpg", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name="meter.png", size=(40, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="scan.pdf", padding=0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * padding + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_claiming(width: int, height: int, name="huge.png") -> SimpleUploadedFile:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
    return SimpleUploadedFile(name, body, content_type="image/png")


class Wizard:
    """Drives a wizard the way a browser does: ``post(step, field=value)`` sends the
    management form and the step's fields under the step's prefix."""

    def __init__(self, client, procedure: str):
        self.client = client
        self.procedure = procedure
        self.url = f"/apply/{procedure}/"

    def start(self):
        return self.client.get(self.url)

    def post(self, step: str, *, extra: dict | None = None, **fields):
        data = {f"{self.procedure}-current_step": step}
        for name, value in fields.items():
            data[f"{step}-{name}"] = value
        data.update(extra or {})
        return self.client.post(self.url, data)

    def back(self, step: str, to: str, **fields):
        return self.post(step, extra={"wizard_goto_step": to}, **fields)

    def save_for_later(self, step: str, **fields):
        return self.post(step, extra={"wizard_save_draft": "1"}, **fields)

    def run_token(self) -> str:
        return self.client.session[f"wizard_{self.procedure}"]["extra_data"]["run"]


@pytest.fixture
def repair(owner_client):
    return Wizard(owner_client, "repair")


@pytest.fixture
def request_wizard(owner_client):
    return Wizard(owner_client, "request")


@pytest.fixture
def complaint(owner_client):
    return Wizard(owner_client, "complaint")


def step_of(response) -> str:
    return response.context["wizard"]["steps"].current


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]

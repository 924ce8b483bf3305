"""Settings: the production configuration passes Django's deployment checks, refuses to start
without a secret key, and takes the database from the environment; the portal speaks Chinese
on Shanghai time by default."""

import importlib.util
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = settings.BASE_DIR


def production_environment():
    """A deployment's environment: the required variables, none of the test run's DJANGO_* ones."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    return {
        **inherited,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:////tmp/production-check.sqlite3",
        "ALLOWED_HOSTS": "kefu.example.com",
    }


def load_settings(name):
    """A fresh run of the settings module ``portal.settings.<name>`` under the current environment."""
    spec = importlib.util.find_spec(f"portal.settings.{name}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--settings=portal.settings.production", env=production_environment())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings("production")


def test_the_database_comes_from_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kefu:s3cret@db.internal:5433/estate")

    database = load_settings("base").DATABASES["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "estate")
    assert (database["USER"], database["PASSWORD"]) == ("kefu", "s3cret")


def test_without_database_url_the_database_is_the_sqlite_file_in_the_project(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    database = load_settings("base").DATABASES["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT_DIR / "db.sqlite3")


def test_the_portal_speaks_chinese_on_shanghai_time_with_english_available():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]

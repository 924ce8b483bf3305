"""Where a wizard keeps an application in progress: the session for the answers, a
private folder for the uploads.

Differences from formtools' session storage:

- files are stored under random names (the name the owner gave is kept beside it);
- setting a step's files replaces them all: a file the owner removed or replaced is
  forgotten, and its temporary copy deleted at the end of the request;
- :meth:`snapshot` and :meth:`restore` move the whole state to and from a draft;
- :meth:`add_file` gives a run a file it did not upload (a file of a case being amended).
"""

import uuid

from formtools.wizard.storage.session import SessionStorage

from portal.casework.models import wizard_temp_storage


class WizardStorage(SessionStorage):
    run_key = "run"

    def set_step_files(self, step, files):
        """Make ``files`` (``{form key: file}``) the step's files. A file that is the one
        already stored for that key (as handed out by :meth:`get_step_files`) is kept
        as it is; any other is saved under a new random name."""
        stored = self.data[self.step_files_key].get(step, {})
        kept = {}
        for key, file in (files or {}).items():
            if key in stored and self._files.get((step, key)) is file:
                kept[key] = stored[key]
                continue
            tmp_name = self.file_storage.save(f"{uuid.uuid4().hex}.upload", file)
            kept[key] = {
                "tmp_name": tmp_name,
                "name": file.name,
                "content_type": file.content_type,
                "size": file.size,
                "charset": file.charset,
            }
            self._files.pop((step, key), None)
        for key, entry in stored.items():
            if kept.get(key) is not entry:
                self._tmp_files.append(entry["tmp_name"])
                self._files.pop((step, key), None)
        self.data[self.step_files_key][step] = kept

    def add_file(self, step: str, key: str, content, *, name: str, content_type: str, size: int) -> None:
        """Give the step a file it did not upload in this run (a copy of ``content``, e.g.
        a file of the case being amended), as if it had been uploaded."""
        tmp_name = self.file_storage.save(f"{uuid.uuid4().hex}.upload", content)
        step_files = self.data[self.step_files_key].setdefault(step, {})
        step_files[key] = {"tmp_name": tmp_name, "name": name, "content_type": content_type, "size": size,
                           "charset": None}

    @property
    def run_token(self) -> str | None:
        return self.extra_data.get(self.run_key)

    def start_run(self, first_step: str) -> str:
        """Begin a new application: empty answers, a fresh run token. Files of the run
        left behind are not deleted here: its draft still holds them."""
        self.init_data()
        token = uuid.uuid4().hex
        self.data = {**self.data, self.step_key: first_step, self.extra_data_key: {self.run_key: token}}
        return token

    def snapshot(self) -> dict:
        """The state to keep in a draft: current step, step data and step files."""
        return {
            "step": self.current_step,
            "data": self.data[self.step_data_key],
            "files": self.data[self.step_files_key],
        }

    def restore(self, *, step: str, data: dict, files: dict, run_token: str) -> None:
        """Continue the run ``run_token`` from a draft. Files that have disappeared from
        the temporary folder are dropped."""
        present = {
            step_name: {
                key: entry for key, entry in (step_files or {}).items()
                if isinstance(entry, dict) and self._exists(entry.get("tmp_name"))
            }
            for step_name, step_files in (files or {}).items()
        }
        self._files = {}
        self.data = {
            self.step_key: step,
            self.step_data_key: dict(data or {}),
            self.step_files_key: present,
            self.extra_data_key: {self.run_key: run_token},
        }

    def _exists(self, name) -> bool:
        try:
            return bool(name) and self.file_storage.exists(name)
        except Exception:  # a name outside the folder (SuspiciousFileOperation) or unreadable
            return False

    def forget(self, completed_reference: str | None = None) -> None:
        """End the run and delete its temporary files (after the response). Remember the
        submission it ended in, so that a replayed last step finds it."""
        self.reset()
        if completed_reference:
            self.extra_data = {"completed": completed_reference}

    @property
    def completed_reference(self) -> str | None:
        return self.extra_data.get("completed")


__all__ = ["WizardStorage", "wizard_temp_storage"]

"""The command line as a user runs it, on a real data dir: `main(ARGS)` in this process, with
what it prints captured (tests/cli/test_cli_smoke.py starts the real program)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dermadesk import __version__
from tests.cli_runner import Dermadesk
from tests.helpers import TEST_NOW, connect_db, open_practice


def test_version(dermadesk: Dermadesk) -> None:
    result = dermadesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"DermaDesk {__version__}"


def test_demo_then_list_and_search(dermadesk: Dermadesk, practice_dir: Path) -> None:
    data = str(practice_dir)
    made = dermadesk("--data-dir", data, "demo", "--clients", "40", "--seed", "4")
    assert made.returncode == 0, made.stderr
    assert "40 clients" in made.stdout

    listed = dermadesk("--data-dir", data, "clients", "--json")
    assert listed.returncode == 0, listed.stderr
    clients = json.loads(listed.stdout)
    assert len(clients) == 40
    assert set(clients[0]) >= {"id", "first_name", "last_name", "date_of_birth"}
    assert all(len(c["date_of_birth"]) == 10 and c["date_of_birth"][4] == "-" for c in clients)

    someone = clients[37]
    typed = someone["last_name"][:3].upper()
    found = json.loads(dermadesk("--data-dir", data, "clients", "--search", typed, "--json").stdout)
    assert someone["id"] in [c["id"] for c in found]
    assert len(found) < 40

    readable = dermadesk("--data-dir", data, "clients", "--search", someone["last_name"])
    assert someone["last_name"] in readable.stdout

    again = dermadesk("--data-dir", data, "demo", "--clients", "5")
    assert again.returncode == 1
    assert "already holds 40 clients" in again.stderr


def test_the_data_dir_comes_from_the_environment(
    dermadesk: Dermadesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "from-env"
    monkeypatch.setenv("DERMADESK_DATA_DIR", str(data))
    result = dermadesk("demo", "--clients", "3")
    assert result.returncode == 0, result.stderr
    assert (data / "dermadesk.db").exists()


def test_import_prints_ids_in_file_order(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    data = str(practice_dir)
    source = tmp_path / "new clients.json"
    source.write_text(
        json.dumps(
            [
                {"first_name": "Zoë", "last_name": "Dubois", "date_of_birth": "1991-04-02"},
                {"first_name": "Ayşe", "last_name": "Işık", "date_of_birth": "1984-09-09",
                 "screening": {"herpes_outbreak": True}},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    result = dermadesk("--data-dir", data, "clients", "import", str(source), "--json")
    assert result.returncode == 0, result.stderr
    ids = [entry["id"] for entry in json.loads(result.stdout)]
    listed = json.loads(dermadesk("--data-dir", data, "clients", "--json").stdout)
    by_id = {c["id"]: c["last_name"] for c in listed}
    assert [by_id[i] for i in ids] == ["Dubois", "Işık"]


def test_a_bad_import_names_each_line_and_saves_nothing(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    data = str(practice_dir)
    source = tmp_path / "clients.csv"
    source.write_text(
        "first_name,last_name,date_of_birth,email\n"
        "Anna,Kowalska,1988-05-17,anna@example.com\n"
        "Anna,Nowak,1988-13-01,\n"
        "Ewa,Zielińska,1990-01-01,ewa@\n",
        encoding="utf-8",
    )
    result = dermadesk("--data-dir", data, "clients", "import", str(source))
    assert result.returncode == 1
    assert "line 3:" in result.stderr and "not a real date" in result.stderr
    assert "line 4:" in result.stderr and "not an email address" in result.stderr
    assert "Nothing was saved" in result.stderr
    assert json.loads(dermadesk("--data-dir", data, "clients", "--json").stdout) == []


def test_an_unusable_data_dir_is_explained_without_a_traceback(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = dermadesk("--data-dir", str(blocker), "demo")
    assert result.returncode == 1
    assert result.stderr.startswith("dermadesk: ")
    assert "is a file, not a folder" in result.stderr


def test_listing_a_data_dir_without_data_does_not_create_one(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    typo = tmp_path / "pratice"
    result = dermadesk("--data-dir", str(typo), "clients")
    assert result.returncode == 1
    assert "There is no DermaDesk data in" in result.stderr
    assert not typo.exists()


def test_json_flag_may_stand_before_or_after_import(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    data = str(practice_dir)
    source = tmp_path / "c.csv"
    source.write_text("first_name,last_name,date_of_birth\nZoë,Dubois,1991-04-02\n", "utf-8")
    result = dermadesk("--data-dir", data, "clients", "--json", "import", str(source))
    assert result.returncode == 0, result.stderr
    assert [set(entry) for entry in json.loads(result.stdout)] == [{"id"}]


def test_a_newer_database_is_refused_without_a_traceback(
    dermadesk: Dermadesk, practice_dir: Path
) -> None:

    data = practice_dir
    assert dermadesk("--data-dir", str(data), "demo", "--clients", "1").returncode == 0
    with connect_db(data) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff'")
    raw.close()
    result = dermadesk("--data-dir", str(data), "clients", "--json")
    assert result.returncode == 1
    assert "newer version of DermaDesk" in result.stderr
    assert result.stdout == ""


def test_usage_errors_exit_non_zero_in_words(dermadesk: Dermadesk) -> None:
    result = dermadesk("clients", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_screen_reports_status_and_findings(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    from datetime import timedelta

    data = str(practice_dir)
    birthday = TEST_NOW.date() + timedelta(days=10)  # Zoë turns 22 in ten days
    if (birthday.month, birthday.day) == (2, 29):
        birthday += timedelta(days=1)
    born = birthday.replace(year=birthday.year - 22)
    source = tmp_path / "c.json"
    source.write_text(
        json.dumps(
            [
                {"first_name": "Ayşe", "last_name": "Işık", "date_of_birth": "1984-09-09",
                 "screening": {"herpes_outbreak": True, "active_acne": False,
                               "pregnant_or_breastfeeding": False, "anticoagulants": False,
                               "isotretinoin_last": None}},
                {"first_name": "Zoë", "last_name": "Dubois", "date_of_birth": born.isoformat(),
                 "screening": {"active_acne": False, "pregnant_or_breastfeeding": "false",
                               "anticoagulants": "no", "isotretinoin_last": ""}},
                # A file made before the newer questions: never asked them, which is not "no".
                {"first_name": "Ana", "last_name": "Lima", "date_of_birth": "1990-01-02",
                 "active_acne": "false"},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    ids = json.loads(
        dermadesk("--data-dir", data, "clients", "import", str(source), "--json").stdout
    )
    blocked = dermadesk("--data-dir", data, "screen", str(ids[0]["id"]), "--json")
    assert blocked.returncode == 0, blocked.stderr
    assert json.loads(blocked.stdout) == {
        "status": "blocked",
        "findings": [
            {
                "rule": "herpes_outbreak",
                "level": "block",
                "message": "A cold sore (herpes) outbreak at present.",
            }
        ],
    }
    older_file = json.loads(
        dermadesk("--data-dir", data, "screen", str(ids[2]["id"]), "--json").stdout
    )
    assert older_file == {
        "status": "caution",
        "findings": [
            {
                "rule": "not_asked_yet",
                "level": "warn",
                "message": "Not asked yet: pregnancy or breastfeeding, blood thinners, "
                "oral isotretinoin; ask before treating.",
            }
        ],
    }
    young = str(ids[1]["id"])
    the_day, day_before = birthday.isoformat(), (birthday - timedelta(days=1)).isoformat()
    on_the_day = json.loads(
        dermadesk("--data-dir", data, "screen", young, "--date", the_day, "--json").stdout
    )
    assert on_the_day == {"status": "clear", "findings": []}
    before = json.loads(
        dermadesk("--data-dir", data, "screen", young, "--date", day_before, "--json").stdout
    )
    assert [f["rule"] for f in before["findings"]] == ["under_minimum_age"]
    readable = dermadesk("--data-dir", data, "screen", young, "--date", day_before)
    assert "needs judgement" in readable.stdout and "21 years old" in readable.stdout
    bad = dermadesk("--data-dir", data, "screen", young, "--date", "01/04/2027")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    missing = dermadesk("--data-dir", data, "screen", "999")
    assert missing.returncode == 1 and "no client with id 999" in missing.stderr


def test_check_finds_a_tampered_consent(dermadesk: Dermadesk, practice_dir: Path) -> None:

    from dermadesk.core.consent_signing import Signing
    from dermadesk.core.consent_status import TREATMENT
    from dermadesk.core.screening import ScreeningAnswers
    from tests.helpers import details, signature

    data = practice_dir
    with open_practice(data) as practice:
        answers = ScreeningAnswers(answered_on=TEST_NOW.date())
        client_id = practice.clients.create(details(), answers)
        signing = Signing(client_id, TREATMENT, "Dr Nowak", signature(1), signature(2))
        record_id = practice.consents.sign(signing, answers)

    clean = dermadesk("--data-dir", str(data), "check", "--json")
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout) == {"ok": True, "problems": []}

    raw = connect_db(data)
    raw.execute("DROP TRIGGER consent_record_no_update")
    raw.execute(
        "UPDATE consent_record SET practitioner_name = 'Mallory' WHERE id = ?", (record_id,)
    )
    raw.commit()
    raw.close()
    tampered = dermadesk("--data-dir", str(data), "check", "--json")
    assert tampered.returncode == 1
    report = json.loads(tampered.stdout)
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "kind": "consent_tampered",
            "detail": f"signed consent {record_id}: its content no longer matches its hash",
        }
    ]
    readable = dermadesk("--data-dir", str(data), "check")
    assert readable.returncode == 1 and "consent_tampered" in readable.stdout


def test_print_writes_the_consent_and_preparation_sheets(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    import io

    from pypdf import PdfReader

    data = str(practice_dir)
    source = tmp_path / "c.csv"
    source.write_text("first_name,last_name,date_of_birth\nŁucja,Wiśniewska,1990-03-02\n", "utf-8")
    (client,) = json.loads(
        dermadesk("--data-dir", data, "clients", "import", str(source), "--json").stdout
    )
    from dermadesk.core.demo import DEMO_PRACTICE

    with open_practice(data) as practice:  # a consent needs the practice's name and phone
        practice.settings.set_practice_details(DEMO_PRACTICE)
    for sheet, words in (("consent", "Consent to microneedling"), ("prep", "Preparing for")):
        out = tmp_path / f"{sheet} łucja.pdf"
        result = dermadesk("--data-dir", data, "print", sheet, str(client["id"]), "-o", str(out))
        assert result.returncode == 0, result.stderr
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
        assert words in text and "Łucja Wiśniewska" in text
    photo = tmp_path / "photo.pdf"
    made = dermadesk("--data-dir", data, "print", "consent", str(client["id"]), "--kind", "photo",
                     "-o", str(photo))  # fmt: skip
    assert made.returncode == 0 and photo.read_bytes().startswith(b"%PDF")
    wrong = dermadesk("--data-dir", data, "print", "prep", str(client["id"]), "-o", "x.docx")
    assert wrong.returncode == 1 and "PDF" in wrong.stderr


def test_a_sheet_that_cannot_be_written_is_explained(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    data = str(practice_dir)
    assert dermadesk("--data-dir", data, "demo", "--clients", "1").returncode == 0
    (client,) = json.loads(dermadesk("--data-dir", data, "clients", "--json").stdout)
    blocked = tmp_path / "taken.pdf"
    blocked.mkdir()  # a folder where the file should go
    result = dermadesk("--data-dir", data, "print", "prep", str(client["id"]), "-o", str(blocked))
    assert result.returncode == 1
    assert "could not be written" in result.stderr
    assert not list(tmp_path.glob("*.partial"))


def test_sessions_and_their_sheets_from_the_command_line(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    from pypdf import PdfReader

    data = str(practice_dir)
    assert dermadesk("--data-dir", data, "demo", "--clients", "20", "--seed", "3").returncode == 0
    with open_practice(data) as practice:
        planned_today = [e for e in practice.sessions.day(TEST_NOW.date())
                         if e.status.value == "planned"]  # fmt: skip
    assert len(planned_today) >= 2  # the promise for a 20-client demo
    client = planned_today[0]
    listed = dermadesk("--data-dir", data, "sessions", str(client.client_id), "--json")
    assert listed.returncode == 0, listed.stderr
    sessions = json.loads(listed.stdout)
    assert all(set(s) >= {"id", "scheduled_at", "status", "areas"} for s in sessions)
    assert sessions[0]["id"] == client.session_id  # newest first: today's appointment
    assert sessions[0]["scheduled_at"] == client.scheduled_at.isoformat(timespec="minutes")
    done = [s for s in sessions if s["status"] == "done"]
    assert done and all(s["areas"] for s in done)  # today's clients have been before

    aftercare = tmp_path / "aftercare.pdf"
    printed = dermadesk("--data-dir", data, "print", "aftercare", str(done[0]["id"]), "-o",
                        str(aftercare))  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    assert "Areas treated" in PdfReader(aftercare).pages[0].extract_text()

    day = tmp_path / "day.pdf"
    printed = dermadesk("--data-dir", data, "print", "day", "-o", str(day))
    assert printed.returncode == 0, printed.stderr
    day_text = "".join(page.extract_text() for page in PdfReader(day).pages)
    assert all(entry.client_name in day_text for entry in planned_today)

    human = dermadesk("--data-dir", data, "sessions", str(client.client_id))
    assert human.returncode == 0 and client.client_name in human.stdout

    empty_day = dermadesk("--data-dir", data, "print", "day", "2001-01-01", "-o", str(day))
    assert empty_day.returncode == 1
    assert "No sessions are planned on 1 Jan 2001" in empty_day.stderr
    bad_date = dermadesk("--data-dir", data, "print", "day", "tomorrow", "-o", str(day))
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr
    missing = dermadesk("--data-dir", data, "print", "aftercare", "99999", "-o", str(aftercare))
    assert missing.returncode == 1 and "no session with id 99999" in missing.stderr


def test_backup_and_restore_from_the_command_line(
    dermadesk: Dermadesk, tmp_path: Path, practice_dir: Path
) -> None:
    data = str(practice_dir)
    assert dermadesk("--data-dir", data, "demo", "--clients", "10").returncode == 0
    made = dermadesk("--data-dir", data, "backup", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert "written and verified" in made.stdout
    (backup,) = tmp_path.glob("*.dermadesk-backup")
    restored = str(tmp_path / "restored")
    done = dermadesk("--data-dir", restored, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    listed = dermadesk("--data-dir", restored, "clients", "--json")
    assert len(json.loads(listed.stdout)) == 10
    again = dermadesk("--data-dir", restored, "restore", str(backup))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_photos_import_names_each_refusal_and_exits_1_when_any_was_refused(
    dermadesk: Dermadesk,
    tmp_path: Path,
    practice_dir: Path,
) -> None:
    from tests.helpers import photo_bytes

    data = str(practice_dir)
    dermadesk("--data-dir", data, "demo", "--clients", "3")
    camera = tmp_path / "camera"
    camera.mkdir()
    (camera / "a.jpg").write_bytes(photo_bytes(shade=1))
    (camera / "b.heic").write_bytes(photo_bytes(shade=2, fmt="HEIF"))
    good = ["--data-dir", data, "photos", "import", "1", str(camera), "--area", "cheek_left"]
    done = dermadesk(*good, "--view", "front", "--stage", "before")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["a.jpg: imported.", "b.heic: imported."]

    (camera / "notes.jpg").write_text("not a picture")
    done = dermadesk("--data-dir", data, "photos", "import", "1", *map(str, camera.iterdir()))
    assert done.returncode == 1
    assert "notes.jpg: this is not a picture DermaDesk can read" in done.stderr
    assert "a.jpg: this picture is in the gallery already; kept once." in done.stdout

    refused = dermadesk("--data-dir", data, "photos", "import", "1", str(camera / "a.jpg"),
                        "--stage", "sideways")  # fmt: skip
    assert refused.returncode == 2 and "invalid choice" in refused.stderr  # argparse's words

    listed = json.loads(dermadesk("--data-dir", data, "check", "--json").stdout)
    assert listed == {"ok": True, "problems": []}


def test_check_reports_an_orphan_and_repair_quarantines_it(
    dermadesk: Dermadesk, practice_dir: Path
) -> None:
    data = practice_dir
    dermadesk("--data-dir", str(data), "demo", "--clients", "3")
    stray = data / "photos" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left by a crash")

    checked = dermadesk("--data-dir", str(data), "check", "--json")
    assert checked.returncode == 1
    assert [p["kind"] for p in json.loads(checked.stdout)["problems"]] == ["orphan_file"]

    repaired = dermadesk("--data-dir", str(data), "check", "--repair")
    assert repaired.returncode == 0 and "Moved 1 orphan file" in repaired.stdout
    assert not stray.exists() and list((data / "quarantine").rglob("ab*"))


def test_forget_pin_removes_a_forgotten_pin(dermadesk: Dermadesk, practice_dir: Path) -> None:

    data = practice_dir
    with open_practice(data) as practice:
        practice.settings.set_lock_pin("2468")
    done = dermadesk("--data-dir", str(data), "forget-pin")
    assert done.returncode == 0 and "PIN is removed" in done.stdout
    with open_practice(data) as practice:
        assert not practice.settings.lock().has_pin

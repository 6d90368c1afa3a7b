"""Search as the receptionist types: prefixes of any word, accents and capitals ignored."""

from __future__ import annotations

import random
from datetime import date

import pytest

from dermadesk.core import client_search
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.practice import Practice
from dermadesk.core.search import fold, query_words, search_terms
from tests.helpers import details


@pytest.fixture
def people(practice: Practice) -> dict[str, int]:
    """A handful of clients whose names test the folding."""
    entries = {
        "Zoë Dubois": details("Zoë", "Dubois", email="zoe.d@example.com"),
        "Łukasz Wiśniewski": details("Łukasz", "Wiśniewski"),
        "Ngọc Anh Đặng": details("Ngọc Anh", "Đặng"),
        "Ayşe Işık": details("Ayşe", "Işık"),
        "Elif Çelik": details("Elif", "Çelik"),
        "Jürgen Groß": details("Jürgen", "Groß"),
        "Åsa Sæther": details("Åsa", "Sæther"),
        "Siobhán O'Brien": details("Siobhán", "O'Brien", phone="+353 87 123 4567"),
        "Anne-Marie Desrosiers-Lemaître": details("Anne-Marie", "Desrosiers-Lemaître"),
        "Олена Бондаренко": details("Олена", "Бондаренко"),
        "Anna Kowalska": details(
            "Anna", "Kowalska", phone="07700 900123", email="anna.k@example.com"
        ),
        "Anna Nowak": details("Anna", "Nowak", phone="+48 601 234 567"),
    }
    ids = practice.clients.create_many([(d, None) for d in entries.values()])
    return dict(zip(entries, ids, strict=True))


def found(practice: Practice, typed: str, people: dict[str, int]) -> set[str]:
    names = {client_id: name for name, client_id in people.items()}
    return {names[i] for i in practice.clients.search_ids(typed)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zoe", {"Zoë Dubois"}),
        ("ZOË", {"Zoë Dubois"}),
        ("lukasz", {"Łukasz Wiśniewski"}),
        ("łuk", {"Łukasz Wiśniewski"}),
        ("wisn", {"Łukasz Wiśniewski"}),
        ("dang", {"Ngọc Anh Đặng"}),
        ("ngoc", {"Ngọc Anh Đặng"}),
        ("isik", {"Ayşe Işık"}),
        ("ayse", {"Ayşe Işık"}),
        ("celik", {"Elif Çelik"}),
        ("gross", {"Jürgen Groß"}),
        ("groß", {"Jürgen Groß"}),
        ("jurg", {"Jürgen Groß"}),
        ("saether", {"Åsa Sæther"}),
        ("asa", {"Åsa Sæther"}),
        ("obrien", {"Siobhán O'Brien"}),
        ("o'brien", {"Siobhán O'Brien"}),
        ("brien", {"Siobhán O'Brien"}),
        ("siobhan o", {"Siobhán O'Brien"}),
        ("marie", {"Anne-Marie Desrosiers-Lemaître"}),
        ("annemarie", {"Anne-Marie Desrosiers-Lemaître"}),
        ("lemaitre", {"Anne-Marie Desrosiers-Lemaître"}),
        ("олена", {"Олена Бондаренко"}),
        ("бонд", {"Олена Бондаренко"}),
        ("anna", {"Anna Kowalska", "Anna Nowak"}),
        ("anna kow", {"Anna Kowalska"}),
        ("kow anna", {"Anna Kowalska"}),
        ("an", {"Anna Kowalska", "Anna Nowak", "Ngọc Anh Đặng", "Anne-Marie Desrosiers-Lemaître"}),
        ("0770", {"Anna Kowalska"}),
        ("900", {"Anna Kowalska"}),
        ("900 123", set()),  # 123 starts no group of the number
        ("07700 900123", {"Anna Kowalska"}),
        ("601", {"Anna Nowak"}),
        ("+48 601", {"Anna Nowak"}),
        ("353871", {"Siobhán O'Brien"}),
        ("anna.k@", {"Anna Kowalska"}),
        ("anna.k@example.com", {"Anna Kowalska"}),
        ("zoe.d", {"Zoë Dubois"}),
        ("owalska", set()),  # the start of a word, not the middle
        ("annak kowalska", {"Anna Kowalska"}),  # the email's joined form
        ("xyz", set()),
    ],
)
def test_typing_finds_the_right_clients(
    practice: Practice, people: dict[str, int], typed: str, expected: set[str]
) -> None:
    assert found(practice, typed, people) == expected


@pytest.mark.parametrize(
    "typed", ['"', "*", "anna*", "AND", "NOT anna", "(", ")", "-", "^", "a:b", "'", "NEAR(a b)"]
)
def test_search_syntax_typed_by_accident_never_breaks(
    practice: Practice, people: dict[str, int], typed: str
) -> None:
    # No FTS5 syntax error reaches the user: the punctuation is simply not searched.
    plain = " ".join(query_words(typed))
    assert practice.clients.search_ids(typed) == practice.clients.search_ids(plain)


def test_every_prefix_of_a_name_finds_it(practice: Practice, people: dict[str, int]) -> None:
    for name in ("Kowalska", "Wiśniewski", "Desrosiers"):
        for length in range(1, len(name) + 1):
            assert people[next(p for p in people if name in p)] in practice.clients.search_ids(
                name[:length]
            ), name[:length]


def test_nothing_typed_lists_everyone_in_name_order(
    practice: Practice, people: dict[str, int]
) -> None:
    listed = practice.clients.search_ids("")
    assert len(listed) == len(people)
    surnames = [practice.clients.get(i).last_name for i in listed]
    assert surnames == sorted(surnames, key=lambda s: fold(s).replace("'", "").replace("-", ""))
    assert surnames.index("O'Brien") < surnames.index("Sæther")  # filed as OBrien


def test_results_come_in_name_order(practice: Practice) -> None:
    for first, last in [("Anna", "Łukasik"), ("Anna", "Lukas"), ("Anna", "Lukaszewicz")]:
        practice.clients.create(details(first, last))
    ids = practice.clients.search_ids("luk")
    assert [practice.clients.get(i).last_name for i in ids] == ["Lukas", "Łukasik", "Lukaszewicz"]


@pytest.mark.parametrize("sort_all_below", [0, client_search.SORT_ALL_BELOW])
def test_fts_agrees_with_a_plain_scan_on_a_demo_practice(
    practice: Practice, monkeypatch: pytest.MonkeyPatch, sort_all_below: int
) -> None:
    """Many prefixes on 1,500 varied clients: the index finds exactly what a scan finds.

    Run once sorting all matches and once walking the list order page by page.
    """
    monkeypatch.setattr(client_search, "SORT_ALL_BELOW", sort_all_below)
    fill_demo_practice(practice, clients=1500, seed=11, today=date(2026, 11, 21), history=False)
    for archived in practice.clients.search_ids("")[::50]:
        practice.clients.archive(archived)
    ids = practice.clients.search_ids("")  # active clients only, as the list shows them
    summaries = practice.clients.summaries(ids)
    terms = {
        i: search_terms(s.first_name, s.last_name, s.phone, s.email).split()
        for i, s in summaries.items()
    }
    rng = random.Random(5)
    queries = []
    for client_id in rng.sample(ids, 120):
        word = rng.choice(terms[client_id])
        queries.append(word[: rng.randint(1, min(len(word), 5))])
        other = summaries[rng.choice(ids)]
        queries.append(f"{other.first_name[:2]} {other.last_name[:3]}")
    for typed in queries:
        wanted = query_words(typed)
        expected = [i for i in ids if all(any(t.startswith(w) for t in terms[i]) for w in wanted)]
        assert practice.clients.search_ids(typed) == expected, typed


def test_archived_clients_are_found_only_when_asked_for(practice: Practice) -> None:
    active = practice.clients.create(details("Anna", "Kowalska"))
    archived = practice.clients.create(details("Anna", "Nowak"))
    practice.clients.archive(archived)
    assert practice.clients.query("anna").count == 1
    assert practice.clients.query("anna").position(archived) is None
    everyone = practice.clients.query("anna", include_archived=True)
    assert everyone.count == 2
    assert everyone.ids() == [active, archived]
    assert everyone.position(archived) == 1
    assert practice.clients.query("", include_archived=True).ids() == [active, archived]


def test_the_email_domain_is_not_a_search_word(practice: Practice) -> None:
    practice.clients.create(details("Anna", "Kowalska", email="anna.k@gmail.com"))
    assert practice.clients.search_ids("gmail") == []
    assert practice.clients.search_ids("com") == []
    assert len(practice.clients.search_ids("anna.k@gm")) == 1

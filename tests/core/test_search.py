"""Search as the receptionist types: prefixes of any word, accents and capitals ignored."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from dermadesk.core import client_search
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.practice import Practice
from dermadesk.core.search import Wanted, fold, query_words, search_terms
from dermadesk.core.server_search import tsquery
from tests.helpers import details
from tests.postgres_server import OWNER_ROLE, ServerDatabase
from tests.shared_practices import per_store, shared_practice

# Every search test runs on both stores, a file and a practice server: `practice` as
# `both_stores` runs it (tests/conftest.py), the shared practices below as `per_store` does.
pytestmark = pytest.mark.both_stores


@per_store
def people_practice(request: pytest.FixtureRequest) -> Iterator[tuple[Practice, dict[str, int]]]:
    """A handful of clients whose names test the folding, on a practice of their own that the
    tests using it only read (made once per store: there are some 130 of them)."""
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
    with shared_practice(request, "people") as practice:
        ids = practice.clients.create_many([(d, None) for d in entries.values()])
        yield practice, dict(zip(entries, ids, strict=True))


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
        ("900 123", {"Anna Kowalska"}),  # digits are one run, however they are spaced
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
    people_practice: tuple[Practice, dict[str, int]], typed: str, expected: set[str]
) -> None:
    practice, people = people_practice
    assert found(practice, typed, people) == expected


@pytest.mark.parametrize(
    "typed",
    ['"', "*", "anna*", "AND", "NOT anna", "(", ")", "-", "^", "a:b", "'", "NEAR(a b)",
     # tsquery's operators and quoting, as a practice server would meet them
     "anna & !kow", "anna | zoe", "<->", "anna:*", "an:*B", "'anna'", "o''brien", "\\",
     "anna\\'", "\\' | '", "(anna)", "!", "&", "|", ":", "%s", "%(match)s", "$x", "; --",
     "\x00anna", "", "   ", "a" * 3000, "ä" * 1500, "anna " * 500, "0" * 3000,
     "+44 " + "7" * 3000],
)  # fmt: skip
def test_search_syntax_typed_by_accident_never_breaks(
    people_practice: tuple[Practice, dict[str, int]], typed: str
) -> None:
    practice, _people = people_practice
    # No FTS5 or tsquery syntax error reaches the user: the punctuation is simply not
    # searched, and a word longer than any stored one finds nobody.
    plain = " ".join(query_words(typed))
    assert practice.clients.search_ids(typed) == practice.clients.search_ids(plain)


def test_a_quoted_lexeme_is_one_word_on_the_server(server_database: ServerDatabase) -> None:
    """Each term goes to PostgreSQL as one quoted lexeme, whatever it holds: it finds the word
    it is, and no operator or quote inside it finds anything else."""
    import psycopg

    sql = "SELECT array_to_tsvector(%s::text[]) @@ %s::tsquery"
    with psycopg.connect(
        host=server_database.socket, dbname=server_database.name, user=OWNER_ROLE
    ) as connection:
        for term in ["it's", "back\\slash", "a & b | !c", "x:*", "'", "\\'", "(a <-> b)"]:
            for prefix in (False, True):
                query = tsquery(Wanted(((term, prefix),)))
                for words, expected in (([term, "c"], True), (["a", "b", "c", "x"], False)):
                    row = connection.execute(sql, (words, query)).fetchone()
                    assert row is not None and row[0] is expected, (term, query, words)


def test_an_edited_name_is_found_by_its_new_name(practice: Practice) -> None:
    client = practice.clients.create(details("Anna", "Kowalska"))
    practice.clients.update(client, details("Anna", "Nowak"))
    assert practice.clients.search_ids("nowak") == [client]
    assert practice.clients.search_ids("kowalska") == []


def test_every_prefix_of_a_name_finds_it(people_practice: tuple[Practice, dict[str, int]]) -> None:
    practice, people = people_practice
    for name in ("Kowalska", "Wiśniewski", "Desrosiers"):
        for length in range(1, len(name) + 1):
            assert people[next(p for p in people if name in p)] in practice.clients.search_ids(
                name[:length]
            ), name[:length]


def test_nothing_typed_lists_everyone_in_name_order(
    people_practice: tuple[Practice, dict[str, int]],
) -> None:
    practice, people = people_practice
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


SearchCase = tuple[str, list[int]]  # what is typed, and the ids a plain scan finds, in order


@per_store
def varied_search(request: pytest.FixtureRequest) -> Iterator[tuple[Practice, list[SearchCase]]]:
    """1,500 varied demo clients, every fiftieth archived, with many prefixes typed and what
    a plain scan of their search terms finds; only read by the tests using it."""
    on_the_21st = datetime(2026, 11, 21, 10, 0)  # module-wide: not the test's clock
    with shared_practice(request, "search", on_the_21st) as practice:
        fill_demo_practice(practice, clients=1500, seed=11, history=False)
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
            word = rng.choice([t for t in terms[client_id] if t[0].isalpha()])
            queries.append(word[: rng.randint(1, min(len(word), 5))])
            other = summaries[rng.choice(ids)]
            queries.append(f"{other.first_name[:2]} {other.last_name[:3]}")
            queries.append(other.last_name)  # whole names: their exact matches come first
        # Each client's terms as one text, every term after a NUL: "\0" + w is in it when a
        # term starts with w (the scan in C, not a Python loop over every term of every client).
        joined = {i: "".join(f"\0{t}" for t in words) for i, words in terms.items()}
        whole = {i: set(words) for i, words in terms.items()}
        cases = []
        for typed in queries:
            wanted = query_words(typed)
            prefix = ids
            for w in wanted:  # narrowed word by word: those with a term starting with each
                prefix = [i for i in prefix if f"\0{w}" in joined[i]]
            exact = [i for i in prefix if all(f"={w}" in whole[i] for w in wanted)]  # whole names
            first = set(exact)
            cases.append((typed, exact + [i for i in prefix if i not in first]))
        yield practice, cases


@pytest.mark.parametrize(
    ("walk_per_match", "sort_all_up_to", "sort_at_once_up_to"),
    [
        (client_search.WALK_PER_MATCH, client_search.SORT_ALL_UP_TO,
         client_search.SORT_AT_ONCE_UP_TO),  # as shipped: 1,500 clients are sorted at once
        (4, 100_000, 0),  # a walk of the first rows, then a sort when it falls short
        (1, 100_000, 0),  # a walk that nearly always falls short
        (0, 100_000, 0),  # always a sort
        (100, 0, 0),  # always the walk through the whole list
    ],
)  # fmt: skip
def test_fts_agrees_with_a_plain_scan_on_a_demo_practice(
    varied_search: tuple[Practice, list[SearchCase]],
    monkeypatch: pytest.MonkeyPatch,
    walk_per_match: int,
    sort_all_up_to: int,
    sort_at_once_up_to: int,
) -> None:
    """Many prefixes on 1,500 varied clients: the index finds exactly what a scan finds, in
    the list's order with whole-word matches first, whichever way the page is found."""
    practice, cases = varied_search
    shipped = (client_search.WALK_PER_MATCH, client_search.SORT_ALL_UP_TO)
    if not practice.store.is_sqlite and (walk_per_match, sort_all_up_to) != shipped:
        pytest.skip("the walk and the sort are the FTS5 search's; a server has one query")
    monkeypatch.setattr(client_search, "WALK_PER_MATCH", walk_per_match)
    monkeypatch.setattr(client_search, "SORT_ALL_UP_TO", sort_all_up_to)
    monkeypatch.setattr(client_search, "SORT_AT_ONCE_UP_TO", sort_at_once_up_to)
    for typed, expected in cases:
        query = practice.clients.query(typed)
        assert query.ids() == expected, typed
        assert query.ids(3, 5) == expected[3:8], typed  # a page further down
        if expected:
            assert query.position(expected[-1]) == len(expected) - 1, typed


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
    # The first letters typed, which a practice server reads from an index of their own.
    assert practice.clients.query("an").ids() == [active]
    assert practice.clients.query("an", include_archived=True).ids() == [active, archived]
    assert practice.clients.query("n", include_archived=True).position(archived) == 0


def test_an_email_is_found_by_its_domain_and_each_part(practice: Practice) -> None:
    jane = practice.clients.create(details("Jane", "Doe", email="jane.doe-smith_x@yahoo.co.uk"))
    practice.clients.create(details("Anna", "Kowalska", email="anna.k@gmail.com"))
    for typed in ("yahoo", "yah", "yahoo.co.uk", "doe", "smith", "x", "jane.doe", "janedoe",
                  "jane.doe-smith_x@yahoo.co.uk", "yahoocouk"):  # fmt: skip
        assert practice.clients.search_ids(typed) == [jane], typed
    assert len(practice.clients.search_ids("gmail")) == 1
    # The public ending is in nearly every address: it finds nobody on its own.
    for typed in ("com", "uk", "co.uk"):
        assert practice.clients.search_ids(typed) == [], typed


@per_store
def callers_practice(request: pytest.FixtureRequest) -> Iterator[tuple[Practice, dict[str, int]]]:
    """Clients whose numbers are written the ways people write them, on a practice of their
    own that the tests using it only read (made once per store)."""
    written = {
        "uk national": "07969 844409",
        "uk international": "+44 7969 844410",
        "uk 0044": "0044 (0)20 7946 0958",
        "us": "+1 (803) 840-5360",
        "poland": "+48 601 234 567",
        "ireland national": "087 123 4567",
    }
    with shared_practice(request, "callers") as practice:
        ids = practice.clients.create_many(
            [
                (details("Caller", name.replace(" ", "-"), phone=phone), None)
                for name, phone in written.items()
            ]
        )
        yield practice, dict(zip(written, ids, strict=True))


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("07969844409", "uk national"),  # no spaces, as read off a caller display
        ("0796 984 4409", "uk national"),
        ("+447969844409", "uk national"),  # international, stored national
        ("+44 7969 844409", "uk national"),
        ("00447969844409", "uk national"),
        ("7969844409", "uk national"),
        ("07969844410", "uk international"),  # national, stored international
        ("447969844410", "uk international"),
        ("(07969) 844-410", "uk international"),
        ("02079460958", "uk 0044"),
        ("+44 20 7946", "uk 0044"),
        ("8038405360", "us"),
        ("803 840", "us"),
        ("+1 803 840 5360", "us"),
        ("601234567", "poland"),
        ("0048601234", "poland"),
        ("+353 87 123", "ireland national"),
    ],
)
def test_a_phone_number_is_found_however_it_is_typed(
    callers_practice: tuple[Practice, dict[str, int]], typed: str, who: str
) -> None:
    practice, callers = callers_practice
    assert callers[who] in practice.clients.search_ids(typed)


def test_a_number_is_found_from_its_third_digit(
    callers_practice: tuple[Practice, dict[str, int]],
) -> None:
    practice, callers = callers_practice
    assert practice.clients.search_ids("07") == []
    assert callers["uk national"] in practice.clients.search_ids("079")


def test_a_whole_number_or_name_comes_before_longer_ones(practice: Practice) -> None:
    longer = practice.clients.create(details("Anna", "Leeson", phone="07700 900123"))
    exact = practice.clients.create(details("Zara", "Lee", phone="07700 9001"))
    assert practice.clients.search_ids("lee") == [exact, longer]
    assert practice.clients.search_ids("07700 9001") == [exact, longer]
    assert practice.clients.search_ids("leeson") == [longer]


@per_store
def born_practice(request: pytest.FixtureRequest) -> Iterator[tuple[Practice, dict[str, int]]]:
    """Clients born on days typed in several ways, on a practice of their own that the tests
    using it only read (made once per store)."""
    entries = {
        "march": details("Maria", "Marzec", date_of_birth=date(1985, 3, 27)),
        "march other year": details("Marek", "Marzec", date_of_birth=date(1990, 3, 27)),
        "may": details("Maja", "Maj", date_of_birth=date(1985, 5, 3)),
    }
    with shared_practice(request, "born") as practice:
        ids = practice.clients.create_many([(d, None) for d in entries.values()])
        yield practice, dict(zip(entries, ids, strict=True))


@pytest.mark.parametrize(
    ("typed", "day_first", "expected"),
    [
        ("27/03/1985", True, {"march"}),
        ("27.3.85", True, {"march"}),
        ("27-3-1985", True, {"march"}),
        ("1985-03-27", True, {"march"}),
        ("3/27/1985", False, {"march"}),  # the computer's order is month first
        ("27/3/1985", False, {"march"}),  # only one reading is a day
        ("27/03", True, {"march", "march other year"}),  # that day in any year
        ("03/05/1985", True, {"may"}),
        ("05/03/1985", False, {"may"}),
        ("31/02/1985", True, set()),  # not a real day: nobody, and no error
        ("1985-13-01", True, set()),
    ],
)
def test_a_birth_date_finds_the_clients_born_that_day(
    born_practice: tuple[Practice, dict[str, int]], typed: str, day_first: bool, expected: set[str]
) -> None:
    practice, born = born_practice
    names = {client_id: name for name, client_id in born.items()}
    found_ids = practice.clients.search_ids(typed, day_first=day_first)
    assert {names[i] for i in found_ids} == expected


def test_letters_never_match_a_birth_date(born_practice: tuple[Practice, dict[str, int]]) -> None:
    practice, _born = born_practice
    assert practice.clients.search_ids("b") == []  # the birth terms are not words one types
    assert practice.clients.search_ids("1985") == []  # nor a phone's digits

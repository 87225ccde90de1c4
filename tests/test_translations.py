"""The data texts in Azerbaijani, Armenian and Russian, and the glossary (data/README.md).

Each validation rule is shown failing on a broken copy of data/, with the message naming the
file, the row and the field; the real data passes all of them, and its words follow the
glossary: no side's loaded word in the project's own texts, Armenian names only in brackets
after the Azerbaijani ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pytest
from datacopy import DATA, edit_csv, read_rows, row, set_cells

import geo
from geo.dataset.frozen import freeze
from geo.dataset.translations import LANGUAGES, TRANSLATABLE, numbers
from geo.story.status import CONTROLLED_SINCE, STATUS_LABELS

CODES = [code for code, _ in LANGUAGES]


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load(DATA)


@pytest.fixture(scope="module")
def glossary() -> list[dict[str, str]]:
    return read_rows(DATA / "glossary.csv")


def problems_in(copy: Path) -> list[str]:
    with pytest.raises(geo.DataError) as caught:
        geo.load(copy)
    return [str(p) for p in caught.value.problems]


def translation_line(copy: Path, lang: str, file: str, row_id: str, field: str) -> int:
    """The row number (header = 1) of one translation in translations/<lang>.csv."""
    rows = read_rows(copy / "translations" / f"{lang}.csv")
    keys = [(r["file"], r["id"], r["field"]) for r in rows]
    return keys.index((file, row_id, field)) + 2


def edit_translation(copy: Path, lang: str, key: tuple[str, str, str], **values: str) -> int:
    """Change the cells of the row translating ``key`` (file, id, field); its row number."""
    line = translation_line(copy, lang, *key)
    edit_csv(copy / "translations" / f"{lang}.csv",
             lambda rows: rows[line - 2].update(values))
    return line


# --- the real data ----------------------------------------------------------------------------

def english_fields(data: geo.Dataset) -> set[tuple[str, str, str]]:
    """Every translatable field with English text, read from the loaded tables."""
    tables = {"events.csv": data.events.set_index("id"),
              "handovers.csv": data.handover_districts.set_index("id"),
              "figures.csv": data.figures.set_index("id"),
              "periods.csv": data.periods.set_index("id"),
              "sources.csv": data.sources[data.sources["title_kind"] == "description"]}
    return {(file, str(row_id), field) for file, table in tables.items()
            for field in TRANSLATABLE[file] for row_id, text in table[field].items() if text}


def test_every_text_is_in_every_language(data):
    fields = english_fields(data)
    assert len(fields) == 76  # 40 event, 5 handover, 16 figure, 2 period, 13 source texts
    for lang in ("en", *CODES):
        assert {key[1:] for key in data.translations if key[0] == lang} == fields
    assert all(text.strip() for text in data.translations.values())
    assert data.text("en", "events.csv", "E13", "title") == "Aghdam handed back"
    assert data.text("az", "events.csv", "E13", "title") == "Ağdam qaytarıldı"
    assert data.text("hy", "events.csv", "E13", "title") == "Աղդամը վերադարձվեց"
    assert data.text("ru", "events.csv", "E13", "title") == "Агдам возвращён"
    assert data.text("ru", "handovers.csv", "kalbajar", "return_note") == ""  # no English


def test_an_unknown_language_is_refused(data):
    with pytest.raises(KeyError, match="'fr'"):
        data.text("fr", "events.csv", "E13", "title")


def test_translations_are_frozen_with_the_dataset(data):
    frozen = freeze(data)
    assert isinstance(frozen.translations, MappingProxyType)
    assert dict(frozen.translations) == dict(data.translations)
    with pytest.raises(TypeError):
        frozen.translations[("az", "events.csv", "E13", "title")] = "x"  # type: ignore[index]


def test_the_real_translations_keep_every_number(data):
    for (lang, file, row_id, field), text in data.translations.items():
        english = data.translations[("en", file, row_id, field)]
        assert numbers(text) == numbers(english), (lang, file, row_id, field)


@pytest.mark.parametrize(("english", "translated"), [
    ("2,317 fighters", "2317 döyüşçü"),
    ("over 26,000 refugees", "более 26\u00a0000 беженцев"),
    ("over 26,000 refugees", "более 26 000 беженцев"),
    ("846.7 km² (77.4 per cent)", "846,7 км² (77,4 процента)"),
    ("about 77 to 81 per cent", "около 77–81 процента"),
    ("the 1990s war", "1990-ականների պատերազմը"),
    ("on 3 December, 2,783 dead", "2783 զոհ, դեկտեմբերի 3-ին"),
])
def test_numbers_match_whatever_the_digit_grouping(english, translated):
    assert numbers(english) == numbers(translated)


@pytest.mark.parametrize(("english", "translated"), [
    ("2,317 fighters", "2318 döyüşçü"),
    ("2,317 fighters", "2 317 боец, 2 317"),
    ("846.7 km²", "8467 км²"),
    ("by 15 November, Aghdam by 20 November", "к 15 ноября, Агдам"),
])
def test_a_changed_or_dropped_number_is_seen(english, translated):
    assert numbers(english) != numbers(translated)


# --- validation rules, each on a broken copy ---------------------------------------------------

def test_a_missing_translation_names_the_english_file_row_and_field(data_copy):
    line = translation_line(data_copy, "az", "events.csv", "E04", "title")
    edit_csv(data_copy / "translations" / "az.csv", lambda rows: rows.pop(line - 2))
    assert problems_in(data_copy) == [
        "data/events.csv row 5: title of E04 has no Azerbaijani translation in "
        "data/translations/az.csv"]


def test_a_new_english_row_needs_a_text_in_every_language(data_copy):
    edit_csv(data_copy / "periods.csv", lambda rows: rows.append(
        {**row(rows, "P2"), "id": "P3", "start": "2023-01-01", "end": "2023-01-02",
         "focus": "2023-01-01", "title": "Early 2023"}))
    assert problems_in(data_copy) == [
        f"data/periods.csv row 4: title of P3 has no {language} translation in "
        f"data/translations/{code}.csv" for code, language in LANGUAGES]


def test_a_missing_translation_file_is_named(data_copy):
    (data_copy / "translations" / "hy.csv").unlink()
    found = problems_in(data_copy)
    assert found[0] == "data/translations/hy.csv: file is missing"
    assert len(found) == 1 + 76  # and every text it should have held


@pytest.mark.parametrize(("cells", "expected"), [
    ({"id": "E99"}, "id 'E99' is not a row of events.csv"),
    ({"field": "category"},
     "field 'category' is not a translatable field of events.csv (one of: title, summary)"),
    ({"file": "districts.geojson"}, "file 'districts.geojson' has no translatable texts "
                                    "(one of: events.csv, handovers.csv, figures.csv, "
                                    "periods.csv, sources.csv)"),
    ({"text": ""}, "text is empty"),
    ({"text": "   "}, "text is empty"),
    ({"id": ""}, "id is empty"),
])
def test_an_unknown_row_or_field_or_an_empty_text_is_refused(data_copy, cells, expected):
    line = edit_translation(data_copy, "ru", ("events.csv", "E01", "title"), **cells)
    found = problems_in(data_copy)
    assert found[0] == f"data/translations/ru.csv row {line}: {expected}"
    if cells.get("text") is None:  # the row no longer translates E01's title
        assert found[1:] == ["data/events.csv row 2: title of E01 has no Russian translation "
                             "in data/translations/ru.csv"]
    else:
        assert found[1:] == []


def test_a_quoted_headline_or_an_empty_english_field_has_nothing_to_translate(data_copy):
    # S1's title is the publisher's headline; Kalbajar has no return note.
    edit_csv(data_copy / "translations" / "az.csv", lambda rows: rows.extend([
        {"file": "sources.csv", "id": "S1", "field": "title", "text": "Başlıq"},
        {"file": "handovers.csv", "id": "kalbajar", "field": "return_note", "text": "Qeyd"}]))
    end = len(read_rows(data_copy / "translations" / "az.csv")) + 1
    assert problems_in(data_copy) == [
        f"data/translations/az.csv row {end - 1}: field 'title' of sources.csv S1 has no "
        "English text to translate (empty, or a quoted headline)",
        f"data/translations/az.csv row {end}: field 'return_note' of handovers.csv kalbajar "
        "has no English text to translate (empty, or a quoted headline)"]


def test_a_field_translated_twice_is_refused(data_copy):
    line = translation_line(data_copy, "hy", "periods.csv", "P1", "title")
    edit_csv(data_copy / "translations" / "hy.csv",
             lambda rows: rows.append(dict(rows[line - 2])))
    end = len(read_rows(data_copy / "translations" / "hy.csv")) + 1
    assert problems_in(data_copy) == [
        f"data/translations/hy.csv row {end}: field 'title' of periods.csv P1 is translated "
        f"twice (first in row {line})"]


def test_a_translation_that_changes_a_number_is_refused(data_copy):
    key = ("events.csv", "E18", "summary")
    text = geo.load(DATA).translations[("ru", *key)]
    line = edit_translation(data_copy, "ru", key, text=text.replace("2317", "2318"))
    assert problems_in(data_copy) == [
        f"data/translations/ru.csv row {line}: text does not keep the English numbers: "
        "drops 2317; adds 2318"]


def test_a_translation_that_drops_a_number_is_refused(data_copy):
    key = ("figures.csv", "F7", "claim")
    text = geo.load(DATA).translations[("az", *key)]
    line = edit_translation(data_copy, "az", key,
                            text=text.replace("2020-ci il 14 noyabrdan", "o"))
    assert problems_in(data_copy) == [
        f"data/translations/az.csv row {line}: text does not keep the English numbers: "
        "drops 14, 2020"]


def test_an_english_number_changed_alone_shows_every_stale_translation(data_copy):
    set_cells(data_copy / "figures.csv", "F2",
              claim="2,318 Armenian fighters killed in the 2020 war.")
    assert problems_in(data_copy) == [
        f"data/translations/{code}.csv row "
        f"{translation_line(data_copy, code, 'figures.csv', 'F2', 'claim')}: text does not "
        "keep the English numbers: drops 2318; adds 2317" for code in CODES]


@pytest.mark.parametrize("column", ["en", "az", "hy", "ru", "note"])
def test_a_glossary_term_missing_a_language_or_its_reason_is_refused(data_copy, column):
    set_cells(data_copy / "glossary.csv", "occupied", **{column: ""})
    line = [r["id"] for r in read_rows(data_copy / "glossary.csv")].index("occupied") + 2
    assert problems_in(data_copy) == [f"data/glossary.csv row {line}: {column} is empty"]


def test_a_glossary_term_needs_a_known_use_and_its_own_id(data_copy):
    set_cells(data_copy / "glossary.csv", "liberated", use="neutral")
    set_cells(data_copy / "glossary.csv", "held", id="controlled")
    ids = [r["id"] for r in read_rows(data_copy / "glossary.csv")]
    assert problems_in(data_copy) == [
        f"data/glossary.csv row {ids.index('liberated') + 2}: use 'neutral' is not one of: "
        "own, alongside, attributed",
        f"data/glossary.csv row {ids.index('controlled') + 2}: id 'controlled' appears 2 times",
        f"data/glossary.csv row {len(ids) - ids[::-1].index('controlled') + 1}: id "
        "'controlled' appears 2 times"]


def test_an_english_file_that_cannot_be_read_is_reported_once(data_copy):
    # Its translations wait until it can be read: no problem for each of them.
    edit_csv(data_copy / "figures.csv", lambda rows: [r.pop("claim") for r in rows])
    (data_copy / "periods.csv").write_bytes(
        (data_copy / "periods.csv").read_bytes().replace(b"Autumn", b"\xff"))
    assert problems_in(data_copy) == ["data/periods.csv row 2: is not UTF-8 text (bad byte at "
                                      "offset 69)",
                                      "data/periods.csv: has no periods: the story needs at "
                                      "least one",
                                      "data/figures.csv row 1: claim column is missing"]


def test_without_a_glossary_the_data_still_loads(data_copy):
    (data_copy / "glossary.csv").unlink()
    assert geo.load(data_copy).glossary is None


# --- the glossary and the words of the texts ---------------------------------------------------

def test_the_glossary_gives_every_status_of_the_app(glossary):
    own = {term["en"] for term in glossary if term["use"] == "own"}
    assert set(STATUS_LABELS.values()) | {CONTROLLED_SINCE} <= own


def test_the_glossary_gives_the_loaded_words_as_attributed_only(glossary):
    uses = {term["id"]: term["use"] for term in glossary}
    for loaded in ("liberated", "surrendered", "occupied", "artsakh", "karabakh",
                   "separatist_regime"):
        assert uses[loaded] == "attributed", loaded
    for neutral in ("returned", "handed_over", "held", "controlled", "nagorno_karabakh",
                    "khankendi", "lachin_town"):
        assert uses[neutral] == "own", neutral


def stems(term: str) -> list[str]:
    """How a glossary word is searched for: a phrase whole, a single word by its stem."""
    found = []
    for word in (w.strip() for w in term.split(",")):
        found.append(word if " " in word else word[:max(4, len(word) - 3)])
    return found


# Own names that contain an attributed word ("Karabakh" in "Nagorno-Karabakh"), set aside
# before the search.
CONTAINING = {"en": r"Nagorno-Karabakh", "az": r"Dağlıq Qarabağ", "hy": r"Լեռնային Ղարաբաղ",
              "ru": r"Нагорн\w* Карабах"}


def loaded_words(translations, glossary) -> list[str]:
    """Where an attributed glossary word appears in the project's own texts, as 'lang: id'."""
    found = []
    for lang in ("en", *CODES):
        texts = [re.sub(CONTAINING[lang], "", text)
                 for (code, *_), text in translations.items() if code == lang]
        for term in (t for t in glossary if t["use"] == "attributed"):
            for stem in stems(term[lang].split(" (")[0]):
                pattern = re.compile(rf"(?<!\w){re.escape(stem)}", re.IGNORECASE)
                found += [f"{lang}: {term['id']} in {text[:40]}…" for text in texts
                          if pattern.search(text)]
    return found


def test_no_loaded_word_in_the_projects_own_texts(data, glossary):
    assert loaded_words(data.translations, glossary) == []


@pytest.mark.parametrize(("lang", "text", "term"), [
    ("az", "Kəlbəcər işğaldan azad edildi.", "liberated"),
    ("az", "İşğal olunmuş rayon.", "occupied"),
    ("hy", "Արցախի Հանրապետություն", "artsakh"),
    ("ru", "оккупированные районы", "occupied"),
    ("ru", "Карабах вернулся", "karabakh"),
    ("en", "Aghdam liberated", "liberated"),
])
def test_the_check_finds_a_planted_loaded_word(data, glossary, lang, text, term):
    planted = {**data.translations, (lang, "events.csv", "E13", "summary"): text}
    assert [f for f in loaded_words(planted, glossary) if f.startswith(f"{lang}: {term} ")]


# (own name, the Armenian name given in brackets after it), as glossary ids.
ALONGSIDE = [("khankendi", "stepanakert"), ("lachin_town", "berdzor"), ("zabukh", "aghavno"),
             ("charektar_az", "charektar"), ("khudavang", "dadivank"),
             ("ashaghy_sus", "nerkin_sus"), ("turshsu", "lisagor")]


def out_of_brackets(translations, glossary, own: str, alongside: str) -> list[str]:
    """Where an Armenian name is not in brackets right after the own name (which the
    languages inflect, so it is matched by the stem of its last word)."""
    terms = {term["id"]: term for term in glossary}
    wrong = []
    for (lang, file, row_id, field), text in translations.items():
        if lang == "en":
            continue
        stem = terms[own][lang].split()[-1][:4]
        name = terms[alongside][lang]
        for found in re.finditer(re.escape(name), text):
            before = text[:found.start()]
            if not re.search(rf"(^|\s){re.escape(stem)}\S* \($", before):
                wrong.append(f"{lang} {file} {row_id} {field}: …{before[-30:]}{name}…")
    return wrong


@pytest.mark.parametrize(("own", "alongside"), ALONGSIDE)
def test_armenian_names_follow_the_azerbaijani_name_in_every_language(data, glossary, own,
                                                                      alongside):
    assert out_of_brackets(data.translations, glossary, own, alongside) == []
    name = {term["id"]: term for term in glossary}[alongside]["ru"]
    assert any(name in text for (lang, *_), text in data.translations.items() if lang == "ru")


@pytest.mark.parametrize("text", ["Ստեփանակերտում", "Խանքենդի, Ստեփանակերտ",
                                  "Շուշի (Ստեփանակերտ)"])
def test_the_check_finds_an_armenian_name_alone(data, glossary, text):
    planted = {**data.translations, ("hy", "events.csv", "E03", "summary"): text}
    assert out_of_brackets(planted, glossary, "khankendi", "stepanakert") != []

"""The profanity check: anchored roots, lemma phrases, masked spellings, and the false friends it leaves alone."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from replylint import Linter
from replylint.analysis import analyze
from replylint.checks.base import CheckInput
from replylint.checks.profanity import ProfanityCheck, ProfanityData, ProfanityOptions
from replylint.models import ContextKind, Language


def _check(**data: list[str]) -> ProfanityCheck:
    return ProfanityCheck(ProfanityOptions(), {Language.RU: ProfanityData(**data), Language.EN: ProfanityData(**data)})


def _matches(check: ProfanityCheck, text: str) -> list[str]:
    doc = analyze(text)
    return [text[h.start : h.end] for h in check.run(CheckInput(doc, None, ContextKind.OTHER)) if h.start is not None]


def test_roots_are_tried_on_folded_words() -> None:
    check = _check(roots=["^еб(?:а|у)", "^(?:за|на)?еб(?:а|у)"])
    assert _matches(check, "Ёбаный стыд, вы нас заебали.") == ["Ёбаный", "заебали"]
    assert _matches(check, "Мебель и хлеб привезём, курс может колебаться.") == []


def test_verdicts_are_kept_per_word_across_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word is judged once; the clean words are a dict's keys (a third of a set's memory), turned in generations,
    and a clean word met again in the next generation is carried over without being judged again."""
    from replylint.checks import profanity as profanity_module

    monkeypatch.setattr(profanity_module, "GENERATION", 3)
    check = _check(roots=["^дур"])
    lexicon = check._lexicons[Language.RU]
    judged: list[str] = []
    root_hit = type(lexicon).root_hit
    monkeypatch.setattr(type(lexicon), "root_hit", lambda self, word: judged.append(word) or root_hit(self, word))
    assert lexicon.offending(frozenset({"привет", "дурак"})) == {"дурак"}
    assert type(lexicon.clean) is dict and list(lexicon.clean) == ["привет"]
    assert lexicon.offending(frozenset({"привет", "дурак", "заказ", "день"})) == {"дурак"}
    assert lexicon.offending(frozenset({"номер"})) == set()  # a turn: the three clean words are the previous ones
    assert list(lexicon.clean) == ["номер"] and len(lexicon.previous) == 3
    assert lexicon.offending(frozenset({"привет"})) == set()  # carried over, not judged again
    assert sorted(judged) == ["день", "дурак", "заказ", "номер", "привет"]
    assert list(lexicon.clean) == ["номер", "привет"] and "привет" in lexicon.previous


def test_allow_list_silences_a_root_hit() -> None:
    check = _check(roots=["бля"], allow=["^рубл", "^оскорбл"])
    assert _matches(check, "Бля, 300 рублей, не хотели оскорблять.") == ["Бля"]


def test_lemma_phrases_count_like_roots() -> None:
    check = _check(phrases=["заткнуться:impr", "shut up"])
    assert _matches(check, "Заткнитесь. Shut up.") == ["Заткнитесь", "Shut up"]


def test_masked_spellings_count_only_when_they_fit_a_listed_word() -> None:
    check = _check(masked=["fuck", "пиздец"])
    assert _matches(check, "What the f*ck, п**дец, sh*t.") == ["f*ck", "п**дец"]
    assert _matches(check, "Terms* apply, A*B testing, *sigh*.") == []


def test_words_glued_by_a_missing_space_are_split() -> None:
    check = _check(roots=["^дебил"])
    assert _matches(check, "Сети нет.дебил") == ["нет.дебил"]


def test_handles_links_and_cut_off_words_are_not_words() -> None:
    check = _check(roots=["shit", "^ass$"])
    text = "@Sriharshithatec see www.shitstorm.example/x and as we ass… soon"
    assert _matches(check, text) == []
    assert _matches(check, "kiss my ass.") == ["ass"]


def test_not_counting_phrases_cover_their_words() -> None:
    check = _check(roots=["^stupid"], not_counting=["stupid question|questions"])
    assert _matches(check, "No such thing as a stupid question. Stupid policy.") == ["Stupid"]


def test_quoted_words_are_skipped_unless_configured() -> None:
    data = {Language.RU: ProfanityData(roots=["^бля"])}
    text = "Вы пишете «бля» — такого слова в ответе не было."
    assert _matches(ProfanityCheck(ProfanityOptions(), data), text) == []
    options = ProfanityOptions.model_validate({"skip-quoted": False})
    assert _matches(ProfanityCheck(options, data), text) == ["бля"]


def test_invalid_root_is_rejected_with_its_pattern() -> None:
    with pytest.raises(ValidationError, match=r"invalid regular expression '\(unclosed'"):
        ProfanityData(roots=["(unclosed"])


@pytest.mark.parametrize(
    "text",
    [
        "Страховка включена, возврат 150 рубля, мебель доставим, употреблять до 10.05, курс может колебаться.",
        "Оскорблять клиентов недопустимо; небо ясное, хлеб свежий, ребята уже едут.",
        "Скипидар, эпидермис и педикюр — в разделе «Уход».",
        "Please check the class schedule and your spam folder; we'll assess it and reply.",
        "Hello! The Scunthorpe store has shiitake in stock.",
    ],
)
def test_shipped_rudeness_pack_leaves_false_friends_alone(linter: Linter, text: str) -> None:
    assert [f.match for f in linter.lint(text).findings if f.code in ("RL501", "RL502")] == []

"""Russian customer messages: the grammar and lemma cues, the Russian complaint model, and what they decide."""

from __future__ import annotations

import pytest

from replylint import ContextKind, Language
from replylint.analysis import analyze
from replylint.complaint_model_ru import RUSSIAN, complaint_score, model_dir, model_words
from replylint.customer_message import classify, read_cues

COMPLAINT, QUESTION, PRAISE, THANKS, OTHER = (
    ContextKind.COMPLAINT,
    ContextKind.QUESTION,
    ContextKind.PRAISE,
    ContextKind.THANKS,
    ContextKind.OTHER,
)


@pytest.mark.parametrize(
    "message",
    [
        # A negated verb of functioning, arrival, refund or answering.
        "Принтер после вашей прошивки не печатает вообще.",
        "Бонусы за покупку так и не зачислились.",
        "Я писал вам в чат, никто не ответил.",
        "Не могу зарегистрироваться, кнопка не нажимается.",
        # Waiting and time.
        "Жду мастера уже вторую неделю.",
        "Который день не могу дозвониться до вашего офиса.",
        # Damage, defects, wrong items.
        "Кружка пришла с трещиной и сколом на ручке.",
        "Положили не тот соус, и суп был холодный.",
        # Charges and demands.
        "С карты сняли деньги два раза, разберитесь.",
        "Верните оплату за урок, который отменили.",
        # Negative evaluation and sarcasm.
        "Обслуживание отвратительное, я разочарована.",
        "Ну спасибо, из-за вас опоздал на самолёт.",
        # Questions that are complaints.
        "Почему заказ до сих пор не отправлен?",
        "Сколько можно переносить мою запись?",
    ],
)
def test_unseen_russian_complaints(message: str) -> None:
    assert classify(message, Language.RU).kind is COMPLAINT


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Подскажите, можно ли оплатить доставку картой курьеру?", QUESTION),
        ("А если подарок не подойдёт, его можно обменять?", QUESTION),
        ("Сколько стоит чистка ковра два на три?", QUESTION),
        ("Прекрасный мастер, стрижкой очень довольна!", PRAISE),
        ("Ни разу не пожалели, что отмечали у вас юбилей.", PRAISE),
        ("Пять лет пользуюсь вашим роутером, ни разу не подвёл, отличная вещь!", PRAISE),
        ("Холодильник от вас ни разу не сломался за восемь лет, спасибо.", THANKS),
        ("Спасибо, всё получил, претензий нет.", THANKS),
        ("Благодарю за помощь, вопрос закрыт.", THANKS),
        ("Больше не нужно, разобрался сам.", OTHER),
        # A comparison after a verb and a reported question ask nothing.
        ("Обожаю ваши свечи, пахнут как в детстве!", PRAISE),
        ("Заказывали у вас торт на свадьбу — гости спрашивали, где брали 😍", PRAISE),
        # A clause «то» heads is said, not asked.
        ("Благодарю вас за то, как вы присмотрели за нашим попугаем, пока мы были в отъезде.", THANKS),
        ("Договор номер 5521-Б.", OTHER),
        # «Когда» before a past tense dates what happened and asks nothing.
        ("Спасибо, что быстро прислали мастера, когда у нас потёк кран!", THANKS),
    ],
)
def test_russian_look_alikes_are_no_complaints(message: str, kind: ContextKind) -> None:
    assert classify(message, Language.RU).kind is kind


@pytest.mark.parametrize(
    ("message", "cue"),
    [
        ("Заказ висит в обработке пятые сутки", "пятые сутки"),
        ("Посылку вскрыли, внутри всё мокрое", "мокрое"),
        ("Списали комиссию дважды", "Списали комиссию дважды"),
        ("Спасибо за «вежливого» курьера", "Спасибо за «вежливого"),
        ("Почему опять отключили воду?", "Почему опять"),
    ],
)
def test_the_grammar_cues_name_what_they_found(message: str, cue: str) -> None:
    found = read_cues(analyze(message, Language.RU)).found[COMPLAINT]
    assert found.strong
    assert cue in found.signals


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        # A comparison after an adjective or with what a thing is like asks nothing.
        ("Шикарные ножи, острые как бритва!", False),
        ("Всё пришло вовремя, куртка как в описании.", False),
        ("Забрали щенка, он у нас уже как дома", False),
        ("Ваш бородинский — как в детстве. Спасибо", False),
        ("Подскажите, как в приложении поменять пароль", True),
        ("Как на сайте оформить возврат", True),
    ],
)
def test_a_comparison_is_no_question_cue(message: str, asks: bool) -> None:
    assert bool(read_cues(analyze(message, Language.RU)).found[QUESTION].signals) is asks


def test_the_russian_model_ships_loads_once_and_reads_lemmas_and_negation() -> None:
    assert (model_dir() / "model").is_file()
    assert RUSSIAN.loaded() is RUSSIAN.loaded()
    doc = analyze("Курьер опять не приехал?", Language.RU)
    words = model_words(doc, read_cues(doc).markers)
    assert words[:5] == ["курьер", "опять", "не", "не_приехать", "приехать"]
    assert "?" in words
    assert words[-1] == "__final_complaint"


@pytest.mark.parametrize(
    "message",
    [
        "Сломалась молния на рюкзаке, который брала у вас летом. Это по гарантии?",
        "Не приходит смс с кодом для входа, что делать?",
        "Почему не пришло письмо с чеком после оплаты?",
        "Подскажите, как вернуть обогреватель: он не включается.",
    ],
)
def test_a_question_about_a_problem_without_a_grievance_asks_for_help(message: str) -> None:
    cues = read_cues(analyze(message, Language.RU))
    assert cues.help_request
    assert cues.info.kind is QUESTION
    assert "__help_request" in cues.markers


@pytest.mark.parametrize(
    "message",
    [
        "Сломалась молния на рюкзаке, который брала у вас летом. Это по гарантии?",
        "Почему не пришло письмо с чеком после оплаты?",
        "Подскажите, как вернуть обогреватель: он не включается.",
    ],
)
def test_the_model_leaves_a_help_request_a_question(message: str) -> None:
    assert classify(message, Language.RU).kind is QUESTION


@pytest.mark.parametrize(
    "message",
    [
        "Молния на рюкзаке сломалась уже второй раз, это по гарантии?",
        "Смс с кодом так и не приходит, сколько ждать?",
        "Почему шаги опять не засчитались? Я же писала в поддержку.",
        "Обогреватель не включается, а обещали заменить ещё в понедельник. Когда?",
    ],
)
def test_a_question_with_a_grievance_stays_a_complaint(message: str) -> None:
    cues = read_cues(analyze(message, Language.RU))
    assert not cues.help_request
    assert classify(message, Language.RU).kind is COMPLAINT


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        ("Третий раз привозят испорченные продукты, надоело.", True),
        ("Интернет отваливается каждый вечер, работать невозможно.", True),
        ("Всё пришло вовремя, спасибо большое!", False),
        ("Есть ли у вас доставка в Тверь?", False),
    ],
)
def test_the_russian_model_decides_clear_messages(message: str, complaint: bool) -> None:
    doc = analyze(message, Language.RU)
    score = complaint_score(model_words(doc, read_cues(doc).markers))
    assert 0.0 <= score <= 1.0
    assert (score >= 0.5) is complaint, score


@pytest.mark.parametrize(
    ("message", "marks"),
    [
        ("Отличная аптека, но вывеска мелковата 🙂", ["__smile", "__praise_but"]),
        ("Кафе уютное, десерты чудесные, только музыку бы потише 😊", ["__smile", "__praise_but"]),
        ("Не жалуюсь, просто хочу понять, откуда такая цена.", ["__disowned", "__curious"]),
        ("Почему в субботу сеанс дороже? Без претензий, просто интересно.", ["__disowned", "__curious"]),
        ("Курьер опять не приехал, я жалуюсь.", []),
        ("Отличная аптека, всегда всё есть.", []),
        ("Просто ужас, а не сервис!", []),
    ],
)
def test_the_model_reads_a_message_that_softens_what_it_names(message: str, marks: list[str]) -> None:
    doc = analyze(message, Language.RU)
    markers = read_cues(doc).markers
    words = model_words(doc, markers)
    assert [w for w in words if w in {"__smile", "__praise_but", "__disowned", "__curious"}] == marks
    assert words[-len(markers) :] == markers


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Отличная аптека, но вывеска мелковата 🙂", PRAISE),
        ("Почему в субботу сеанс дороже? Без претензий, просто интересно.", QUESTION),
        ("Почему заказ до сих пор не пришёл? Жду вторую неделю.", COMPLAINT),
    ],
)
def test_praise_with_a_small_flaw_and_a_curious_why_are_no_complaints(message: str, kind: ContextKind) -> None:
    assert classify(message, Language.RU).kind is kind


@pytest.mark.parametrize(
    "message",
    ["Не работает оплата картой.", "Не приходит код подтверждения.", "Так и не дождался ответа."],
)
def test_a_bare_report_of_a_failure_is_a_complaint_where_the_model_is_unsure(message: str) -> None:
    cues = read_cues(analyze(message, Language.RU))
    assert cues.found[COMPLAINT].strong
    info = classify(message, Language.RU)
    assert info.kind is COMPLAINT, info


@pytest.mark.parametrize(
    ("message", "kind"),
    [("Не работает ли у вас доставка по воскресеньям?", QUESTION), ("У вас всё работает, спасибо!", THANKS)],
)
def test_a_failure_word_in_a_question_or_thanks_is_no_strong_complaint(message: str, kind: ContextKind) -> None:
    assert classify(message, Language.RU).kind is kind


@pytest.mark.parametrize(
    ("message", "kind", "sincere"),
    [
        ("Спасибо мастеру Олегу — починил кран, с которым другие так и не справились.", THANKS, True),
        ("Отличная пекарня! Только круассаны вчера были чуть помяты.", PRAISE, True),
        ("Спасибо за «быстрый» ремонт: машина так и не заводится.", COMPLAINT, False),
    ],
)
def test_a_strong_cue_beside_sincere_praise_keeps_no_floor_of_its_own(
    message: str, kind: ContextKind, sincere: bool
) -> None:
    cues = read_cues(analyze(message, Language.RU))
    assert cues.found[COMPLAINT].strong
    assert cues.sincere_praise is sincere  # «quoted» praise, «ну спасибо», «спасибо, но»: the floor holds
    assert classify(message, Language.RU).kind is kind

"""The learned blame, dismissal, condescension and insult classifiers of Russian sentences and the check kind that
reports what they find and no rule reported (RL205, RL303, RL404, RL505): shipped weights, the words they read,
and where they stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc as SpacyDoc

from replylint import Config, Language, Linter
from replylint.analysis import analyze
from replylint.errors import ConfigError
from replylint.hostile_model import HOSTILE_MODELS, THRESHOLDS, learned_sentences, sentence_scores, sentence_words
from replylint.models import Act

COMPLAINT = "Телефон перестал включаться через неделю, верните деньги!"


@pytest.fixture(scope="module")
def linter() -> Linter:
    """Every rule, preview ones included."""
    return Linter(Config(preview=True))


def _codes(linter: Linter, reply: str) -> list[str]:
    return [f.code for f in linter.lint(reply, language="ru", context=COMPLAINT).findings]


def _score(act: Act, sentence: str) -> float:
    """The score the classifier of ``act`` gives one Russian sentence."""
    return HOSTILE_MODELS[act].score(sentence_words(analyze(sentence, Language.RU).tokens))


def test_the_classifiers_ship_in_the_package_and_load_once() -> None:
    for model in HOSTILE_MODELS.values():
        assert (model.model_dir() / "model").is_file()
        assert model.loaded() is model.loaded()


def test_the_classifiers_read_lemmas_and_marked_grammemes() -> None:
    doc = analyze("Вы перепутали адреса.", Language.RU)
    words = sentence_words(doc.tokens)
    assert words[:5] == ["вы", "g:2per", "перепутать", "g:past", "адрес"]
    assert words[-1] == "."
    model = HOSTILE_MODELS[Act.BLAME]
    nlp = model.blank_pipeline()
    textcat = nlp.get_pipe("textcat")
    textcat.from_disk(model.model_dir(), exclude=["vocab"])
    assert model.score(words) == pytest.approx(textcat(SpacyDoc(nlp.vocab, words=words)).cats["blame"])


def test_an_insinuation_no_phrase_lists_is_blame(linter: Linter) -> None:
    reply = "Здравствуйте. Видимо, вы были в туннеле, когда курьер звонил."
    doc = analyze(reply, Language.RU)
    assert learned_sentences(doc, Act.BLAME) == [(doc.sentences[1].start, doc.sentences[1].end)]
    assert "RL205" in _codes(linter, reply)


def test_quoted_words_are_not_read() -> None:
    said = "Видимо, вы были в туннеле, когда курьер звонил."
    doc = analyze(f"Вы пишете: «{said}»", Language.RU)
    assert _score(Act.BLAME, said) >= THRESHOLDS[Act.BLAME]
    assert learned_sentences(doc, Act.BLAME) == []


def test_a_sentence_another_rule_reported_is_not_reported_twice(linter: Linter) -> None:
    codes = _codes(linter, "Вы сами виноваты: телефон роняли.")
    assert "RL201" in codes and "RL205" not in codes


def test_a_finding_of_another_category_leaves_the_sentence_open(linter: Linter) -> None:
    """Shouting (RL110) in a blaming sentence is no report of its blame."""
    reply = "Видимо, вы были в туннеле, когда курьер звонил ВАМ."
    codes = _codes(linter, reply)
    assert "RL110" in codes and "RL205" in codes


@pytest.mark.parametrize(
    "reply",
    [
        "Нам нужно было раньше предупредить вас о переносе.",
        "Вы не перепутали даты бронирования?",
        "Вы правы, курьер поступил неправильно.",
    ],
)
def test_first_person_questions_and_concessions_are_left_alone(linter: Linter, reply: str) -> None:
    assert "RL205" not in _codes(linter, reply)


def test_an_offer_remedies_a_redirect(linter: Linter) -> None:
    redirect = "Ремонтом занимается производитель, адрес сервиса есть на коробке."
    assert "RL404" in _codes(linter, redirect)
    assert "RL404" not in _codes(linter, f"{redirect} Можем предложить бонусы на счёт.")


def test_the_company_refusing_in_the_first_person_is_dismissal(linter: Linter) -> None:
    assert "RL404" in _codes(linter, "Мы не отвечаем на вопросы о чужих заказах.")
    assert "RL404" not in _codes(linter, "Пишите нам в любое время.")  # the company as the one to write to


def test_rl505_reads_questions_and_leaves_the_familiar_register_alone(linter: Linter) -> None:
    mocking = "А сами вы читаете, что вам пишут?"
    assert _score(Act.INSULT, mocking) >= THRESHOLDS[Act.INSULT]
    assert "RL505" in _codes(linter, mocking)
    assert "RL505" not in _codes(linter, "Вы пробовали перезапустить приложение?")
    # «ты»: a register the tune replies hardly use. The singular imperative scores as its plural does (the two share
    # their lemmas), and only the plural is reported.
    familiar, formal = "Не морочь людям голову.", "Не морочьте людям голову."
    assert _score(Act.INSULT, familiar) >= THRESHOLDS[Act.INSULT]
    assert "RL505" not in _codes(linter, familiar)
    assert "RL505" in _codes(linter, formal)


#: Polite refusals and apologies that the insult classifier must leave alone at its threshold, whatever the
#: retrain: a fixed guard, written apart from the tune data and from the refusals the classifier learns (the first
#: one scored 0.75 after one retrain, 0.42–0.67 over five seeds before those refusals were learned).
POLITE_REFUSALS_AND_APOLOGIES = (
    "К сожалению, мы не можем вернуть деньги.",
    "К сожалению, вернуть деньги за использованный билет мы не можем.",
    "Приносим извинения за задержку доставки.",
    "Простите, что заставили вас ждать.",
    "Нам очень жаль, что так вышло.",
    "По правилам акции скидка не суммируется с другими предложениями.",
    "Этот товар надлежащего качества обмену и возврату не подлежит, к сожалению.",
    "К сожалению, перенести бронь на другую дату уже нельзя.",
    "Мы не можем выдать заказ без паспорта — таковы требования закона.",
    "Извините, но компенсация по этому тарифу не предусмотрена.",
    "Простите нас, пожалуйста, курьер действительно опоздал.",
    "Понимаем ваше недовольство, но отменить штраф мы не вправе.",
    "Увы, эта модель снята с производства, и запчастей к ней нет.",
    "Мы не можем раскрывать данные других клиентов.",
    "Жаль, что поездка вам не понравилась.",
    "Вынуждены отказать: гарантийный срок истёк в марте.",
    "К сожалению, мы не можем вернуть вам стоимость билета.",
    "К сожалению, мы не можем оплатить ремонт.",
    "К сожалению, мы не можем выслать замену бесплатно.",
    "К сожалению, деньги за первый месяц не возвращаются.",
    "Не можем вернуть деньги за подарочную карту, это условие её покупки.",
    "Мы не можем вернуть деньги на чужую карту.",
    "Возмещение расходов на гостиницу в этом случае не предусмотрено.",
    "К сожалению, бесплатная отмена по этому тарифу не предусмотрена.",
    "Мы вынуждены отказать в обмене: на товаре нет бирок.",
    "Вынуждены отменить заказ, потому что товара не оказалось на складе.",
    "К сожалению, мы вынуждены закрыть обращение без возврата.",
    "Приносим извинения, но вернуть деньги за прошедший сеанс мы не можем.",
)


#: Polite troubleshooting suggestions, a hedged guess at a slip on the customer's side and a polite request to retry
#: or check, that the condescension and blame classifiers must leave well under their thresholds, whatever the
#: retrain: a fixed guard, written apart from the tune data and from the suggestions they learn (the first one read
#: 0.782 as condescension after one retrain, before those suggestions were learned).
POLITE_TROUBLESHOOTING = (
    "Возможно, вы ввели неверный код — попробуйте, пожалуйста, ещё раз.",
    "Вероятно, вы указали адрес без номера дома; уточните его, пожалуйста, в ответном письме.",
    "Возможно, в логине есть лишний пробел — введите его, пожалуйста, ещё раз.",
    "Возможно, вы выбрали не ту дату заезда — давайте проверим бронь вместе.",
    "Возможно, вы ввели почту с опечаткой — попробуйте, пожалуйста, зарегистрироваться ещё раз.",
    "Возможно, карта не прошла из-за ограничения банка — попробуйте, пожалуйста, другую карту.",
    "Возможно, батарейки в пульте сели — замените их, пожалуйста, и попробуйте снова.",
    "Может быть, при оплате сработала защита банка; позвоните, пожалуйста, по номеру на обороте карты.",
    "Возможно, номер заказа указан с ошибкой — пришлите, пожалуйста, скриншот из личного кабинета.",
    "Вероятно, вы подключились к сети кафе, а не к нашей; выберите, пожалуйста, сеть «Гости».",
)
#: The company owning the matter, which the dismissal classifier must leave well under its threshold, whatever the
#: retrain: a fixed guard, written apart from the tune data and from the sentences it learns (a retrain read «Мы несём
#: полную ответственность за сохранность вещей в гардеробе.» 0.76 as dismissal before those were learned).
OWNED_RESPONSIBILITY = (
    "Наш интернет-магазин отвечает за комплектность каждой посылки.",
    "Я как главный врач клиники беру ответственность за эту ситуацию на себя.",
    "Пусть ремонт выполнял субподрядчик, за результат перед вами отвечаем мы.",
    "Ошибка в выписке наша, и банк исправит её до завтрашнего утра.",
    "Мы берём расходы на перебронирование билетов на себя.",
    "Это наша задача, а вам ничего делать не нужно.",
    "За перебои со связью в вашем районе отвечает наша техническая служба, и она уже работает на месте.",
    "Гостиница несёт ответственность за шум от ремонта, о котором мы вас не предупредили.",
    "Это на нас, мы всё уладим!",
    "Школа признаёт свою вину в путанице с расписанием и берёт исправление на себя.",
    "Мы гарантируем замену разбитой посуды, ведь за упаковку отвечали именно мы.",
    "Я лично отвечаю перед Вами за то, чтобы заказ пришёл в срок.",
)
#: How far under its threshold a guarded sentence scores.
MARGIN = 0.1


@pytest.mark.parametrize(
    ("name", "guard", "least"),
    [
        ("ru_polite_refusals.txt", POLITE_REFUSALS_AND_APOLOGIES, 100),
        ("ru_polite_troubleshooting.txt", POLITE_TROUBLESHOOTING, 50),
        ("ru_owned_responsibility.txt", OWNED_RESPONSIBILITY, 50),
    ],
)
def test_the_guards_are_not_among_the_sentences_the_classifiers_learn(
    name: str, guard: tuple[str, ...], least: int
) -> None:
    """The classifiers learn hand-written polite refusals (insult), troubleshooting suggestions (condescension,
    blame) and sentences of the company owning the matter (dismissal, blame) as sentences without the act
    (``scripts/data/``); the guards stay apart from them, so they measure what was learned."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "data" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    learned = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert len(learned) > least
    assert not learned & set(guard)


@pytest.mark.parametrize("sentence", POLITE_REFUSALS_AND_APOLOGIES)
def test_polite_refusals_and_apologies_are_not_insults(linter: Linter, sentence: str) -> None:
    assert _score(Act.INSULT, sentence) < THRESHOLDS[Act.INSULT]
    assert "RL505" not in _codes(linter, sentence)


@pytest.mark.parametrize("sentence", POLITE_TROUBLESHOOTING)
def test_polite_troubleshooting_is_neither_condescension_nor_blame(linter: Linter, sentence: str) -> None:
    for act in (Act.CONDESCENSION, Act.BLAME):
        assert _score(act, sentence) < THRESHOLDS[act] - MARGIN, act
    assert not {"RL205", "RL303"} & set(_codes(linter, sentence))


@pytest.mark.parametrize("sentence", OWNED_RESPONSIBILITY)
def test_owned_responsibility_is_no_dismissal(linter: Linter, sentence: str) -> None:
    assert _score(Act.DISMISSAL, sentence) < THRESHOLDS[Act.DISMISSAL] - MARGIN
    assert "RL404" not in _codes(linter, sentence)


def test_a_reply_is_read_once_for_every_act() -> None:
    doc = analyze("Здравствуйте! Обычно люди сначала читают инструкцию, а потом пишут в поддержку.", Language.RU)
    found = {act: learned_sentences(doc, act) for act in HOSTILE_MODELS}
    assert found[Act.CONDESCENSION] == [(doc.sentences[1].start, doc.sentences[1].end)]
    assert found[Act.BLAME] == found[Act.INSULT] == []
    other = analyze("Инструкция к чайнику лежит в коробке.", Language.RU)
    assert learned_sentences(other, Act.CONDESCENSION) == []


def test_the_sentences_of_a_reply_are_scored_in_one_batch_as_spacy_scores_each() -> None:
    doc = analyze("Здравствуйте! «Вы сами всё сломали.» Видимо, вы были в туннеле.", Language.RU)
    for act, model in HOSTILE_MODELS.items():
        nlp = model.blank_pipeline()
        textcat = nlp.get_pipe("textcat")
        textcat.from_disk(model.model_dir(), exclude=["vocab"])
        scores = sentence_scores(doc, act)
        for sentence, score in zip(doc.sentences, scores, strict=True):
            words = sentence_words([t for t in doc.tokens[sentence.first : sentence.last] if not t.quoted])
            expected = textcat(SpacyDoc(nlp.vocab, words=words)).cats[act.value] if words else 0.0
            assert score == pytest.approx(expected, abs=1e-6)
        assert scores[1] == 0.0  # the customer's words, quoted whole: nothing left to read
        assert sentence_scores(doc, act) is scores  # read once per reply


def test_rl205_reads_russian_questions_only() -> None:
    """``read-questions`` as a list of languages: RL205 reads a Russian accusing question, and an English question
    with a blame cue stays troubleshooting; with ``false`` the Russian question is left alone too."""
    accusing = "Видимо, вы были в метро, когда курьер звонил?"
    assert "RL205" in _codes(Linter(), accusing)
    assert "RL205" not in _codes(Linter(), "Вы не перепутали даты бронирования?")
    english = Linter().lint("Are you failing to log in on the app? Here is a reset link.", language="en")
    assert "RL205" not in {f.code for f in english.findings}
    off = Linter(Config(rules={"RL205": {"options": {"read-questions": False}}}))
    assert "RL205" not in _codes(off, accusing)
    every = Linter(Config(rules={"RL205": {"options": {"read-questions": True}}}))
    assert "RL205" in _codes(every, accusing)


def test_english_replies_are_read_by_the_act_cues() -> None:
    assert learned_sentences(analyze("Видимо, вы были в туннеле.", Language.EN), Act.BLAME) == []


def test_an_act_without_a_classifier_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="no learned classifier"):
        Linter(Config(preview=True, rules={"RL205": {"options": {"act": "hostile-question"}}}))


#: Plain sentences, written apart from the tune data, that none of the blame, condescension and dismissal
#: classifiers may read as its act at its threshold, whatever the retrain: the company's own excuses and causes outside
#: the customer, neutral instructions and plain information. None read over 0.46 under a retrain with another seed
#: or with the newest batch left out (docs/acts.md); «На улице было холодно, курьер задержался на 5 минут.», which
#: reads 0.76 as blame with the shipped weights, is not among them.
PLAIN_SENTENCES = (
    "Из-за снегопада рейс задержали на два часа.",
    "Поставщик отгрузил нам не ту партию, поэтому заказ пришёл с опозданием.",
    "Курьерская служба перепутала адрес, и посылка уехала в другой город.",
    "В тот день у нас сломался холодильник, поэтому десерта не было.",
    "Банк-партнёр задержал перевод на сутки.",
    "Сотрудник склада ошибся при сборке заказа.",
    "Задержка произошла из-за сбоя в платёжной системе.",
    "Водитель попал в пробку на въезде в город.",
    "Из-за ремонта дороги автобус шёл в объезд.",
    "Приложение не работало из-за сбоя у нашего провайдера.",
    "Посылку повредили при перевозке.",
    "Перед праздниками склад был перегружен, и отправка задержалась.",
    "Мастер заболел, поэтому визит перенесли.",
    "Магазин закрылся раньше из-за отключения электричества.",
    "Чтобы оформить возврат, заполните форму на сайте.",
    "Нажмите кнопку «Восстановить пароль» на странице входа.",
    "Пришлите, пожалуйста, номер заказа.",
    "Перезагрузите роутер и подождите пару минут.",
    "Возврат придёт на карту в течение трёх рабочих дней.",
    "Мастер приедет завтра с 10 до 12.",
    "Гарантийный ремонт можно оформить в любом сервисном центре, адреса есть на сайте.",
    "Проверьте, пожалуйста, папку со спамом: письмо могло попасть туда.",
    "Для входа используйте номер телефона, указанный при регистрации.",
    "Мы передали ваш отзыв руководителю смены.",
    "Спасибо, что рассказали нам об этом.",
    "Ближайший пункт выдачи находится на улице Ленина, 5.",
    "Уточните, пожалуйста, удобное время для звонка.",
)
#: Sentences of each act, written apart from the tune data, that its classifier must read as the act at its
#: threshold, whatever the retrain.
ACT_SENTENCES = (
    ("Вы сами указали неверный адрес.", Act.BLAME),
    ("Проблема возникла из-за того, что вы неправильно подключили устройство.", Act.BLAME),
    ("Курьер звонил вам трижды, но вы не брали трубку.", Act.BLAME),
    ("Вы опоздали на посадку, поэтому билет сгорел.", Act.BLAME),
    ("Вы сами виноваты в том, что пропустили срок.", Act.BLAME),
    ("Ещё раз медленно объясняю: кнопка находится справа.", Act.CONDESCENSION),
    ("Это знает любой школьник.", Act.CONDESCENSION),
    ("Прежде чем писать нам, стоит хотя бы открыть инструкцию.", Act.CONDESCENSION),
    ("Повторяем для невнимательных: доставка платная.", Act.CONDESCENSION),
    ("Ничем помочь не можем.", Act.DISMISSAL),
    ("Вопрос считаем закрытым.", Act.DISMISSAL),
    ("Дальнейшая переписка не имеет смысла.", Act.DISMISSAL),
    ("Все вопросы к производителю.", Act.DISMISSAL),
)


@pytest.mark.parametrize("sentence", PLAIN_SENTENCES)
def test_plain_sentences_are_no_blame_condescension_or_dismissal(linter: Linter, sentence: str) -> None:
    for act in (Act.BLAME, Act.CONDESCENSION, Act.DISMISSAL):
        assert _score(act, sentence) < THRESHOLDS[act], act
    assert not {"RL205", "RL303", "RL404"} & set(_codes(linter, sentence))


@pytest.mark.parametrize(("sentence", "act"), ACT_SENTENCES)
def test_plain_acts_are_read_as_their_act(sentence: str, act: Act) -> None:
    assert _score(act, sentence) >= THRESHOLDS[act]

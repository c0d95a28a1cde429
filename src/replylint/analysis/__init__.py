"""Analysis of a reply: language, tokens, sentences, morphology, quotes and placeholders."""

from replylint.analysis.doc import Doc, Sentence, Token
from replylint.analysis.language import detect_language
from replylint.analysis.morphology import Reading, warm_up
from replylint.analysis.pipeline import analyze

__all__ = ["Doc", "Reading", "Sentence", "Token", "analyze", "detect_language", "warm_up"]

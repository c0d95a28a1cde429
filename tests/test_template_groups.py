"""The template groups of ``scripts/template_groups.py``: near-duplicate brand replies share a fold in the next-step
model's cross-validation."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "template_groups.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("template_groups", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_handles_links_numbers_and_signatures_do_not_tell_templates_apart() -> None:
    words = _module().template_words("@anna_k Hi Anna! Please email us at https://x.io/81 with order 4411 ^JD")
    assert words == ["hi", "anna", "please", "email", "us", "at", "with", "order"]


def test_near_duplicates_share_a_group_and_other_replies_do_not() -> None:
    replies = [
        "@anna_k Hi Anna. Have you already tried resetting your password with the steps here: https://x.io/a ^JD",
        "@bo_42 Hi there. Just to confirm, have you already tried resetting your password with the steps here: https://x.io/b",
        "@carl Sorry for the wait! Your parcel left our depot this morning and arrives tomorrow.",
        "@dee Sorry for the wait! We've refunded the second charge; it shows in 3 to 5 days.",
    ]
    groups = _module().template_groups(replies)
    assert groups[0] == groups[1]
    assert len({groups[1], groups[2], groups[3]}) == 3

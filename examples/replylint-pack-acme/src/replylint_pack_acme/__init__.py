"""Acme's replylint rules: the packs are the ``*.toml`` files beside this module, the check kind is in
:mod:`replylint_pack_acme.checks` (imported only when a linter is built)."""

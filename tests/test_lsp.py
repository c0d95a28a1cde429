"""``replylint lsp`` in a real client session over standard input and output (pytest-lsp): diagnostics on open
and change with UTF-16 ranges, hover, code actions that fix or suppress, configuration found as the CLI does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "replylint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    params = types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _offset(text: str, position: types.Position) -> int:
    """A character offset from an LSP position, counting UTF-16 code units (written apart from the server's)."""
    line_start = 0
    for _ in range(position.line):
        line_start = text.index("\n", line_start) + 1
    units = 0
    offset = line_start
    while units < position.character:
        units += 2 if ord(text[offset]) > 0xFFFF else 1
        offset += 1
    return offset


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(
        ((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def _open(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def _change(client: LanguageClient, path: Path, text: str, version: int) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def _by_code(diagnostics: list[types.Diagnostic]) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in diagnostics}


@pytest.mark.asyncio
async def test_open_hover_fix_and_edit(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    text = "Hi 😀 there!!!\nДенежные средства 👍 вернём в установленный срок.\n"
    found = _by_code(await _open(client, path, text))
    run = found["RL101"]
    # "Hi 😀 there" is 11 UTF-16 code units: the emoji counts two.
    assert (run.range.start.line, run.range.start.character, run.range.end.character) == (0, 11, 14)
    assert run.severity == types.DiagnosticSeverity.Warning and run.source == "replylint"
    jargon, late = sorted(
        (d for d in client.diagnostics[path.as_uri()] if d.code == "RL701"), key=lambda d: d.range.start.character
    )
    assert (jargon.range.start.line, jargon.range.start.character, jargon.range.end.character) == (1, 0, 17)
    # «в установленный срок» is at character 27 of its line, UTF-16 unit 28: "👍" counts two.
    assert (late.range.start.line, late.range.start.character, late.range.end.character) == (1, 28, 48)

    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line=0, character=12))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "**RL101**" in hover.contents.value
    assert "Runs such as “!!!” or “?!” read as shouting" in hover.contents.value  # the rule's explanation

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            range=jargon.range,
            context=types.CodeActionContext(diagnostics=[jargon]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Fix RL701"))
    assert fix.is_preferred and "Disable RL701 for this line" in titles
    assert fix.edit is not None and fix.edit.changes is not None
    text = _apply(text, fix.edit.changes[path.as_uri()])
    assert text == "Hi 😀 there!!!\nДеньги 👍 вернём в установленный срок.\n"
    found = _by_code(await _change(client, path, text, 2))
    left = found["RL701"]  # the other jargon finding, moved by the edit
    assert (left.range.start.line, left.range.start.character, left.range.end.character) == (1, 17, 37)
    assert len([d for d in client.diagnostics[path.as_uri()] if d.code == "RL701"]) == 1

    text = text.replace("!!!", "!")
    assert "RL101" not in _by_code(await _change(client, path, text, 3))


@pytest.mark.parametrize(
    ("name", "text", "comment"),
    [
        ("reply.j2", "Hello {{ name }},\nThanks!!!\n", "{# replylint: disable-next-line=RL101 #}\n"),
        ("reply.md", "# Hi\n\nThanks!!!\n", "<!-- replylint: disable-next-line=RL101 -->\n"),
        ("macros.yml", "macros:\n  - body: |\n      Thanks!!!\n", "  # replylint: disable-next-line=RL101\n  - body"),
    ],
)
@pytest.mark.asyncio
async def test_suppression_in_the_files_own_syntax(
    client: LanguageClient, tmp_path: Path, name: str, text: str, comment: str
) -> None:
    path = tmp_path / name
    run = _by_code(await _open(client, path, text))["RL101"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            range=run.range,
            context=types.CodeActionContext(diagnostics=[run]),
        )
    )
    assert actions is not None
    disable = next(a for a in actions if isinstance(a, types.CodeAction) and a.title == "Disable RL101 for this line")
    assert disable.edit is not None and disable.edit.changes is not None
    fixed = _apply(text, disable.edit.changes[path.as_uri()])
    assert comment in fixed
    assert "RL101" not in _by_code(await _change(client, path, fixed, 2))


@pytest.mark.asyncio
async def test_configuration_is_found_as_the_cli_finds_it(client: LanguageClient, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / ".replylint.toml").write_text('ignore = ["RL101"]\n', encoding="utf-8")
    text = "Thanks!!! As per our policy, refunds take a week.\n"
    assert {"RL101", "RL701"} <= set(_by_code(await _open(client, tmp_path / "a.txt", text)))
    in_quiet = set(_by_code(await _open(client, quiet / "a.txt", text)))
    assert "RL701" in in_quiet and "RL101" not in in_quiet


@pytest.mark.asyncio
async def test_a_configuration_written_while_the_server_runs_applies_at_the_next_change(
    client: LanguageClient, tmp_path: Path
) -> None:
    """The configuration is read again for each lint, as each ``replylint check`` reads it: one written, changed or
    removed while the editor is open applies at the next change, without restarting the server."""
    path = tmp_path / "a.txt"
    text = "Thanks!!! As per our policy, refunds take a week.\n"
    assert {"RL101", "RL701"} <= set(_by_code(await _open(client, path, text)))
    config = tmp_path / ".replylint.toml"
    config.write_text('ignore = ["RL101"]\n', encoding="utf-8")
    quiet = set(_by_code(await _change(client, path, text, 2)))
    assert "RL701" in quiet and "RL101" not in quiet
    config.write_text('ignore = ["RL701"]\n', encoding="utf-8")
    changed = set(_by_code(await _change(client, path, text, 3)))
    assert "RL101" in changed and "RL701" not in changed
    config.unlink()
    assert {"RL101", "RL701"} <= set(_by_code(await _change(client, path, text, 4)))


@pytest.mark.asyncio
async def test_fragments_and_exclude_read_as_the_cli_reads_them(client: LanguageClient, tmp_path: Path) -> None:
    """Patterns are relative to the configuration's folder, whatever folder the server was started in: a fragment
    is linted as one, and a file the configuration excludes is not linted (as `replylint check` never lints it)."""
    config = 'fragments = ["ui/*.txt"]\nfragment-ignore = ["RL101"]\nextend-exclude = ["drafts/"]\n'
    (tmp_path / ".replylint.toml").write_text(config, encoding="utf-8")
    for folder in ("ui", "drafts", "replies"):
        (tmp_path / folder).mkdir()
    text = "Thanks!!!\n"
    assert "RL101" in _by_code(await _open(client, tmp_path / "replies" / "a.txt", text))
    assert "RL101" not in _by_code(await _open(client, tmp_path / "ui" / "a.txt", text))
    assert list(await _open(client, tmp_path / "drafts" / "a.txt", text)) == []
    assert list(await _open(client, tmp_path / "README.md", text)) == []


@pytest.mark.asyncio
async def test_a_file_that_cannot_be_read_says_why(client: LanguageClient, tmp_path: Path) -> None:
    (diagnostic,) = await _open(client, tmp_path / "macros.yml", "body: [unclosed\n")
    assert diagnostic.message.startswith("not linted: invalid YAML")
    assert diagnostic.severity == types.DiagnosticSeverity.Warning

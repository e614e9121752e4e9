"""Reading files as they are on disk, and YAML errors in plain words at the right place."""

from __future__ import annotations

import tracemalloc

from scrplan.plan.yamltree import load_plan_text, locate


def problems_of(path):
    _, problems = load_plan_text(path)
    return [(p.location.line, p.location.col, p.code, p.message) for p in problems]


def test_bom_and_crlf_keep_the_text_exact_and_marks_index_it(tmp_path):
    raw = "\ufefftitle: Plan\r\nrecommendations:\r\n  - id: 7\r\n    rag: amber  # note\r\n"
    path = tmp_path / "p.yaml"
    path.write_bytes(raw.encode("utf-8"))
    source, problems = load_plan_text(path)
    assert problems == []
    assert source.raw == raw
    assert source.bom and source.newline == "\r\n"
    assert source.data == {"title": "Plan", "recommendations": [{"id": 7, "rag": "amber"}]}
    from scrplan.plan.yamltree import find_node

    _, node = find_node(source.root, ("recommendations", 0, "rag"))
    assert source.text[node.start_mark.index : node.end_mark.index] == "amber"
    assert locate(source.root, ("recommendations", 0, "rag")) == (4, 10)


def test_dates_stay_text_so_the_model_can_locate_a_bad_one(write):
    source, problems = load_plan_text(
        write("title: x\nreport_date: 2017-02-30\nplan_date: 2017-03-31\n")
    )
    assert problems == []
    assert source.data["report_date"] == "2017-02-30"
    assert source.data["plan_date"] == "2017-03-31"


def test_every_duplicate_key_is_reported_naming_both_lines(write):
    path = write(
        """\
        title: x
        recommendations:
          - id: 1
            rag: red
            recommendation: y
            rag: green
          - id: 2
            recommendation: z
        title: again
        """
    )
    assert problems_of(path) == [
        (
            6,
            5,
            "duplicate-key",
            "`rag` is given twice in the same place (first on line 4); YAML would silently "
            "keep only the second one. Delete one of them, or merge their contents",
        ),
        (
            9,
            1,
            "duplicate-key",
            "`title` is given twice in the same place (first on line 1); YAML would silently "
            "keep only the second one. Delete one of them, or merge their contents",
        ),
    ]


def test_a_tab_in_indentation_is_named_as_a_tab(write):
    path = write("title: x\nrecommendations:\n\t- id: 1\n", dedent=False)
    [(line, col, code, message)] = problems_of(path)
    assert (line, col, code) == (3, 1, "yaml-syntax")
    assert message.startswith(
        "a tab character is used for indentation here; YAML only allows spaces"
    )


def test_a_tab_inside_a_mapping_is_named_as_a_tab(write):
    path = write("title: x\nrecommendations:\n  - id: 1\n  \trecommendation: y\n", dedent=False)
    [(line, col, code, message)] = problems_of(path)
    assert (line, col, code) == (4, 3, "yaml-syntax")
    assert "tab character" in message


def test_syntax_error_points_at_the_problem_in_plain_words(write):
    path = write("title: Plan: with a colon\n")
    assert problems_of(path) == [
        (
            1,
            12,
            "yaml-syntax",
            "a colon followed by a space (`: `) inside a value confuses YAML. Put the whole "
            "value in quotes, or use a `|` block for long text [YAML: mapping values are not "
            "allowed in this context]",
        )
    ]


def test_unclosed_quote_says_where_it_started(write):
    path = write("title: 'Plan\nsummary: x\n")
    [(line, _, code, message)] = problems_of(path)
    assert (line, code) == (3, "yaml-syntax")
    assert "missing closing quote" in message and "starts on line 1" in message


def test_empty_and_comment_only_files(write):
    for text in ("", "# nothing yet\n"):
        assert problems_of(write(text)) == [
            (
                1,
                1,
                "empty-file",
                "this file is empty: a plan needs at least `title:` and `recommendations:`",
            )
        ]


def test_non_utf8_file_points_at_the_byte(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("title: x\nsummary: caf\xe9\n".encode("latin-1"))
    assert problems_of(path) == [
        (
            2,
            13,
            "not-utf8",
            "this file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8 "
            "(in Excel or Notepad: Save As > Encoding: UTF-8)",
        )
    ]


def test_binary_and_utf16_files(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # At 1:1, like every other problem, so that editors and CI annotations can place it.
    assert [p[:3] for p in problems_of(binary)] == [(1, 1, "binary")]
    utf16 = tmp_path / "u.yaml"
    utf16.write_bytes("title: x\n".encode("utf-16"))
    [(line, col, code, message)] = problems_of(utf16)
    assert (line, col, code) == (1, 1, "not-utf8")
    assert "UTF-16" in message


def test_control_character(write):
    [(line, col, code, _)] = problems_of(write("title: x\nsummary: a\x07b\n", dedent=False))
    assert (line, col, code) == (2, 11, "bad-character")


def test_more_than_one_document(write):
    [(line, _, code, message)] = problems_of(write("title: x\n---\ntitle: y\n"))
    assert (line, code) == (2, "yaml-syntax")
    assert "more than one YAML document" in message


def test_aliases_are_refused_at_the_first_alias(write):
    path = write("title: &t Plan\nsummary: *t\n")
    [(line, col, code, _)] = problems_of(path)
    assert (line, col, code) == (2, 10, "alias")


def test_billion_laughs_is_refused_without_expanding_it(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\ntitle: bomb\n")
    tracemalloc.start()
    try:
        codes = [p[2] for p in problems_of(path)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert codes == ["alias"]
    # Expanded, the document would hold 9**12 strings; refused, it costs almost nothing.
    assert peak < 5_000_000


def test_a_missing_file(tmp_path):
    assert problems_of(tmp_path / "nope.yaml") == [
        (0, 0, "no-such-file", "this file does not exist")
    ]


def test_invisible_line_breaks_and_control_characters_are_located_as_an_editor_counts(write):
    path = write(
        "title: caf\u2019\nsummary: a\nrecommendations:\n  - id: 1\n    recommendation: x\u2028y\n    lead: W\x07P\n",
        dedent=False,
    )
    found = problems_of(path)
    assert [(line, col, code) for line, col, code, _ in found] == [
        (5, 22, "bad-character"),
        (6, 12, "bad-character"),
    ]
    assert "invisible line-break character (U+2028)" in found[0][3]
    assert "control character (U+0007)" in found[1][3]


def test_old_mac_line_endings(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"title: x\rrecommendations: []\r")
    [(line, col, code, message)] = problems_of(path)[:1]
    assert (line, col, code) == (1, 9, "bad-character")
    assert "lone carriage return" in message


def test_an_unknown_tag_is_named_in_one_line(write):
    [(line, col, code, message)] = problems_of(write("title: !foo bar\n"))
    assert (line, col, code) == (1, 8, "yaml-tag")
    assert "\n" not in message and "YAML tags such as `!foo` are not allowed" in message

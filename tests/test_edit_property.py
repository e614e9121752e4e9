"""Properties of PlanEditor over generated plans: whatever the file's style and the text,
setting a value to itself changes no byte, and an edit changes one place and nothing else."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrplan.edit.splice import PlanEditor
from scrplan.errors import EditError
from scrplan.plan.yamltree import PlanLoader, PlanText, find_node, parse_plan_text
from test_edit import values

TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029\x85"
    ),
    min_size=1,
    max_size=90,
)
COLOUR = st.sampled_from(["red", "amber", "green", "Amber", None])
DATE = st.dates().map(lambda d: d.isoformat())


@st.composite
def plans(draw):
    """A plan's data, and the style to write it in."""
    recs = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        rec = {"id": number, "recommendation": draw(TEXT)}
        if draw(st.booleans()):
            rec["lead"] = draw(st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3)))
        colour = draw(COLOUR)
        if colour:
            rec["rag"] = colour
        if draw(st.booleans()):
            rec["progress"] = [
                {"note": draw(TEXT), "date": draw(DATE)} for _ in range(draw(st.integers(1, 3)))
            ]
        recs.append(rec)
    final_newline = draw(st.booleans())
    style = {
        "indent_dashes": draw(st.booleans()),
        "quote": draw(st.sampled_from([None, "'", '"'])),
        "comments": draw(st.booleans()),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "final_newline": final_newline,
        # A block that ends a file with no final newline cannot be followed by a new key
        # without its text gaining one, so the editor refuses that; not generated here.
        "folded": draw(st.booleans()) and final_newline,
        "blank_lines": draw(st.booleans()),
    }
    return {"title": draw(TEXT), "recommendations": recs}, style


def scalar(value, quote):
    text = yaml.dump(value, default_style=quote, width=10**6, allow_unicode=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def write(data, style):
    """The plan as YAML text in ``style``, the way people write plans by hand."""
    q = style["quote"]
    dash = "  " if style["indent_dashes"] else ""
    note = "  # a comment" if style["comments"] else ""
    lines = [f"title: {scalar(data['title'], q)}{note}", "recommendations:"]
    for rec in data["recommendations"]:
        if style["comments"]:
            lines.append(f"{dash}# recommendation {rec['id']}")
        lines.append(f"{dash}- id: {rec['id']}")
        pad = dash + "  "
        text = rec["recommendation"]
        if style["folded"] and text == text.strip() and "  " not in text and "\t" not in text:
            # A folded block, as the house layout writes prose; it reads back with a newline.
            lines += [f"{pad}recommendation: >", f"{pad}  {text}"]
            rec["recommendation"] = text + "\n"
        else:
            lines.append(f"{pad}recommendation: {scalar(text, q)}")
        if "lead" in rec:
            lead = rec["lead"]
            if isinstance(lead, list):
                lines.append(f"{pad}lead:")
                lines += [f"{pad}{dash}- {scalar(x, q)}" for x in lead]
            else:
                lines.append(f"{pad}lead: {scalar(lead, q)}{note}")
        if "rag" in rec:
            lines.append(f"{pad}rag: {rec['rag']}{note}")
        if "progress" in rec:
            lines.append(f"{pad}progress:")
            for entry in rec["progress"]:
                said = entry["note"]
                if style["folded"] and said == said.strip() and "  " not in said:
                    lines += [f"{pad}{dash}- note: >", f"{pad}{dash}    {said}"]
                    entry["note"] = said + "\n"
                else:
                    lines.append(f"{pad}{dash}- note: {scalar(said, q)}")
                lines.append(f"{pad}{dash}  date: {entry['date']}")
        if style["blank_lines"]:
            lines.append("")
    text = style["newline"].join(lines)
    return text + style["newline"] if style["final_newline"] else text


def changed_lines(old, new):
    """The range of the old text's lines that the new text replaces (empty when lines were
    only inserted): everything before and after it is the same."""
    a, b = old.splitlines(True), new.splitlines(True)
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, len(a) - suffix


def lines_of(text, path):
    """The lines (0-based, end exclusive) that the value at ``path`` spans in ``text``."""
    loader = PlanLoader(text)
    try:
        _, node = find_node(loader.get_single_node(), path)
    finally:
        loader.dispose()
    return node.start_mark.line, node.end_mark.line + 1


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plans())
def test_setting_values_to_themselves_is_a_no_op(plan):
    data, style = plan
    text = write(data, style)
    editor = PlanEditor(text)
    for path, value in values(editor.expected):
        assert editor.set(path, value) is False
    assert editor.text == text


EDITS = st.sampled_from(["rag", "evidence", "timescale", "lead", "lead-list", "note", "title"])


@SETTINGS
@given(plans(), EDITS, TEXT, st.data())
def test_an_edit_changes_one_place_and_reads_back_exactly(plan, edit, text, data):
    plan_data, style = plan
    original = write(plan_data, style)
    editor = PlanEditor(original)
    index = data.draw(st.integers(0, len(plan_data["recommendations"]) - 1))
    item = ("recommendations", index)
    if edit == "rag":
        editor.set((*item, "rag"), data.draw(st.sampled_from(["red", "amber", "green"])))
    elif edit in ("evidence", "timescale"):
        editor.set((*item, edit), text)
    elif edit == "lead":
        editor.set((*item, "lead"), text)
    elif edit == "lead-list":
        editor.set((*item, "lead"), data.draw(st.lists(TEXT, min_size=1, max_size=3)))
    elif edit == "note":
        editor.append((*item, "progress"), {"note": text, "date": "2024-01-01"})
    else:
        editor.set(("title",), text)
    # The editor checked the new text reads back as intended; check it again independently.
    source = PlanText("x", editor.text)
    assert parse_plan_text(source) == []
    assert source.data == editor.expected
    # Every changed line is inside the item edited (or is the title line).
    if editor.text != original:
        first, end = changed_lines(original, editor.text)
        lo, hi = lines_of(original, ("title",) if edit == "title" else item)
        assert lo <= first and end <= hi + 1
    newline = style["newline"]
    if newline == "\r\n":
        assert "\n" not in editor.text.replace("\r\n", "")
    assert editor.text.endswith(newline) == original.endswith(newline)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["rag", "evidence", "completed", "lead", "lead-list", "note", "remove", "verified"]
        ),
        st.integers(0, 3),
        TEXT,
    ),
    min_size=2,
    max_size=6,
)


def run_operations(editor, count, operations, data):
    for op, number, text in operations:
        item = ("recommendations", number % count)
        if op == "rag":
            editor.set((*item, "rag"), data.draw(st.sampled_from(["red", "amber", "green"])))
        elif op in ("evidence", "completed"):
            editor.set((*item, op), text if op == "evidence" else "2024-02-01")
        elif op == "lead":
            editor.set((*item, "lead"), text)
        elif op == "lead-list":
            editor.set((*item, "lead"), [text, "ICB"])
        elif op == "note":
            editor.append((*item, "progress"), {"note": text, "date": "2024-01-01"})
        elif op == "verified":
            editor.set((*item, "verified"), {"by": text, "date": "2024-03-01"})
        else:
            field = data.draw(st.sampled_from(["rag", "lead", "progress", "evidence"]))
            if field in editor.expected["recommendations"][number % count]:
                # Refused when it is the only key of its item, or on a list item's dash line.
                with contextlib.suppress(EditError):
                    editor.remove((*item, field))


@SETTINGS
@given(plans(), OPERATIONS, st.data())
def test_edits_made_in_one_go_equal_edits_checked_one_by_one(plan, operations, data):
    """The editor moves node positions instead of parsing after each splice; the result must
    be exactly what parsing after every splice gives, without falling back to it."""
    plan_data, style = plan
    original = write(plan_data, style)
    quick = PlanEditor(original)
    careful = PlanEditor(original)
    careful.careful = True
    try:
        run_operations(quick, len(plan_data["recommendations"]), operations, data)
        text = quick.text
    except EditError:
        # Refused (a block at the end of a file with no final newline cannot be followed
        # without changing its text): the careful way must refuse it too.
        with pytest.raises(EditError):
            for method, args in quick._ops:
                getattr(careful, method)(*args)
            careful.text  # noqa: B018
        return
    assert not quick.redone
    try:
        for method, args in quick._ops:
            getattr(careful, method)(*args)
    except EditError:
        # The careful way can refuse a step on its own (removing the key after a block at the
        # end of the file) that the next step puts right; the result must still read back.
        source = PlanText("x", text)
        assert parse_plan_text(source) == [] and source.data == quick.expected
        return
    assert text == careful.text
    assert quick.expected == careful.expected

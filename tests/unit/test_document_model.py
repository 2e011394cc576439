"""The format-neutral document model: spans become a full rectangle for spreadsheets, numbers keep
the paper's wording beside them, and the registry names what it cannot make."""

import pytest

from wellboard.outputs import registry
from wellboard.outputs.documents.model import Cell, Column, Document, Rating, Section, Table
from wellboard.outputs.render import tabular

GREEN = Rating("GREEN", "Green", "#00703c")


def _table():
    cols = [Column("Group"), Column("What"), Column("RAG", kind="rag"), Column("Value", kind="number")]
    rows = [
        [Cell("Key Actions", rowspan=2, header=True), Cell("First"), Cell.rag(GREEN),
         Cell("13,156 Feb 19", number=13156, number_format="#,##0", qualifier="Feb 19")],
        [Cell("Second"), Cell.rag(None), Cell("TBC")],
        [Cell("Headline", header=True), Cell("Wide", colspan=3)],
    ]
    return Table("Progress", cols, rows, slug="progress")


def test_grid_repeats_row_and_column_spans():
    grid = _table().grid()
    assert [[c.text for c in row] for row in grid] == [
        ["Key Actions", "First", "Green", "13,156 Feb 19"],
        ["Key Actions", "Second", "Not rated", "TBC"],
        ["Headline", "Wide", "Wide", "Wide"],
    ]


def test_grid_refuses_a_row_wider_than_the_columns():
    table = Table("t", [Column("a")], [[Cell("1"), Cell("2")]], slug="t")
    with pytest.raises(ValueError, match="more cells than columns"):
        table.grid()


def test_rag_cell_carries_word_code_and_colour_and_none_says_not_rated():
    cell = Cell.rag(GREEN)
    assert (cell.text, cell.rag_code, cell.rag_label, cell.rag_colour) == ("Green", "GREEN", "Green", "#00703c")
    assert Cell.rag(None).text == "Not rated" and Cell.rag(None).rag_code is None


def test_flatten_puts_numbers_as_numbers_and_the_papers_qualifier_in_a_note_column():
    flat = tabular.flatten(_table())
    assert flat.headings == ["Group", "What", "RAG", "Value", "Value note"]
    first = [f.value for f in flat.rows[0]]
    assert first == ["Key Actions", "First", "Green", 13156, "Feb 19"]
    assert [f.value for f in flat.rows[1]][3:] == ["TBC", ""]


def test_flatten_makes_headings_unique_and_non_empty():
    table = Table("t", [Column(""), Column("Year"), Column("Year")], [[Cell("a"), Cell("b"), Cell("c")]])
    assert tabular.flatten(table).headings == ["Column 1", "Year", "Year (2)"]


def test_document_table_lookup_names_the_choices():
    doc = Document("Plan", sections=[Section("One", [_table()])])
    assert doc.table(None).slug == "progress"
    with pytest.raises(KeyError, match="choose from: progress"):
        doc.table("nope")


def test_registry_names_unknown_kinds_and_formats():
    with pytest.raises(registry.ExportError, match="unknown document 'nope'; choose from: .*progress-report"):
        registry.kind_for("nope")
    with pytest.raises(registry.ExportError, match="does not come as 'gif'"):
        registry.check_format("progress-report", "gif")

"""verify_quotes: passes quotes found in the texts, names each one that is not."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Intro\n\nProduct managers set goals,   define success, help motivate teams.\n"
        "It\u00e2\u20ac\u2122s the *Product Manager* who decides.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("Project managers track the timeline.\n", encoding="utf-8")
    return tmp_path


def test_passes_when_every_quote_is_found(texts, capsys):
    source = SourceFactory(document="a.txt")
    QuoteFactory(source=source, text="Product managers set goals, define\nsuccess")
    QuoteFactory(source=source, text="It’s the Product Manager who decides.")
    QuoteFactory(source=SourceFactory(), text="Project managers track the timeline.")
    call_command("verify_quotes", "--sources", str(texts))
    assert "All 3 quotes found verbatim" in capsys.readouterr().out


def test_names_a_changed_quote_and_fails(texts, capsys):
    source = SourceFactory(slug="racki", document="a.txt")
    QuoteFactory(source=source, text="Product managers set goals, define success")
    QuoteFactory(key="changed", source=source, text="Product managers set big goals")
    with pytest.raises(CommandError, match="1 of 2 quotes are not found"):
        call_command("verify_quotes", "--sources", str(texts))
    err = capsys.readouterr().err
    assert "NOT FOUND: quote 'changed' (source 'racki'" in err
    assert "set big goals" in err


def test_quote_is_looked_up_in_its_own_document(texts, capsys):
    QuoteFactory(
        key="wrong-file",
        source=SourceFactory(document="b.txt"),
        text="Product managers set goals",
    )
    with pytest.raises(CommandError):
        call_command("verify_quotes", "--sources", str(texts))
    assert "wrong-file" in capsys.readouterr().err


def test_missing_folder_is_a_clear_error(tmp_path):
    QuoteFactory()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("verify_quotes", "--sources", str(tmp_path / "nope"))


def test_no_quotes_is_an_error_not_a_silent_pass(texts):
    with pytest.raises(CommandError, match="no quotes"):
        call_command("verify_quotes", "--sources", str(texts))

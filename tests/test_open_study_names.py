"""open_study takes a bundled study by name, as --study does."""
import pytest

from analysis import open_study
from analysis.errors import SettingsError
from analysis.settings import load_settings


def test_bundled_study_opens_by_name():
    study = open_study("demo")
    assert study.settings.as_dict() == load_settings("demo").as_dict()


def test_unknown_name_lists_the_bundled_studies():
    with pytest.raises(SettingsError) as caught:
        open_study("demoo")
    message = str(caught.value)
    assert "demoo" in message and "no bundled study of that name" in message
    assert "did you mean 'demo'" in message and "bundled: " in message and "iraq_coalition" in message

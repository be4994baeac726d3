"""``strato configure`` on a real terminal: prompts, masks, Enter keeps, Ctrl-D midway."""

from __future__ import annotations

import sys

from ._pty import Terminal
from .conftest import Home

KEYS = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrEKEY\n"
CONFIG = "# mine\n[default]\nregion = us-west-2\n"


def _start(home: Home, *args: str) -> Terminal:
    return Terminal([sys.executable, "-m", "strato", "configure", *args], home.env, str(home.root))


def test_prompts_masks_and_enter_keeps(home: Home) -> None:
    home.write(config=CONFIG, credentials=KEYS)
    term = _start(home)
    term.expect("AWS Access Key ID [****************MPLE]: ")
    term.type("")
    term.expect("AWS Secret Access Key [****************EKEY]: ")
    term.type("")
    term.expect("Default region name [us-west-2]: ")
    term.type("eu-west-3")
    term.expect("Default output format [None]: ")
    term.type("json")
    code, shown = term.wait()
    assert code == 0
    assert "eu-west-3\r\n" in shown  # the terminal echoes what was typed
    assert home.read() == (
        "# mine\n[default]\nregion = eu-west-3\noutput = json\n",
        KEYS,
    )


def test_new_profile_on_a_terminal(home: Home) -> None:
    term = _start(home, "--profile", "dev")
    for prompt, answer in (
        ("AWS Access Key ID [None]: ", "AKIANEW0000000000001"),
        ("AWS Secret Access Key [None]: ", "secret"),
        ("Default region name [None]: ", ""),
        ("Default output format [None]: ", ""),
    ):
        term.expect(prompt)
        term.type(answer)
    assert term.wait()[0] == 0
    config, credentials = home.read()
    assert config == "[profile dev]\n"
    assert (
        credentials
        == "[dev]\naws_access_key_id = AKIANEW0000000000001\naws_secret_access_key = secret\n"
    )


def test_ctrl_d_midway_writes_nothing(home: Home) -> None:
    home.write(config=CONFIG, credentials=KEYS)
    term = _start(home)
    term.expect("AWS Access Key ID [****************MPLE]: ")
    term.type("AKIACHANGED000000000")
    term.expect("AWS Secret Access Key [****************EKEY]: ")
    term.type("changed")
    term.expect("Default region name [us-west-2]: ")
    term.eof()
    code, shown = term.wait()
    assert code == 1
    assert shown.rstrip().endswith(
        "strato: input ended before the last answer; nothing was written"
    )
    assert "Traceback" not in shown
    assert home.read() == (CONFIG, KEYS)

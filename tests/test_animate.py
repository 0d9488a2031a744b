import base64
import re
import struct

import matplotlib.pyplot as plt
import pytest
from matplotlib.animation import FuncAnimation

from lstmbook import animate

ALT = 'A line that tilts upwards, "frame" by frame.'


def _animation(n_frames=4, figsize=(2, 1.5), dpi=40):
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
    (line,) = ax.plot([0, 1], [0, 0])
    return FuncAnimation(fig, lambda k: line.set_ydata([0, k]), frames=range(n_frames))


def _frames(html):
    return re.findall(r'frames\[\d+\] = "data:image/png;base64,([^"]*)"', html)


def test_html_is_self_contained_with_every_frame_and_alt_text():
    html = animate.to_offline_html(_animation(5), alt=ALT)
    assert "http" not in html and "font-awesome" not in html
    assert animate.external_references(html) == []
    assert len(_frames(html)) == 5
    assert 'alt="A line that tilts upwards, &quot;frame&quot; by frame."' in html
    assert 'class="fa' not in html  # icons replaced by characters
    for symbol in animate.ICONS.values():
        assert f"{symbol}</button>" in html
    assert re.search(r'value="once"[^>]*\n?\s*checked', html)


def test_frames_have_the_figure_dpi_and_the_figure_is_closed():
    anim = _animation(2, figsize=(2, 1.5), dpi=40)
    number = anim._fig.number
    html = animate.to_offline_html(anim, alt=ALT)
    png = base64.b64decode(_frames(html)[0])
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (80, 60)
    assert number not in plt.get_fignums()


def test_close_false_keeps_the_figure():
    anim = _animation(2)
    html = animate.to_offline_html(anim, alt=ALT, close=False, default_mode="loop")
    assert anim._fig.number in plt.get_fignums()
    assert re.search(r'value="loop"[^>]*\n?\s*checked', html)
    plt.close(anim._fig)


def test_too_large_an_animation_is_refused_with_advice():
    with pytest.raises(ValueError, match="fewer frames, a smaller figsize, or a lower dpi"):
        animate.to_offline_html(_animation(6, figsize=(4, 3), dpi=80), alt=ALT, max_bytes=20_000)


def test_external_references():
    html = '<script src="https://cdn.x/a.js"></script><link href="//cdn.y/b.css"><img src="a.png">'
    assert animate.external_references(html) == ['src="https://', 'href="//']
    with pytest.raises(TypeError, match="html must be a str, got bytes"):
        animate.external_references(b"<html>")


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"anim": "not an animation"}, TypeError, "anim must be a matplotlib animation"),
        ({"alt": "short"}, ValueError, "at least 20 characters"),
        ({"default_mode": "forever"}, ValueError, "default_mode must be one of"),
        ({"max_bytes": 0}, ValueError, "max_bytes must be at least 1, got max_bytes=0"),
        ({"max_bytes": 1.5e6}, TypeError, r"max_bytes must be a whole number >= 1, got 1500000.0"),
    ],
)
def test_messages_say_what_to_fix(kwargs, error, message):
    anim = _animation(2)
    args = {"anim": anim, "alt": ALT, **kwargs}
    with pytest.raises(error, match=message):
        animate.to_offline_html(args.pop("anim"), **args)
    animate.to_offline_html(anim, alt=ALT)  # render it, so matplotlib does not warn later

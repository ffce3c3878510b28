"""A PNG bar chart of a poll's result, for the hosts to show or read from (Pillow)."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from bot.articles.telegram_html import cut_at_word
from bot.polls.results import Tally, percentages
from bot.texts import formats
from storage.poll_models import Poll

WIDTH = 1200
MARGIN = 50
ROW = 110
BAR_HEIGHT = 44
BACKGROUND = (255, 255, 255)
INK = (20, 24, 32)
MUTED = (110, 116, 128)
TRACK = (231, 234, 240)
COLOURS = [(204, 30, 48), (34, 96, 186), (240, 160, 20), (46, 150, 90), (130, 70, 170)]


def chart_png(poll: Poll, tally: Tally, footer: str, language: str | None) -> bytes:
    """One horizontal bar per option with its percentage and votes; the question on top."""
    title_font = ImageFont.load_default(size=40)
    label_font = ImageFont.load_default(size=30)
    small_font = ImageFont.load_default(size=24)
    title_lines = textwrap.wrap(poll.question, width=52)[:6]
    title_height = 52 * len(title_lines)
    height = MARGIN * 2 + title_height + 30 + ROW * len(poll.options) + 50
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += 52
    y += 30
    shares = percentages(tally.counts, tally.voters, multiple=poll.multiple)
    track_width = WIDTH - 2 * MARGIN - 200
    for index, (option, count, share) in enumerate(
        zip(poll.options, tally.counts, shares, strict=True)
    ):
        label = cut_at_word(option, 70)
        draw.text((MARGIN, y), label, font=label_font, fill=INK)
        top = y + 40
        draw.rectangle((MARGIN, top, MARGIN + track_width, top + BAR_HEIGHT), fill=TRACK)
        filled = round(track_width * share / 100)
        if filled:
            colour = COLOURS[index % len(COLOURS)]
            draw.rectangle((MARGIN, top, MARGIN + filled, top + BAR_HEIGHT), fill=colour)
        figure = formats.share_figure(share, count, language)
        draw.text((MARGIN + track_width + 20, top + 4), figure, font=label_font, fill=INK)
        y += ROW
    draw.text((MARGIN, y + 10), footer, font=small_font, fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

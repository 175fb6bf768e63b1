"""The coder's first-character index finds exactly the spans of the combined regex (issue 15)."""

import dataclasses

from democracy_study.coding.coder import _group_spans, compile_codebook
from democracy_study.text import normalize


def test_first_char_index_equals_combined_regex():
    cc = compile_codebook()
    assert cc.by_first_char is not None  # the shipped cues all have bounded first characters
    slow = dataclasses.replace(cc, by_first_char=None)
    text = normalize(
        "开展专题询问，选民掃碼反映问题。尚未建立代表联络站；将于明年召开代表座谈会，"
        "其他地区开展执法检查。代表联络站接待选民120人次。"
    )
    fast = list(_group_spans(cc, text))
    assert fast  # the sentence holds cues (the doctest of code_text finds two codes)
    assert fast == list(_group_spans(slow, text))

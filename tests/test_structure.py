"""Document structure on hand-written variants (not the seed)."""

from __future__ import annotations

from democracy_study.parse.structure import ends_sentence, parse_document, split_blocks, theme_of
from democracy_study.text import JoinedText


def _paras(text):
    doc = parse_document(text)
    return doc, [[JoinedText(text, p.spans).text for p in r.paragraphs] for r in doc.reports]


def test_markdown_headings_leads_and_captions():
    t = (
        "# 全市人大工作\n\n## 德清县：标题甲\n\n**本报讯**（通讯员 林小华 王五）德清县人大常委会开展活动。\n\n"
        "主题句一。正文有三个代表联络站。\n\n△图为代表视察。（资料图片）  \n通讯员 赵六 摄\n\n## 长兴县：标题乙\n\n"
        "**本报讯**（记者 钱七）长兴县人大常委会召开会议。\n"
    )
    doc, paras = _paras(t)
    assert doc.title_text == "全市人大工作"
    assert [(r.kind, r.place_as_written, r.headline) for r in doc.reports] == [
        ("report", "德清县", "标题甲"),
        ("caption", "", ""),
        ("report", "长兴县", "标题乙"),
    ]
    assert [r.correspondents for r in doc.reports] == [["林小华", "王五"], ["赵六"], ["钱七"]]
    assert [p.role for p in doc.reports[0].paragraphs] == ["lead", "body"]
    assert paras[1] == ["△图为代表视察。（资料图片）  \n通讯员 赵六 摄"]


def test_pieces_cut_mid_word_are_joined_and_a_closing_quote_does_not_end_a_sentence():
    t = "## 甲县：乙\n\n开展“一站一码”\n\n建设，引导代表通过志愿\n\n服务联系选民。\n\n第二段。\n"
    doc, paras = _paras(t)
    assert paras == [["开展“一站一码”建设，引导代表通过志愿服务联系选民。", "第二段。"]]
    assert doc.reports[0].paragraphs[0].n_pieces == 3
    assert "joined_across_break" in doc.reports[0].paragraphs[0].flags


def test_caption_between_the_halves_of_a_cut_paragraph():
    t = "## 甲县：乙\n\n开展活动\n\n△图为活动现场。\n某某 摄\n\n200余次。\n"
    doc, paras = _paras(t)
    assert paras[0] == ["开展活动200余次。"]
    assert doc.reports[1].kind == "caption"


def test_paragraph_cut_off_at_a_heading_is_flagged_not_joined():
    t = "## 甲县：乙\n\n开展活动\n\n## 丙县：丁\n\n召开会议。\n"
    doc, paras = _paras(t)
    assert paras == [["开展活动"], ["召开会议。"]]
    assert doc.reports[0].paragraphs[0].flags == ["unfinished_at_heading"]
    assert len(doc.unfinished) == 1


def test_plain_text_headings_title_and_bracket_headings():
    t = "各地人大工作\n\n【安吉县】家站点建设\n\n本报讯（通讯员 甲乙）安吉县人大常委会开展活动。\n"
    doc, _ = _paras(t)
    assert doc.title_text == "各地人大工作"
    assert [(r.place_as_written, r.headline) for r in doc.reports] == [("安吉县", "家站点建设")]


def test_a_short_first_line_before_a_numbered_section_is_the_title():
    # hand: a work report pasted as plain text, its title on the first line, then 一、…
    t = "吉安市人大常委会2023年工作回顾\n\n一、依法开展监督\n\n听取专项工作报告9个。\n\n二、服务代表\n\n建成联络站40个。\n"
    doc, _ = _paras(t)
    assert doc.title_text == "吉安市人大常委会2023年工作回顾"
    assert len(doc.reports) == 1 and "no_heading" not in doc.reports[0].flags
    assert [p.role for p in doc.reports[0].paragraphs] == ["section", "body", "section", "body"]
    assert not doc.unfinished
    # a short first line before body text is not taken as a title (it may be a dateline)
    doc, _ = _paras("2023年5月4日\n\n吉安市人大常委会开展活动。\n\n一、监督\n\n听取报告3个。\n")
    assert doc.title_text == "" and doc.reports[0].flags == ["no_heading"]


def test_a_dateline_and_salutation_between_title_and_first_section_are_front_matter():
    # hand: a township presidium's work report: title, a dateline (——…会议上, or in
    # brackets), a salutation, then 一、…; the report covers the year before its plan
    for dateline in ("——2025年12月20日在黄桥镇第十九届人民代表大会第六次会议上",
                     "（2025年12月20日在黄桥镇第十九届人民代表大会第六次会议上）"):  # fmt: skip
        t = (
            f"黄桥镇人民代表大会主席团工作报告\n\n{dateline}\n\n各位代表：\n\n"
            "一、过去一年的主要工作\n\n组织代表视察4次。\n\n二、2026年工作安排\n\n"
            "2026年新建代表联络点2个。\n"
        )
        doc, _ = _paras(t)
        assert doc.title_text == "黄桥镇人民代表大会主席团工作报告"
        assert len(doc.reports) == 1 and "no_heading" not in doc.reports[0].flags
        assert [why for _, _, why in doc.furniture] == ["front_matter", "front_matter"]
        assert not doc.unfinished
        assert doc.reports[0].year == 2025  # 2026 is the plan's year, not the year covered
    # a salutation makes the first line the title even when body text follows (a deputy's
    # report to voters opens on a paragraph before its first section)
    doc, _ = _paras(
        "余干县人大代表周敏履职报告\n\n各位选民：\n\n我是县人大代表周敏。\n\n一、联系选民\n\n接待选民40人次。\n"
    )
    assert doc.title_text == "余干县人大代表周敏履职报告" and len(doc.reports) == 1
    assert "no_heading" not in doc.reports[0].flags
    # a line ending in a colon that is no salutation is body text (具体情况如下：)
    doc, _ = _paras("各乡镇联络站情况\n\n具体情况如下：\n\n接待选民512人次。\n")
    assert doc.title_text == "" and not doc.furniture
    # a body sentence after a title is no front matter: the title rule does not apply
    doc, _ = _paras("黄桥镇人大工作\n\n各位代表：今年组织视察4次。\n\n一、监督\n\n视察3次。\n")
    assert doc.title_text == "" and not doc.furniture


def test_a_pasted_wechat_title_with_its_byline_is_the_title_and_dates_the_report():
    # hand: a WeChat article pasted as text: a column name | place: headline, the account's
    # byline with the date, a follow prompt, then the body (no lead, no numbered section)
    t = (
        "基层民主观察｜宁都县：议事长廊里的小变化\n\n原创 宁都人大 2025-09-03 07:45 江西\n\n"
        "点击蓝字 关注我们\n\n今年以来，宁都县人大常委会在各村设立议事长廊。\n"
    )
    doc, paras = _paras(t)
    assert doc.title_text.startswith("基层民主观察")
    r = doc.reports[0]
    assert (r.place_as_written, r.headline) == ("宁都县", "议事长廊里的小变化")
    assert "no_heading" not in r.flags and r.year == 2025  # the byline's year, nothing else
    assert paras == [["今年以来，宁都县人大常委会在各村设立议事长廊。"]]


def test_short_line_before_a_lead_is_a_heading_and_html_headings_work():
    t = "德清县：服务企业\n\n本报讯（通讯员 甲乙）德清县开展活动。\n\n<h2>长兴县：监督</h2>\n<p>本报讯 长兴县召开会议。</p>\n"
    doc, _ = _paras(t)
    assert [(r.place_as_written, r.headline) for r in doc.reports] == [
        ("德清县", "服务企业"),
        ("长兴县", "监督"),
    ]
    assert doc.reports[1].paragraphs[0].role == "lead"


def test_text_without_headings_is_one_report_never_dropped():
    t = "长兴县人大常委会开展活动。\n\n组织代表视察。\n"
    doc, paras = _paras(t)
    assert len(doc.reports) == 1 and paras == [["长兴县人大常委会开展活动。", "组织代表视察。"]]
    assert doc.reports[0].flags == ["no_heading"] and not doc.headings_found


def test_crlf_line_ends_and_spans_index_the_raw_text():
    t = "## 甲县：乙\r\n\r\n开展活动\r\n\r\n200余次。\r\n"
    doc = parse_document(t)
    p = doc.reports[0].paragraphs[0]
    assert [t[s:e] for s, e in p.spans] == ["开展活动", "200余次。"]


def test_nothing_lost_on_a_messy_variant():
    t = "标题\n\n## 甲县：乙\n\n**本报讯** 正文\n\n断开。\n\n△图\n\n张三 摄\n\n尾段\n"
    doc = parse_document(t)
    covered = set()
    for s, e in doc.spans():
        covered.update(range(s, e))
    assert all(i in covered for i, ch in enumerate(t) if not ch.isspace())


def test_ends_sentence_rules():
    # hand: 。 ends; a bare closing quote does not; 。” does; a colon or a comma does not
    assert ends_sentence("完成任务。")
    assert not ends_sentence("打造“民意窗”")
    assert ends_sentence("他说：“办好了！”")
    assert not ends_sentence("具体如下：")
    assert not ends_sentence("推动解决，")
    assert ends_sentence("完成任务。**")


def test_theme_sentence():
    assert (
        theme_of("聚焦民生实事，监督更有力度。全年开展视察5次。") == "聚焦民生实事，监督更有力度。"
    )
    assert (
        theme_of("“头雁”领航，跑出发展“加速度”。以活动为载体。") == "“头雁”领航，跑出发展“加速度”。"
    )
    assert theme_of("“有没有案例？”企业家问。") == ""


def test_split_blocks_credit_line_after_blank_line_joins_caption():
    t = "△图为会场。\n\n通讯员 张三 摄\n\n正文。"
    assert [b.kind for b in split_blocks(t)] == ["caption", "piece"]


def test_paragraphs_separated_by_single_line_ends_and_soft_wrapped_lines():
    # hand: three paragraphs, one line each, no blank lines; the second is wrapped over two lines
    t = "## 甲县：乙\n本报讯 甲县开展活动。\n组织代表走访企业150余家，\n解决问题22个。\n第三段。\n"
    doc, paras = _paras(t)
    assert paras == [
        ["本报讯 甲县开展活动。", "组织代表走访企业150余家，解决问题22个。", "第三段。"]
    ]
    assert doc.reports[0].paragraphs[1].flags == ["joined_across_line"]


def test_a_place_defect_at_a_heading_names_its_report(tmp_path):
    # written for this test: a township's work report whose heading names no resolvable
    # place (青龙镇 is the name of eight towns); the defect sits in the heading, outside
    # every paragraph, and still names the report, and says what was missing
    from democracy_study.corpus import parse_reports

    (tmp_path / "t.txt").write_text(
        "## 青龙镇人大主席团2025年工作报告\n\n镇人大主席团组织代表开展活动3次。\n", encoding="utf-8"
    )
    q = parse_reports([tmp_path]).quality
    row = q[q["issue"] == "place_unknown"].iloc[0]
    assert row["report_id"] == "t#r01" and row["paragraph_id"] == ""
    assert row["detail"].startswith("no place name found")

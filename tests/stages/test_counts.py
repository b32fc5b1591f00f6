import pytest
from tests.helpers import analysis_of, assert_offsets, run_stage

from rashomon.model import TimeMention, TimeValue
from rashomon.stages import counts
from rashomon.stages.counts import find_counts, load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "More than 6,000 people died in the fighting.",
            [("More than 6,000", 6000, None, "more_than", "people")],
        ),
        ("Forty-four soldiers came home.", [("Forty-four", 44, None, None, "soldiers")]),
        ("Between them, 60 to 64 prisoners were held.", [("60 to 64", 60, 64, None, "prisoners")]),
        (
            "Some 1,960 Russian peacekeepers were deployed.",
            [("Some 1,960", 1960, None, "about", "Russian peacekeepers")],
        ),
        ("nearly 100,000 refugees crossed", [("nearly 100,000", 100000, None, "nearly", "refugees")]),
        ("one of the two Velmoran captives", [("two", 2, None, None, "Velmoran captives")]),
        ("tens of thousands of residents left", [("tens of thousands", 10000, None, None, "residents")]),
        (
            "about 92,000 anti-tank and anti-personnel mines",
            [("about 92,000", 92000, None, "about", "anti-tank and anti-personnel mines")],
        ),
        ("over\n200 people were hurt", [("over\n200", 200, None, "more_than", "people")]),
        ("two hundred and fifty detainees", [("two hundred and fifty", 250, None, None, "detainees")]),
        ("up to 4,000 citizens", [("up to 4,000", 4000, None, "up_to", "citizens")]),
        ("one million people", [("one million", 1_000_000, None, None, "people")]),
        # issue 13: 'dozen' multiplies; 'several dozen' is a vague plural (a lower bound), not 12
        ("some two dozen guards", [("some two dozen", 24, None, "about", "guards")]),
        ("a dozen guards", [("a dozen", 12, None, None, "guards")]),
        ("the several dozen wounded", [("several dozen", 24, None, None, "wounded")]),
        ("a few hundred residents", [("few hundred", 200, None, None, "residents")]),
    ],
)
def test_counts(text, expected):
    found = find_counts(text, RULES)
    assert [(c.text, c.value, c.high, c.approx, c.what) for c in found] == expected
    assert_offsets(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Resolution 822 of the Security Council.",
        "Article 9 of the statement.",
        "In 2021 the talks resumed.",
        "He was sentenced to 20 years.",
        "A 20-year-old man.",
        "This is one of the reasons.",
        "A total of nothing.",
    ],
)
def test_not_counts(text):
    assert find_counts(text, RULES) == []


# issue 13 item 4: 'over' after a verb is its particle, not an approximator
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ostrakan handed over 15 prisoners to Velmora.", [("15", 15, None)]),
        ("They hand over 40 detainees every month.", [("40", 40, None)]),
        ("Velmora turned over two hundred captives.", [("two hundred", 200, None)]),
        ("The border guards took over 3 posts.", [("3", 3, None)]),
        ("The shelling killed over 15 people.", [("over 15", 15, "more_than")]),
        ("Over 15 prisoners were freed.", [("Over 15", 15, "more_than")]),
        ("a hand-over of over 30 bodies", [("over 30", 30, "more_than")]),
    ],
)
def test_particle_over_is_exact(text, expected):
    found = find_counts(text, RULES)
    assert [(c.text, c.value, c.approx) for c in found] == expected
    assert_offsets(text, found)


def test_issue13_a_figure_starting_a_sentence_after_a_name_is_a_count():
    """Issue 13: 'shelled Lisgar. Seven civilians' read 'Lisgar. Seven' as a name ending in a number."""
    text = "Artillery shelled Lisgar. Seven civilians were killed."
    assert [(c.text, c.value) for c in find_counts(text, RULES)] == [("Seven", 7)]


def test_issue13_a_headline_ending_in_a_name_leaves_the_leads_figure_a_count():
    """Issue 13: a headline's last capitalised word and the lead's first figure are not one name."""
    text = "Shooting near Englewood\nThree men were shot on Friday."
    assert [(c.text, c.value) for c in find_counts(text, RULES)] == [("Three", 3)]
    assert find_counts("They played in the Big 12 last year.", RULES) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 13: a spelled figure glued to the sentence before it (no space after the full stop)
        ("Relatives spoke late Sunday.Three men were found shot.", [("Three", 3)]),
        # a word after a dot that starts no sentence, or a version, stays no count
        ("The files were named report.two and report.three", []),
        ("It ran version 3.Two", []),
    ],
)
def test_issue13_a_spelled_figure_glued_to_the_sentence_before(text, expected):
    assert [(c.text, c.value) for c in find_counts(text, RULES)] == expected


# issue 13 item 4: times, dates, ages, ranks, phone numbers, ids, addresses and scores are not counts
@pytest.mark.parametrize(
    "text",
    [
        "The first shots were heard at 17:43 local time.",
        "At 9:15 officers arrived at the scene.",
        "A man aged 19 was detained.",
        "The gunman killed 38-year-old Lena Maris.",
        "Her son, aged 25 years, was wounded.",
        # issue 13: ages given as a span
        "The victims ranged in age from 18 to 20.",
        "The boys were between the ages of 14 and 17.",
        "A young mother of three is dead after the shooting.",
        "The suspect, 32, and his brother, 28, fled.",
        "He was ranked 3 in the regional list.",
        "Call the tip line at (555) 014-2789 or 555-014-2790 with information.",
        "Anyone with information should call 555-0199 today.",
        "Witnesses made several 911 calls before the officers arrived.",
        "The shooting happened at 608 Marlow Road in the north.",
        "Police were called to 1200 Willow Oaks Drive overnight.",
        "The plate number was 0412378 and the car was stolen.",
        "A reference of 12345678 users was given.",
        "The home team won 3-1 in the rematch.",
        "They lost 14-21 in overtime games.",
        "The case 15 files are sealed.",
        "Channel 7 crews were there.",
        "He lives in Apartment 4 of the block.",
        "The #12 jersey hangs in the hall.",
        "It was the 20th homicide this year.",
        # a name ending in a number
        "The coach of the Big 12 teams resigned.",
        "Fans of the new iPhone 11 models queued.",
        # 'one' as a pronoun
        "No one was hurt and each one of the guards was checked.",
    ],
)
def test_never_counts(text):
    assert find_counts(text, RULES) == []


# issue 9 / issue 13: a figure beyond any plausible count is not a count (and never overflows)
@pytest.mark.parametrize(
    "text",
    ["A total of 99,999,999,999 people.", "20 billion people", "1" * 400 + ",000 people"],
)
def test_implausible_figures_are_not_counts(text):
    assert find_counts(text, RULES) == []


def test_bound_is_inclusive_of_plausible_figures():
    (count,) = find_counts("about 8 billion people", RULES)
    assert count.value == 8e9 and count.value <= counts.MAX_COUNT


# issue 13 item 4: 'N of the M' and 'including N' keep the part and the whole
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "4 of the 15 prisoners were officers.",
            [("4", 4, "prisoners", True, 15, "15"), ("15", 15, "prisoners", False, None, None)],
        ),
        (
            "Two of 9 hostages were women.",
            [("Two", 2, "hostages", True, 9, "9"), ("9", 9, "hostages", False, None, None)],
        ),
        ("Three of the victims were children.", [("Three", 3, "victims", True, None, None)]),
        (
            "24 hostages were released, including 13 Velmorans.",
            [("24", 24, "hostages", False, None, None), ("13", 13, "Velmorans", True, 24, "24")],
        ),
        (
            "Ostrakan freed 30 detainees, among them 12 women.",
            [("30", 30, "detainees", False, None, None), ("12", 12, "women", True, 30, "30")],
        ),
        (
            "12 soldiers died. Among them 2 officers were named.",
            [("12", 12, "soldiers", False, None, None), ("2", 2, "officers", True, None, None)],
        ),
        ("This is one of the reasons.", []),
        # issue 13: 'two of them' is a part of the people named before; a bare toll before 'including'
        (
            "Four guards were shot and two of them died.",
            [("Four", 4, "guards", False, None, None), ("two", 2, "them", True, None, None)],
        ),
        (
            "The strike kills 15 including 4 children.",
            [("15", 15, "", False, None, None), ("4", 4, "children", True, 15, "15")],
        ),
    ],
)
def test_part_and_whole(text, expected):
    found = find_counts(text, RULES)
    got = [
        (c.text, c.value, c.what, c.part, c.whole, text[c.whole_start : c.whole_end] if c.whole else None)
        for c in found
    ]
    assert got == expected
    assert_offsets(text, found)


# issue 13 item 4: casualties per kind
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast left 3 dead and 12 injured.", [(3, "dead", "killed"), (12, "injured", "wounded")]),
        ("Five people were killed in the shelling.", [(5, "people", "killed")]),
        ("Two soldiers wounded near the post.", [(2, "soldiers", "wounded")]),
        ("The raid killed 4 and wounded 7.", [(4, "", "killed"), (7, "", "wounded")]),
        ("Shelling killing 6 civilians hit the town.", [(6, "civilians", "killed")]),
        ("The death toll rose to 41 on Monday.", [(41, "", "killed")]),
        ("Nine were killed and 2 are missing.", [(9, "", "killed"), (2, "", "missing")]),
        ("There were 14 deaths and 30 injuries.", [(14, "deaths", "killed"), (30, "injuries", "wounded")]),
        ("About 60 casualties were reported.", [(60, "casualties", None)]),
        ("15 prisoners were released.", [(15, "prisoners", None)]),
        ("He was shot 3 times in the leg.", []),
        # issue 13: a figure right before 'shot' counts people shot, the wounded kind unless they died
        ("Three shot, one dead after a party.", [(3, "shot", "wounded"), (1, "dead", "killed")]),
        ("Two shot dead on Elm Street.", [(2, "shot", "killed")]),
        ("4 shot and killed in a house.", [(4, "shot", "killed")]),
        ("She scored 3 shots in the game.", [(3, "shots", None)]),
    ],
)
def test_casualty_kind(text, expected):
    found = find_counts(text, RULES)
    assert [(c.value, c.what, c.casualty) for c in found] == expected
    assert_offsets(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year is no range start: the figure after it is read alone
        ("Sales rose in 2018 to 3.9 million units.", [(3_900_000, None)]),
        # an approximator keeps a figure apart from the capitalised word before it
        ("The Ostrakan Army more than 300 soldiers strong.", [(300, None)]),
        ("between 62 and 68 shares each", [(62, 68)]),
    ],
)
def test_figures_next_to_years_names_and_money(text, expected):
    assert [(c.value, c.high) for c in find_counts(text, RULES)] == expected


# the general number reading: every figure, with or without a counted noun (eval/quantities.py)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ticket costs $6 and the stake is 19 per cent.", [(6, None), (19, None)]),
        ("The deficit grew by $43.6 billion.", [(43_600_000_000, None)]),
        ("Shares traded between $62 and $68.", [(62, 68)]),
        ("Call 555-014-2789 at 17:43 about Game 2.", []),
        ("A figure of 99999999999999999999 units.", []),
    ],
)
def test_find_numbers(text, expected):
    found = counts.find_numbers(text, RULES)
    assert [(c.value, c.high) for c in found] == expected
    assert_offsets(text, found)


def test_numbers_inside_dates_are_left_to_dates():
    text = "On 12 June 41 prisoners were freed."
    date = TimeMention(3, 10, "12 June", "date", TimeValue("2021-06-12", "day"))
    assert [c.value for c in find_counts(text, RULES, [date])] == [41]


def test_stage_empty_and_no_match():
    assert run_stage(counts, analysis_of("")) == []
    assert run_stage(counts, analysis_of("Nothing is counted here.")) == []


def test_stage_offsets():
    analysis = analysis_of("Ostrakan returned 45 detainees.\nVelmora said 12 servicemen came home.")
    found = run_stage(counts, analysis)
    assert [c.value for c in found] == [45, 12]
    assert_offsets(analysis.doc.text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Officials said " + "9" * 320 + " soldiers were killed.",
        "Officials said " + "9" * 40 + " soldiers were killed.",
        "Officials said " + "9" * 16 + " soldiers were killed.",
        "Between " + "9" * 400 + " and " + "9" * 401 + " mines were found.",
    ],
)
def test_issue9_a_figure_past_any_count_is_not_a_count(text):
    """Issue 9: a 309-digit count became an infinite value that poisoned the store."""
    assert find_counts(text, RULES) == []


def test_issue9_large_but_plausible_counts_stay():
    (found,) = find_counts("The war displaced 2.5 million people.", RULES)
    assert found.value == 2.5e6

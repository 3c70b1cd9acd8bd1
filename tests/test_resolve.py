"""Entity resolution on hand-built records: merges, guards, recorded decisions."""

from __future__ import annotations

from kgraph.config import Config
from kgraph.graph.assemble import assemble
from kgraph.model import DocRecord, Document, Mention, Relation, Sentence
from kgraph.predicates import PredicateRegistry
from kgraph.resolve.entities import resolve


def record(doc_id: str, mentions: list[tuple[str, str]], *, links=(), relations=()) -> DocRecord:  # type: ignore[no-untyped-def]
    text = " ".join(t for t, _ in mentions) + "."
    ms, pos = [], 0
    for surface, typ in mentions:
        ms.append(Mention(pos, pos + len(surface), surface, typ, 0))
        pos += len(surface) + 1
    return DocRecord(
        Document(doc_id, doc_id, text),
        (Sentence(0, len(text)),),
        tuple(ms),
        tuple(relations),
        tuple(links),
    )


def clusters(records: list[DocRecord], config: Config | None = None) -> dict[str, set[str]]:
    res = resolve(records, config or Config())
    out: dict[str, set[str]] = {}
    for (surface, _), root in res.canonical.items():
        out.setdefault(res.labels[root], set()).add(surface)
    return out


def test_corporate_suffix_merges_into_the_bare_name() -> None:
    got = clusters(
        [
            record("a", [("Xiaomi Corp", "ORG"), ("Xiaomi", "ORG")]),
            record("b", [("Xiaomi Corp.", "ORG"), ("Acme Holdings", "ORG")]),
        ]
    )
    assert got["Xiaomi"] == {"Xiaomi", "Xiaomi Corp", "Xiaomi Corp."}
    # No bare "Acme" organisation exists: the suffixed name stays as it is.
    assert got["Acme Holdings"] == {"Acme Holdings"}


def test_case_variants_merge() -> None:
    got = clusters(
        [record("a", [("WIMI", "ORG")]), record("b", [("WiMi", "ORG"), ("WiMi", "ORG")])]
    )
    assert len(got) == 1
    assert next(iter(got.values())) == {"WIMI", "WiMi"}


def test_place_variants_merge_to_the_standard_name() -> None:
    got = clusters(
        [
            record("a", [("US", "PLACE"), ("U.S.", "PLACE")]),
            record("b", [("United States", "PLACE")]),
        ]
    )
    assert got == {"United States": {"US", "U.S.", "United States"}}


def test_short_form_merges_within_its_document_link() -> None:
    got = clusters(
        [
            record(
                "a",
                [("Satya Nadella", "PERSON"), ("Nadella", "PERSON")],
                links=[("Nadella", "Satya Nadella", "short-form")],
            )
        ]
    )
    assert got == {"Satya Nadella": {"Satya Nadella", "Nadella"}}


def test_different_types_never_merge_silently() -> None:
    got = clusters(
        [record("a", [("Apple", "ORG"), ("Apple", "ORG")]), record("b", [("apple", "PRODUCT")])]
    )
    # Same normalised key: the type vote decides one entity, no second node.
    assert list(got) == ["Apple"]
    got = clusters([record("a", [("Jordan", "PLACE")]), record("b", [("Jordan Inc", "ORG")])])
    assert set(got) == {"Jordan", "Jordan Inc"}


def test_numbered_models_never_merge() -> None:
    got = clusters([record("a", [("MiLM-13B", "PRODUCT"), ("MiLM-60B", "PRODUCT")])])
    assert set(got) == {"MiLM-13B", "MiLM-60B"}


def test_unit_is_not_merged_into_its_parent() -> None:
    got = clusters(
        [record("a", [("Microsoft", "ORG"), ("Microsoft China Academy of Engineering", "ORG")])]
    )
    assert set(got) == {"Microsoft", "Microsoft China Academy of Engineering"}


def test_never_merge_overrides_a_rule_and_aliases_add_one() -> None:
    recs = [
        record("a", [("Acme Corp", "ORG"), ("Acme", "ORG"), ("Big Blue", "ORG"), ("IBM", "ORG")])
    ]
    cfg = Config(never_merge=(("Acme Corp", "Acme"),), aliases={"IBM": ("Big Blue",)})
    got = clusters(recs, cfg)
    assert got["Acme"] == {"Acme"} and got["Acme Corp"] == {"Acme Corp"}
    assert got["IBM"] == {"IBM", "Big Blue"}


def test_every_merge_is_recorded_with_its_rule() -> None:
    res = resolve(
        [record("a", [("Xiaomi Corp", "ORG"), ("Xiaomi", "ORG"), ("U.S.", "PLACE")])], Config()
    )
    rules = {(d.surface, d.rule, d.label) for d in res.decisions}
    assert ("Xiaomi Corp", "corporate-suffix", "Xiaomi") in rules
    assert any(rule == "place-variant" and label == "United States" for _, rule, label in rules)


def test_type_is_decided_by_votes_not_the_first_mention() -> None:
    recs = [
        record("a", [("Xiaomi", "PERSON")]),
        record("b", [("Xiaomi", "ORG"), ("Xiaomi", "ORG")]),
    ]
    res = resolve(recs, Config())
    assert set(res.types.values()) == {"ORG"}


def test_assembly_aggregates_facts_across_articles_and_drops_type_misfits() -> None:
    rel = Relation(0, "ceo_of", 1, 0, 0.9, "title-before-name")
    bad = Relation(1, "ceo_of", 0, 0, 0.9, "title-before-name")  # ORG ceo_of PERSON: misfit
    recs = [
        record("a", [("Lei Jun", "PERSON"), ("Xiaomi", "ORG")], relations=[rel, bad]),
        record("b", [("Lei Jun", "PERSON"), ("Xiaomi Corp", "ORG")], relations=[rel]),
    ]
    kg = assemble(recs, resolve(recs, Config()), PredicateRegistry())
    facts = list(kg.facts())
    assert [(f.subject, f.predicate, f.object, f.weight) for f in facts] == [
        ("lei-jun", "ceo_of", "xiaomi", 2)
    ]
    assert {e.doc_id for e in facts[0].evidence} == {"a", "b"}
    assert kg.get_entity("xiaomi").documents == 2


def test_technology_variants_and_plurals_merge_under_the_listed_name() -> None:
    got = clusters(
        [
            record("a", [("artificial intelligence", "TECH"), ("AI", "TECH")]),
            record("b", [("knowledge graphs", "TECH"), ("large language models", "TECH")]),
        ]
    )
    assert got["AI"] == {"AI", "artificial intelligence"}
    assert got["knowledge graph"] == {"knowledge graphs"}
    assert got["large language model"] == {"large language models"}


def test_the_label_prefers_normal_case_to_a_shouted_dateline() -> None:
    got = clusters(
        [record("a", [("BEIJING", "PLACE"), ("BEIJING", "PLACE"), ("Beijing", "PLACE")])]
    )
    assert got == {"Beijing": {"BEIJING", "Beijing"}}


def test_suffixed_variants_merge_when_the_bare_name_never_occurs() -> None:
    got = clusters(
        [
            record("a", [("Samsung Electronics Co.", "ORG")]),
            record("b", [("Samsung Electronics Co., Ltd.", "ORG"), ("Acme Holdings", "ORG")]),
        ]
    )
    forms = next(f for f in got.values() if "Samsung Electronics Co." in f)
    assert forms == {"Samsung Electronics Co.", "Samsung Electronics Co., Ltd."}
    assert {"Acme Holdings"} in got.values()


def test_state_abbreviations_of_datelines_are_the_state() -> None:
    got = clusters(
        [
            record("a", [("Calif.", "PLACE"), ("N.Y.", "PLACE")]),
            record("b", [("California", "PLACE")]),
        ]
    )
    assert got["California"] == {"Calif.", "California"}
    assert got["New York"] == {"N.Y."}  # labelled by the standard name


def test_an_initialism_in_one_article_is_the_organisation_named_in_another() -> None:
    res = resolve(
        [
            record("a", [("Quantel Micro Devices Inc.", "ORG"), ("Hooli", "ORG")]),
            record("b", [("QMD", "ORG"), ("Hooli", "ORG")]),
        ],
        Config(),
    )
    groups = {res.labels[root] for root in res.canonical.values()}
    assert groups == {"Quantel Micro Devices Inc.", "Hooli"}
    assert any(d.rule == "acronym" and d.surface == "QMD" for d in res.decisions)


def test_an_initialism_may_count_the_legal_suffix() -> None:
    # "TSMC" for "Taiwan Semiconductor Manufacturing Co.": the "Co." is in it.
    got = clusters(
        [
            record("a", [("Tarvo Semiconductor Manufacturing Co.", "ORG")]),
            record("b", [("TSMC", "ORG")]),
        ]
    )
    assert {"TSMC", "Tarvo Semiconductor Manufacturing Co."} in got.values()


def test_a_place_in_front_of_an_organisation_name_is_the_same_organisation() -> None:
    res = resolve(
        [
            record("a", [("U.S. Zentrix Trade Commission", "ORG")]),
            record("b", [("Zentrix Trade Commission", "ORG"), ("China Wexa", "ORG")]),
            record("c", [("Wexa", "ORG")]),
        ],
        Config(),
    )
    groups = {frozenset(s for (s, _), r in res.canonical.items() if r == root)
              for root in set(res.canonical.values())}  # fmt: skip
    assert frozenset({"U.S. Zentrix Trade Commission", "Zentrix Trade Commission"}) in groups
    # One word after the place is a name of its own ("China Mobile" is not "Mobile").
    assert frozenset({"China Wexa"}) in groups
    assert any(d.rule == "place-prefix" for d in res.decisions)


def test_a_product_named_with_its_maker_or_line_is_the_product() -> None:
    got = clusters(
        [
            record("a", [("Hooli", "ORG"), ("Hooli Q100", "PRODUCT"), ("Tarvo ZX9", "PRODUCT")]),
            record("b", [("Q100", "PRODUCT"), ("ZX9", "PRODUCT"), ("Hooli Maps", "PRODUCT")]),
            record("c", [("Maps", "PRODUCT"), ("Tarvo Pro", "PRODUCT"), ("Pro", "PRODUCT")]),
        ]
    )
    groups = set(map(frozenset, got.values()))
    assert frozenset({"Hooli Q100", "Q100"}) in groups  # the maker in front
    assert frozenset({"Tarvo ZX9", "ZX9"}) in groups  # a line before a model code
    assert frozenset({"Hooli Maps", "Maps"}) in groups  # the maker in front
    # "Tarvo" is no organisation and "Pro" no model code: two products.
    assert frozenset({"Tarvo Pro"}) in groups and frozenset({"Pro"}) in groups


def test_a_web_address_ending_is_no_part_of_a_company_name() -> None:
    got = clusters([record("a", [("Hooli.com Inc", "ORG"), ("Hooli", "ORG"), ("Telecom", "ORG")])])
    assert {"Hooli.com Inc", "Hooli"} in [set(v) for v in got.values()]


def test_an_initialism_two_organisations_share_stays_apart() -> None:
    got = clusters(
        [
            record("a", [("Quantel Micro Devices", "ORG")]),
            record("b", [("Quick Media Design", "ORG")]),
            record("c", [("QMD", "ORG")]),
        ]
    )
    assert got["QMD"] == {"QMD"}
    # A person's initials are no organisation's, and two letters are too few.
    got = clusters(
        [record("a", [("Quantel Micro Devices", "PERSON")]), record("b", [("QMD", "ORG")])]
    )
    assert got["QMD"] == {"QMD"}
    got = clusters([record("a", [("General Motors Corp", "ORG")]), record("b", [("GM", "ORG")])])
    assert got["GM"] == {"GM"}

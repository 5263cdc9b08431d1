"""Behaviours added while measuring on our own gold articles: each one is a general rule."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def names(doc, ids):
    return {doc.actor(i).name for i in ids}


def test_said_that_someone_must_act_is_a_request(coder) -> None:
    doc = coder.code(
        "The Kenyan foreign minister said on Monday that Ethiopia must withdraw its troops "
        "from the border area.",
        published="2025-03-10",
    )
    requests = [e for e in doc.events if e.type == "REQUEST"]
    assert requests, [(e.type, e.trigger.text) for e in doc.events]
    assert names(doc, requests[0].target) == {"Ethiopia"}
    # the demanded withdrawal is the content of the request, not an event of its own
    assert not [e for e in doc.events if e.type == "RETREAT"]


def test_passive_arrest_without_agent_is_the_states_act(coder) -> None:
    doc = coder.code(
        "Tanzanian police blocked roads in Dar es Salaam on Monday. Opposition leader Halima "
        "Mdee was arrested at her home in the city on Tuesday, her party said. Tanzania's "
        "government has not commented on the arrest.",
        published="2025-06-11",
    )
    arrests = [e for e in doc.events if e.type == "COERCE" and e.trigger.text == "arrested"]
    assert arrests
    assert {doc.actor(i).country for i in arrests[0].source} == {"TZA"}
    assert "act of the state" in arrests[0].reasons["source"]


def test_unknown_organisation_from_ner_is_an_actor(coder) -> None:
    doc = coder.code(
        "The Committee to Protect Journalists condemned the arrest of two reporters in Minsk "
        "on Friday.",
        published="2025-06-13",
    )
    condemn = [e for e in doc.events if e.type == "ACCUSE"]
    assert condemn
    assert "Committee to Protect Journalists" in names(doc, condemn[0].source)


def test_headline_event_takes_the_leads_date(coder) -> None:
    doc = coder.code(
        "Chile expels Peruvian diplomat over spying claim\n\n"
        "SANTIAGO, June 4 — Chile on Tuesday expelled a Peruvian diplomat it accused of "
        "gathering information on military sites, the foreign ministry said.",
        published="2025-06-04",
    )
    first = [e for e in doc.events if e.sentence == 0 and e.type == "SANCTION"]
    assert first, [(e.type, e.sentence) for e in doc.events]
    assert first[0].date == "2025-06-03"
    assert "headline" in first[0].date_reason


def test_sentences_exclude_paragraph_whitespace(coder) -> None:
    doc = coder.code("Talks resume in Doha\n\nQatar hosted envoys on Sunday.\n\n", published="2025-06-01")
    for sentence in doc.sentences:
        assert sentence.text == sentence.text.strip()
        assert doc.text[sentence.start : sentence.end] == sentence.text


def test_the_group_is_the_only_named_armed_group(coder) -> None:
    doc = coder.code(
        "Al-Shabaab fighters attacked a military base near Mogadishu on Sunday. The group said "
        "it would not withdraw from the town.",
        published="2025-06-02",
    )
    retreat = [e for e in doc.events if e.type == "RETREAT"]
    assert retreat and retreat[0].negated
    assert names(doc, retreat[0].source) == {"al-Shabaab"}


def test_a_quote_that_accuses_is_its_speakers_accusation(coder) -> None:
    doc = coder.code(
        '"These strikes on our hospitals are war crimes," Sudanese Health Minister Haitham '
        "Ibrahim told reporters on Monday.",
        published="2025-06-02",
    )
    accusations = [e for e in doc.events if e.type == "ACCUSE"]
    assert accusations, [(e.type, e.trigger.text) for e in doc.events]
    assert names(doc, accusations[0].source) == {"Haitham Ibrahim"}
    assert accusations[0].confidence < 0.5
    assert "quote" in accusations[0].reasons["type"]


def countries_of(doc, ids):
    return {doc.actor(i).country for i in ids}


def test_a_measure_in_a_city_reaches_that_citys_state_even_when_unnamed(coder) -> None:
    doc = coder.code(
        "President Alassane Ouattara said on Sunday he would extend the night curfew in "
        "Abidjan for another week.",
        published="2011-04-18",
    )
    curfew = [e for e in doc.events if e.trigger.text == "extend"]
    assert curfew, [(e.type, e.trigger.text) for e in doc.events]
    assert countries_of(doc, curfew[0].target) == {"CIV"}
    assert "Abidjan" in curfew[0].reasons["target"]
    added = doc.actor(curfew[0].target[0])
    assert added.kind == "state" and "Abidjan" in added.reason


def test_a_states_curfew_on_its_own_town_targets_that_state(coder) -> None:
    doc = coder.code(
        "Turkish authorities imposed a curfew in the town of Sivas after overnight clashes.",
        published="2010-03-02",
    )
    curfew = [e for e in doc.events if e.type == "COERCE"]
    assert curfew
    assert countries_of(doc, curfew[0].source) == {"TUR"}
    assert countries_of(doc, curfew[0].target) == {"TUR"}


def test_a_complaint_targets_whom_it_is_about_not_whom_it_is_lodged_with(coder) -> None:
    doc = coder.code(
        "Kenya complained to the United Nations on Monday over two Somali air raids on its "
        "border posts.",
        published="2008-06-02",
    )
    complaint = [e for e in doc.events if e.type == "ACCUSE"]
    assert complaint
    assert countries_of(doc, complaint[0].target) == {"SOM"}


def test_the_actor_of_a_demanded_nominal_event_is_the_target(coder) -> None:
    doc = coder.code(
        "The African Union demanded the withdrawal of Rwandan forces from Congo on Friday.",
        published="2002-09-06",
    )
    demand = [e for e in doc.events if e.type == "REQUEST"]
    assert demand
    assert countries_of(doc, demand[0].target) == {"RWA"}


def test_a_passive_subject_thing_points_to_whom_it_belongs(coder) -> None:
    doc = coder.code(
        "A camp for Sudanese refugees was attacked by Chadian militiamen on Sunday.",
        published="2006-04-09",
    )
    attack = [e for e in doc.events if e.type == "ASSAULT"]
    assert attack
    assert countries_of(doc, attack[0].source) == {"TCD"}
    assert countries_of(doc, attack[0].target) == {"SDN"}


def test_a_community_is_coded_by_the_state_it_lives_in(coder) -> None:
    doc = coder.code(
        "Ethnic Hungarians in southern Slovakia demanded cultural autonomy on Saturday.",
        published="1995-03-04",
    )
    demand = [e for e in doc.events if e.type == "REQUEST"]
    assert demand
    assert countries_of(doc, demand[0].source) == {"SVK"}
    assert "living in Slovakia" in doc.actor(demand[0].source[0]).reason


def test_declared_ceasefires_and_lifted_blockades_are_retreat(coder) -> None:
    declared = coder.code("The rebels declared a unilateral ceasefire on Friday.")
    lifted = coder.code("Greece lifted its blockade of the port on Monday.")
    curfew = coder.code("The army lifted the curfew in the capital on Monday.")
    assert [e.type for e in declared.events] == ["RETREAT"]
    assert [e.type for e in lifted.events] == ["RETREAT"]
    assert [e.type for e in curfew.events] == ["CONCEDE"]


def test_a_protest_is_aimed_at_whom_its_purpose_names(coder) -> None:
    doc = coder.code(
        "Farmers blocked roads near Delhi to press their demands for higher prices from "
        "Prime Minister Modi's government.",
        published="2021-01-26",
    )
    protest = [e for e in doc.events if e.type == "PROTEST"]
    assert protest
    assert countries_of(doc, protest[0].target) == {"IND"}
    assert "phrase" in protest[0].reasons["target"]


def test_two_word_nationalities_and_agents_placed_in_a_country(coder) -> None:
    doc = coder.code(
        "Security forces in Guinea have beaten scores of Sierra Leonean refugees.",
        published="2000-11-02",
    )
    beating = [e for e in doc.events if e.type == "ASSAULT"]
    assert beating
    assert countries_of(doc, beating[0].source) == {"GIN"}
    assert countries_of(doc, beating[0].target) == {"SLE"}
    assert not [a for a in doc.actors if a.name == "Sierra"]  # not an organisation


def test_a_before_clause_of_an_action_not_yet_taken_is_no_event(coder) -> None:
    doc = coder.code(
        "The envoy insisted that the terms must be agreed before any truce is declared.",
        published="2024-02-01",
    )
    assert [e.type for e in doc.events] == ["REQUEST"]  # the truce is not declared


def test_an_unnamed_doer_is_an_unidentified_actor_of_the_country_where_it_happened(coder) -> None:
    doc = coder.code(
        "A roadside bomb near the town of Baqubah killed two Iraqi policemen on Sunday.",
        published="2007-05-06",
    )
    killing = [e for e in doc.events if e.type == "ASSAULT"]
    assert killing
    doer = doc.actor(killing[0].source[0])
    assert doer.name == "Iraq (unidentified)" and doer.country == "IRQ"
    assert "not named" in killing[0].reasons["source"]


@pytest.mark.parametrize(
    ("text", "kind", "source_country"),
    [
        ("Turkey is opposed to Swedish mediation in the dispute, an aide said.", "REJECT", "TUR"),
        ("Syrian officers ended their mediation efforts between the militias.", "SANCTION", "SYR"),
        ("Swiss doctors handed over 500 kg of medicine to the Red Crescent.", "AID", "CHE"),
        ("Turkish police prevented a demonstration by students in Ankara.", "COERCE", "TUR"),
        ("Iraqi negotiators return to Vienna this week for talks on the deal.", "CONSULT", "IRQ"),
        ("Argentina apologized to Brazil for the incident at sea.", "SUPPORT", "ARG"),
    ],
)
def test_constructions_the_verb_lexicon_codes(coder, text, kind, source_country) -> None:
    doc = coder.code(text, published="2001-05-02")
    events = [e for e in doc.events if e.type == kind]
    assert events, [(e.type, e.trigger.text) for e in doc.events]
    assert source_country in countries_of(doc, events[0].source)


def test_readiness_to_use_force_is_a_threat(coder) -> None:
    doc = coder.code("Colombia's government is prepared to impose martial law in Cali.")
    assert [e.type for e in doc.events] == ["THREATEN"]
    willing = coder.code("Syria said it is willing to withdraw its troops from Lebanon.")
    assert [e.type for e in willing.events] == ["AGREE"]


def test_conditions_attributions_and_agreements_to_act(coder) -> None:
    unless = coder.code(
        "The Islamist party said it will boycott the elections unless the president agrees "
        "to step down."
    )
    assert [e.type for e in unless.events] == ["THREATEN"]  # "agrees" is the condition
    attribution = coder.code(
        "The army has been holding hundreds of civilians in the battle zone, according to a "
        "press release by the rebels."
    )
    assert "RETREAT" not in {e.type for e in attribution.events}  # no "release" event
    consensus = coder.code("Egypt and Sudan reached a consensus to share data on the dam.")
    assert {e.type for e in consensus.events if e.trigger.text == "reached"} == {"AGREE"}
    signed = coder.code("Egypt and Sudan signed an agreement on the dam on Thursday.")
    assert {e.type for e in signed.events} == {"SUPPORT"}


def test_a_message_that_someone_must_act_is_a_request_and_holds_its_content(coder) -> None:
    doc = coder.code(
        "President Jacques Chirac issued a stern reminder to Iran that it must cooperate fully "
        "with UN inspectors."
    )
    assert [e.type for e in doc.events] == ["REQUEST"]
    assert countries_of(doc, doc.events[0].target) == {"IRN"}


def test_targets_from_defiance_conditions_and_purposes(coder) -> None:
    defiance = coder.code(
        "Hundreds of thousands of people blocked streets in Taipei in defiance of Chinese "
        "authorities to demand reforms."
    )
    assert countries_of(defiance, defiance.events[0].target) == {"CHN"}  # not where: whom
    two_words = coder.code(
        "Tens of thousands of people blocked streets in Hong Kong in defiance of Chinese "
        "authorities to demand free elections."
    )
    assert countries_of(two_words, two_words.events[0].target) == {"CHN"}
    condition = coder.code(
        "Druze residents of the Golan Heights threatened to hold a general strike unless "
        "Israel rescinded the annexation."
    )
    threat = [e for e in condition.events if e.type == "THREATEN"]
    assert threat and countries_of(condition, threat[0].target) == {"ISR"}
    purpose = coder.code("Egyptian police opened fire to disperse Islamist demonstrators.")
    fire = [e for e in purpose.events if e.trigger.text == "opened"]
    assert fire and countries_of(purpose, fire[0].target) == {"EGY"}


def test_anti_and_pro_name_a_stance_not_a_nationality(coder) -> None:
    doc = coder.code("A prominent anti-Syria journalist was killed in a car bomb in Beirut.")
    journalist = [a for a in doc.actors if a.sector == "MED"]
    assert journalist and journalist[0].country != "SYR"


def test_a_region_named_after_a_country_is_not_that_country(coder) -> None:
    doc = coder.code(
        "The British government on Tuesday banned a loyalist paramilitary group in Northern "
        "Ireland."
    )
    assert "IRL" not in {a.country for a in doc.actors}
    ban = [e for e in doc.events if e.type == "COERCE"]
    assert ban and countries_of(doc, ban[0].target) == {"GBR"}


def test_a_participle_misparsed_as_subject_gives_back_the_speaker(coder) -> None:
    doc = coder.code(
        "The Red Cross working in Somalia said Kenyan and Ethiopian forces must guarantee "
        "safe passage for food convoys."
    )
    requests = [e for e in doc.events if e.type == "REQUEST"]
    assert requests, [(e.type, e.trigger.text) for e in doc.events]
    assert "Red Cross" in " ".join(names(doc, requests[0].source))
    assert countries_of(doc, requests[0].target) == {"KEN"}


def test_allowing_someone_to_act_is_the_concession_not_their_act(coder) -> None:
    doc = coder.code(
        "The electoral court allowed opposition leader Raila Odinga to run in the coming "
        "presidential election."
    )
    assert [e.type for e in doc.events] == ["CONCEDE"]  # running is only permitted
    assert names(doc, doc.events[0].target) == {"Raila Odinga"}


def test_a_victim_without_nationality_belongs_where_the_deed_happened(coder) -> None:
    doc = coder.code("A local radio reporter was shot dead outside his home in Peshawar.")
    killing = [e for e in doc.events if e.type == "ASSAULT"]
    assert killing and countries_of(doc, killing[0].target) == {"PAK"}
    assert "where the deed against them happened" in doc.actor(killing[0].target[0]).reason


def test_whom_a_withdrawal_leaves_and_whom_a_summons_complains_to(coder) -> None:
    withdrawal = coder.code("Rwanda is ready to withdraw its troops from eastern Congo.")
    assert countries_of(withdrawal, withdrawal.events[0].target) == {"COD"}
    summons = coder.code(
        "On Monday, Kenyan deputy foreign minister John Otieno summoned Uganda's ambassador "
        "Paul Musoke to complain of inaction over the cattle raiders."
    )
    complaint = [e for e in summons.events if e.trigger.text == "complain"]
    assert complaint and countries_of(summons, complaint[0].target) == {"UGA"}


def test_the_doers_of_what_is_acted_on_are_the_target(coder) -> None:
    stopped = coder.code(
        "Egyptian police prevented a march staged by students at Cairo University to protest "
        "the decision of sending troops to Yemen."
    )
    prevent = [e for e in stopped.events if e.type == "COERCE"]
    assert prevent and countries_of(stopped, prevent[0].target) == {"EGY"}  # not Yemen
    strike = coder.code(
        "Some 200,000 workers of the Greek Workers' Union stopped work on Monday over a "
        "pension bill signed by Greek Labour Minister Nikos Papas."
    )
    assert names(strike, strike.events[0].target) == {"Nikos Papas"}


def test_communities_and_ethnic_groups_belong_where_they_live(coder) -> None:
    doc = coder.code(
        "Half of the ethnic Tajik fighters operating in Afghanistan have been disarmed since "
        "the peace deal, two commanders said."
    )
    assert {a.country for a in doc.actors if a.sector == "REB"} == {"AFG"}
    cleansing = coder.code(
        "Serb forces were engaged in ethnic cleansing in Kosovo against the Albanian "
        "population of the province, according to the US government."
    )
    event = cleansing.events[0]
    assert countries_of(cleansing, event.source) == {"SRB"}  # "were engaged in": they acted
    assert countries_of(cleansing, event.target) == {"XKX"}
    minority = coder.code("The Greek minority in Albania protested against the new property law.")
    assert countries_of(minority, minority.events[0].source) == {"ALB"}


def test_a_demand_outranks_the_background_in_its_relative_clause(coder) -> None:
    doc = coder.code(
        "Kenya said on Tuesday that Ethiopia must return a truck that was seized by Ethiopian "
        "soldiers last week."
    )
    top = max(doc.events, key=lambda e: e.confidence)
    assert top.type == "REQUEST" and countries_of(doc, top.target) == {"ETH"}


def test_an_oath_to_fight_parsed_as_a_purpose_clause_is_a_threat(coder) -> None:
    doc = coder.code(
        "Ethnic Serbs have sworn to fight until they gain control of villages near Kosovo's "
        "border with Montenegro, Kosovar officials said."
    )
    assert [e.type for e in doc.events] == ["THREATEN"]
    sworn_in = coder.code("The new president was sworn in to serve a five-year term.")
    assert not [e for e in sworn_in.events if e.type == "THREATEN"]


def test_forcing_an_agency_out_of_a_country_is_an_expulsion(coder) -> None:
    doc = coder.code(
        "Nairobi forced the UN refugee agency, UNHCR, out of the country after the relief "
        "operation ended."
    )
    expel = [e for e in doc.events if e.trigger.text == "forced"]
    assert expel and expel[0].type == "SANCTION"  # the agency's name holds "refugee"
    assert countries_of(doc, expel[0].source) == {"KEN"}


def test_announcing_a_suspension_of_ties_is_a_sanction(coder) -> None:
    doc = coder.code("The Arab League announced the suspension of Syria's membership.")
    assert [e.type for e in doc.events] == ["SANCTION"]
    assert countries_of(doc, doc.events[0].target) == {"SYR"}


def test_an_investigation_targets_the_alleged_doers_and_outranks_the_allegation(coder) -> None:
    doc = coder.code(
        "Serbian military police have launched an investigation into alleged crimes committed "
        "by Croat forces against ethnic Serb civilians during the war."
    )
    top = max(doc.events, key=lambda e: e.confidence)
    assert top.type == "ACCUSE" and countries_of(doc, top.target) == {"HRV"}
    claimed = [e for e in doc.events if e.type == "ASSAULT"]
    assert all("only alleged" in e.reasons.get("confidence", "") for e in claimed)


def test_an_object_pronoun_is_not_the_subject_of_its_coordinated_verbs(coder) -> None:
    doc = coder.code(
        "U.S. Secretary of State Marco Rubio spoke to Vucic by phone on Monday and urged him "
        "to pull back from the boundary."
    )
    urge = [e for e in doc.events if e.type == "REQUEST"]
    assert urge and countries_of(doc, urge[0].target) == {"SRB"}


def test_a_states_own_troops_are_not_its_target_but_a_rebel_groups_captives_are(coder) -> None:
    massing = coder.code("Serbia masses troops near Kosovo.")
    assert countries_of(massing, massing.events[0].target) == {"XKX"}
    release = coder.code(
        "Colombia's ELN guerrilla group on Thursday freed four soldiers it had held for more "
        "than a month."
    )
    freed = [e for e in release.events if e.type == "RETREAT"]
    assert freed and {release.actor(i).sector for i in freed[0].target} == {"MIL"}


def test_a_cause_named_with_pro_or_anti_is_never_a_target(coder) -> None:
    doc = coder.code("Georgian police detain dozens as pro-EU protests enter a sixth night.")
    detain = [e for e in doc.events if e.type == "COERCE"]
    assert detain and "European Union" not in names(doc, detain[0].target)


def test_victims_of_a_states_detentions_and_of_killings_elsewhere(coder) -> None:
    detained = coder.code(
        "The Committee to Protect Journalists said Ethiopia had detained at least 11 reporters "
        "since the conflict began."
    )
    held = [e for e in detained.events if e.type == "COERCE"]
    assert held and countries_of(detained, held[0].target) == {"ETH"}
    abroad = coder.code(
        "Pakistan said on Monday it would respond to any aggression. Pakistani officials met "
        "in Islamabad. Two suicide bombers killed 23 people when they blew themselves up in "
        "Tel Aviv."
    )
    killed = [e for e in abroad.events if e.trigger.text == "killed"]
    assert killed and countries_of(abroad, killed[0].target) == {"ISR"}


def test_a_regions_adjective_names_no_state(coder) -> None:
    doc = coder.code(
        "On Monday, Venezuela ordered diplomats from seven Latin American countries, including "
        "Argentina and Chile, to leave the country within 72 hours."
    )
    assert "USA" not in {a.country for a in doc.actors}
    expel = [e for e in doc.events if e.type == "SANCTION"]
    assert expel and countries_of(doc, expel[0].target) <= {"ARG", "CHL"}


def test_a_war_between_two_sides_is_done_by_both(coder) -> None:
    doc = coder.code(
        "The war between the army and the RSF erupted in April 2023 and has killed tens of "
        "thousands of people in Sudan."
    )
    killing = [e for e in doc.events if e.trigger.text == "killed"]
    sides = {doc.actor(i).name for e in killing for i in e.source}
    assert "Rapid Support Forces" in sides and "Sudan (military)" in sides


def test_troops_kept_on_alert_are_mobilised(coder) -> None:
    doc = coder.code("Indian troops remained on alert in Kashmir to forestall more violence.")
    assert [e.type for e in doc.events] == ["MOBILIZE"]


def test_an_ally_is_not_the_country_it_is_allied_to(coder) -> None:
    doc = coder.code(
        "Hamas fighters killed the deputy chief of Egypt's militia ally in northern Sinai on "
        "Sunday."
    )
    assert [e.reasons["target"] for e in doc.events if e.type == "ASSAULT"] == [
        "the state where it happens ('Sinai Peninsula')"
    ]  # not Egypt through "Egypt's ally"


def test_a_preposition_shared_by_coordinated_verbs_reaches_its_object(coder) -> None:
    doc = coder.code(
        "Chile has established diplomatic ties with and opened an embassy in Hanoi, the foreign "
        "ministry said."
    )
    ties = [e for e in doc.events if e.trigger.text == "established"]
    assert ties and countries_of(doc, ties[0].target) == {"VNM"}


def test_a_group_never_targets_itself_and_stateless_groups_stay_stateless(coder) -> None:
    riot = coder.code("Prisoners rioted at a jail in Dili on Monday, joining thousands of demonstrators.")
    assert riot.events and not riot.events[0].target
    strikes = coder.code(
        "Recent US drone attacks have killed at least eight top al-Qaeda leaders since last "
        "July, according to Pentagon sources."
    )
    qaeda = [a for a in strikes.actors if a.name == "al-Qaeda"]
    assert qaeda and qaeda[0].country is None  # not the article's main country
    branch = coder.code("Militants of Yemen's al-Qaeda claimed the bombing of a police station.")
    assert {a.country for a in branch.actors if a.name == "al-Qaeda"} == {"YEM"}

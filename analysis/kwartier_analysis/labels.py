"""Words of plots and the report in Dutch (nl, the default) and English (en).

OUTCOMES holds a short label per outcome (the program's outcome names, see
`h5dump -A -g /weekly`) and the derived figures of `Results.finals`; an outcome
without an entry falls back to its English description from the file.
"""
from __future__ import annotations

LANGUAGES = ("nl", "en")

# Okabe & Ito (2008), "Color universal design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# outcome: (nl, en)
OUTCOMES = {
    "reached": ("bereikte bewoners (cumulatief)", "residents reached (cumulative)"),
    "waiting": ("op de wachtlijst", "on the waiting list"),
    "exploring": ("cliënten die hun wensen verkennen", "clients exploring their wishes"),
    "niche_phase": ("cliënten in de nichefase", "clients in the niche phase"),
    "fading": ("cliënten in de afbouwfase", "clients in the fading-out phase"),
    "ended_success": ("geslaagde trajecten (cumulatief)", "successful trajectories (cumulative)"),
    "ended_not_worked": ("trajecten beëindigd: het werkte niet", "trajectories ended: it did not work"),
    "dropped_out": ("trajecten voortijdig gestopt", "trajectories dropped out"),
    "accepted_with_role": ("geaccepteerd met een rol", "accepted with a role"),
    "intakes": ("intakes per week", "intakes per week"),
    "niche_shortage": ("cliënten zonder vrije nicheplek", "clients without a free niche place"),
    "ladder_1": ("trede 1: geïsoleerd", "rung 1: isolated"),
    "ladder_2": ("trede 2: contacten buiten de deur", "rung 2: contacts outside the home"),
    "ladder_3": ("trede 3: georganiseerde activiteiten", "rung 3: organised activities"),
    "ladder_4": ("trede 4: vrijwilligersrol", "rung 4: volunteer role"),
    "ladder_5": ("trede 5: betaald werk met ondersteuning", "rung 5: paid work with support"),
    "ladder_6": ("trede 6: betaald werk", "rung 6: paid work"),
    "lonely_share": ("eenzaam, alle volwassenen", "lonely, all adults"),
    "strongly_lonely_share": ("ernstig eenzaam, alle volwassenen", "strongly lonely, all adults"),
    "loneliness_mean": ("gemiddelde eenzaamheid, volwassenen", "mean loneliness, adults"),
    "isolated_share": ("geïsoleerd (geen contact buiten het huishouden)", "isolated (no contact outside the household)"),
    "degree_mean": ("gemiddeld aantal banden, volwassenen", "mean number of ties, adults"),
    "contacts_mean": ("contacten per week, volwassenen", "contacts per week, adults"),
    "vulnerable_lonely_share": ("eenzaam, kwetsbare bewoners", "lonely, vulnerable residents"),
    "vulnerable_strongly_lonely_share": ("ernstig eenzaam, kwetsbare bewoners", "strongly lonely, vulnerable residents"),
    "vulnerable_isolated_share": ("geïsoleerd, kwetsbare bewoners", "isolated, vulnerable residents"),
    "vulnerable_degree_mean": ("gemiddeld aantal banden, kwetsbare bewoners", "mean number of ties, vulnerable residents"),
    "vulnerable_non_kin_ties_mean": ("banden buiten de familie, kwetsbare bewoners", "non-kin ties, vulnerable residents"),
    "felt_acceptance_mean": ("ervaren acceptatie, kwetsbare bewoners", "felt acceptance, vulnerable residents"),
    "self_efficacy_mean": ("eigen-effectiviteit, kwetsbare bewoners", "self-efficacy, vulnerable residents"),
    "wellbeing_mean": ("welbevinden, kwetsbare bewoners", "wellbeing, vulnerable residents"),
    "withdrawal_mean": ("terugtrekking, kwetsbare bewoners", "withdrawal, vulnerable residents"),
    "dependence_mean": ("afhankelijkheid, kwetsbare bewoners", "dependence, vulnerable residents"),
    "tolerance_mean": ("gemiddelde tolerantie, volwassenen", "mean tolerance, adults"),
    "accept_neighbour_share": ("accepteert (ex-)patiënt als buur", "accepts an (ex-)patient as neighbour"),
    "accept_intimate_share": ("accepteert (ex-)patiënt als schoonzoon", "accepts an (ex-)patient as son-in-law"),
    "hospitality_mean": ("gastvrijheid van niches", "hospitality of niches"),
    "niche_clients": ("cliënten met een nicheplek", "clients holding a niche place"),
    "niche_client_places": ("nicheplekken voor cliënten", "niche places for clients"),
    "niche_visits": ("nichebezoeken per week", "niche visits per week"),
    "roles_filled": ("vervulde rollen", "roles filled"),
    "role_slots": ("beschikbare rollen", "roles available"),
    "buddy_pairs": ("actieve maatjeskoppels", "active buddy pairs"),
    "buddy_pairs_started": ("gestarte maatjeskoppels per week", "buddy pairs started per week"),
    "crises": ("crises per week", "crises per week"),
    "in_crisis": ("kwetsbare bewoners in crisis", "vulnerable residents in crisis"),
    "care_referrals": ("verwijzingen naar zorg per week", "referrals to care per week"),
    "care_waiting": ("wachtend op zorg", "waiting for care"),
    "in_care": ("in zorg", "in care"),
    "care_started": ("gestart met zorg per week", "starting care per week"),
    "care_wait_weeks": ("wachtweken van wie zorg start", "waiting weeks of those starting care"),
    "client_hours": ("kwartiermakersuren met cliënten per week", "kwartiermaker hours with clients per week"),
    "neighbourhood_hours": ("kwartiermakersuren buurtwerk per week", "kwartiermaker hours of neighbourhood work per week"),
    "indirect_contacts": ("bewoners bereikt door buurtwerk per week", "residents reached by neighbourhood work per week"),
    "cost": ("kosten kwartiermakers (cumulatief)", "kwartiermaker cost (cumulative)"),
    "ties_formed": ("nieuwe banden per week", "new ties per week"),
    # derived (Results.finals)
    "kwartiermaker_hours": ("kwartiermakersuren (totaal)", "kwartiermaker hours (total)"),
    "cost_per_success": ("kosten per geslaagd traject", "cost per successful trajectory"),
    "successes_per_active_wijk": ("geslaagde trajecten per wijk met kwartiermaker", "successes per wijk with a kwartiermaker"),
    "participant_loneliness_smd": ("eenzaamheid deelnemers t.o.v. vergelijkbare niet-deelnemers (SMD)",
                                   "participants' loneliness against matched non-participants (SMD)"),
    "care_referrals_total": ("verwijzingen naar zorg (totaal)", "referrals to care (total)"),
    "crises_total": ("crises (totaal)", "crises (total)"),
    "care_started_total": ("gestart met zorg (totaal)", "started care (total)"),
    "intakes_total": ("intakes (totaal)", "intakes (total)"),
}

UNITS = {  # unit in the file: (nl, en); shares are shown as percentages
    "residents": ("bewoners", "residents"), "pairs": ("koppels", "pairs"), "ties": ("banden", "ties"),
    "roles": ("rollen", "roles"), "places": ("plekken", "places"), "weeks": ("weken", "weeks"),
    "euro": ("euro", "euro"), "hours": ("uren", "hours"), "referrals": ("verwijzingen", "referrals"),
    "crises": ("crises", "crises"), "visits": ("bezoeken", "visits"), "contacts": ("contacten", "contacts"),
    "intakes": ("intakes", "intakes"),
    "-": ("schaal 0–1", "scale 0–1"), "%": ("%", "%"), "SMD": ("SMD (Hedges' g)", "SMD (Hedges' g)"),
}

TEXT = {
    "nl": {
        "title": "Kwartier: resultaten van de simulatie",
        "subtitle": "Kwartiermaken in de gemeente Oss — een agent-gebaseerde simulatie",
        "generated": "Gemaakt op {date} met kwartier {version}",
        "toc": "Inhoud",
        "s_short": "In het kort",
        "s_run": "Wat is er gerekend",
        "s_headline": "Kerncijfers per wijk",
        "s_effect": "Vergeleken met niets doen",
        "s_scale": "Opschaling naast elkaar",
        "s_ladder": "Participatieladder",
        "s_lonely": "Eenzaamheid",
        "s_attitudes": "Houding van de buurt",
        "s_care": "Zorgvraag",
        "s_hours": "Inzet en kosten van kwartiermakers",
        "s_time": "Verloop in de tijd",
        "s_wijken": "Per wijk",
        "s_calibration": "Controle: het model naast bekende cijfers",
        "s_assumptions": "Aannames en bronnen",
        "s_reading": "Hoe lees je dit rapport",
        "reading": (
            "Kwartier is een computermodel: het bootst een synthetische bevolking na met de samenstelling van de "
            "wijken van Oss, en laat kwartiermakers daarin werken zoals in het plan van Stichting Door en Voor. "
            "De cijfers zijn dus <em>uitkomsten van een model</em>, geen metingen. Elke run is één mogelijke "
            "afloop; door een scenario vaak te herhalen (replicaties, elk met eigen toeval) ontstaat een "
            "gemiddelde met een <strong>95%-interval</strong>: de marge waarbinnen het gemiddelde over veel "
            "herhalingen met 95% zekerheid ligt. Een interval zegt niets over onzekerheid in de aannames zelf; "
            "die staan onderaan."),
        "arm": "scenario", "file": "bestand", "scenario_file": "scenariobestand", "wijken": "wijken",
        "active_wijken": "wijken met kwartiermaker", "kwartiermakers": "kwartiermakers", "weeks": "weken",
        "replicates": "replicaties", "seed": "seed", "version": "versie", "commit": "commit",
        "adults": "volwassenen", "vulnerable": "kwetsbare bewoners", "variant": "variant",
        "command": "opdracht", "wijk": "wijk", "all": "alle wijken samen", "baseline": "zonder programma",
        "changed": "Parameters die afwijken van de standaardwaarden",
        "no_changes": "geen: alle parameters hebben hun standaardwaarde",
        "key": "parameter", "value": "waarde", "default": "standaard", "unit": "eenheid", "meaning": "betekenis",
        "source": "bron", "range": "toegestaan",
        "defaults_unknown": "De standaardwaarden konden niet worden opgevraagd (programma kwartier niet gevonden); "
                            "hieronder staan alle waarden van de run.",
        "one_replicate": "1 replicatie: geen interval; draai met --replicates 20 voor een 95%-interval.",
        "n_replicates": "{n} replicaties: de getallen zijn gemiddelden met een 95%-interval tussen haakjes.",
        "interval_note": "Tussen haakjes: 95%-interval over de replicaties.",
        "target": "doel pilot: 1–2 per wijk",
        "target_short": "doel 1–2",
        "below": "onder het doel", "within": "binnen het doel", "above": "boven het doel",
        "reached_col": "bereikt", "success_col": "geslaagd", "accepted_col": "geaccepteerd met rol",
        "verdict": "t.o.v. doel (geslaagd)",
        "headline_intro": ("Per wijk: hoeveel kwetsbare bewoners een traject met een kwartiermaker begonnen "
                           "(bereikt), hoeveel trajecten geslaagd afliepen, en hoeveel bewoners zich aan het eind "
                           "geaccepteerd voelen, een vaste rol hebben en minstens twee banden buiten de familie "
                           "(geaccepteerd met rol). Het plan hoopt op 1–2 geslaagde bewoners per wijk."),
        "effect_intro": ("Het verschil tussen het scenario met kwartiermakers en hetzelfde gebied zonder "
                         "programma, aan het eind van de looptijd, voor alle gesimuleerde wijken samen. "
                         "Dezelfde seed betekent hetzelfde toeval, dus het verschil is het effect van het programma."),
        "effect_none": "Geen scenario zonder kwartiermakers over dezelfde wijken meegegeven; geef bijvoorbeeld "
                       "baseline.h5 mee (kwartier run scenarios/oss-baseline.ini).",
        "with": "met programma", "without": "zonder programma", "difference": "verschil",
        "paired": "gepaard per replicatie", "outcome": "uitkomst", "end_of": "na {weeks} weken",
        "scale_intro": "De scenario's naast elkaar: omvang, bereik, resultaat en kosten aan het eind van de looptijd.",
        "ladder_intro": ("Waar kwetsbare bewoners aan het eind staan op de participatieladder, van 1 (geïsoleerd) tot "
                         "6 (betaald werk)."),
        "lonely_intro": ("Aandeel eenzamen aan het eind, en de eenzaamheid van deelnemers vergeleken met "
                         "vergelijkbare bewoners die niet deelnamen (SMD: negatief = minder eenzaam)."),
        "attitudes_intro": "Hoe de buurt staat tegenover mensen met een psychische kwetsbaarheid (aan het eind).",
        "care_intro": "Vraag naar zorg (GGZ, wijkteam) bij kwetsbare bewoners: aan het eind en opgeteld over de looptijd.",
        "hours_intro": "Uren van de kwartiermakers (met cliënten en in de buurt) en de kosten, in totaal en per geslaagd traject.",
        "time_intro": "Het verloop per week voor alle gesimuleerde wijken samen; de band is het 95%-interval.",
        "wijken_intro": "Dezelfde uitkomsten per wijk (kleine grafieken, gelijke schaal).",
        "calibration_intro": ("De doelwaarden uit onderzoek (MODEL.md) naast de uitkomst van het model, zodat u ziet "
                              "of het model de bekende werkelijkheid benadert."),
        "assumptions_intro": ("Elke parameter met zijn waarde, eenheid, betekenis en bron (uit <code>kwartier params</code>; "
                              "betekenis en bron in het Engels). Een bron ‘assumption’ is een aanname van de modelbouwers "
                              "die nog niet op gegevens berust."),
        "assumption_count": "{n} van de {total} parameters berusten op een aanname.",
        "all_params": "Alle parameters",
        "cal_name": "grootheid", "cal_target": "doel", "cal_model": "model", "cal_ok": "in de buurt",
        "yes": "ja", "no": "nee", "near": "dichtbij", "off": "ernaast", "na": "n.v.t.",
        "week": "week", "share_pct": "aandeel (%)", "euro": "euro",
        "short_reached": "{arm}: in {weeks} weken zijn {reached} kwetsbare bewoners bereikt; {success} trajecten slaagden "
                         "({per_wijk} per wijk met kwartiermaker, doel 1–2); {accepted} bewoners voelen zich aan het eind "
                         "geaccepteerd met een rol.",
        "short_cost": "Kosten kwartiermakers {cost} euro, {hours} uur; {cps} euro per geslaagd traject.",
        "short_effect": "Tegenover niets doen ({base}): eenzaamheid onder kwetsbare bewoners {d_lonely} "
                        "procentpunt, geaccepteerd met een rol {d_acc} bewoners, in zorg {d_care}.",
        "short_base": "{arm}: zonder kwartiermakers; de vergelijking voor ‘niets doen’.",
        "per_wijk_target": "per wijk",
        "reproduce": "Opnieuw maken",
        "footer": "Gemaakt door kwartier report. Alle getallen zijn modeluitkomsten.",
        "mean_ci": "gemiddelde en 95%-interval",
        "replicate_line": "één run (geen interval)",
        "no_trajectories": "geen trajecten",
    },
    "en": {
        "title": "Kwartier: simulation results",
        "subtitle": "Kwartiermaken in the gemeente Oss — an agent-based simulation",
        "generated": "Made on {date} with kwartier {version}",
        "toc": "Contents",
        "s_short": "In short",
        "s_run": "What was run",
        "s_headline": "Headline figures per wijk",
        "s_effect": "Against doing nothing",
        "s_scale": "Scale-up side by side",
        "s_ladder": "Participation ladder",
        "s_lonely": "Loneliness",
        "s_attitudes": "Attitudes in the neighbourhood",
        "s_care": "Care demand",
        "s_hours": "Kwartiermaker hours and cost",
        "s_time": "Over time",
        "s_wijken": "Per wijk",
        "s_calibration": "Check: the model beside known figures",
        "s_assumptions": "Assumptions and sources",
        "s_reading": "How to read this report",
        "reading": (
            "Kwartier is a computer model: it builds a synthetic population with the make-up of the wijken of Oss and "
            "lets kwartiermakers work in it as in Stichting Door en Voor's plan. The figures are <em>model results</em>, "
            "not measurements. Each run is one possible course of events; repeating a scenario (replicates, each with "
            "its own chance) gives a mean with a <strong>95% interval</strong>: the range in which the mean over many "
            "repetitions lies with 95% confidence. An interval says nothing about uncertainty in the assumptions "
            "themselves; those are listed at the end."),
        "arm": "scenario", "file": "file", "scenario_file": "scenario file", "wijken": "wijken",
        "active_wijken": "wijken with a kwartiermaker", "kwartiermakers": "kwartiermakers", "weeks": "weeks",
        "replicates": "replicates", "seed": "seed", "version": "version", "commit": "commit",
        "adults": "adults", "vulnerable": "vulnerable residents", "variant": "variant",
        "command": "command", "wijk": "wijk", "all": "all wijken together", "baseline": "without the programme",
        "changed": "Parameters that differ from their defaults",
        "no_changes": "none: every parameter has its default value",
        "key": "parameter", "value": "value", "default": "default", "unit": "unit", "meaning": "meaning",
        "source": "source", "range": "allowed",
        "defaults_unknown": "The defaults could not be read (program kwartier not found); all values of the run are listed.",
        "one_replicate": "1 replicate: no interval; run with --replicates 20 for a 95% interval.",
        "n_replicates": "{n} replicates: figures are means with a 95% interval in brackets.",
        "interval_note": "In brackets: 95% interval over replicates.",
        "target": "pilot target: 1–2 per wijk",
        "target_short": "target 1–2",
        "below": "below target", "within": "within target", "above": "above target",
        "reached_col": "reached", "success_col": "successes", "accepted_col": "accepted with role",
        "verdict": "against target (successes)",
        "headline_intro": ("Per wijk: how many vulnerable residents started a trajectory with a kwartiermaker (reached), "
                           "how many trajectories ended in success, and how many residents at the end feel accepted, "
                           "hold a stable role and have at least two non-kin ties (accepted with role). The plan hopes "
                           "for 1–2 successful residents per wijk."),
        "effect_intro": ("The difference between the scenario with kwartiermakers and the same area without the "
                         "programme, at the end of the run, for all simulated wijken together. The same seed means "
                         "the same chance, so the difference is the programme's effect."),
        "effect_none": "No scenario without kwartiermakers over the same wijken was given; add e.g. baseline.h5 "
                       "(kwartier run scenarios/oss-baseline.ini).",
        "with": "with programme", "without": "without programme", "difference": "difference",
        "paired": "paired by replicate", "outcome": "outcome", "end_of": "after {weeks} weeks",
        "scale_intro": "The scenarios side by side: size, reach, result and cost at the end of the run.",
        "ladder_intro": "Where vulnerable residents stand on the participation ladder at the end, from 1 (isolated) to 6 (paid work).",
        "lonely_intro": ("Share of lonely residents at the end, and participants' loneliness against comparable residents "
                         "who did not take part (SMD: negative = less lonely)."),
        "attitudes_intro": "How the neighbourhood regards people with a psychiatric vulnerability (at the end).",
        "care_intro": "Demand for care (mental health care, wijkteam) among vulnerable residents: at the end and summed over the run.",
        "hours_intro": "Kwartiermaker hours (with clients and in the neighbourhood) and cost, in total and per success.",
        "time_intro": "Week by week for all simulated wijken together; the band is the 95% interval.",
        "wijken_intro": "The same outcomes per wijk (small multiples, same scale).",
        "calibration_intro": ("Target values from research (MODEL.md) beside the model's result, to show whether the model "
                              "comes close to what is known."),
        "assumptions_intro": ("Every parameter with its value, unit, meaning and source (from <code>kwartier params</code>). "
                              "A source 'assumption' is the modellers' assumption, not yet based on data."),
        "assumption_count": "{n} of the {total} parameters rest on an assumption.",
        "all_params": "All parameters",
        "cal_name": "quantity", "cal_target": "target", "cal_model": "model", "cal_ok": "near",
        "yes": "yes", "no": "no", "near": "near", "off": "off", "na": "n/a",
        "week": "week", "share_pct": "share (%)", "euro": "euro",
        "short_reached": "{arm}: in {weeks} weeks {reached} vulnerable residents were reached; {success} trajectories "
                         "succeeded ({per_wijk} per wijk with a kwartiermaker, target 1–2); {accepted} residents feel "
                         "accepted with a role at the end.",
        "short_cost": "Kwartiermaker cost {cost} euro, {hours} hours; {cps} euro per success.",
        "short_effect": "Against doing nothing ({base}): loneliness among vulnerable residents {d_lonely} percentage "
                        "points, accepted with a role {d_acc} residents, in care {d_care}.",
        "short_base": "{arm}: without kwartiermakers; the comparison for 'doing nothing'.",
        "per_wijk_target": "per wijk",
        "reproduce": "Reproduce",
        "footer": "Made by kwartier report. All figures are model results.",
        "mean_ci": "mean and 95% interval",
        "replicate_line": "one run (no interval)",
        "no_trajectories": "no trajectories",
    },
}


def text(lang: str) -> dict[str, str]:
    return TEXT[lang]


def outcome_label(outcome: str, lang: str, info: dict | None = None) -> str:
    if outcome in OUTCOMES:
        return OUTCOMES[outcome][0 if lang == "nl" else 1]
    if info and outcome in info and info[outcome].get("description"):
        return info[outcome]["description"]
    return outcome.replace("_", " ")


def is_share(outcome: str) -> bool:
    return outcome.endswith("_share")


def display_unit(outcome: str, lang: str, info: dict | None = None) -> str:
    """The unit shown on an axis: shares in %, flows 'per week', totals without it."""
    i = 0 if lang == "nl" else 1
    if is_share(outcome):
        return "%"
    if outcome in ("cost_per_success", "cost"):
        return "euro"
    if outcome == "kwartiermaker_hours":
        return UNITS["hours"][i]
    if outcome == "participant_loneliness_smd":
        return UNITS["SMD"][i]
    if outcome == "successes_per_active_wijk":
        return UNITS["residents"][i]
    base = outcome[:-len("_total")] if outcome.endswith("_total") else outcome
    unit = (info or {}).get(base, {}).get("unit", "")
    per_week = unit.endswith("/week")
    unit = unit.split("/")[0]
    word = UNITS.get(unit, (unit, unit))[i]
    if per_week and not outcome.endswith("_total"):
        word += " per week"
    return word


def scale(outcome: str) -> float:
    """Factor from file values to displayed values (shares as percentages)."""
    return 100.0 if is_share(outcome) else 1.0

"""Every Danish text a user sees, keyed by a stable English id.

An English edition is this one file translated; nothing else in the package holds user text
except the value parsers' explanations in ``parsing``, ``dates`` and ``resources``.
"""

from __future__ import annotations

__all__ = ["LABELS", "FINDINGS", "ROSTER_HEADERS", "CLICK", "NOUNS", "DEFAULT_CONVERSATION", "conversation",
           "conversation_named", "with_conversation", "count", "t"]

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LABELS: dict[str, str] = {
    # Sheet names (Excel allows at most 31 characters)
    "sheet.cover": "Forside",
    "sheet.profiles": "Mål og kompetenceprofil",
    "sheet.needs": "Kompetencebehov",
    "sheet.individual": "Individuelle læringsmål",
    "sheet.plan": "Plan for kompetenceudvikling",
    "sheet.anchoring": "Forankring",
    "sheet.overview": "Overblik",
    "sheet.findings": "Fejl og mangler",
    "sheet.guide": "Vejledning",
    "sheet.memory": "_xlkompetence",
    "memory.sheet": "Ark",
    "memory.cell": "Celle",
    "memory.value": "Skrevet af opdateringen",
    # Sheet titles, the appendix templates' own names
    "title.cover": "Strategisk kompetenceudvikling",
    "title.profiles": "Skabelon til beskrivelse af mål og kompetenceprofil",
    # Short enough to stand whole in the number and profile columns every printed page repeats.
    "title.needs": "Kompetencebehov og teamets læringsmål",
    "title.individual": "Skabelon til individuelle læringsmål",
    "title.plan": "Plan for kompetenceudvikling",
    "title.anchoring": "Skabelon til processkema til understøttelse af forankring",
    "title.overview": "Overblik over kompetencebehov og plan",
    "title.findings": "Fejl og mangler",
    "title.guide": "Vejledning",
    # Intros under each title
    "intro.profiles": (
        "Fase 1 – Strategi og mål. Nedbryd strategien til konkrete mål, og beskriv for hvert mål "
        "en eller flere kompetenceprofiler, der starter med \"Vi skal kunne …\". Giv hver profil "
        "et fast nummer (K1, K2 …): det bruges til at samle planer på tværs af enheder. "
        "Strategi og mål behøver kun at stå på den første række; rækkerne under arver dem."
    ),
    "intro.needs": (
        "Fase 2 – Vælg profilens nummer i kolonne A, og vurder hvert teams ønskede og reelle "
        "niveau (1–5); gabet regnes ud. Skriv teamets læringsmål øverst og til sidst Prioritet og "
        "Begrundelse. Mere i arket Vejledning."
    ),
    "intro.individual": (
        "Fase 2–4 – Ud fra teamets læringsmål sætter hver medarbejder personlige læringsmål, "
        "vælger læringsaktiviteter og skriver løbende refleksioner i logbogen. Ikke alle i et team "
        "behøver samme niveau: teamet skal samlet kunne indfri læringsmålet."
    ),
    "intro.plan": (
        "Fase 3–4 – En række pr. aktivitet. Vælg profilen (fx K1) i Kompetencebehov, og fordel "
        "tiden i Indsats før, under og efter (30-30-40). De grå kolonner beregnes."
    ),
    "intro.anchoring": (
        "Fase 5 – Forankring. Brug skemaet på opfølgningsmøderne: Planlæg, Gennemfør, Lær. "
        "Skriv altid, hvornår der er opfølgning igen."
    ),
    "intro.overview": (
        "Beregnet oversigt. Den opdateres med knappen \"Opdater gab og status\" på fanen Kompetence. "
        "Skriv ikke i dette ark."
    ),
    "intro.findings": (
        "Fejl og mangler fundet ved seneste opdatering. Klik på cellen for at gå til stedet. "
        "Arket skrives forfra ved hver opdatering."
    ),
    # Cover sheet fields
    "cover.organisation": "Organisation",
    "cover.unit": "Enhed/tilbud",
    "cover.leader": "Leder",
    "cover.period": "Periode/runde",
    "cover.teams": "Teams",
    "cover.version": "Skabelonversion",
    "cover.conversation": "Udviklingssamtale",
    "cover.team_sizes": "Antal medarbejdere pr. team",
    "cover.team_sizes.hint": "Bruges til at regne tid pr. deltager om til medarbejdertimer, når planen skriver fx \"Hele Team B\".",
    "cover.team_size": "Antal medarbejdere – {team}",
    "cover.hint": (
        "Skriv i de hvide felter; de grå beregnes. Arkene følger konceptets fem faser og bilagets skabeloner; "
        "læs arket Vejledning først."
    ),
    # Columns: Mål og kompetenceprofil (template A)
    "col.profiles.id": "Nr.",
    "col.profiles.strategy": "Strategi",
    "col.profiles.goal": "Mål",
    "col.profiles.profile": "Kompetenceprofil",
    "col.profiles.org": "Fra organisationen",
    "col.profiles.inherited_goal": "Arvet mål",
    "help.profiles.id": "Fast nummer, fx K1. Bruges i alle ark og på tværs af enheder.",
    "help.profiles.strategy": "Hvad er jeres strategier og mål for indsatsen? Skriv strategien på dens første række; rækkerne under arver den.",
    "help.profiles.goal": "Et konkret mål for kompetenceudviklingen, fx \"Vi skal blive bedre til at …\".",
    "help.profiles.org": "Sættes af organisationens synkronisering: Ja = profilen kommer fra organisationen; Udgået = organisationen har trukket den tilbage, og den tæller ikke med i gab.",
    "hint.profiles.id": "Fast nummer, fx K1, i alle ark.",
    "hint.profiles.org": "Sættes af organisationen: Ja, eller Udgået (tæller ikke i gab).",
    "help.profiles.profile": "Formuler profilen som en sætning, der starter med \"Vi skal kunne …\".",
    # Columns: Kompetencebehov (template B)
    "col.needs.id": "Nr.",
    "col.needs.profile": "Kompetenceprofil",
    "col.needs.desired": "{team}: Ønsket niveau (1-5)",
    "col.needs.actual": "{team}: Reelt niveau (1-5)",
    "col.needs.previous": "{team}: Reelt niveau (sidste runde)",
    "col.needs.gap": "{team}: Gab",
    "col.needs.status": "Status",
    "col.needs.max_gap": "Største gab",
    "col.needs.priority": "Prioritet",
    "col.needs.reason": "Begrundelse",
    "help.needs.priority": "Lederens beslutning: skal behovet prioriteres på kort sigt, på længere sigt eller ikke nu? Læg vægt på, hvad der styrker borgernes recovery mest.",
    "help.needs.reason": "Kort begrundelse for prioriteringen.",
    "help.needs.id": "Vælg profilens nummer fra arket Mål og kompetenceprofil.",
    "help.needs.desired": "Det niveau teamet samlet skal have: helt tal fra 1 (lavt) til 5 (højt).",
    "help.needs.actual": "Det niveau teamet samlet har i dag: helt tal fra 1 (lavt) til 5 (højt).",
    "help.needs.previous": "Det reelle niveau, teamet blev vurderet til i sidste runde. Skrives, når runden føres videre til næste år.",
    "needs.team": "Team",
    "team.name_too_long": "Teamnavnet \"{team}\" er for langt til en kolonneoverskrift i Excel (højst {max} tegn).",
    "which.desired": "ønsket niveau",
    "which.actual": "reelt niveau",
    "needs.team_goal": "Teamets læringsmål",
    "help.needs.team_goal": "Hvad er det, vi skal blive bedre til at gøre i vores team?",
    # Columns: Individuelle læringsmål (template C)
    "col.individual.employee": "Medarbejder",
    "col.individual.team": "Team",
    "col.individual.team_goal": "Teamets læringsmål",
    "col.individual.personal_goal": "Personlige læringsmål",
    "col.individual.activities": "Læringsaktiviteter",
    "col.individual.activity_goals": "Aktivitetsspecifikke læringsmål",
    "col.individual.logbook": "Løbende refleksioner/logbog",
    "help.individual.employee": "Medarbejderens navn.",
    "help.individual.team": "Medarbejderens team.",
    "help.individual.team_goal": "Teamets læringsmål, som den personlige læring bidrager til.",
    "help.individual.personal_goal": "Hvad ville jeg selv ønske, at jeg var bedre til?",
    "help.individual.activities": "Kurser, sidemandsoplæring, netværksmøder m.m.",
    "help.individual.activity_goals": "Hvad skal jeg have ud af netop denne aktivitet?",
    "help.individual.logbook": "Løbende refleksioner: hvad har jeg lært, hvad undrer mig, hvad gør jeg nu?",
    # Columns: Plan for kompetenceudvikling (template D)
    "col.plan.employees": "Medarbejdere",
    "col.plan.need": "Kompetencebehov",
    "col.plan.activity": "Læringsaktivitet",
    "col.plan.follow_up": "Opfølgningsaktivitet",
    "col.plan.goal": "Læringsmål",
    "col.plan.timeline": "Tidsplan",
    "col.plan.responsible": "Ansvar",
    "col.plan.success": "Succeskriterier og evaluering",
    "col.plan.resources": "Ressourceforbrug",
    "col.plan.status": "Status",
    "col.plan.phase": "Fase",
    "col.plan.effort_before": "Indsats før",
    "col.plan.effort_during": "Indsats under",
    "col.plan.effort_after": "Indsats efter",
    "col.plan.participants": "Deltagere",
    "col.plan.profile_ids": "Profilnr.",
    "col.plan.start": "Start",
    "col.plan.end": "Slut",
    "col.plan.overdue": "Forsinket",
    "col.plan.hours": "Timer",
    "col.plan.kroner": "Kroner",
    "help.plan.employees": "Hvem deltager? Fx \"Hele Team B\" eller navne.",
    "help.plan.need": "Hvilket kompetencebehov (profil, fx K1) skal aktiviteten dække?",
    "help.plan.activity": "Kursus, uddannelse, sidemandsoplæring, mentorforløb …",
    "help.plan.follow_up": "Hvordan følges der op, så det lærte bruges i praksis?",
    "help.plan.goal": "Hvad skal gøres anderledes bagefter? Konkret og målbart.",
    "help.plan.timeline": "Fx \"april – oktober 2025\", \"uge 12–20 2025\" eller \"1/4-2025 – 31/10-2025\".",
    "help.plan.responsible": "Hvem har ansvaret for aktiviteten og opfølgningen?",
    "help.plan.success": "Hvad skal der til for, at I vil betragte forandringen som vellykket?",
    "help.plan.resources": "Fx \"20 timer\", \"2 dage pr. medarbejder\", \"5 dage x 12 medarbejdere\" eller \"15.000 kr.\" – flere dele med +.",
    "help.plan.status": "Vælg status fra listen.",
    "help.plan.phase": "Ligger hele rækken før, under eller efter læringsaktiviteten? Brug Indsats-kolonnerne, når rækken dækker flere faser.",
    "hint.plan.resources": "Fx \"20 timer\" eller \"15.000 kr.\"; flere dele med +.",
    "hint.plan.phase": "Før, under eller efter?",
    "hint.plan.effort_before": "Forberedelse, fx \"4 timer\" (30 %).",
    "hint.plan.effort_during": "Aktiviteten, fx \"3 dage\" (30 %).",
    "hint.plan.effort_after": "Opfølgning, fx \"10 timer\" (40 %).",
    "hint.plan.learning_form": "Formel eller uformel, intern eller ekstern.",
    "help.plan.effort_before": "Tid til forberedelse, fx \"4 timer\" eller \"2 timer pr. medarbejder\" (30 % efter 30-30-40-reglen).",
    "help.plan.effort_during": "Tid til selve læringsaktiviteten, fx \"3 kursusdage pr. medarbejder\" (30 %).",
    "help.plan.effort_after": "Tid til opfølgning og forankring bagefter, fx \"1 time om ugen i 10 uger\" skrevet som \"10 timer\" (40 %).",
    # Columns: Forankring (template E)
    "col.anchoring.need": "Kompetencebehov/formål",
    "col.anchoring.works": "Fungerer",
    "col.anchoring.worries": "Bekymrer",
    "col.anchoring.agreements": "Aftaler/løsninger",
    "col.anchoring.next_follow_up": "Næste opfølgning",
    "col.anchoring.follow_up_status": "Opfølgning",
    "help.anchoring.need": (
        "Hvilken forandring ønsker I? Hvilken ændret adfærd? Hvor og hvordan vil I se det? "
        "Hvad vil det kræve af jer at få det til at ske?"
    ),
    "help.anchoring.works": (
        "Hvad er blevet bedre? Fremskridt hen imod målet. Hvad fungerer/fungerer nogenlunde? "
        "I hvilke situationer er der noget, der fungerer særligt godt? Hvem er til stede? Hvad gør de?"
    ),
    "help.anchoring.worries": (
        "Hvad fungerer ikke, som I havde ønsket/håbet? De tre vigtigste ting. Hvordan viser det sig? "
        "Hvem gør ikke hvad? Giv et eksempel. Er der vilkår i organisationen, der forhindrer forandringen?"
    ),
    "help.anchoring.agreements": (
        "Hvilke aftaler og løsninger er der indgået? Næste skridt? Hvem skal gøre hvad og hvornår?"
    ),
    "help.anchoring.next_follow_up": "Hvornår er der opfølgning igen? Skriv en dato.",
    "col.anchoring.profile_ref": "Profilnr.",
    "help.anchoring.profile_ref": "Hvilken kompetenceprofil (fx K1) følger rækken op på?",
    # Statuses of a profile or of one team's assessment
    "status.gap2": "Stort gab (2+)",
    "status.missing": "Ikke vurderet",
    "status.gap1": "Gab på 1",
    "status.none": "Intet gab",
    "status.above": "Over ønsket niveau",
    "status.retired": "Udgået",
    "org_status.active": "Ja",
    "org_status.retired": "Udgået",
    # Plan statuses and phases
    "plan_status.not_started": "Ikke startet",
    "plan_status.in_progress": "I gang",
    "plan_status.done": "Gennemført",
    "plan_status.anchored": "Forankret",
    "plan_status.postponed": "Udskudt",
    "plan_status.blank": "(ingen status)",
    "phase.before": "Før",
    "phase.during": "Under",
    "phase.after": "Efter",
    "priority.short": "Kort sigt",
    "priority.long": "Længere sigt",
    "priority.not_now": "Ikke nu",
    "overdue.yes": "Forsinket",
    "overdue.state": "status er \"{status}\"",
    "overdue.no_status": "rækken har ingen status",
    "follow_up.missing": "Mangler dato",
    "follow_up.overdue": "Overskredet",
    "follow_up.planned": "Planlagt",
    # The round around the plan: learning forms, TUS, the year wheel, the competence
    # catalogue and the leader group (fase 3 trin 1; seeds 000, 002, 003, 004)
    "sheet.catalogue": "Kompetencekatalog",
    "title.catalogue": "Kompetencekatalog og ressourcepersoner",
    "intro.catalogue": (
        "Hvem har fået hvilken uddannelse eller hvilket kursus? Arket udfyldes af opdateringen fra de "
        "rækker i planen, der er Gennemført eller Forankret. Skriv selv i kolonnen Kan oplære andre "
        "(Ja/Nej): de ressourcepersoner, der kan give det lærte videre. Det du skriver, bliver stående, "
        "også når planen ændres."
    ),
    "col.catalogue.employees": "Medarbejdere",
    "col.catalogue.activity": "Læringsaktivitet",
    "col.catalogue.learning_form": "Læringsform",
    "col.catalogue.year": "År",
    "col.catalogue.profile_ids": "Profilnr.",
    "col.catalogue.plan_row": "Række i planen",
    "col.catalogue.can_teach": "Kan oplære andre",
    "help.catalogue.can_teach": "Ja: personen kan oplære andre i det lærte (sidemandsoplæring, intern undervisning).",
    "catalogue.gone": "Ikke længere i planen",
    "catalogue.yes": "Ja",
    "catalogue.no": "Nej",
    "col.plan.learning_form": "Læringsform",
    "help.plan.learning_form": (
        "Vælg læringsformen: formel eller uformel, intern eller ekstern. Personaletræning behøver "
        "ingen kompetenceprofil."
    ),
    "learning_form.long_education": "Længerevarende uddannelse",
    "learning_form.short_course": "Kortere kursus",
    "learning_form.internal_teaching": "Intern undervisning",
    "learning_form.side_by_side": "Sidemandsoplæring",
    "learning_form.mentor": "Mentorordning",
    "learning_form.peer_supervision": "Kollegial sparring/supervision",
    "learning_form.network": "Netværk",
    "learning_form.job_exchange": "Jobbytte/besøg",
    "learning_form.staff_training": "Personaletræning",
    "learning_form.with_citizens": "Læring sammen med borgerne",
    "learning_form.none": "(ingen læringsform)",
    "learning_room.external_formal": "Ekstern formel",
    "learning_room.internal_formal": "Intern formel",
    "learning_room.internal_informal": "Intern uformel",
    "needs.tus_date": "Drøftet på TUS (dato)",
    "needs.tus_agreements": "Aftaler fra TUS",
    "help.needs.tus_date": "Hvornår teamet drøftede behov og læringsmål på teamudviklingssamtalen (TUS).",
    "help.needs.tus_agreements": "Hvad teamet aftalte på TUS – læringsmål og aktiviteter, der følger af det.",
    "leader_team.names": "Ledergruppen|Ledergruppe|Ledelsen|Ledelse",
    "leader_team.suffix": " (ledergruppe)",
    "wheel.title": "Årshjul",
    "wheel.hint": (
        "Datoerne for årets runde. Skriv dato og sæt Udført til Ja, når det er sket; en dato, der er "
        "passeret uden at være udført, markeres som overskredet ved opdatering. Tilføj egne "
        "begivenheder i de tomme rækker."
    ),
    "wheel.event": "Begivenhed",
    "wheel.date": "Dato",
    "wheel.done": "Udført",
    "wheel.status": "Status",
    "wheel.overdue": "Overskredet",
    "wheel.pending": "{event} (fra runde {period})",
    "wheel.pending_last": "{event} (fra sidste runde)",
    "wheel.pending_mark": "(fra ",
    "wheel.planned": "Planlagt",
    "wheel.done_state": "Udført",
    "wheel.assessment": "Vurdering af kompetencer",
    "wheel.mus": "MUS/PUS",
    "wheel.tus": "TUS",
    "wheel.plan": "Handleplan",
    "wheel.follow_up": "Opfølgningsmøde",
    "ov.next_wheel": "Næste dato i årshjulet",
    "ov.next_wheel_none": "Ingen kommende datoer i årshjulet.",
    "ov.teams_tus": "Teamets læringsmål og TUS",
    "ov.tus_date": "TUS (dato)",
    "ov.tus_agreements": "Aftaler fra TUS",
    "ov.team_goal": "Teamets læringsmål",
    "ov.mix": "Læringsformer: aktiviteter, timer og kroner",
    "ov.mix.form": "Læringsform",
    "ov.mix.room": "Rum for læring",
    "ov.mix.activities": "Aktiviteter",
    "ov.mix.hours": "Timer",
    "ov.mix.kroner": "Kroner",
    # The leader group's own figures, kept out of the staff teams' (label ≤ 36 characters).
    "ov.leaders_mean": "Ledergruppen: gns. positivt gab",
    "ov.leaders_gap2": "Ledergruppen: stort gab (2+)",
    "ov.catalogue": "Ressourcepersoner (kan oplære andre)",
    "org.ov.leaders_gap2": "Ledergrupper: stort gab (2+)",
    "org.ov.leaders_mean": "Ledergrupper: gns. positivt gab",
    "org.sheet.mix": "Læringsformer",
    "org.mix.intro": "Læringsformer pr. enhed og i alt: aktiviteter, timer og kroner. Rum for læring: ekstern formel, intern formel og intern uformel læring.",
    "org.sheet.resources": "Ressourcepersoner",
    "org.resources.intro": "Medarbejdere, der har gennemført en aktivitet og kan oplære andre, pr. kompetenceprofil. Navnene står kun med, når planen er samlet med navne; ellers står antallet pr. enhed.",
    "org.col.learning_form": "Læringsform",
    "org.col.room": "Rum for læring",
    "org.col.activities": "Aktiviteter",
    "org.col.hours": "Timer",
    "org.col.kroner": "Kroner",
    "org.col.resource_persons": "Ressourcepersoner",
    "org.col.resource_count": "Antal ressourcepersoner",
    "org.col.tus_date": "TUS (dato)",
    "org.col.tus_agreements": "Aftaler fra TUS",
    "org.col.team_goal": "Teamets læringsmål",
    "org.col.leaders": "Ledergruppe",
    "org.total": "I alt",
    "reason.unexpected": "uventet fejl under læsning ({error})",
    "reason.not_writable": "Kun .xlsx og .xlsm kan opdateres; {suffix} kan kun valideres.",
    "reason.the_file": "filen",
    "reason.inherit_apart": "der er tomme rækker imellem",
    "reason.inherit_origin": "kun den ene af dem kommer fra organisationen",
    "reason.sizes_missing": " – Forsiden mangler antal medarbejdere for {teams}",
    "files.opened": "filen blev åbnet i Excel undervejs ({lock} findes)",
    "reason.not_unit.organisation": "det er organisationens samlede plan",
    "reason.not_unit.mus": "det er en medarbejders MUS/PUS-ark",
    "reason.not_unit.other": "den har hverken arket \"{profiles}\" eller arket \"{needs}\" fra skabelonen",
    "files.dangling_link": "stien er en genvej (symbolsk link) til noget, der ikke findes",
    "files.changed": "filen blev gemt af en anden undervejs",
    # Why a file cannot be read at all (after "Filen kan ikke læses som en Excel-projektmappe:")
    "loader.folder": "stien er en mappe, ikke en fil.",
    "loader.empty": "filen er tom.",
    "loader.ole_not_xls": "filen er en gammel binær Office-fil, men hedder ikke .xls.",
    "loader.not_zip": "filen er ikke en Excel-projektmappe (ikke en zip-pakke).",
    "loader.broken_zip": "zip-pakken er beskadiget ({error}).",
    "loader.no_workbook": "zip-pakken indeholder ingen projektmappe (xl/workbook.xml mangler).",
    "loader.too_big": "pakken fylder mindst {mb} MB udpakket; det er over grænsen på {limit} MB, og den læses ikke.",
    "loader.dtd": "delen {part} indeholder en DTD med entiteter (kendt fra 'billion laughs'-angreb); den hører ikke til en projektmappe og læses ikke.",
    "loader.too_wide": "arket \"{name}\" strækker sig til række {rows} og kolonne {cols} – langt ud over en enheds skabelon – og læses ikke.",
    "key.invalid": "Nøglefilen {path} kan ikke læses som en nøgle (hex-tal). Slet den for at lave en ny, eller brug den rigtige fil.",
    "key.short": "Nøglefilen {path} indeholder kun {n} byte; en nøgle til pseudonymer skal have mindst {min} tilfældige byte. Slet den for at lave en ny, eller brug den rigtige fil.",
    # What in particular keeps a timeline from being read (in brackets after the message)
    "parse.why.no_such_date": "en dato findes ikke i kalenderen",
    "parse.why.year_missing": "året mangler",
    "parse.why.no_such_week": "ugenummeret findes ikke det år",
    # Data validation texts (titles at most 32 characters, messages at most 255)
    "dv.level.title": "Niveau 1-5",
    "dv.level.error_title": "Ugyldigt niveau",
    "dv.level.error": "Niveauet skal være et helt tal fra 1 til 5. Lad feltet stå tomt, hvis det ikke er vurderet endnu.",
    "dv.date.title": "Dato",
    "dv.date.error_title": "Ugyldig dato",
    "dv.date.error": "Skriv datoen som dd-mm-åååå, fx 15-03-2026.",
    "dv.choice.error_title": "Vælg fra listen",
    "dv.choice.error": "Vælg en af værdierne på listen: {choices}.",
    "dv.choice.error_long": "Vælg en af værdierne på listen: klik på pilen ved cellen.",
    "dv.id.error_title": "Ukendt profilnummer",
    "dv.id.duplicate_title": "Nummeret er allerede brugt",
    "dv.id.duplicate": "Nummeret bruges allerede af en anden kompetenceprofil. Hver profil skal have sit eget nummer.",
    "dv.id.error": "Vælg et nummer, der findes i arket Mål og kompetenceprofil.",
    "dv.size.error_title": "Ugyldigt antal",
    "dv.size.error": "Skriv antallet af medarbejdere i teamet som et helt tal, fx 12.",
    "dv.ref.error_title": "Ikke et profilnummer",
    "dv.ref.error": "Vælg et nummer fra listen (fx K1), eller skriv profilens tekst. Flere numre skilles med komma.",
    # Overview
    "ov.unit": "Enhed",
    "ov.leader": "Leder",
    "ov.period": "Periode/runde",
    "ov.updated": "Sidst opdateret",
    "ov.key_figures": "Nøgletal",
    "ov.profiles": "Kompetenceprofiler",
    "ov.teams": "Teams",
    "ov.assessed": "Vurderinger udfyldt",
    "ov.missing_share": "Andel der mangler vurdering",
    "ov.profiles_gap2": "Profiler med stort gab (2+) i mindst ét team",
    "ov.plan_rows": "Rækker i planen",
    "ov.overdue": "Forsinkede rækker",
    "ov.hours": "Timer i alt",
    "ov.kroner": "Kroner i alt",
    "ov.errors": "Fejl",
    "ov.warnings": "Advarsler",
    "ov.per_team": "Pr. team",
    "ov.team": "Team",
    "ov.mean_desired": "Gns. ønsket",
    "ov.mean_actual": "Gns. reelt",
    "ov.mean_gap": "Gns. gab",
    "ov.mean_positive_gap": "Gns. positivt gab",
    "ov.gap2_all": "Stort gab (2+) (team og profil)",
    "ov.mean_positive_gap_all": "Gns. positivt gab",
    "ov.team_assessed": "Vurderet",
    "ov.team_missing": "Mangler",
    "ov.team_gap2": "Stort gab (2+)",
    "ov.chart_title": "Ønsket og reelt niveau pr. team (gennemsnit)",
    "ov.chart_desired": "Ønsket niveau",
    "ov.chart_actual": "Reelt niveau",
    "ov.plan_status": "Planens status",
    "ov.status": "Status",
    "ov.rows": "Rækker",
    "ov.split": "30-30-40: indsats før, under og efter",
    "ov.phase": "Fase",
    "ov.phase_hours": "Timer",
    "ov.phase_share": "Andel",
    "ov.phase_target": "Anbefalet",
    "ov.phase_missing": "Uden fase",
    "ov.priorities": "Prioriteret liste: lederens prioritet først, derefter største gab",
    "ov.rank": "Rang",
    "ov.id": "Nr.",
    "ov.profile": "Kompetenceprofil",
    "ov.desired": "Ønsket",
    "ov.actual": "Reelt",
    "ov.gap": "Gab",
    "ov.no_priorities": "Ingen profiler med gab endnu.",
    "ov.priority": "Prioritet",
    "ov.reason": "Begrundelse",
    "ov.positive_gap_hint": "Gns. positivt gab: gennemsnittet af de gab, der er større end 0 – et team over niveau på én profil dækker ikke et gab på en anden.",
    "ov.thread": "Den røde tråd pr. kompetenceprofil: gab → aktiviteter → status → forankring",
    "ov.thread.id": "Nr.",
    "ov.thread.priority": "Prioritet",
    "ov.thread.max_gap": "Største gab",
    "ov.thread.gap2_teams": "Teams med stort gab (2+)",
    "ov.thread.activities": "Aktiviteter",
    "ov.thread.closed": "Gennemført/ forankret",
    "ov.thread.anchoring": "Forankring (rækker)",
    "ov.thread.next": "Næste opfølgning",
    "ov.thread.state": "Tråden",
    "ov.thread.profile": "Kompetenceprofil",
    "ov.thread.none": "Ingen kompetenceprofiler endnu.",
    "thread.what.blank": "Kompetencebehov er tomt",
    "thread.what.unmatched": "\"{value}\" ligner ingen af profilerne i Mål og kompetenceprofil",
    "thread.the_activity": "aktiviteten",
    "thread.no_evaluation": ", og Succeskriterier og evaluering er tom",
    "thread.state.complete": "Hele tråden er på plads.",
    "thread.state.no_gap": "Intet gab, der kræver en aktivitet.",
    "thread.state.not_assessed": "Mangler vurdering.",
    "thread.state.no_activity": "Mangler aktivitet ({teams}).",
    "thread.state.decided": "Ingen aktivitet: prioriteret {priority}.",
    "thread.state.not_closed": "Aktiviteter i gang; forankringen venter.",
    "thread.state.no_anchoring": "Gennemført, men mangler forankring.",
    "thread.state.planned": "Aktiviteter planlagt.",
    # The guide sheet: "# " starts a heading, other lines are paragraphs.
    "guide.text": """# Sådan bruger du projektmappen
Projektmappen følger Socialstyrelsens koncept for strategisk kompetenceudvikling i socialpsykiatrien og bilagets skabeloner. Arbejdet foregår i fem faser, der kan overlappe: gå frem og tilbage mellem arkene efter behov.
Skriv i de hvide felter. De grå kolonner beregnes: gab og status regnes med det samme, mens start, slut, forsinket, timer, kroner og opfølgning opdateres med knappen "Opdater gab og status" på fanen Kompetence.
Arkene er beskyttet uden adgangskode, så formlerne ikke slettes ved et uheld. Har du brug for flere rækker, end der er gjort klar, så vælg Gennemse → Fjern arkbeskyttelse, og træk tabellen større.
# Fase 1 – Strategi og mål (arket Mål og kompetenceprofil)
Nedbryd tilbuddets strategi i konkrete mål, og formuler for hvert mål kompetenceprofiler, der starter med "Vi skal kunne …". Giv hver profil et fast nummer (K1, K2 …).
# Fase 2 – Kompetencebehov (arket Kompetencebehov)
Vælg profilens nummer i kolonne A (teksten hentes fra arket Mål og kompetenceprofil), og vurder sammen med medarbejdere og borgere det ønskede og det reelle niveau for hver profil og hvert team. Gab = ønsket − reelt regnes ud af sig selv. Et negativt gab betyder, at teamet allerede ligger over det ønskede niveau – det er viden, ikke en fejl. Formuler derefter teamets læringsmål: "Hvad er det, vi skal blive bedre til at gøre i vores team?"
Ikke alle i et team behøver samme niveau: teamet skal samlet kunne indfri læringsmålet. Læg de individuelle læringsmål i arket Individuelle læringsmål.
Skriv under læringsmålet, hvornår teamet drøftede det på TUS (teamudviklingssamtalen), og hvad I aftalte. Et team, der hedder Ledergruppen, er ledernes eget: dets profiler og gab står for sig og tælles ikke med i medarbejdernes gennemsnit.
# Fase 3 – Plan for kompetenceudvikling (arket Plan for kompetenceudvikling)
Vælg de læringsaktiviteter, der bedst dækker behovet, og vælg i kolonnen Kompetencebehov den profil (fx K1), hver aktivitet dækker. Tidsplan må skrives som tekst ("april – oktober 2025", "uge 12–20 2025", "Løbende") og Ressourceforbrug som "20 timer", "2 dage pr. medarbejder" eller "15.000 kr.". Beskriv aktiviteterne med læringsmål, tidsplan, ansvar, succeskriterier og ressourceforbrug. Planlæg opfølgningen fra starten: kun omkring 10 % af investeringen i efter- og videreuddannelse fører til reel værdi, og kun 15–25 % af deltagerne anvender den nye viden bagefter (Wahlgren, 2015).
Vælg læringsformen fra listen: ekstern formel (længerevarende uddannelse, kortere kursus, netværk), intern formel (intern undervisning, personaletræning) eller intern uformel (sidemandsoplæring, mentorordning, kollegial sparring/supervision, jobbytte/besøg, læring sammen med borgerne). Overblik viser fordelingen i aktiviteter, timer og kroner. Personaletræning udvikler hele personalegruppen og behøver ingen kompetenceprofil.
Når en aktivitet er Gennemført eller Forankret, kommer den i arket Kompetencekatalog: hvem har lært hvad, hvornår og til hvilken profil. Skriv Ja i Kan oplære andre ud for dem, der kan give det videre.
# Fase 4 – Læringsaktiviteter
Gennemfør aktiviteterne, følg op på status i planen, og skriv løbende refleksioner i logbogen i arket Individuelle læringsmål.
# Fase 5 – Forankring (arket Forankring)
Brug processkemaet på opfølgningsmøderne: Planlæg – Gennemfør – Lær. Hvad fungerer? Hvad bekymrer? Hvilke aftaler er indgået? Hvornår er der opfølgning igen?
# 30-30-40-reglen
Læg ca. 30 % af indsatsen i forberedelsen, 30 % i selve aktiviteten og 40 % i tiden efter, hvor det lærte skal forankres. En række i planen rummer både aktiviteten og opfølgningen: skriv tiden i kolonnerne Indsats før, Indsats under og Indsats efter. Ligger hele rækken i én fase, kan du i stedet vælge Fase. Overblik viser fordelingen af medarbejdertimerne.
# Timer er medarbejdertimer
Timer regnes ud fra Ressourceforbrug (eller Indsats-kolonnerne, når de er udfyldt): en dag er 7,4 timer og en uge 37 timer. Står der "pr. medarbejder" eller "pr. deltager", ganges med antallet af deltagere: navnene i Medarbejdere tælles, og "Hele Team B" tæller teamets antal medarbejdere fra Forsiden. "5 dage x 12 medarbejdere" regnes som det står. Uden den slags står tallet for hele rækken. Deltagere viser det antal, der er brugt.
# Den røde tråd
Strategi → mål → kompetenceprofil → gab → teamets læringsmål → aktivitet → opfølgning → forankring. Brug profilens nummer (K1) i planens Kompetencebehov og i Forankring, så hænger arkene sammen. Fejl og mangler peger på led, der ikke er koblet: et stort gab uden aktivitet, en aktivitet uden profil, en gennemført aktivitet uden forankring. Det er lederen, der prioriterer: skriv Prioritet (kort sigt, længere sigt, ikke nu) og en kort Begrundelse i Kompetencebehov.
# Niveauer 1–5 (forslag til fælles forståelse)
1 = Kender ikke til det eller gør det ikke. 2 = Kender til det, men gør det sjældent. 3 = Gør det i nogle situationer. 4 = Gør det sikkert i de fleste situationer. 5 = Gør det sikkert og kan lære andre det.
# Årshjulet (Forsiden)
Skriv årets datoer for vurdering, MUS/PUS, TUS, handleplan og opfølgningsmøder, og sæt Udført til Ja, når det er sket. En dato, der er passeret uden at være udført, står som Overskredet; Overblik viser den næste dato.
# Overblik og Fejl og mangler
Overblik samler nøgletal, gennemsnit pr. team, planens status, 30-30-40-fordelingen, en prioriteret liste (lederens prioritet først, derefter de største gab) og den røde tråd for hver profil. Fejl og mangler viser alt, der mangler eller ikke kan læses, med et link til cellen.""",
    # The command line
    "cli.bad_date": "\"{value}\" er ikke en dato på formen ÅÅÅÅ-MM-DD.",
    "cli.opt.today": "Dato at regne forsinkelser fra (standard: i dag).",
    "cli.opt.format": "Vis resultatet som tekst eller som JSON.",
    "cli.opt.db": "Historikken (SQLite; standard: <navn>-historik.sqlite ved siden af den samlede plan).",
    "cli.opt.history_db": "Historikken, som merge og watch skriver (<output>-historik.sqlite).",
    "cli.opt.merge_output": "Organisationens samlede projektmappe (.xlsx).",
    "cli.opt.watch_output": "Organisationens samlede projektmappe, der holdes opdateret.",
    "cli.opt.history_output": "Excel-filen ved --format xlsx; SVG-tegningen får samme navn.",
    "cli.opt.names": (
        "Tag navne med i den samlede plan: medarbejdere, leder, ressourcepersoner og filnavne (kun hvor HR "
        "har hjemmel til det). Uden: faste pseudonymer og antal."
    ),
    "cli.opt.free_text": (
        "Tag lederens situationsbestemte fritekst med: Begrundelse, aftaler fra TUS og forankringens "
        "noter (navne erstattet, medmindre også --med-navne er givet; med begge også bilag C's mål). "
        "Logbogen kommer aldrig med. Uden: antal og udfyldt ja/nej."
    ),
    "cli.opt.key_file": (
        "Nøglen bag pseudonymerne (standard: i din egen konfigurationsmappe, ikke i den delte mappe). "
        "Brug den samme fil på alle maskiner, der samler planen."
    ),
    "cli.opt.lite": "Læg også knappen 'Opdater gab og status' ind til xlwings Lite (se 'xlkompetence lite add').",
    "cli.exists": "{path} findes allerede og overskrives ikke. Vælg et andet navn.",
    "cli.cannot_write_new": "{path} kan ikke skrives ({reason}); intet er skrevet.",
    "cli.cannot_write": "{path} kan ikke skrives ({reason}); intet er ændret.",
    "cli.created": "Oprettet {path} med {n}: {teams}.",
    "cli.written": "Skrevet {path}",
    "cli.built": "Bygget {path}",
    "cli.unreadable_reason": "kan ikke læses",
    "cli.file_unreadable": "{path}: kan ikke læses – {reason}",
    "cli.refreshed": " (opdateret)",
    "cli.file_counts": "{path}{state}: {errors}, {warnings}",
    "cli.total": "I alt {files}: {errors}, {warnings}, {unreadable}.",
    # The demo
    "demo.templates": "1. Skabeloner ud fra skemaet i {folder}",
    "demo.units": "2. Enhedernes projektmapper ud fra konceptets eksempel i {folder}",
    "demo.unit": "   {path}: {unit}, {teams}, {profiles}",
    "demo.validation": "3. Validering",
    "demo.validated": "   {file}: {errors}, {warnings}",
    "demo.more": "      … og {more} (se arket Fejl og mangler)",
    "demo.refresh": "4. Opdatering af gab, status, Overblik og Fejl og mangler",
    "demo.refreshed": "   {file}: opdateret; {assessments}, {gap2}",
    "demo.not_refreshed": "   {file}: IKKE opdateret; {assessments}, {gap2}",
    "demo.org": "5. Organisationens plan i {path}",
    "demo.open": "Åbn {unit} og {org} i Excel eller LibreOffice for at se resultatet.",
    # The Excel add-in
    "addin.title": "Kompetence",
    "addin.summary": "Opdateret {date}: {profiles}, {teams} – {errors} og {warnings} (se arket Fejl og mangler).",
    # xlwings Lite: the refresh carried inside the workbook (lite add, --lite)
    "lite.header": "Skrevet af xlkompetence {version} ('xlkompetence lite add'). Skriptet '{script}' opdaterer gab, status, Overblik og Fejl og mangler i denne projektmappe. Ret ikke her: koden erstattes, næste gang en ny version lægges ind.",
    "lite.added": "{path}: xlwings Lite lagt ind. Åbn projektmappen i Excel, og kør '{script}' i ruden xlwings Lite.",
    "lite.unchanged": "{path}: har allerede denne version til xlwings Lite; uændret.",
    "lite.foreign_code": "Projektmappen har allerede sin egen kode til xlwings Lite (main.py); den overskrives ikke.",
    "lite.not_unit": "Projektmappen har ingen af skabelonens ark; xlwings Lite lægges kun ind i en enheds projektmappe.",
    # The organisation workbook (merge)
    "org.title": "Organisationens plan for kompetenceudvikling",
    "org.intro": "Samlet {date} fra enhedernes projektmapper. Se i arket Kilder, hvilke filer der er med, og i arket Fejl og mangler, hvad de indeholdt.",
    "org.sheet.overview": "Overblik",
    "org.sheet.matrix": "Kompetencematrix",
    "org.sheet.levels": "Vurderinger",
    "org.sheet.plan": "Plan",
    "org.sheet.goals": "Læringsmål",
    "org.sheet.anchoring": "Forankring",
    "org.sheet.sources": "Kilder",
    "org.sheet.findings": "Fejl og mangler",
    "org.matrix.intro": "Bilag B på tværs af organisationen: ønsket og reelt niveau og gab for hver enhed og hvert team. Gns. gab og tællingerne gælder de enheder, der har profilen, og medarbejdernes teams (ledergruppen står for sig).",
    "org.col.unit": "Enhed",
    "org.col.team": "Team",
    "org.col.row": "Række",
    "org.col.id": "Nr.",
    "org.col.profile": "Kompetenceprofil",
    "org.col.goal": "Mål",
    "org.col.mean_gap": "Gns. gab",
    "org.col.gap2": "Teams med stort gab (2+)",
    "org.col.not_assessed": "Teams ikke vurderet",
    "org.col.desired": "Ønsket",
    "org.col.actual": "Reelt",
    "org.col.gap": "Gab",
    "org.goals.unit": "Enhed",
    "org.goals.team": "Team",
    "org.goals.employee": "Medarbejder",
    "org.goals.goals": "Rækker med personlige mål",
    "org.goals.activities": "Rækker med læringsaktiviteter",
    "org.src.file": "Fil",
    "org.src.unit": "Enhed",
    "org.src.leader": "Leder",
    "org.src.teams": "Teams",
    "org.src.sha256": "SHA-256",
    "org.src.modified": "Ændret",
    "org.src.rows": "Rækker læst",
    "org.src.errors": "Fejl",
    "org.src.warnings": "Advarsler",
    "org.src.included": "Med",
    "org.src.reason": "Begrundelse",
    "org.yes": "Ja",
    "org.no": "Nej",
    "org.ov.files": "Filer læst",
    "org.ov.units": "Enheder med i planen",
    "org.ov.left_out": "Filer udeladt (kopier, ældre udgaver, projektmapper med fejl)",
    "org.ov.unreadable": "Filer der ikke kan læses",
    "org.ov.teams": "Teams",
    "org.ov.profiles": "Kompetenceprofiler",
    "org.ov.assessed": "Vurderinger udfyldt",
    "org.ov.missing_share": "Andel der mangler vurdering",
    "org.ov.plan_rows": "Rækker i planerne",
    "org.ov.overdue": "Forsinkede rækker",
    "org.ov.hours": "Timer i alt",
    "org.ov.leader_hours": "Heraf ledergrupper og ledere",
    "org.ov.kroner": "Kroner i alt",
    "org.ov.errors": "Fejl",
    "org.ov.warnings": "Advarsler",
    "org.ov.top_gaps": "De {n} største gab i organisationen",
    "org.ov.heat_map": "Gab pr. profil og enhed: gennemsnitligt gab pr. kompetenceprofil og enhed",
    "org.ov.gap2": "Stort gab (2+) (team og profil)",
    "org.ov.mean_positive_gap": "Gns. positivt gab",
    "org.ov.no_activity": "Prioriterede behov uden aktivitet",
    "org.ov.not_anchored": "Gennemførte aktiviteter uden forankring",
    "org.sheet.teams": "Teams",
    "org.sheet.no_activity": "Behov uden aktivitet",
    "org.sheet.not_anchored": "Uden forankring",
    "org.col.team_size": "Antal medarbejdere",
    "org.col.assessed": "Vurderet",
    "org.col.missing": "Mangler",
    "org.col.gap2_count": "Stort gab (2+)",
    "org.col.mean_positive_gap": "Gns. positivt gab",
    "org.col.priority": "Prioritet",
    "org.col.reason": "Begrundelse",
    "org.col.activity": "Læringsaktivitet",
    "org.col.status": "Status",
    "org.col.end": "Slut",
    "org.col.responsible": "Ansvar",
    "org.no_activity.intro": "Behov med stort gab (2+) eller lederens prioritet (kort eller længere sigt), som ingen aktivitet i enhedens plan dækker. Ikke nu-prioriteringer er ikke med.",
    "org.not_anchored.intro": "Aktiviteter med status Gennemført eller Forankret, som ingen række i enhedens Forankring følger op på (samme profilnummer).",
    "merge.pseudonym": "Medarbejder {code}",
    "privacy.someone": "[navn]",
    # What leaves the unit, field by field (core.disclosure and the README's table)
    "privacy.flag": "Udfyldt (teksten bliver i enheden)",
    "privacy.count": "{n} (teksten bliver i enheden)",
    "disclosure.option.names": "--med-navne",
    "disclosure.option.free_text": "--med-fritekst",
    "disclosure.share.value": "værdien",
    "disclosure.share.text": "teksten, navne erstattet",
    "disclosure.share.pseudonym": "et fast pseudonym",
    "disclosure.share.count": "et antal",
    "disclosure.share.flag": "udfyldt ja/nej",
    "disclosure.share.nothing": "intet",
    "disclosure.share.kind": "hvad og hvor (fundets overskrift og celle)",
    "disclosure.col.sheet": "Ark",
    "disclosure.col.field": "Felt",
    "disclosure.col.default": "Standard",
    "disclosure.team": "Team",
    "disclosure.field.cover.wheel_event": "Årshjul: begivenhed",
    "disclosure.field.cover.wheel_date": "Årshjul: dato",
    "disclosure.field.cover.wheel_done": "Årshjul: udført",
    "disclosure.field.findings.message": "Besked og citeret værdi",
    "merge.reason.unreadable": "Kan ikke læses (se Fejl og mangler)",
    "merge.reason.copy": "Kopi af {other}",
    "merge.reason.strict": "Udeladt, fordi projektmappen har {errors}",
    "merge.reason.older": "Ældre udgave af samme enhed som {other}",
    "merge.reason.other_round": "Fra runde {period}, ikke fra runde {current}, som der samles",
    "merge.progress": "Læser enhedernes projektmapper",
    "merge.done": "Skrevet {output}: {units} fra {files}, {profiles}, {rows} i planerne.",
    "merge.findings": "Fejl og mangler i alt: {errors}, {warnings} (se arket Fejl og mangler).",
    "merge.none_found": "Ingen projektmapper (.xlsx/.xlsm) fundet i det angivne.",
    "fs.file": "Fil",
    # Sync
    "sync.change.add": "Ny profil {profile}: {text}",
    "sync.change.reword": "Ny formulering af {profile}: {text}",
    "sync.change.retire": "{profile} er udgået hos organisationen og markeret Udgået (beholdt med sine niveauer): {text}",
    "sync.change.reactivate": "{profile} er igen med hos organisationen: {text}",
    "sync.change.conflict": "{profile} bruges af enheden til sin egen profil og er ikke ændret: {text}",
    "sync.org_unreadable": "Organisationens skabelon {path} kan ikke læses: {reason}",
    "sync.org_invalid": "Organisationens skabelon {path} kan ikke bruges:",
    "sync.org_empty": "Organisationens skabelon {path} har ingen kompetenceprofiler i arket Mål og kompetenceprofil.",
    "sync.none": "Ingen ændringer.",
    "sync.written": "opdateret (sikkerhedskopi: {backup})",
    "sync.dry_run": "prøvekørsel – intet er skrevet",
    "sync.skipped": "ikke ændret",
    # History
    "history.title": "Udviklingen i gab fra runde til runde",
    "history.intro": "Gennemsnitligt gab (ønsket − reelt) pr. kompetenceprofil over de valgte enheder og teams, for hver runde.",
    "history.sheet": "Udvikling",
    "history.profile": "Kompetenceprofil",
    "history.id": "Nr.",
    "history.mean_gap": "Gns. gab",
    "history.round": "Runde",
    "history.legend_change": "{profile} ({first} → {last})",
    "history.legend_one": "{profile} ({value})",
    "history.empty": "Ingen historik endnu: den begynder, første gang enhedernes projektmapper samles.",
    "history.written": "Skrevet {path}",
    # Watch
    "watch.started": "Overvåger {folder} → {output} (historik: {db}). Stop med Ctrl+C.",
    "watch.read": "Læst {path}: {state}",
    "watch.ok": "i orden",
    "watch.unreadable": "kan ikke læses (se Fejl og mangler)",
    "watch.gone": "Fjernet: {path}",
    "watch.written": "{at} Skrevet {output}: {units} fra {files}.",
    "watch.write_failed": "Kunne ikke skrive {output} ({reason}); prøver igen om {seconds} sekunder.",
    "watch.error": "Fejl undervejs, overvågningen fortsætter: {error}",
    "watch.stopped": "Overvågningen er stoppet.",
    # The CLI's option help and argument names
    "cli.opt.team": "Et team; gentag for flere teams.",
    "cli.opt.period": "Periode eller runde, fx 2026.",
    "cli.opt.from_org": "Start fra organisationens skabelon: dens mål og kompetenceprofiler.",
    "cli.opt.strict": "Udelad enheder, der har fejl i projektmappen.",
    "cli.opt.workers": "Antal processer, der læser (standard: én pr. kerne ved mange filer).",
    "cli.opt.quiet": "Ingen fremdriftslinje.",
    "cli.opt.dry_run": "Vis ændringerne uden at skrive noget.",
    "cli.opt.interval": "Sekunder mellem hvert kig i mappen.",
    "cli.opt.settle": "Sekunder mappen skal være i ro, før planen skrives igen.",
    "cli.opt.units": "Kun denne enhed; gentag for flere.",
    "cli.opt.host": "Adressen, serveren lytter på.",
    "cli.opt.config": "Serverens indstillinger: offentlig adresse, mapper, nøgler (kun deres SHA-256).",
    "cli.opt.manifest": "Skriv kun Office-manifestet for denne adresse (til Microsoft 365 Administration).",
    "cli.opt.add_token": "Lav en ny nøgle til ENHED og gem dens SHA-256.",
    "cli.opt.addin_dir": "Mappen, tilføjelsesprogrammet skrives i.",
    "cli.metavar.date": "ÅÅÅÅ-MM-DD",
    "cli.metavar.file": "FIL",
    "cli.metavar.folder": "MAPPE",
    "cli.metavar.list": "LISTE",
    "cli.metavar.org_template": "ORG-SKABELON",
    "cli.metavar.unit": "ENHED",
    "cli.metavar.count": "ANTAL",
    "cli.metavar.name": "NAVN",
    "cli.opt.conversation": "Hvad organisationen kalder udviklingssamtalen, fx MUS eller PUS (standard: MUS/PUS); står på Forsiden og i arkenes tekster.",
    "cli.type.date": "dato",
    # Messages of the modules that raise them
    "addin.template_missing": "xlwings' skabelon til tilføjelsesprogrammer mangler: {path}",
    "addin.ribbon_missing": "Båndets definition mangler: {path}. Installér xlkompetence igen.",
    "addin.template_no_ribbon": "xlwings' skabelon har ikke det forventede bånd (customUI/customUI.xml).",
    "addin.needs_excel": "Tilføjelsesprogrammet kan kun installeres, hvor Excel findes (Windows eller macOS). Byg det med 'xlkompetence addin build' og installér det på en pc med Excel.",
    "addin.installed": "Installeret {name} i Excels startmappe.",
    "addin.installed.python": "Python til knappen: {interpreter} (gemt i {path}).",
    "addin.installed.restart": "Genstart Excel: fanen Kompetence har knappen 'Opdater gab og status'.",
    "addin.installed.macros": "Makroer skal være tilladt for tilføjelsesprogrammet (Filer → Indstillinger → Sikkerhedscenter).",
    "addin.installed.trust": "'Hav tillid til adgang til VBA-projektobjektmodellen' er IKKE nødvendig.",
    "addin.installed.mac": "På macOS er xlwings' AppleScript installeret med 'xlwings runpython install'.",
    "team.name.none": "Angiv mindst ét team (--team).",
    "team.name.empty": "Et teamnavn må ikke være tomt.",
    "team.name.twice": "Teamet \"{team}\" står to gange.",
    "merge.output_among_inputs": "Den samlede plan {output} står også blandt projektmapperne; den ville blive overskrevet.",
    "xml.unsafe": "XML-delen indeholder en DTD eller entiteter",
    "server.settings.whole_file": "(filen)",
    "store.unnamed_unit": "enhed",
    "list.and": " og ",
    # Print: page header and footer on every sheet (core.printing)
    "print.printed": "Udskrevet",
    "print.page": "Side {page} af {pages}",
    # The Office.js add-in (task pane, ribbon) and its server
    "web.title": "Kompetence",
    "web.subtitle": "Strategisk kompetenceudvikling",
    "web.outside.title": "Denne side virker kun i Excel",
    "web.outside.text": "Dette er tilføjelsesprogrammet Kompetence. Det arbejder i den projektmappe, du har åben i Excel på nettet eller på din pc/Mac, og kan ikke bruges i en almindelig browser.",
    "web.outside.help": "Åbn din enheds projektmappe i Excel, og vælg fanen Kompetence. Ser du ikke fanen, så bed IT om at installere tilføjelsesprogrammet fra Microsoft 365 Administration.",
    "web.loading": "Starter …",
    "web.refresh": "Opdater gab og status",
    "web.refresh.hint": "Beregner gab, status, Overblik og Fejl og mangler i projektmappen. Intet, du selv har skrevet, ændres.",
    "web.submit": "Send til {recipient}",
    "web.submit.hint": "Sender projektmappens indhold til organisationens samlede plan og historik.",
    "web.key": "Nøgle fra IT",
    "web.key.label": "Indsæt den nøgle, IT har givet jeres enhed:",
    "web.key.save": "Gem nøglen",
    "web.js.no_key": "Indsæt først nøglen fra IT under \"Nøgle fra IT\".",
    "web.js.working": "Arbejder …",
    "web.js.done": "Færdig.",
    "web.js.failed": "Det lykkedes ikke",
    "web.js.key_saved": "Nøglen er gemt i denne browser.",
    "manifest.description": "Strategisk kompetenceudvikling: opdater gab og status, og send enhedens plan til {recipient}.",
    "manifest.group": "Strategisk kompetenceudvikling",
    "manifest.refresh.tip": "Beregner gab, status, Overblik og Fejl og mangler i den åbne projektmappe.",
    "manifest.submit.tip": "Sender enhedens projektmappe til organisationens samlede plan og historik.",
    "manifest.pane": "Vis panel",
    "manifest.pane.tip": "Viser panelet med knapperne og stedet til nøglen fra IT.",
    "manifest.getstarted": "Fanen Kompetence er klar",
    "manifest.getstarted.text": "Åbn din enheds projektmappe, og vælg fanen Kompetence.",
    "server.unauthorised": "Nøglen mangler eller er ugyldig. Indsæt nøglen fra IT i panelet Kompetence.",
    "server.too_large": "Projektmappen er for stor til at blive sendt (over {mb} MB).",
    "server.bad_json": "Forespørgslen kunne ikke læses (ikke gyldig JSON).",
    "server.bad_payload": "Forespørgslen ligner ikke en projektmappe fra Excel.",
    "server.not_a_unit": "Projektmappen har ikke skabelonens ark ({missing}); den er ikke gemt.",
    "server.wrong_unit": "Projektmappen er fra \"{unit}\", men nøglen hører til \"{own}\". Intet er gemt.",
    "server.no_unit": "Projektmappen har intet enhedsnavn på Forsiden; intet er gemt.",
    "server.submitted": "Sendt til {recipient} {at}: {unit} med {profiles} og {plan} i planen.",
    "server.licence": "Serveren bruger xlwings' fjernmotor (xlwings PRO). Sæt XLWINGS_LICENSE_KEY: \"noncommercial\" ved ikke-kommerciel brug (offentlige institutioner er omfattet af PolyForm Noncommercial), ellers en kommerciel licensnøgle.",
    "server.token_added": "Ny nøgle til {unit} (vises kun denne ene gang; giv den til enhedens leder):",
    "server.started": "Kompetence-serveren kører på {url} (uden persondata i loggen). Stop med Ctrl+C.",
    "server.bad_field": "Forespørgslen ligner ikke en projektmappe fra Excel: {field} mangler eller har en forkert form.",
    "server.bad_address": "Arket \"{sheet}\": {field} ligger ikke inden for arkets celler.",
    "server.bad_cell": "Arket \"{sheet}\", celle {cell}: {reason} Ret cellen, og prøv igen.",
    "server.cell.kind": "en celle kan kun indeholde tekst, et tal, en dato eller SAND/FALSK.",
    "server.cell.number": "tallet er større, end Excel kan regne med.",
    "server.cell.text": "teksten er længere end de 32.767 tegn, en celle i Excel kan rumme.",
    "server.cell.date": "datoen findes ikke i kalenderen eller har en form, der ikke kan læses.",
    "server.slow_body": "Projektmappen kom ikke frem inden for {seconds} sekunder; prøv igen.",
    "server.body_cut": "Projektmappen kom kun delvist frem; forbindelsen blev afbrudt. Prøv igen.",
    "server.busy": "Serveren arbejder på andre projektmapper lige nu. Prøv igen om {seconds} sekunder.",
    "server.unprocessable": "Projektmappen kunne ikke behandles; intet er gemt. Oplys fejl-id {error_id} til IT, hvis det sker igen.",
    "server.store_failed": "Serveren kunne ikke gemme indsendelsen lige nu; intet er ændret. Prøv igen senere (fejl-id {error_id}).",
    "server.internal": "Der skete en fejl på serveren (fejl-id {error_id}).",
    "server.not_found": "Siden findes ikke på denne server.",
    "server.method": "Den slags forespørgsel tager denne adresse ikke imod.",
    # The request's JSON fields, as a refusal names them ("navnet i ark nr. 2")
    "server.field.client": "klientens navn",
    "server.field.version": "xlwings-versionen",
    "server.field.book": "projektmappen",
    "server.field.name": "navnet",
    "server.field.active_sheet_index": "det aktive ark",
    "server.field.selection": "markeringen",
    "server.field.names": "de definerede navne",
    "server.field.sheets": "arkene",
    "server.field.values": "celleværdierne",
    "server.field.pictures": "billederne",
    "server.field.tables": "tabellerne",
    "server.field.used_range_address": "det brugte område",
    "server.field.range_address": "området",
    "server.field.header_row_range_address": "overskriftsrækkens område",
    "server.field.data_body_range_address": "dataområdet",
    "server.field.total_row_range_address": "totalrækkens område",
    "server.field.show_headers": "visningen af overskrifter",
    "server.field.show_totals": "visningen af totaler",
    "server.field.other": "feltet \"{field}\"",
    "server.field.sheets.item": "ark nr. {n}",
    "server.field.tables.item": "tabel nr. {n}",
    "server.field.values.item": "række nr. {n}",
    "server.field.item": "element nr. {n}",
    "server.field.in": " i ",
    "server.settings_invalid": "Serverens indstillinger i {path} kan ikke bruges: {reason}",
    # Findings sheet columns
    "fs.severity": "Type",
    "fs.kind": "Fund",
    "fs.sheet": "Ark",
    "fs.cell": "Celle",
    "fs.value": "Værdi",
    "fs.message": "Besked",
    "fs.none": "Ingen fejl eller mangler.",
    "severity.error": "Fejl",
    "severity.warning": "Advarsel",
    "severity.info": "Oplysning",

    # -- The round: HR's list of units, roll-out, status of the round, the next round --------
    "roster.unit_file": "enhed",
    "roster.size_invalid": "Antallet af medarbejdere i \"{part}\" er ikke et helt tal.",
    "roster.team_twice": "Teamet \"{team}\" står to gange.",
    "roster.unreadable": "Listen {path} kan ikke læses: {reason}",
    "roster.not_a_list": "Listen {path} skal være en Excel-projektmappe (.xlsx) eller en CSV-fil.",
    "roster.not_text": "filen indeholder ikke tekst; gem listen som Excel-projektmappe (.xlsx) eller CSV",
    "rollout.made": "{file}: oprettet ({teams})",
    "rollout.kept": "{file}: findes allerede og er ikke rørt",
    "rollout.failed": "{file}: ikke oprettet – {reason}",
    "rollout.summary": "{made} oprettet, {kept} fandtes allerede, i {out}.",
    "rollout.not_written": "Intet er skrevet: ret listen først ({errors}).",
    "rollout.lite": "{file}: opdateringen i projektmappen er lagt ind (xlwings Lite)",
    "cli.opt.rollout_out": "Mappen, enhedernes projektmapper skrives i.",
    "cli.opt.rollout_org": "Organisationens skabelon: dens mål og kompetenceprofiler kommer med i hver projektmappe.",
    "cli.opt.next_round_out": "Mappen, næste rundes projektmapper skrives i (med samme filnavne).",
    "cli.opt.expected": "Rundens liste (som til rollout): arket Status for runden viser, hvilke enheder der har afleveret.",
    "round.sheet": "Status for runden",
    "round.title": "Status for runden",
    "round.intro": "Hver enhed på rundens liste: om den har afleveret, hvornår projektmappen sidst blev ændret, og hvor langt den er. Enheder, der har afleveret uden at stå på listen, står nederst.",
    "round.col.unit": "Enhed",
    "round.col.leader": "Leder",
    "round.col.delivered": "Afleveret",
    "round.col.modified": "Sidst ændret",
    "round.col.errors": "Fejl",
    "round.col.warnings": "Advarsler",
    "round.col.typed_over": "Skrevet over beregnede celler",
    "round.col.assessed": "Vurderet (andel)",
    "round.col.plan_rows": "Rækker i planen",
    "round.col.overdue": "Overskredne datoer",
    "round.col.file": "Fil",
    "round.col.mus_held": "MUS/PUS holdt (andel)",
    "round.col.with_goals": "Med udviklingsmål (andel)",
    "round.col.next_date": "Næste dato i årshjulet",
    "round.col.next_event": "Begivenhed",
    "round.col.expected": "På listen",
    "round.delivered.yes": "Ja",
    "round.delivered.no": "Nej",
    "round.delivered.unchanged": "Nej – uændret siden udsendelse",
    "round.delivered.unreadable": "Kan ikke læses",
    "round.ov.expected": "Enheder på rundens liste",
    "round.ov.missing": "Enheder, der ikke har afleveret",
    "round.summary": "Runden: {delivered} af {expected} har afleveret; {missing} mangler.",
    "round.summary_unchanged": "Runden: {delivered} af {expected} har afleveret; {missing} mangler, heraf {unchanged} med en projektmappe, der er uændret siden udsendelse.",
    "round.missing_line": "  mangler: {units}",
    "round.expected_unreadable": "Rundens liste {path} kan ikke bruges: {reason}",
    "next.made": "{source} → {target} (periode {period}): {kept} står som før, {carried} er flyttet (reelt niveau til sidste rundes, datoer et år frem, gennemført til kataloget), {archived} bliver kun i den gamle fil",
    "next.exists": "{target} findes allerede; runde {source} er ikke ført videre dertil.",
    "next.period_same": "Perioden \"{period}\" på Forsiden rummer intet årstal, så den er ikke rykket frem; ret den i den nye projektmappe.",
    "catalogue.earlier": "Tidligere runde {period}",
    "next.left.where": "det står i projektmappen fra {round} ({file}), som ikke er ændret",
    "next.left.round": "runde {period}",
    "next.left.last_round": "sidste runde",
    "next.left.sheet": "Arket \"{sheet}\" er ikke ført med til denne runde; {where}.",
    "next.left.column": "Kolonnen \"{column}\" på arket \"{sheet}\" er ikke ført med til denne runde; {where}.",
    "next.left.column_letter": "kolonne {col}",
    "next.left.comments": "{n} på arket \"{sheet}\" er ikke ført med til denne runde; {where}.",
    "next.out_among_inputs": "Næste rundes mappe {out} ligger inde i {folder}, som er blandt rundens projektmapper: så ville næste runde blive læst som denne. Vælg en mappe ved siden af, fx runde-2027/.",
    "next.passed_over": "{file}: ikke en enheds projektmappe; sprunget over",
    "next.summary": "{units} ført videre til {out}.",
    # -- MUS/PUS: the employee's own sheet for the conversation, and what flows back to bilag C --
    "col.individual.mus_date": "Aftalt ved MUS/PUS (dato)",
    "col.individual.next_follow_up": "Næste opfølgning",
    "help.individual.mus_date": "Datoen for MUS/PUS-samtalen, hvor målene og aktiviteterne blev aftalt.",
    "help.individual.next_follow_up": "Hvornår følger I op på målene og aktiviteterne?",
    "mus.sheet": "MUS-PUS",
    "mus.title": "MUS/PUS – mine læringsmål",
    "mus.intro": "Til samtalen mellem dig og din leder. De grå felter kommer fra enhedens plan for kompetenceudvikling; de hvide udfylder I sammen. Det, I aftaler, føres ind i enhedens projektmappe (arket Individuelle læringsmål) – logbogen nederst bliver hos dig.",
    "mus.unit": "Enhed",
    "mus.leader": "Leder",
    "mus.employee": "Medarbejder",
    "mus.team": "Team",
    "mus.period": "Periode/runde",
    "mus.team_goal": "Teamets læringsmål",
    "mus.gaps": "Teamets kompetencebehov (gab på 1 eller mere)",
    "mus.gap_id": "Nr.",
    "mus.gap_profile": "Kompetenceprofil",
    "mus.gap_desired": "Ønsket",
    "mus.gap_actual": "Reelt",
    "mus.gap_gap": "Gab",
    "mus.no_gaps": "Teamet har intet gab på 1 eller mere.",
    "mus.earlier": "Aftalt tidligere",
    "mus.agreed": "Det aftaler vi",
    "mus.personal_goal": "Personlige læringsmål",
    "mus.activities": "Aftalte læringsaktiviteter",
    "mus.mus_date": "Aftalt ved MUS/PUS (dato)",
    "mus.next_follow_up": "Næste opfølgning",
    "mus.own": "Kun til dig",
    "mus.logbook": "Løbende refleksioner/logbog",
    "mus.logbook_hint": "Logbogen er din egen: den hentes ikke ind i enhedens projektmappe.",
    "mus.marker": "xlkompetence MUS/PUS-ark",
    "mus.file_employee": "medarbejder",
    "mus.identity_sheet": "_identitet",
    "mus.identity_marker": "xlkompetence MUS/PUS-identitet",
    "mus.no_team": "uden team",
    "mus.written": "Skrevet {path}",
    "mus.skipped_exists": "{path} findes allerede og overskrives ikke.",
    "mus.none": "Projektmappen nævner ingen medarbejdere (i Individuelle læringsmål eller planens Medarbejdere). Tilføj navne med --medarbejder.",
    "mus.summary": "{written} skrevet, {skipped} sprunget over i {folder}.",
    "mus.fetched": "{path}: {rows} udfyldt eller tilføjet i Individuelle læringsmål fra {files}.",
    "mus.fetched_none": "{path}: intet nyt fra {files}.",
    "mus.file_line": "  {file}: {what}",
    "mus.what.added": "ny række {row}",
    "mus.what.filled": "række {row} udfyldt",
    "mus.what.same": "allerede ført ind",
    "mus.what.empty": "intet aftalt endnu",
    "mus.round": "Runden regnes fra Forsidens periode ({start} – {end}); står der ingen, de seneste 12 måneder.",
    "cli.opt.mus_out": "Mappen, medarbejdernes MUS/PUS-ark skrives i (oprettes, hvis den ikke findes).",
    "cli.opt.mus_employee": "En medarbejder mere, fx \"Åse\" eller \"Åse (Team C)\"; gentag for flere.",
    "ov.mus": "MUS/PUS og udviklingsmål pr. team (runden {start} – {end})",
    "ov.mus.employees": "Medarbejdere",
    "ov.mus.held": "MUS/PUS holdt",
    "ov.mus.held_share": "Andel med MUS/PUS holdt",
    "ov.mus.goals": "Med udviklingsmål",
    "ov.mus.goals_share": "Andel med mål",
    "ov.mus.team_goal": "Teamets læringsmål",
    "ov.mus.total": "I alt",
    "ov.mus.hint": "Medarbejdere: Forsidens antal pr. team, ellers de navne, Individuelle læringsmål og planens Medarbejdere nævner. Udviklingsmål: et personligt læringsmål, eller gennem teamets læringsmål.",
    "yes": "Ja",
    "no": "Nej",
    # -- MED/SU: the summary for the committee's discussion and the top committee's evaluation --
    "sheet.committee": "MED-SU",
    "title.committee": "Til MED/SU: mål, behov og kompetenceudvikling",
    "intro.committee": "Til drøftelsen i det lokale MED/SU om arbejdspladsens mål og behov for kompetenceudvikling, og til hoved-MED's evaluering af MUS. Arket nævner ingen navne og ingen personlige mål. Det skrives forfra ved hver opdatering.",
    "committee.unit": "Enhed",
    "committee.period": "Periode/runde",
    "committee.updated": "Sidst opdateret",
    "committee.goals": "Mål og kompetencebehov",
    "committee.goal": "Mål",
    "committee.id": "Nr.",
    "committee.profile": "Kompetenceprofil",
    "committee.max_gap": "Største gab",
    "committee.gap2_teams": "Teams med stort gab (2+)",
    "committee.priority": "Prioritet",
    "committee.activities": "Aktiviteter",
    "committee.closed": "Gennemført/ forankret",
    "committee.no_profiles": "Ingen kompetenceprofiler endnu.",
    "committee.teams": "Gab pr. team",
    "committee.forms": "Læringsformer: formel og uformel, intern og ekstern læring",
    "committee.no_forms": "Ingen aktiviteter i planen endnu.",
    "committee.plan": "Aktiviteter og ressourcer",
    "committee.status": "Status",
    "committee.rows": "Aktiviteter",
    "committee.hours": "Timer",
    "committee.kroner": "Kroner",
    "committee.total": "I alt",
    "committee.mus": "MUS/PUS og udviklingsmål (runden {start} – {end})",
    "committee.org_title": "Til MED/SU og hoved-MED: kompetenceudvikling pr. enhed",
    "committee.org_intro": "Samlet {date} fra enhedernes projektmapper: mål og behov, gab, aktiviteter, ressourcer og andelen med MUS/PUS og udviklingsmål. Ingen navne og ingen personlige mål.",
    "committee.org_unit": "Enhed",
    "committee.org_profiles": "Kompetenceprofiler",
    "committee.org_gap2": "Stort gab (2+) (team og profil)",
    "committee.org_mean_gap": "Gns. positivt gab",
    "committee.org_planned": "Aktiviteter",
    "committee.org_closed": "Gennemført/ forankret",
    "committee.org_employees": "Medarbejdere",
    "committee.org_held": "MUS/PUS holdt",
    "committee.org_held_share": "Andel med MUS/PUS holdt",
    "committee.org_goals_share": "Andel med udviklingsmål",
    "org.sheet.committee": "MED-SU",
}


# Every finding code's Danish texts, one entry each: (title, message). The title is the one
# line the README's code table and the CLI's help show; the message is what the leader reads
# beside the cell, with {placeholders} filled in ({value}: the offending value as text;
# {shown}: the value as the value parsers show it). ``core.findings.Code`` holds the codes
# with their severity and scope, and a test keeps the two in step.
FINDINGS: dict[str, tuple[str, str]] = {
    "file.not_found": (
        "Filen findes ikke.",
        "Filen findes ikke.",
    ),
    "file.unreadable": (
        "Filen kan ikke læses som en Excel-projektmappe.",
        "Filen kan ikke læses som en Excel-projektmappe: {reason}",
    ),
    "file.encrypted": (
        "Projektmappen er beskyttet med adgangskode (krypteret).",
        "Projektmappen er krypteret med en adgangskode. Gem en kopi uden adgangskode (Filer → Info → Beskyt projektmappe) og prøv igen.",
    ),
    "file.unsupported": (
        "Filtypen kan læses, men ikke opdateres.",
        "{reason}",
    ),
    "file.locked": (
        "Filen er åben i Excel (der findes en ~$-låsefil).",
        "Filen er åben i Excel ({lock} findes). Luk den i Excel, og prøv igen; intet er ændret.",
    ),
    "file.read_only": (
        "Filen er skrivebeskyttet og ændres ikke.",
        "Filen er skrivebeskyttet og ændres ikke. Fjern skrivebeskyttelsen, hvis den skal opdateres.",
    ),
    "file.write_failed": (
        "Filen kunne ikke skrives; den er uændret.",
        "Filen kunne ikke skrives ({reason}); den er uændret.",
    ),
    "file.changed": (
        "Filen blev gemt af en anden, mens den blev opdateret; den er ikke overskrevet.",
        "Filen blev gemt af en anden, mens den blev opdateret. Intet er skrevet, og det, der blev gemt, er bevaret; kør igen.",
    ),
    "file.not_unit": (
        "Filen er ikke en enheds projektmappe og er ikke ændret.",
        "Filen er ikke en enheds projektmappe: {reason}. Den er ikke ændret.",
    ),
    "file.external_links": (
        "Projektmappen har links til andre filer; de følges ikke.",
        "Projektmappen har {count} til andre filer. De følges ikke, og værdierne fra dem bruges ikke.",
    ),
    "findings.more": (
        "Mange fund af samme slags i et ark; de første vises.",
        "{n} mere af typen {kind} i arket vises ikke; ret de første, og kør igen.",
    ),
    "sheet.missing": (
        "Et skabelonark mangler.",
        "Arket \"{name}\" mangler. Det hører til skabelonen og kan ikke læses.",
    ),
    "column.missing": (
        "En kolonne mangler i et skabelonark.",
        "Kolonnen \"{name}\" mangler i overskriftsrækken.",
    ),
    "column.renamed": (
        "En kolonneoverskrift er stavet anderledes end i skabelonen.",
        "Overskriften \"{value}\" læses som \"{name}\".",
    ),
    "column.duplicate": (
        "Den samme kolonne står to gange.",
        "Kolonnen \"{name}\" står to gange; kun den første læses.",
    ),
    "team.none": (
        "Kompetencebehov har ingen teamkolonner.",
        "Der er ingen teamkolonner (\"Team A: Ønsket niveau (1-5)\" osv.) i overskriftsrækken.",
    ),
    "team.incomplete": (
        "Et team mangler kolonnen for ønsket eller reelt niveau.",
        "Team \"{team}\" mangler kolonnen \"{name}\"; teamets niveauer kan ikke læses.",
    ),
    "cell.error_value": (
        "Cellen indeholder en Excel-fejlværdi.",
        "Cellen indeholder fejlværdien {value} og kan ikke bruges.",
    ),
    "level.not_number": (
        "Et niveau er ikke et tal.",
        "Niveauet skal være et helt tal fra 1 til 5; \"{shown}\" er ikke et tal.",
    ),
    "level.not_whole": (
        "Et niveau er ikke et helt tal.",
        "Niveauet skal være et helt tal fra 1 til 5; {shown} er ikke et helt tal.",
    ),
    "level.out_of_range": (
        "Et niveau ligger uden for 1–5.",
        "Niveauet skal være et helt tal fra 1 til 5; {shown} ligger uden for intervallet.",
    ),
    "level.missing": (
        "Mangler vurdering.",
        "{team} mangler vurdering af {profile} ({which}).",
    ),
    "timeline.unparsed": (
        "Tidsplanen kan ikke læses som datoer.",
        "Tidsplanen \"{shown}\" kan ikke læses som datoer{why}. Skriv fx {examples}.",
    ),
    "timeline.end_before_start": (
        "Tidsplanen slutter før den starter.",
        "Tidsplanen \"{shown}\" slutter ({end}) før den starter ({start}).",
    ),
    "resources.unparsed": (
        "Ressourceforbruget kan ikke læses.",
        "Ressourceforbruget \"{shown}\" kan ikke læses. Skriv fx {examples}.",
    ),
    "resources.no_unit": (
        "Ressourceforbruget mangler en enhed.",
        "Ressourceforbruget \"{shown}\" mangler en enhed. Skriv fx \"{shown} timer\" eller \"{shown} kr.\".",
    ),
    "resources.negative": (
        "Ressourceforbruget er negativt.",
        "Ressourceforbruget \"{shown}\" er negativt; skriv det forbrug, der er brugt eller planlagt.",
    ),
    "resources.not_counted": (
        "Ressourceforbruget nævner noget, der ikke er et tal.",
        "Ressourceforbruget nævner {what}, som ikke er et tal og ikke tælles med i timer og kroner ({rows}: {cells}). Skriv antal timer eller kroner ved siden af, hvis det skal tælle.",
    ),
    "resources.participants_unknown": (
        "Ressourceforbruget er pr. deltager, men antallet af deltagere kendes ikke.",
        "Ressourceforbruget er pr. deltager, men antallet kan ikke læses af Medarbejdere (\"{employees}\"){why}. Timer er ikke regnet ud; skriv navnene, antal medarbejdere på Forsiden, eller fx \"5 dage x 12 medarbejdere\".",
    ),
    "date.invalid": (
        "En dato kan ikke læses.",
        "Datoen \"{shown}\" kan ikke læses. Skriv den som dd-mm-åååå, fx 15-03-2026.",
    ),
    "choice.invalid": (
        "En værdi er ikke en af de tilladte.",
        "{field} \"{shown}\" er ikke en af de tilladte værdier: {choices}.",
    ),
    "cover.unit_missing": (
        "Enhedens navn mangler på forsiden.",
        "Enhedens navn mangler (feltet \"{name}\").",
    ),
    "cover.team_size_invalid": (
        "Et teams antal medarbejdere er ikke et helt tal.",
        "Antal medarbejdere i {team} skal være et helt tal, fx 12 – \"{value}\" kan ikke bruges.",
    ),
    "template.older": (
        "Projektmappen er lavet med en ældre udgave af skabelonen.",
        "Projektmappen er lavet med en ældre udgave af skabelonen (version {version}); kolonnerne {columns} findes ikke. Alt andet læses som før. Bed HR om en projektmappe i den nye udgave, hvis I vil bruge dem.",
    ),
    "profile.id_missing": (
        "En kompetenceprofil har intet nummer.",
        "Kompetenceprofilen har intet nummer. Giv den fx nummeret {suggestion}.",
    ),
    "profile.id_duplicate": (
        "To kompetenceprofiler har samme nummer.",
        "Nummeret {value} bruges også i række {other}. Hver profil skal have sit eget nummer.",
    ),
    "profile.text_missing": (
        "En række har mål, men ingen kompetenceprofil.",
        "Rækken har et mål, men ingen kompetenceprofil.",
    ),
    "profile.goal_missing": (
        "En kompetenceprofil har intet mål.",
        "Kompetenceprofilen {profile} har intet mål (hverken på rækken eller over den).",
    ),
    "profile.strategy_missing": (
        "En kompetenceprofil har ingen strategi.",
        "Kompetenceprofilen {profile} har ingen strategi (hverken på rækken eller over den).",
    ),
    "profile.goal_inherited_apart": (
        "En kompetenceprofil arver et mål fra en række, den ikke hænger sammen med.",
        "Kompetenceprofilen {profile} har intet mål på sin række og arver derfor målet \"{goal}\" fra række {other}, selv om {why}. Hører profilen til et andet mål, så skriv det mål på profilens række. Hører den til dette mål, så flyt den op under det.",
    ),
    "needs.unknown_profile": (
        "Kompetencebehov nævner et nummer, der ikke findes i Mål og kompetenceprofil.",
        "Nummeret {value} findes ikke i arket Mål og kompetenceprofil.",
    ),
    "needs.duplicate_profile": (
        "En kompetenceprofil er vurderet på to rækker.",
        "{value} er også vurderet i række {other}; kun den første række tæller.",
    ),
    "needs.profile_not_listed": (
        "En kompetenceprofil har ingen række i Kompetencebehov.",
        "Kompetenceprofilen {value} har ingen række i Kompetencebehov og er ikke vurderet. Opdatering tilføjer rækken.",
    ),
    "needs.team_goal_missing": (
        "Et team har gab, men intet læringsmål.",
        "{team} har gab ({profiles}), men intet læringsmål. Hvad er det, teamet skal blive bedre til at gøre?",
    ),
    "needs.reason_missing": (
        "Et stort gab er prioriteret til senere uden begrundelse.",
        "{profile} har stort gab (2+), men er prioriteret \"{priority}\" uden begrundelse. Skriv kort hvorfor i Begrundelse.",
    ),
    "individual.team_unknown": (
        "Et team i Individuelle læringsmål findes ikke i Kompetencebehov.",
        "Teamet \"{value}\" findes ikke i Kompetencebehov ({teams}).",
    ),
    "plan.activity_missing": (
        "En række i planen har ingen læringsaktivitet.",
        "Rækken i planen har ingen læringsaktivitet.",
    ),
    "plan.responsible_missing": (
        "En række i planen har ingen ansvarlig.",
        "Rækken i planen har ingen ansvarlig.",
    ),
    "plan.status_missing": (
        "En række i planen har ingen status.",
        "Rækken i planen har ingen status.",
    ),
    # The round around the plan (learning forms, the year wheel)
    "plan.learning_form_unknown": (
        "Læringsformen står ikke på listen.",
        "Læringsformen \"{value}\" står ikke på listen ({choices}); rækken tælles med uden læringsform.",
    ),
    "wheel.overdue": (
        "En dato i årshjulet er overskredet.",
        "{event} skulle være sket {date}, men er ikke markeret som udført.",
    ),
    "wheel.date_invalid": (
        "En dato i årshjulet kan ikke læses.",
        "Datoen for {event} (\"{value}\") kan ikke læses. Skriv den som dd-mm-åååå, fx 15-03-2026.",
    ),
    "plan.overdue": (
        "En aktivitet er forsinket.",
        "Aktiviteten skulle være slut {end}, men {state}.",
    ),
    "anchoring.follow_up_missing": (
        "Forankringen har ingen dato for næste opfølgning.",
        "Hvornår er der opfølgning igen? Datoen mangler.",
    ),
    "anchoring.follow_up_overdue": (
        "Datoen for næste opfølgning er overskredet.",
        "Datoen for opfølgning ({value}) er overskredet; sæt en ny dato.",
    ),
    "thread.not_started": (
        "Der er ingen kompetenceprofiler endnu.",
        "Der er ingen kompetenceprofiler endnu. Den røde tråd begynder i arket Mål og kompetenceprofil: strategi, mål og profiler, der starter med \"Vi skal kunne …\".",
    ),
    "thread.need_unknown": (
        "Et profilnummer findes ikke i Mål og kompetenceprofil.",
        "Nummeret {value} findes ikke i arket Mål og kompetenceprofil, så rækken er ikke koblet til en kompetenceprofil.",
    ),
    "thread.need_unlinked": (
        "En aktivitet i planen er ikke koblet til en kompetenceprofil.",
        "Aktiviteten er ikke koblet til en kompetenceprofil: {what}. Vælg profilens nummer (fx K1) i Kompetencebehov.",
    ),
    "thread.gap_without_activity": (
        "En kompetenceprofil har stort gab (2+), men ingen aktivitet i planen.",
        "{profile} har stort gab (2+) for {teams}, men ingen aktivitet i planen dækker det. Læg en aktivitet i planen – eller sæt Prioritet til længere sigt eller ikke nu med en begrundelse.",
    ),
    "thread.individual_unlinked": (
        "Ingen individuelle læringsmål henviser til teamets læringsmål.",
        "{team} har individuelle læringsmål, men ingen af dem henviser til teamets læringsmål (\"{goal}\"). Skriv det i kolonnen Teamets læringsmål.",
    ),
    "thread.done_without_anchoring": (
        "En gennemført aktivitet har ingen forankring.",
        "Aktiviteten \"{activity}\" er {status}, men ingen række i Forankring følger op på {profiles}{evaluation}. Skriv en række i Forankring med profilens nummer.",
    ),
    "merge.duplicate_file": (
        "En fil er en kopi af en anden fil i samme sammenlægning.",
        "Filen er en kopi af {other} og tælles kun én gang.",
    ),
    "merge.duplicate_unit": (
        "To filer er fra samme enhed; kun den nyeste er med.",
        "Enheden \"{unit}\" findes også i {other}, som er nyere; denne fil er ikke med i planen.",
    ),
    "merge.other_round": (
        "To projektmapper for samme enhed er fra hver sin runde; kun rundens egen er talt med.",
        "{name} er projektmappen for enheden \"{unit}\" i runde {period}, ikke i runde {current}, som der samles; den er ikke talt med.",
    ),
    "merge.profile_text_differs": (
        "Samme profilnummer er formuleret lidt forskelligt i to enheder.",
        "Profil {profile} er formuleret forskelligt: \"{detail}\" og \"{other}\" ({units}). De er lagt sammen efter nummeret; ret teksten, hvis de ikke er ens.",
    ),
    "merge.profile_id_conflict": (
        "Samme profilnummer står for to forskellige profiler.",
        "Nummeret {profile} bruges for to forskellige profiler: \"{detail}\" og \"{other}\" ({units}). De holdes adskilt i matricen.",
    ),
    "merge.profiles_look_alike": (
        "To profiler ligner hinanden, men har ikke samme nummer.",
        "Profilen \"{profile}\" ligner \"{other}\" ({units}), men har ikke samme nummer. De holdes adskilt; giv dem samme nummer, hvis de er ens.",
    ),
    "sync.id_conflict": (
        "Enheden bruger et af organisationens profilnumre til sin egen profil.",
        "Organisationens profil {value} er ikke tilføjet: enheden bruger selv nummeret {value} til \"{text}\". Giv enhedens profil et andet nummer og synkroniser igen.",
    ),
    "calc.typed_over": (
        "En beregnet celle indeholder en indtastet værdi og er ikke ændret.",
        "Cellen skal beregnes, men nogen har skrevet \"{value}\" i den. Den er ikke ændret; slet indholdet, så beregnes den igen.",
    ),
    "roster.unreadable": (
        "Rundens liste kan ikke læses.",
        "Listen kan ikke læses: {reason}",
    ),
    "roster.no_header": (
        "Rundens liste har ingen overskriftsrække.",
        "Listen har ingen overskriftsrække med kolonnerne \"{unit}\" og \"{teams}\" i de første {rows}.",
    ),
    "roster.column_missing": (
        "Rundens liste mangler en kolonne.",
        "Listen mangler kolonnen \"{column}\" i overskriftsrækken.",
    ),
    "roster.empty": (
        "Rundens liste har ingen enheder.",
        "Listen har ingen enheder: den er tom, eller der står intet under overskrifterne.",
    ),
    "roster.unit_missing": (
        "En række på rundens liste har ingen enhed.",
        "Rækken har ingen enhed; skriv enhedens navn, eller slet rækken.",
    ),
    "roster.unit_twice": (
        "En enhed står to gange på rundens liste.",
        "Enheden \"{value}\" står også i række {other}; hver enhed må kun stå én gang.",
    ),
    "roster.teams_missing": (
        "En enhed på rundens liste har ingen teams.",
        "Enheden \"{unit}\" har ingen teams; skriv fx \"Dagteam (10); Aftenteam (8)\".",
    ),
    "roster.team_invalid": (
        "Et team på rundens liste kan ikke bruges i skabelonen.",
        "{problem}",
    ),
    "roster.file_name_clash": (
        "To enheder på rundens liste ville få samme filnavn.",
        "Enheden \"{value}\" ville få filnavnet {name} ligesom enheden i række {other}; giv dem forskellige navne.",
    ),
    "roster.extra_cells": (
        "En række på rundens liste har flere celler end overskrifter.",
        "Rækken har værdien \"{value}\" uden for listens kolonner. I en CSV-fil skal en celle med semikolon stå i anførselstegn, fx \"Dagteam (10); Aftenteam (8)\".",
    ),
    "rollout.exists": (
        "Enhedens projektmappe findes allerede og er ikke rørt.",
        "{name} findes allerede og er ikke rørt.",
    ),
    "round.not_delivered": (
        "En enhed på rundens liste har ikke afleveret.",
        "Enheden \"{unit}\" står på rundens liste, men der er ingen projektmappe fra den.",
    ),
    "round.unchanged": (
        "En enhed har ikke afleveret: ingen har skrevet i dens projektmappe, siden den blev sendt ud.",
        "Enheden \"{unit}\" har ikke afleveret: dens projektmappe er uændret siden udsendelse.",
    ),
    "round.unexpected": (
        "En enhed har afleveret uden at stå på rundens liste.",
        "Enheden \"{unit}\" ({name}) står ikke på rundens liste; den er talt med i planen.",
    ),
    "next.target_exists": (
        "Næste rundes projektmappe findes allerede.",
        "{name} findes allerede og er ikke rørt; flyt eller omdøb den, hvis enheden skal føres videre igen.",
    ),
    "next.failed": (
        "Enheden kunne ikke føres videre; de andre er ført videre.",
        "Enheden kunne ikke føres videre ({reason}); intet er skrevet for den, og de andre enheder er ført videre.",
    ),
    "next.left_behind": (
        "Noget i sidste rundes projektmappe, som skabelonen ikke har plads til, er ikke ført med.",
        "{value}",
    ),
    "calc.differs": (
        "En beregnet celle i den åbne projektmappe viser ikke den værdi, den skal.",
        "Cellen viser {value}, men skal vise {expected}. Formlen er ændret eller overskrevet; kopier formlen fra en celle ovenover.",
    ),
    # -- MUS/PUS --
    "mus.conflict": (
        "Et MUS/PUS-ark siger noget andet end det, der allerede står i Individuelle læringsmål.",
        "{employee}: MUS/PUS-arket {name} ({mus_date}) siger \"{value}\", men rækken har allerede \"{typed}\". Intet er ændret; ret det ene sted, så de to siger det samme.",
    ),
    "mus.not_a_sheet": (
        "En fil i mappen er ikke et MUS/PUS-ark fra xlkompetence.",
        "{name} er ikke et MUS/PUS-ark skrevet af xlkompetence mus og er sprunget over.",
    ),
    "mus.other_unit": (
        "Et MUS/PUS-ark hører til en anden enhed.",
        "{name} er skrevet til enheden \"{value}\", ikke \"{unit}\", og er sprunget over.",
    ),
    "mus.unsigned": (
        "Et MUS/PUS-ark bærer ikke enhedens underskrift og er ikke hentet.",
        "{name} har ingen gyldig underskrift fra xlkompetence mus skriv (skrevet af en ældre udgave, med en anden nøgle, eller ændret) og er sprunget over; intet er skrevet. Skriv arket igen med xlkompetence mus skriv.",
    ),
    "mus.edited": (
        "De grå felter i et MUS/PUS-ark er ændret; arket er ikke hentet.",
        "{name} er skrevet til {employee}, men de grå felter (enhed, medarbejder, team eller periode) er ændret siden. Arket er sprunget over; intet er skrevet.",
    ),
    "mus.copied": (
        "Et MUS/PUS-ark er en kopi under et andet filnavn; det er ikke hentet.",
        "{name} er en kopi af {other} og er sprunget over; intet er skrevet. Brug arket med det oprindelige navn.",
    ),
    "mus.other_round": (
        "Et MUS/PUS-ark er fra en anden runde; det er ikke hentet.",
        "{name} er skrevet til runden \"{value}\", ikke \"{period}\", og er sprunget over; intet er skrevet.",
    ),
    # -- Personal data in the texts that leave the unit --
    "privacy.names_person": (
        "En tekst, der sendes til HR, nævner en af enhedens medarbejdere.",
        "Teksten nævner {name}. Den sendes til HR med navnet erstattet af et pseudonym; skriv den om uden navnet, hvis den siger noget om personen.",
    ),
    "privacy.maybe_name": (
        "En tekst, der sendes til HR, nævner måske en person, projektmappen ikke kender.",
        "Teksten nævner måske en person: {name}. Den sendes til HR, som den står; er det et navn, så skriv teksten om uden det.",
    ),
}


# The headers of HR's list of the round's units: the header a new list gets first, then the
# other words HR writes for the same column (matched without regard to case and spacing).
ROSTER_HEADERS: dict[str, tuple[str, ...]] = {
    "organisation": ("Organisation", "Forvaltning"),
    "unit": ("Enhed", "Enhed/tilbud", "Tilbud", "Afdeling", "Enhedens navn"),
    "leader": ("Leder", "Lederens navn", "Ledere"),
    "teams": ("Teams", "Team", "Teams (antal medarbejdere)"),
    "period": ("Periode", "Runde", "År"),
    "conversation": ("Udviklingssamtale", "Samtale", "MUS/PUS", "MUS eller PUS"),
}


# The command line's own words (click's), in Danish: message as click writes it → Danish.
# Plural pairs are keyed by the singular.
CLICK: dict[str, str] = {
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Show this message and exit.": "Vis denne hjælp, og afslut.",
    "Show the version and exit.": "Vis versionen, og afslut.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "required": "påkrævet",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(beregnes)",
    "env var: {var}": "miljøvariabel: {var}",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameteren: {param_name}",
    "Missing command.": "Mangler en kommando.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en af: {possibilities}?)",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Option {name!r} requires an argument.": "Tilvalget {name!r} skal have en værdi.",
    "Option {name!r} requires {nargs} arguments.": "Tilvalget {name!r} skal have {nargs} værdier.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tager {nargs} værdier.",
    "Aborted!": "Afbrudt!",
    "unknown error": "ukendt fejl",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kan ikke åbnes: {message}",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "text": "tekst",
    "integer range": "heltalsinterval",
    "float range": "talinterval",
    "boolean": "sandhedsværdi",
    "[OPTIONS]": "[TILVALG]",
    "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]...",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt {number_type}.",
    "integer": "heltal",
    "float": "tal",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} er ikke en gyldig sandhedsværdi. Mulige værdier: {states}",
    "{value!r} does not match the format {format}.": "{value!r} passer ikke til formatet {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} passer ikke til formaterne {formats}.",
    "Takes {nargs} values but 1 was given.": "Tager {nargs} værdier, men fik 1.",
    "Takes {nargs} values but {len} were given.": "Tager {nargs} værdier, men fik {len}.",
}


# Nouns that follow a count, (singular, plural): "1 advarsel", "2 advarsler", "0 fejl".
NOUNS: dict[str, tuple[str, str]] = {
    "error": ("fejl", "fejl"),
    "warning": ("advarsel", "advarsler"),
    "unreadable": ("ulæselig", "ulæselige"),
    "unit": ("enhed", "enheder"),
    "file": ("fil", "filer"),
    "profile": ("kompetenceprofil", "kompetenceprofiler"),
    "row": ("række", "rækker"),
    "team": ("team", "teams"),
    "link": ("link", "links"),
    "comment": ("kommentar", "kommentarer"),
    "assessment": ("vurdering", "vurderinger"),
    "finding": ("fund", "fund"),
    "gap2": ("med stort gab (2+)", "med stort gab (2+)"),
    "more": ("mere", "mere"),
    "made": ("projektmappe", "projektmapper"),
    "value": ("værdi", "værdier"),
    # -- MUS/PUS --
    "employee_sheet": ("MUS/PUS-ark", "MUS/PUS-ark"),
}


def count(n: int, noun: str) -> str:
    """``n`` and the noun in the form that agrees with it: "1 advarsel", "2 advarsler",
    "1.200 rækker"."""
    singular, plural = NOUNS[noun]
    return f"{n:,}".replace(",", ".") + " " + (singular if n == 1 else plural)


# The organisation's name for the yearly development conversation ("MUS", "PUS", "MUS/PUS"):
# a setting, as Send til's recipient is. Every text names it as DEFAULT_CONVERSATION; ``t``
# puts the organisation's own name in its place while ``conversation_named`` is in force.
DEFAULT_CONVERSATION = "MUS/PUS"
_CONVERSATION: ContextVar[str] = ContextVar("conversation", default=DEFAULT_CONVERSATION)


def conversation() -> str:
    """The name of the conversation the texts say now."""
    return _CONVERSATION.get()


@contextmanager
def conversation_named(name: str | None) -> Iterator[None]:
    """Texts name the conversation ``name`` (the default where it is empty) inside the block."""
    token = _CONVERSATION.set(" ".join((name or "").split()) or DEFAULT_CONVERSATION)
    try:
        yield
    finally:
        _CONVERSATION.reset(token)


def with_conversation(text: str) -> str:
    """A text that names the conversation as the labels do, naming it as the setting says."""
    name = _CONVERSATION.get()
    return text if name == DEFAULT_CONVERSATION else text.replace(DEFAULT_CONVERSATION, name)


def t(key: str, **values: object) -> str:
    """The Danish text for ``key``, with ``{placeholders}`` filled in (and the conversation
    named as the organisation names it, in the text, never in the values)."""
    text = with_conversation(LABELS[key])
    return text.format(**values) if values else text

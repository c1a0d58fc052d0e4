"""Build the actor dictionaries of `data/lexicons/` from the PETRARCH2/Phoenix actor files.

Sources (openeventdata/petrarch2, Copyright (c) 2014 Open Event Data Alliance, MIT):

* `Phoenix.Countries.actors.txt`: per country, its names and adjectival forms ("SERBIAN"),
  its institutions ("AFGHAN_NATIONAL_ARMY" [AFGMIL]) and its leaders and officials with
  dated roles ("SERGEY_LAVROV_" [RUSGOV >20040309]);
* `Phoenix.International.actors.txt`: IGOs, NGOs, multinationals and their officials;
* `Phoenix.MilNonState.actors.txt`: armed non-state groups.

Outputs (each with the MIT notice in its header):

* `actor_people.en.txt`: `alias<TAB>person<TAB>ISO3<TAB>sector<TAB>from<TAB>to`, one line
  per role of a person whose role overlaps 1990 to today (blocks with a dated role, or the
  CountryInfo leader lists); aliases folded as `nlp.gazetteer.fold` folds;
* `actor_groups.en.txt`: `alias<TAB>canonical name<TAB>ISO3<TAB>sector` for organisations,
  armed groups and institutions;
* `actor_demonyms.en.txt`: `demonym<TAB>ISO3`, the adjectival forms of the country blocks
  whose spelling is a demonym's, plus the forms written by hand below (DEMONYMS).

A Phoenix code is a country (ISO3, or IGO/NGO/IMG/MNC) followed by three-letter sector
codes; the sector kept is the first CAMEO sector of the code (IGO, NGO for those codes; REB
for IMG, international militarised groups; BUS for MNC).

Usage: python scripts/build_actors.py [--source DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pycountry

from newstrace.nlp.gazetteer import fold

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared/datasets/events/petrarch2-dictionaries"
LEXICONS = REPO / "src/newstrace/data/lexicons"
SINCE = date(1990, 1, 1)
MERGE_GAP = timedelta(days=40)
CODE = re.compile(r"\[\s*([A-Z-]+)\s*([<>]?\s*[0-9]*(?:\s*-\s*[0-9]+)?)\s*\]")
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "REB",
        "OPP",
        "PTY",
        "COP",
        "JUD",
        "SPY",
        "MED",
        "EDU",
        "BUS",
        "CRM",
        "CVL",
        "ELI",
        "LAB",
        "LEG",
        "REF",
        "HLH",
        "HRI",
        "REL",
        "AGR",
        "ENV",
        "DEV",
        "UAF",
        "INS",
        "SEP",
        "IGO",
        "NGO",
    ]
)
NON_STATE = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS", "NGM": "NGO"}
# Insurgents and separatists are rebels to the coder (the GSR and the ACLED mapping alike).
SECTOR_ALIASES = {"INS": "REB", "SEP": "REB"}
ISO3 = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}
# Phoenix country codes that are not ISO 3166-1 alpha-3.
# Yugoslavia (FRY) and Serbia and Montenegro are coded as Serbia, their successor in law.
PHOENIX_COUNTRIES = {
    "KOS": "XKX",
    "KSV": "XKX",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "YUG": "SRB",
    "FRY": "SRB",
    "SCG": "SRB",
}
DEMONYM_ENDINGS = ("AN", "ESE", "ISH", "ER")

# Demonyms the Phoenix country blocks lack or spell otherwise, written by the newstrace
# authors for every country of pycountry that news copy names by an adjective.
DEMONYMS = """
Afghan AFG|Albanian ALB|Algerian DZA|Andorran AND|Angolan AGO|Antiguan ATG|Argentine ARG
Argentinian ARG|Armenian ARM|Australian AUS|Austrian AUT|Azerbaijani AZE|Azeri AZE
Bahamian BHS|Bahraini BHR|Bangladeshi BGD|Barbadian BRB|Belarusian BLR|Belarussian BLR
Belgian BEL|Belizean BLZ|Beninese BEN|Bhutanese BTN|Bolivian BOL|Bosnian BIH|Botswanan BWA
Brazilian BRA|British GBR|Briton GBR|Bruneian BRN|Bulgarian BGR|Burkinabe BFA|Burmese MMR
Burundian BDI|Cambodian KHM|Cameroonian CMR|Canadian CAN|Cape Verdean CPV
Central African CAF|Chadian TCD|Chilean CHL|Chinese CHN|Colombian COL|Comoran COM
Congolese COD|Costa Rican CRI|Croat HRV|Croatian HRV|Cuban CUB|Cypriot CYP|Czech CZE
Dane DNK|Danish DNK|Djiboutian DJI|Dominican DOM|Dutch NLD|Dutchman NLD|East Timorese TLS
Ecuadorean ECU|Ecuadorian ECU|Egyptian EGY|Emirati ARE|Equatorial Guinean GNQ
Eritrean ERI|Estonian EST|Ethiopian ETH|Fijian FJI|Filipino PHL|Finn FIN|Finnish FIN
French FRA|Frenchman FRA|Gabonese GAB|Gambian GMB|Georgian GEO|German DEU|Ghanaian GHA
Greek GRC|Grenadian GRD|Guatemalan GTM|Guinean GIN|Guyanese GUY|Haitian HTI|Honduran HND
Hungarian HUN|Icelandic ISL|Icelander ISL|Indian IND|Indonesian IDN|Iranian IRN|Iraqi IRQ
Irish IRL|Israeli ISR|Italian ITA|Ivorian CIV|Jamaican JAM|Japanese JPN|Jordanian JOR
Kazakh KAZ|Kazakhstani KAZ|Kenyan KEN|Kiribati KIR|Kosovar XKX|Kuwaiti KWT|Kyrgyz KGZ
Lao LAO|Laotian LAO|Latvian LVA|Lebanese LBN|Liberian LBR|Libyan LBY|Liechtensteiner LIE
Lithuanian LTU|Luxembourgish LUX|Macedonian MKD|Malagasy MDG|Malawian MWI|Malaysian MYS
Maldivian MDV|Malian MLI|Maltese MLT|Marshallese MHL|Mauritanian MRT|Mauritian MUS
Mexican MEX|Micronesian FSM|Moldovan MDA|Monegasque MCO|Mongolian MNG|Montenegrin MNE
Moroccan MAR|Mozambican MOZ|Namibian NAM|Nauruan NRU|Nepalese NPL|Nepali NPL
New Zealander NZL|Nicaraguan NIC|Nigerian NGA|Nigerien NER|North Korean PRK|Norwegian NOR
Omani OMN|Pakistani PAK|Palauan PLW|Palestinian PSE|Panamanian PAN|Papua New Guinean PNG
Paraguayan PRY|Peruvian PER|Philippine PHL|Pole POL|Polish POL|Portuguese PRT
Puerto Rican PRI|Qatari QAT|Romanian ROU|Russian RUS|Rwandan RWA|Saint Lucian LCA
Salvadoran SLV|Samoan WSM|Sammarinese SMR|Saudi SAU|Saudi Arabian SAU|Senegalese SEN
Serb SRB|Serbian SRB|Seychellois SYC|Sierra Leonean SLE|Singaporean SGP|Slovak SVK
Slovakian SVK|Slovene SVN|Slovenian SVN|Solomon Islander SLB|Somali SOM|Somalian SOM
South African ZAF|South Korean KOR|South Sudanese SSD|Spaniard ESP|Spanish ESP
Sri Lankan LKA|Sudanese SDN|Surinamese SUR|Swazi SWZ|Swede SWE|Swedish SWE|Swiss CHE
Syrian SYR|Taiwanese TWN|Tajik TJK|Tajikistani TJK|Tanzanian TZA|Thai THA|Togolese TGO
Tongan TON|Trinidadian TTO|Tunisian TUN|Turk TUR|Turkish TUR|Turkmen TKM|Tuvaluan TUV
Ugandan UGA|Ukrainian UKR|Uruguayan URY|US USA|U.S. USA|American USA|Uzbek UZB
Uzbekistani UZB|Vanuatuan VUT|Venezuelan VEN|Vietnamese VNM|Yemeni YEM|Yemenite YEM
Zambian ZMB|Zimbabwean ZWE|Mauritian MUS|Bissau-Guinean GNB|Cape Verdian CPV
"""
# Adjectival-looking forms of the Phoenix country blocks that are places or other
# peoples, not the country's demonym.
NOT_DEMONYMS = frozenset(
    [
        "AMERICAN",
        "BRITISH",
        "ENGLISH",
        "SCOTTISH",
        "WELSH",
        "KURDISH",
        "KURD",
        "ARAB",
        "ARABIAN",
        "ARABIC",
        "BASQUE",
        "CATALAN",
        "TAMIL",
        "CHECHEN",
        "PASHTUN",
        "BALOCH",
        "BALUCHI",
        "HAZARA",
        "UIGHUR",
        "UYGHUR",
        "TIBETAN",
        "ZULU",
        "XHOSA",
        "YORUBA",
        "IGBO",
        "HAUSA",
        "HUTU",
        "TUTSI",
        "SHIITE",
        "SUNNI",
        "DRUZE",
        "MAORI",
        "SIKH",
        "HINDU",
        "MUSLIM",
        "CHRISTIAN",
        "JEWISH",
        "JEW",
        "BEDOUIN",
        "BERBER",
        "COPTIC",
        "ASSYRIAN",
        "ALAWITE",
        "KARABAKH",
        "ABKHAZIAN",
        "OSSETIAN",
        "CORSICAN",
        "SARDINIAN",
        "SICILIAN",
        "BAVARIAN",
        "PRUSSIAN",
        "FLEMISH",
        "WALLOON",
        "ALSATIAN",
        "HAWAIIAN",
        "ALASKAN",
        "TEXAN",
        "CALIFORNIAN",
        "DAGESTANI",
        "INGUSH",
        "TATAR",
        "BASHKIR",
        "KASHMIRI",
        "PUNJABI",
        "SINDHI",
        "BENGALI",
        "GUJARATI",
        "BIHARI",
        "VIETMAN",
        "AFGHANSITAN",
        "PAKISATAN",
    ]
)

HEADER = """\
# {what}
# Generated by scripts/build_actors.py from {source} of the PETRARCH2 dictionaries
# (openeventdata/petrarch2), Copyright (c) 2014 Open Event Data Alliance, MIT licence:
# permission is granted, free of charge, to use, copy, modify, merge, publish and
# distribute the data, provided this copyright notice is kept; it is provided "as is",
# without warranty of any kind. Do not edit by hand: edit the script and rebuild.
"""


@dataclass(frozen=True, slots=True)
class Role:
    """One coded role of an actor block: country, sector and the dates it holds."""

    country: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None


@dataclass
class Block:
    """A Phoenix actor: its primary name, synonyms, codes, and whether it is a person."""

    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    countryinfo: bool = False
    pure_country: bool = False


def parse_date(text: str) -> date | None:
    """A Phoenix date: YYMMDD (years before 30 in the 2000s) or YYYYMMDD."""
    digits = text.strip()
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6:
            year = int(digits[:2])
            return date((2000 if year < 30 else 1900) + year, int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return None
    return None


def parse_code(code: str, dates: str) -> Role | None:
    """A Role from a Phoenix code ("RUSGOV", "IGOUNOKID") and its date part (">040309")."""
    if code.startswith("-"):
        return None
    head = PHOENIX_COUNTRIES.get(code[:3], code[:3])
    country = head if head in ISO3 else None
    rest = code[3:] if country or head in NON_STATE else code
    sector = NON_STATE.get(head)
    if sector is None or sector == "REB":
        chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
        found = next((c for c in chunks if c in SECTORS), None)
        sector = SECTOR_ALIASES.get(found, found) if found else sector
    if country is None and sector is None:
        return None
    dates = dates.replace(" ", "")
    start = end = None
    if dates.startswith(">"):
        start = parse_date(dates[1:])
    elif dates.startswith("<"):
        end = parse_date(dates[1:])
    elif "-" in dates:
        first, last = dates.split("-", 1)
        start, end = parse_date(first), parse_date(last)
    return Role(country, sector, start, end)


def clean_name(raw: str) -> str:
    """A dictionary name as words: "SERGEY_V._LAVROV_" -> "SERGEY V. LAVROV"."""
    return " ".join(raw.replace("_", " ").split())


def read_blocks(path: Path) -> list[Block]:
    """The actor blocks of a TABARI .actors file.

    A line at the margin starts an actor (or, while the previous one has no code yet, adds
    a name to it); "+" lines add synonyms; bracketed codes, on a name line or indented
    below it, give the roles. A blank line drops a pending actor that got no code.
    """
    blocks: list[Block] = []
    current: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.lstrip().startswith("#"):
            continue
        body, _, comment = raw.partition("#")
        if not body.strip():
            if current is not None and not current.roles and not body and not comment:
                current = None
            continue
        codes = CODE.findall(body)
        names_part = CODE.sub(" ", body)
        at_margin = not raw[:1].isspace()
        if at_margin and not raw.startswith("+") and (current is None or current.roles):
            current = Block()
            blocks.append(current)
        if current is None:
            continue
        for piece in names_part.split("+"):
            name = clean_name(piece)
            if name and (at_margin or raw.startswith("+")):
                current.names.append(name)
        if "CountryInfo" in comment:
            current.countryinfo = True
        for code, dates in codes:
            role = parse_code(code, dates)
            if role is not None:
                current.roles.append(role)
                current.pure_country = current.pure_country or (
                    len(code) == 3 and role.country is not None and not dates.strip()
                )
    return [b for b in blocks if b.names and b.roles]


def is_person(block: Block) -> bool:
    """A leader or official: a CountryInfo entry, or an actor with a dated role."""
    return block.countryinfo or any(r.start or r.end for r in block.roles)


def recent(role: Role) -> bool:
    return role.end is None or role.end >= SINCE


def title_words() -> frozenset[str]:
    """Words of the agents lexicon and forms of address: a synonym holding one is a title
    phrase ("PRESIDENT_CLINTON"), which the title coder handles, not a name."""
    words = {"mr", "mrs", "ms", "dr", "the", "sir", "former", "his", "her"}
    for line in (LEXICONS / "agents.en.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.update(line.split("\t")[0].split())
    return frozenset(words)


def title_name(name: str) -> str:
    """A readable canonical name: "THE_UNITED_NATIONS" -> "United Nations"."""
    small = {"of", "the", "and", "for", "in", "on", "al", "wal", "fi", "de", "du", "des"}
    words = name.split()
    if words and words[0] == "THE" and len(words) > 1:
        words = words[1:]
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if len(word) <= 5 and not any(v in word for v in "AEIOU") or "." in word:
            out.append(word)  # acronyms: NATO keeps its case, so do U.N. and ICRC
        elif i and lower in small:
            out.append(lower)
        else:
            out.append("-".join(p.capitalize() for p in lower.split("-")))
    return " ".join(out)


def date_text(value: date | None) -> str:
    return value.isoformat() if value else "-"


def merged(roles: list[Role], skip: set[tuple[str | None, str | None]]) -> list[tuple[Role, str]]:
    """Dated roles in time order as (role, "FROM-TO" years), overlapping or touching spans
    of one code merged, roles of a code in `skip` (the undated default's) left out."""
    out: list[tuple[Role, date | None, date | None]] = []
    for role in sorted(roles, key=lambda r: (r.start or date.min, r.end or date.max)):
        if (role.country, role.sector) in skip:
            continue
        if out:
            last, start, end = out[-1]
            same = (last.country, last.sector) == (role.country, role.sector)
            # a new term a few days after the last one ends is the same tenure
            if same and (end is None or role.start is None or role.start <= end + MERGE_GAP):
                later = None if end is None or role.end is None else max(end, role.end)
                out[-1] = (last, start, later)
                continue
        out.append((role, role.start, role.end))
    return [
        (role, f"{start.year if start else ''}-{end.year if end else ''}")
        for role, start, end in out
    ]


def role_code(role: Role, country: str | None) -> str:
    """A role's sector, with its country ahead ("IGO:-") when not the person's own."""
    sector = role.sector or "-"
    return sector if role.country == country else f"{role.country or '-'}:{sector}"


def people_rows(blocks: list[Block], title_words: frozenset[str]) -> list[str]:
    """One row per person in office (or coded) since 1990: name, roles, other names.

    Roles are `ISO3 SECTOR FROM-TO` in years (either side may be open), `;`-joined, the
    undated default role ("otherwise") last without years; other names are the block's
    synonyms that are names alone (no title word such as "president"), folded.
    """
    rows: dict[str, str] = {}
    for block in blocks:
        if not is_person(block):
            continue
        dated = [r for r in block.roles if r.start or r.end]
        kept = [r for r in dated if recent(r)]
        if dated and not kept:
            continue  # out of office before 1990: the undated default is no news today
        default = [r for r in block.roles if not (r.start or r.end)][:1]
        spans = merged(kept, {(r.country, r.sector) for r in default})
        latest = [r for r, _ in spans][-1:] or default
        country = latest[0].country
        roles = [f"{role_code(r, country)} {years}" for r, years in spans]
        roles += [role_code(r, country) for r in default]
        canonical = title_name(block.names[0])
        key = fold(canonical)
        aliases = []
        for name in block.names:
            alias = fold(name)
            words = alias.split()
            if (
                alias != key
                and alias not in aliases
                and any(c.isalpha() for c in alias)
                and not any(w in title_words for w in words)
            ):
                aliases.append(alias)
        if key in rows:
            continue
        rows[key] = "\t".join((canonical, country or "-", ";".join(roles), "|".join(aliases)))
    return [rows[k] for k in sorted(rows)]


def group_rows(blocks: list[Block]) -> list[str]:
    rows: dict[str, str] = {}
    for block in blocks:
        if is_person(block) or block.pure_country or block.roles[0].sector == "BUS":
            continue  # companies (MNC) are left out: few act in the news we code
        role = block.roles[0]
        canonical = title_name(block.names[0])
        for name in block.names:
            alias = fold(name)
            if len(alias) < 2 or not any(c.isalpha() for c in alias):
                continue
            rows.setdefault(
                alias, "\t".join((alias, canonical, role.country or "-", role.sector or "-"))
            )
    return [rows[k] for k in sorted(rows)]


def demonym_rows(blocks: list[Block]) -> list[str]:
    found: dict[str, str] = {}
    for line in DEMONYMS.strip().splitlines():
        for item in line.split("|"):
            word, iso3 = item.rsplit(" ", 1)
            found.setdefault(word, iso3)
    names = {
        fold(n) for c in pycountry.countries for n in (c.name, getattr(c, "common_name", c.name))
    }
    for block in blocks:
        if not block.pure_country:
            continue
        iso3 = block.roles[0].country
        stem = fold(block.names[0])[:4]
        for name in block.names[1:]:
            # a demonym shares its country's stem ("SERBIAN" of SERBIA); other one-word
            # forms of a country block are cities, provinces and misspellings
            if (
                " " not in name
                and name.isalpha()
                and fold(name).startswith(stem)
                and name.endswith(DEMONYM_ENDINGS)
                and not name.endswith("STAN")
                and name not in NOT_DEMONYMS
                and fold(name) not in names
            ):
                found.setdefault(name.capitalize(), iso3)
    return [f"{word}\t{iso3}" for word, iso3 in sorted(found.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    files = {
        name: args.source / f"Phoenix.{name}.actors.txt"
        for name in ("Countries", "International", "MilNonState")
    }
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        sys.exit(f"{', '.join(missing)} not found: put ../shared beside the repo or pass --source")
    countries = read_blocks(files["Countries"])
    others = read_blocks(files["International"]) + read_blocks(files["MilNonState"])
    outputs = {
        "actor_people": (
            "People (leaders, officials) coded since 1990: name<TAB>ISO3<TAB>roles<TAB>other\n"
            "# names. A role is 'SECTOR FROM-TO' in years (open sides empty; 'ISO3:SECTOR' when\n"
            "# in another country's or no country's service), ';'-joined in time order, the\n"
            "# undated default role (held outside the dated ones) last; other names folded,\n"
            "# '|'-joined.",
            "Phoenix.Countries.actors.txt and Phoenix.International.actors.txt",
            people_rows(countries + others, title_words()),
        ),
        "actor_groups": (
            "Organisations, armed groups and institutions: alias<TAB>name<TAB>ISO3<TAB>sector.",
            "Phoenix.International/MilNonState/Countries.actors.txt",
            group_rows(others + countries),
        ),
        "actor_demonyms": (
            "Demonyms and adjectival forms of every country: demonym<TAB>ISO3 (plurals drop 's').",
            "Phoenix.Countries.actors.txt (adjectival forms) and a hand-written list",
            demonym_rows(countries),
        ),
    }
    for name, (what, source, rows) in outputs.items():
        target = LEXICONS / f"{name}.en.txt"
        text = HEADER.format(what=what, source=source) + "".join(f"{r}\n" for r in rows)
        target.write_text(text, encoding="utf-8")
        print(f"{len(rows)} rows, {len(text) // 1024} KB → {target}")


if __name__ == "__main__":
    main()

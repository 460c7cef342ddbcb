"""Word lists the place matcher needs: country names, demonyms, stop words.

Country names come from the bundled Natural Earth table (in every language
it holds); the lists below only add what it lacks: news short forms
("U.S.", "Britain"), nationality adjectives, and words that look like place
names but rarely are.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from geo.input.extract._tables import country_table
from geo.reference.gazetteer import normalize_name

__all__: list[str] = []

#: "KHOST, Afghanistan, Nov 23, 2018 (AFP)", "on 4 Mar": a month's short name beside a day is a date, never a town
#: (GeoNames gives "Nov", "Mar", "Jul" as names of Nov in Tajikistan and alternate names of Maracaibo, Juliaca).
_MONTH_SHORT = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_DAY_AFTER = re.compile(r"^\.?\s+\d{1,2}(?:st|nd|rd|th)?\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+$")


def month_by_day(text: str, before: str, after: str) -> bool:
    """``text`` is a month's short name next to a day number ("Nov 23", "4 Mar"): a date, not a place name."""
    return normalize_name(text) in _MONTH_SHORT and bool(_DAY_AFTER.match(after) or _DAY_BEFORE.search(before))

# Short forms news uses that Natural Earth's name columns do not hold.
_ALIASES = {
    "US": "USA", "U.S.": "USA", "U.S": "USA", "USA": "USA", "America": "USA", "United States": "USA",
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR", "DRC": "COD", "DR Congo": "COD",
    "Democratic Republic of Congo": "COD", "Congo-Kinshasa": "COD", "Congo-Brazzaville": "COG",
    # wire style: "eastern Congo's Ituri province" is the Democratic Republic (not the town Congo in Brazil)
    "Congo": "COD", "Congo Republic": "COG", "Republic of Congo": "COG",
    "Burma": "MMR", "Ivory Coast": "CIV", "Czech Republic": "CZE", "Gaza Strip": "PSE",
    "West Bank": "PSE", "Palestinian territories": "PSE", "UAE": "ARE", "Emirates": "ARE",
    "South Korea": "KOR", "North Korea": "PRK", "Holland": "NLD", "Russian Federation": "RUS",
    "Turkiye": "TUR", "Türkiye": "TUR", "Vatican": "VAT", "East Timor": "TLS", "Swaziland": "SWZ",
    "Macedonia": "MKD", "Moldova": "MDA", "Gaza": "PSE", "Syria": "SYR", "Iran": "IRN", "Laos": "LAO", "Vietnam": "VNM",
}

# Nationality adjectives: they set an article's country context ("the Russian Defense Ministry").
_DEMONYMS = """
Afghan AFG|Albanian ALB|Algerian DZA|American USA|Angolan AGO|Argentine ARG|Argentinian ARG|Armenian ARM|
Australian AUS|Austrian AUT|Azerbaijani AZE|Azeri AZE|Bahraini BHR|Bangladeshi BGD|Belarusian BLR|
Belgian BEL|Beninese BEN|Bolivian BOL|Bosnian BIH|Brazilian BRA|British GBR|Bulgarian BGR|Burkinabe BFA|
Burmese MMR|Burundian BDI|Cambodian KHM|Cameroonian CMR|Canadian CAN|Chadian TCD|Chilean CHL|Chinese CHN|
Colombian COL|Congolese COD|Croatian HRV|Cuban CUB|Cypriot CYP|Czech CZE|Danish DNK|Djiboutian DJI|
Dutch NLD|Ecuadorian ECU|Egyptian EGY|Emirati ARE|Eritrean ERI|Estonian EST|Ethiopian ETH|Finnish FIN|
French FRA|Gabonese GAB|Georgian GEO|German DEU|Ghanaian GHA|Greek GRC|Guatemalan GTM|Guinean GIN|
Haitian HTI|Honduran HND|Hungarian HUN|Indian IND|Indonesian IDN|Iranian IRN|Iraqi IRQ|Irish IRL|
Israeli ISR|Italian ITA|Ivorian CIV|Japanese JPN|Jordanian JOR|Kazakh KAZ|Kenyan KEN|Kosovar KOS|
Kuwaiti KWT|Kyrgyz KGZ|Lao LAO|Latvian LVA|Lebanese LBN|Liberian LBR|Libyan LBY|Lithuanian LTU|
Malagasy MDG|Malawian MWI|Malaysian MYS|Malian MLI|Mauritanian MRT|Mexican MEX|Moldovan MDA|Mongolian MNG|
Montenegrin MNE|Moroccan MAR|Mozambican MOZ|Namibian NAM|Nepali NPL|Nepalese NPL|Nicaraguan NIC|
Nigerian NGA|Nigerien NER|North Korean PRK|Norwegian NOR|Omani OMN|Pakistani PAK|Palestinian PSE|
Panamanian PAN|Paraguayan PRY|Peruvian PER|Filipino PHL|Philippine PHL|Polish POL|Portuguese PRT|
Qatari QAT|Romanian ROU|Russian RUS|Rwandan RWA|Saudi SAU|Senegalese SEN|Serbian SRB|Sierra Leonean SLE|
Slovak SVK|Slovenian SVN|Somali SOM|South African ZAF|South Korean KOR|South Sudanese SSD|Spanish ESP|
Sri Lankan LKA|Sudanese SDN|Swedish SWE|Swiss CHE|Syrian SYR|Taiwanese TWN|Tajik TJK|Tanzanian TZA|
Thai THA|Togolese TGO|Tunisian TUN|Turkish TUR|Turkmen TKM|Ugandan UGA|Ukrainian UKR|Uruguayan URY|
Uzbek UZB|Venezuelan VEN|Vietnamese VNM|Yemeni YEM|Zambian ZMB|Zimbabwean ZWE|Kremlin RUS|Pentagon USA
"""

#: Capitalised words that are almost never a place in a news sentence, even when
#: GeoNames knows a town of that name (alternate names include "The", "Of", ...).
STOP_WORDS = frozenset("""
a an the of in on at to for from by with and or but if as it its this that these those there here he she they
we you i his her their our your my who what when where which while why how after before during since until
however meanwhile moreover also although though because despite according earlier later today yesterday
tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december president minister ministry spokesman spokeswoman spokesperson
governor mayor general colonel commander officials official police army military forces government state
region province district city town village capital north south east west northern southern eastern western
central mr mrs ms dr sir lord saint st new old great little power mobile nice hope victoria independence
liberty union justice defense defence foreign interior health emergency emergencies national international
federal republic kingdom empire council committee agency service services office news press reuters
associated times post daily telegram telegraph tass ria interfax ap afp bbc cnn al jazeera moscow-based
video photo photos image footage social media monitor observatory human rights watch red cross crescent
ukrainska pravda novaya gazeta meduza kommersant vedomosti kyiv-independent reporters analysts witnesses
residents people civilians children women men soldiers troops fighters militants rebels one two three four five
six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty
forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands dozen dozens several many few
he's she's it's we're they're god allah christmas easter ramadan eid area areas
hamas hezbollah hizbollah houthi houthis taliban shabaab shabab isis isil wagner unifil nato kremlin
xinhua anadolu wafa sana irna ansa dpa efe yonhap kyodo bernama ukrinform unian suspilne nna qna wam petra
sputnik tasnim mehr isna pti ians ani apa aps mena
""".split())

# Words after a name that make it a region: "the Belgorod region", "Kharkiv Oblast".
REGION_WORDS = frozenset("""
region oblast province governorate state district county prefecture department raion krai territory
municipality emirate division zone canton voivodeship okrug tehsil lga township local circle cercle
""".split())

# Units named after their main town: "the Hangu district", "Konduga LGA", "Khar tehsil".
SMALL_UNITS = frozenset("district raion tehsil lga township county municipality local circle cercle".split())  # Mali's cercles

# Words before a name that make it a person: "President Vladimir Putin".
TITLE_WORDS = frozenset("""
president minister premier mr mrs ms dr gen general colonel col lt lieutenant sgt sergeant captain capt major
maj admiral commander governor mayor spokesman spokeswoman spokesperson secretary chancellor king queen prince
princess sheikh emir ayatollah pope bishop father imam rabbi judge senator sen rep representative ambassador
chief head leader lawmaker deputy analyst columnist journalist reporter correspondent editor professor prof
""".split())

# Capitalised words after a town that keep it a place: "Kyiv Mayor", "Donetsk Airport".
PLACE_TAIL_WORDS = REGION_WORDS | TITLE_WORDS | frozenset("""
airport station port harbour harbor bridge dam plant base airbase airfield hospital university square market
city centre center mosque church cathedral prison street avenue road highway railway bay river lake
village camp refugee
""".split())

# Words before a country that qualify it: "eastern Ukraine".
DIRECTION_WORDS = frozenset("""
north south east west northern southern eastern western central northeastern northwestern southeastern
southwestern north-eastern north-western south-eastern south-western northeast northwest southeast southwest
""".split())


@functools.cache
def country_index() -> dict[str, str]:
    """Folded country name (any language held) -> ISO A3."""
    frame = country_table()
    columns = [c for c in frame if c == "name" or c.startswith("name_")]
    index: dict[str, str] = {}
    # Sovereign states first, so "Congo" or "Georgia" go to the country, not a territory.
    for row in _largest_first(frame["pop_est"]):
        for column in columns:
            value = frame[column][row]
            if isinstance(value, str) and value.strip():
                index.setdefault(normalize_name(value), frame["iso_a3"][row])
    for alias, code in _ALIASES.items():
        index[normalize_name(alias)] = code
    return index


def _largest_first(population: np.ndarray) -> np.ndarray:
    """Row order by descending population, missing last; ties in the order pandas' ``sort_values`` gives them."""
    values = np.asarray(population, dtype=float)
    known = np.flatnonzero(~np.isnan(values))[::-1]  # reversed, then sorted and reversed back, as pandas does
    order = known[np.argsort(values[known], kind="quicksort")][::-1]
    return np.concatenate([order, np.flatnonzero(np.isnan(values))])


@functools.cache
def demonym_index() -> dict[str, str]:
    """Folded nationality adjective -> ISO A3."""
    out = {}
    for item in _DEMONYMS.replace("\n", "").split("|"):
        if item.strip():
            word, code = item.strip().rsplit(" ", 1)
            out[normalize_name(word)] = code
    return out


@functools.cache
def country_names() -> dict[str, str]:
    """ISO A3 -> English display name."""
    frame = country_table()
    return dict(zip(frame["iso_a3"].tolist(), frame["name"].tolist(), strict=True))

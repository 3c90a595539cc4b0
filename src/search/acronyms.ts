/**
 * Acronyms that news writes without spelling them out, and that WordNet 3.1 (which knows US, UN,
 * NATO, EU, UK, IMF, WHO, WTO, OPEC, FBI, CIA, IAEA, UNICEF, UNESCO, IOC, PLO, ASEAN and many more:
 * see meaning/wordnet.ts `phrases`) lacks or gives another meaning first (WordNet's ICC is the
 * Interstate Commerce Commission, its MP military police). Keys are acronyms as index words
 * (folded, without dots); values the names they stand for. Only organisations, places and offices
 * that international news names by their initials; an article that writes a name out with its
 * acronym in brackets teaches the index the rest (search/index.ts `acronym`).
 */
export const NEWS_ACRONYMS: Readonly<Record<string, string>> = Object.freeze({
  afp: 'Agence France-Presse',
  anc: 'African National Congress',
  ap: 'Associated Press',
  au: 'African Union',
  bbc: 'British Broadcasting Corporation',
  dnc: 'Democratic National Committee',
  drc: 'Democratic Republic of the Congo',
  ecb: 'European Central Bank',
  ecowas: 'Economic Community of West African States',
  fifa: 'International Federation of Association Football',
  icc: 'International Criminal Court',
  icj: 'International Court of Justice',
  mep: 'Member of the European Parliament',
  mp: 'Member of Parliament',
  nhs: 'National Health Service',
  nypd: 'New York Police Department',
  oecd: 'Organisation for Economic Co-operation and Development',
  uae: 'United Arab Emirates',
  uefa: 'Union of European Football Associations',
  unhcr: 'United Nations High Commissioner for Refugees',
  unrwa: 'United Nations Relief and Works Agency',
  wfp: 'World Food Programme',
});

/** The acronyms of {@link NEWS_ACRONYMS} by the name they stand for, lower case: "united arab emirates" → ["uae"]. */
export const ACRONYMS_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const [acronym, name] of Object.entries(NEWS_ACRONYMS)) {
    const key = name.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), acronym]);
  }
  return out;
})();

package cabletext

// The vocabulary of titles and offices that precede or follow a
// classifier's name in a "Classified By" line. Part of it follows the title
// words that cablemap's classified_by pattern skips (Ambassador and its
// slips, DCM, CDA, Charge d'Affaires a.i., PolOff, Econ, POL/MIL, A/S,
// Director, Consul, …); cablemap is © Lars Heuer, BSD licence
// (github.com/heuer/cablemap). The rest was read off the corpus.

// cbTitles holds the words (upper case, periods dropped) of titles, ranks,
// offices and bureaus.
var cbTitles = map[string]bool{
	// Heads of mission and their deputies.
	"AMBASSADOR": true, "AMB": true, "AMBASSADORS": true, "AMBASADOR": true, "AMBASSDOR": true,
	"CHARGE": true, "CHARGÉ": true, "CHARGE'": true, "D'AFFAIRES": true, "AFFAIRES": true, "AFFAIRS": true,
	"AFFAIR": true, "AFAIRS": true, "AFFAIRE": true, "D'AFFAIRS": true, "D'AFFAIRE": true, "D'": true, "DE": true,
	"A.I.": true, "A.I": true, "AI": true, "AI.": true, "A.Y.": true, "A/I": true, "ADINTERIM": true, "INTERIM": true,
	"CDA": true, "DCM": true, "ADCM": true, "A/DCM": true, "DDCM": true, "COM": true, "CHIEF": true, "CIEF": true,
	"DEPUTY": true, "DEP": true, "ACTING": true, "A/": true, "ASSISTANT": true, "ASST": true, "MISSION": true,
	"PRINCIPAL": true, "PO": true, "DPO": true, "APO": true, "IPO": true, "BPO": true, "CONSUL": true, "CONSULGENERAL": true,
	"CONGEN": true, "CG": true, "DCG": true, "GENERAL": true, "PERMANENT": true, "REPRESENTATIVE": true, "REP": true,
	"PERMREP": true, "DPR": true, "ALTERNATE": true, "SPECIAL": true, "ENVOY": true, "AT-LARGE": true, "LARGE": true,
	"HEAD": true, "LEADER": true, "TEAM": true, "MEMBER": true, "DELEGATE": true, "DELEGATION": true, "USDEL": true,
	"CHAIRMAN": true, "CHAIR": true, "DIRECTOR": true, "DIR": true, "DIRECTORATE": true, "MANAGER": true,
	"COORDINATOR": true, "COORDINATER": true, "ADVISOR": true, "ADVISER": true, "ADVISORS": true, "SENIOR": true,
	"SECRETARY": true, "SEC": true, "SECSTATE": true, "UNDERSECRETARY": true, "U/S": true, "A/S": true, "DAS": true,
	"PDAS": true, "DASD": true, "ASD": true, "USD": true, "EXECUTIVE": true, "EXEC": true, "OFFICER": true, "OFFICE": true,
	"OFF": true, "OFFR": true, "ATTACHE": true, "ATTACHÉ": true, "LEGATT": true, "LEGAT": true, "DATT": true,
	"ALEGATT": true, "MR": true, "MRS": true, "MS": true, "DR": true, "HON": true, "HONORABLE": true,
	"LTC": true, "COL": true, "LTCOL": true, "MAJ": true, "CAPT": true, "CPT": true, "GEN": true, "ADM": true,
	"CDR": true, "LCDR": true, "LT": true, "BG": true, "MG": true, "RADM": true, "USA": true, "USN": true, "USAF": true, "USMC": true,

	// Sections and their counselors.
	"POLITICAL": true, "POL": true, "POLITICO": true, "POL-MIL": true, "POLMIL": true, "POLITICAL-MILITARY": true,
	"MILITARY": true, "MIL": true, "ECONOMIC": true, "ECON": true, "ECONOMICS": true, "ECONOMICAL": true,
	"ECONOMIC-POLITICAL": true, "POLITICAL-ECONOMIC": true, "POLITICAL/ECONOMIC": true, "POLECON": true,
	"ECONPOL": true, "ECOPOL": true, "ECPO": true, "EPOL": true, "POLEC": true, "E/P": true, "P/E": true,
	"COUNSELOR": true, "COUNSELLOR": true, "COUNSELORS": true, "COUNCILOR": true, "COUNCILLOR": true,
	"COUNSEL": true, "COUNS": true, "COUN": true, "CONS": true, "MINISTER": true, "MINISTER-COUNSELOR": true,
	"MINISTER-COUNSELLOR": true, "MIN": true, "MINCOUNS": true, "MINCOUN": true, "MC": true, "M/C": true,
	"MCOUNSELOR": true, "POLCOUNS": true, "POLCOUN": true, "POLCOUNSELOR": true, "POLMINCOUNS": true,
	"POLMINCONS": true, "POLMIN": true, "POLMC": true, "ECONCOUNS": true, "ECONCOUN": true, "ECONMIN": true,
	"ECMIN": true, "EMIN": true, "ECONMINCOUNS": true, "EMINCOUNS": true, "ECOUNS": true, "ECON/COM": true,
	"POLOFF": true, "ECONOFF": true, "POLECONOFF": true, "POLMILOFF": true, "CONOFF": true, "CONSOFF": true,
	"MGMTOFF": true, "PAO": true, "APAO": true, "IO": true, "LABOR": true, "LABOUR": true, "DEFENSE": true,
	"DEFENCE": true, "LEGAL": true, "CONSULAR": true, "COMMERCIAL": true, "PUBLIC": true, "DIPLOMACY": true,
	"MANAGEMENT": true, "ADMINISTRATIVE": true, "ADMIN": true, "REGIONAL": true, "SECURITY": true, "DIPLOMATIC": true,
	"SECTION": true, "UNIT": true, "GROUP": true, "STAFF": true, "DIVISION": true, "BRANCH": true, "AFFAIRS'": true,
	"ENVIRONMENT": true, "ENVIRONMENTAL": true, "SCIENCE": true, "TECHNOLOGY": true, "HEALTH": true, "ESTH": true,
	"EST&H": true, "ENERGY": true, "AGRICULTURE": true, "AGRICULTURAL": true, "NARCOTICS": true, "LAW": true,
	"ENFORCEMENT": true, "TRADE": true, "FINANCE": true, "FINANCIAL": true, "TREASURY": true, "CONTROL": true,
	"ARMS": true, "NONPROLIFERATION": true, "INTERNATIONAL": true, "MULTILATERAL": true, "GLOBAL": true,
	"INSTITUTIONAL": true, "INTERAGENCY": true, "PROVINCIAL": true, "GOVERNANCE": true, "SUB-NATIONAL": true,
	"NATIONAL": true, "RECONSTRUCTION": true, "PRT": true, "EPRT": true, "TDY": true, "RSO": true, "ARSO": true,
	"DRSO": true, "RSO/TDY": true, "CLASSIFICATION": true, "GUIDE": true, "AUTHORITY": true, "POLCHIEF": true,
	"ECONCHIEF": true, "DERIVED": true, "MULTIPLE": true, "SOURCES": true, "SOURCE": true, "DSCG": true, "WATCH": true,

	// Departments, posts, bureaus and offices.
	"DEPARTMENT": true, "DEPT": true, "STATE": true, "EMBASSY": true, "EMBASSIES": true, "CONSULATE": true,
	"AMEMBASSY": true, "AMCONSUL": true, "USMISSION": true, "U.S.": true, "US": true, "USG": true, "BUREAU": true,
	"DOS": true, "DOD": true, "OSD": true, "NSC": true, "USAID": true, "AID": true, "FBI": true, "DEA": true,
	"DHS": true, "CIA": true, "USTR": true, "USUN": true, "USEU": true, "USNATO": true, "USOSCE": true, "UNVIE": true,
	"USMISSIONGENEVA": true, "AIT": true, "USOAS": true, "USUNESCO": true, "USOECD": true, "OSCE": true,
	"AF": true, "EAP": true, "EUR": true, "NEA": true, "SCA": true, "SA": true, "WHA": true, "ARA": true,
	"ISN": true, "VCI": true, "PM": true, "INR": true, "DRL": true, "PRM": true, "INL": true, "OES": true,
	"EB": true, "EEB": true, "CA": true, "DS": true, "CT": true, "S/CT": true, "S/P": true, "S/GAC": true,
	"S/CRS": true, "S/SEMEP": true, "S/SRAP": true, "SRAP": true, "G/TIP": true, "ECA": true, "IIP": true,
	"NP": true, "AVC": true, "OPS": true, "INR/OPS": true,
	"ISN/MTR": true, "EUR/PRA": true, "SA/PAB": true, "AF/C": true, "PRM/AFR": true, "MTR": true, "PRA": true,
	"ESC": true, "ODC": true, "OMC": true, "SDO": true, "DAO": true, "USDAO": true, "MLO": true, "JUSMAG": true,
	"NAS": true, "LEGATT/FBI": true, "IRPO": true, "RPO": true, "DEL": true, "CENTCOM": true, "EUCOM": true,
	"PACOM": true, "SOUTHCOM": true, "AFRICOM": true,

	// Classification words that run into the line.
	"CLASSIFIED": true, "CONFIDENTIAL": true, "SECRET": true, "UNCLASSIFIED": true, "NOFORN": true,
}

// cbFuzzyTitles are the long title words whose slips (one letter wrong,
// missing, added or swapped) still count as titles: "Ambassaor",
// "Amabassador", "Counsleor", "Direcotr", "Affiars", "REPRESENATIVE".
var cbFuzzyTitles = []string{
	"AMBASSADOR", "COUNSELOR", "COUNSELLOR", "COUNCILOR", "DIRECTOR", "AFFAIRS", "AFFAIRES", "D'AFFAIRES",
	"REPRESENTATIVE", "SECRETARY", "COORDINATOR", "MINISTER", "POLITICAL", "ECONOMIC", "ASSISTANT",
	"ATTACHE", "OFFICER", "PRINCIPAL", "SPECIAL", "PERMANENT", "MINISTER-COUNSELOR", "COMMERCIAL",
	"CONSULAR", "DEPARTMENT", "EMBASSY", "INTERAGENCY", "PROVINCIAL", "SECURITY", "REGIONAL",
}

// cbStopWords are the lower-case words that, at the start of a line,
// begin a word of their own rather than finish one that wrapping cut.
var cbStopWords = map[string]bool{
	"FOR": true, "REASON": true, "REASONS": true, "REAS": true, "AND": true, "PER": true, "UNDER": true,
	"BASED": true, "DUE": true, "OF": true, "THE": true, "TO": true, "IN": true, "ON": true, "AT": true,
	"BY": true, "WITH": true, "FROM": true, "UPON": true, "INTO": true, "WITHIN": true, "AS": true, "IS": true, "AN": true, "OR": true, "SECTION": true,
	"PARA": true, "PARAGRAPH": true, "CLASSIFIED": true, "ACTING": true, "D": true, "DE": true, "DEL": true,
	"DA": true, "VAN": true, "VON": true, "DER": true, "DEN": true, "LA": true, "LE": true, "DI": true, "AI": true, "I": true, "E": true, "EO": true, "IAW": true,
}

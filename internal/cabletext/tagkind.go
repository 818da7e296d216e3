package cabletext

import "strings"

// TagKind classifies a TAGS value the way cablemap does, testing in this
// order:
//
//   - two letters: "GEO", a country or region (State's codes, not ISO: RS is
//     Russia, CH China);
//   - a comma: "PERSON", a person named Surname, Given (ROOD, JOHN);
//   - K and three letters: "PROGRAM", a program tag (KDEM, KNNP);
//   - in cablemap's list of subject tags: "SUBJECT" (PREL, ECON, PHUM);
//   - in cablemap's list of organisation tags: "ORG" (NATO, IAEA, BA'ATH);
//   - else "UNKNOWN".
//
// Case and surrounding space do not matter.
func TagKind(tag string) string {
	tag = strings.TrimSpace(tag)
	var buf [64]byte
	if len(tag) > len(buf) {
		return tagUnknown
	}
	up := buf[:len(tag)]
	for i := 0; i < len(tag); i++ {
		up[i] = toUpper(tag[i])
	}
	switch {
	case len(up) == 2 && isLetter(up[0]) && isLetter(up[1]):
		return "GEO"
	case strings.IndexByte(tag, ',') >= 0:
		return "PERSON"
	case len(up) == 4 && up[0] == 'K' && isLetter(up[1]) && isLetter(up[2]) && isLetter(up[3]):
		return "PROGRAM"
	}
	switch tagKinds[string(up)] {
	case kindSubject:
		return "SUBJECT"
	case kindOrg:
		return "ORG"
	}
	return tagUnknown
}

const tagUnknown = "UNKNOWN"

const (
	kindSubject = iota + 1
	kindOrg
)

// tagKinds maps the listed subject and organisation tags to their kind.
// It is built once and never written afterwards.
var tagKinds = buildTagKinds()

func buildTagKinds() map[string]int {
	m := make(map[string]int, len(subjectTags)+len(organizationTags))
	for _, t := range organizationTags {
		m[strings.ToUpper(t)] = kindOrg // a few are written Colombo Plan
	}
	for _, t := range subjectTags {
		m[t] = kindSubject
	}
	return m
}

// The two lists below are data, which is why this file runs long. They are
// cablemap's subject-tags.txt (96) and organization-tags.txt (590), from
// github.com/heuer/cablemap at 42066c8, Copyright (c) 2011 - 2015 Lars
// Heuer, BSD licence; the licence text is in stations.go.

// subjectTags are the TAGS subject codes.
var subjectTags = [...]string{
	"AADP", "ABLD", "ABUD", "ACOA", "ACKM", "ADCO", "ADPM", "AEMR", "AFIN",
	"AFSI", "AFSN", "AGAO", "AINF", "AINR", "AINT", "ALOW", "AMED", "AMGT",
	"AMTC", "ANET", "AODE", "AOMS", "AORC", "APCS", "APER", "ASCH", "ASEC",
	"ASIG", "BBSR", "BEXP", "BMGT", "BTIO", "CASC", "CFED", "CJAN", "CLOK",
	"CMGT", "CPAS", "CVIS", "EAGR", "EAID", "EAIR", "ECON", "ECPS", "EFIN",
	"EFIS", "EIND", "EINT", "EINV", "ELAB", "ELTN", "EMIN", "ENRG", "EPET",
	"ETRD", "ETTC", "EWWT", "MARR", "MASS", "MCAP", "MNUC", "MOPS", "ODIP",
	"OEXC", "OFDP", "OIIP", "OPDC", "OPRC", "OREP", "OSCI", "OTRA", "OVIP",
	"PARM", "PBTS", "PGOV", "PHSA", "PHUM", "PINR", "PINS", "PNAT", "PREF",
	"PREL", "PROP", "PTER", "SCUL", "SENV", "SMIG", "SNAR", "SOCI", "TBIO",
	"TINT", "TNGD", "TPHY", "TRGY", "TSPA", "TSPL",
}

// organizationTags are the organisation TAGS.
var organizationTags = [...]string{
	"AAA", "AAFLI", "AAI", "AALC", "ABA", "ABC", "ABMC", "ACABQ", "ACTU", "ADB",
	"ADB-1", "ADF", "ADPSEC", "AEC", "AEDF", "AER LINGUS", "AEROFLOT",
	"AEROLINEAS ARGENTINAS", "AEROPERU", "AFDB", "AFDF", "AFL-CIO", "AFP",
	"AFSA", "AGR", "AI", "AID", "AIFLD", "AKB", "AL", "AL-1", "ALIA",
	"Alitalia", "ALP", "AMAL", "AMAX", "AMCHAMS", "AMOCO", "ANC", "ANZUS", "AP",
	"APAG", "APCAC", "APECO", "ARAMCO", "ARC", "ARCO", "ARDE", "ARENA",
	"ARIANA", "ASALA", "ASEAN", "ASPAC", "AT&T", "ATA", "AU-1", "AUB", "AUCCTU",
	"AVENSA", "AVIANCA", "BASC", "BBC", "BBG", "BDC", "BENDIX", "BIE", "BIS",
	"BLS", "BOS", "BP", "BP-1", "BQG", "Bundesbank", "BWIA", "CAA", "CAAC",
	"CACM", "CAPC", "CARE", "CBC", "CBS", "CCC-1", "CCC-3", "CCD", "CCIR",
	"CCITT", "CCMS", "CCNAA", "CCUS", "CDB", "CDC", "CDG", "CDI", "CDU", "CEA",
	"CEAC", "CEC", "CEMA", "CEP", "CEQ", "CIA", "CIEC", "CIL", "CIME", "CIP",
	"CIPEC", "CIS", "CITEL", "CITIBANK", "COE", "Colombo Plan", "COM",
	"COMIBOL", "CONDECA", "CONOCO", "CONTRIB", "COSEP", "CPC", "CPSU", "CRS",
	"CSIS", "CSTP", "CSU", "CTM", "CWC", "CWS", "DAC", "DC", "DCA", "DCI",
	"DEA", "DHS", "DIA", "DJP", "DOD", "DOE", "DOT", "DPC", "DPP", "DPR", "EAC",
	"EAL", "EALG", "EAPC", "EBRD", "ECA", "ECAC", "ECDC", "ECE", "ECG", "ECLAC",
	"ECMT", "ECOSOC", "ECOWAS", "ECWA", "ED", "EDC", "EDRC", "EDU", "EEOC",
	"EFTA", "EL AL", "ELF", "ELN", "EP", "EPA", "EPC", "ESA", "ESCAP", "ESDI",
	"ETA", "EUCOM", "EUN", "EUROCONTROL", "EXIM", "FAA", "FAO", "FAPC", "FAPLA",
	"FARC", "FAS", "FBI", "FBIS", "FCC", "FCIA", "FCSC", "FDA", "FDIC", "FDN",
	"FDR", "FEMA", "FHWA", "FINNAIR", "FLN", "FMC", "FMLN", "FNLA", "FPC",
	"FRB", "FRELIMO", "FSCADP", "FSLN", "FTC", "FTUI", "FWS", "G-77", "G-8",
	"GAO", "GATT", "GCC", "General Motors", "GM-1", "GPO", "GREENS", "GSA",
	"HCOPIL", "HHS", "HKA", "HUD", "IACI", "IACW", "IADB", "IAEA", "IA-ECOSOC",
	"IAF", "IAHRC", "IAII", "IAJC", "IARC", "IATA", "IATTC", "IBC", "IBM",
	"IBPCA", "IBPCT", "IBRD", "IBWC", "IBWM", "ICAC", "ICAF", "ICAO", "ICBL",
	"ICC", "ICCAT", "ICCROM", "ICES", "ICFTU", "ICJ", "ICMC", "ICO", "ICO-1",
	"ICRC", "ICSC", "ICTR", "ICTY", "IDA", "IDB", "IEA", "IFAD", "IFC", "IFRB",
	"IFRC", "IHB", "IIC", "IICA", "IJC", "IJO", "ILA", "ILC", "ILO", "ILZSG",
	"IMC", "IMF", "IMH", "IMO", "INCB", "INFCE", "INMARSAT", "INPFC", "INRA",
	"INRO", "INS", "INT", "INTELSAT", "INTERPOL", "IOC", "IOLM", "IOM", "IOVW",
	"IPDC", "IPHC", "IPU", "IRA", "IRC", "IRC-2", "IRC-3", "IREX", "IRS",
	"IRSG", "ISCON", "ISO", "ISTA", "ITC", "ITT", "ITTO", "ITU", "IUCNNR",
	"IWBC", "IWC-1", "IWC-2", "IWSG", "IYC", "JAL", "JAT", "JCIC", "JDL", "JLP",
	"JUS", "KAL", "KANU", "KGB", "KLM", "KMT", "KOC", "KPNLF", "LAB", "LBAR",
	"LDP", "LOC", "LOT", "MAB", "MARAD", "MAS", "MCG", "MCLRS", "MEA", "MFO",
	"MINURSO", "MIR", "MNLF", "MONUC", "MPEAA", "MPLA", "MTCRE", "MTN", "NAA",
	"NAC", "NACB", "NAFO", "NAMSA", "NAS", "NASA", "NASCO", "NATO", "NBC",
	"NBCCA", "NBS", "NDR", "NDU", "NEB", "NGA", "NIAG", "NICSMA", "NIDA", "NIH",
	"NIOC", "NKDP", "NMFS", "NNPC", "NOAA", "NPC", "NPFSC", "NPG", "NRC-5",
	"NSA", "NSC", "NSF", "NTIA", "NTIS", "NTSB", "NTT", "NUC", "NWC", "OAPEC",
	"OAS", "OATU", "OAU", "OECD", "OECS", "OIC-2", "OIE", "OMB", "OMSN", "OPEC",
	"OPIC", "OPM", "ORIT-ICFTU", "OSCE", "OSHA", "OSIA", "OVP", "PAC", "PAHO",
	"PAIGH", "PAL", "PAN", "PARCA", "PBEIST", "PBOS", "PBS", "PCC", "PCI",
	"PDC", "PEMEX", "PETROBRAS", "PFLP", "PFP", "Phalange Party", "PHS", "PIA",
	"PIARC", "PICES", "PJC", "PKFK", "PLA", "PLN", "PLO", "PNC", "PNDC", "PNP",
	"PPD", "PPP", "PRI", "PSD", "PSI", "PSOE", "PUAS", "QANTAS", "RDP",
	"RENAMO", "RFE", "RL", "RRB", "SAARC", "SAS", "SBA", "SCC", "SCEPC",
	"SDFCU", "SEC", "SELA", "SFOR", "SMI", "SOCINT", "SPC", "SPD", "SPF",
	"SPLA", "SPLM", "SSA", "SSOD", "STAT", "SVC", "SWAPO", "TAPLINE", "TDB",
	"TGC", "THY", "TNC", "TPLF", "TRSY", "TUAC", "TUC", "TVA", "UANC", "UAW",
	"UCD", "UDEAC", "UIL", "UMNO", "UMOA", "UN", "UNAMSIL", "UNAUS", "UNBRO",
	"UNC", "UNCHC", "UNCHS", "UNCITRAL", "UNCND", "UNCRED", "UNCRIME", "UNCSD",
	"UNCSW", "UNCTAD", "UNDC", "UNDOF", "UNDP", "UNDRO", "UNEF", "UNEP",
	"UNESCO", "UNETPSA", "UNFDAC", "UNFICYP", "UNFPA", "UNGA", "UNGA/C-1",
	"UNGA/C-2", "UNGA/C-3", "UNGA/C-4", "UNGA/C-5", "UNGA/C-6", "UNGA/SPC",
	"UNGOMAP", "UNHCR", "UNHRC-1", "UNHRC-2", "UNICEF", "UNIDCP", "UNIDO",
	"UNIDROIT", "UNIFIL", "UNIKOM", "UNITA", "UNITAR", "UNMEE", "UNMIBH",
	"UNMIK", "UNMOGIP", "UNMOP", "UNO", "UNOMIG", "UNPOP", "UNPUOS", "UNRWA",
	"UNSC", "UNSCEAR", "UNTAT", "UNTC", "UNTER", "UNTFSA", "UNTNC", "UNTSO",
	"UPD", "UPI", "UPOV", "UPU", "USEGJC", "USEM", "USGS", "USINJC", "USIS",
	"USISJC", "USNRC", "USPS", "USSAEC", "USSS", "USTR", "USTTA", "VA", "VARIG",
	"VFW", "VIASA", "VOA", "WARC", "WCC", "WCL", "WEO", "WEU", "WFC-2", "WFP",
	"WFTU", "WHC", "WHO", "WILPF", "WIPO", "WJC", "WMO", "WPO", "WTO", "WTRO",
	"YPFB", "ZANU", "ZAPU", "LLTE", "ZANU-PF", "COPUOS", "PHALANAGE PARTY",
	"BA'ATH",
}

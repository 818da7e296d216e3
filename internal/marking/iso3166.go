package marking

// iso3166 lists every ISO 3166-1 alpha-3 code with its English short name
// and the other names seen in cables, one country a line:
//
//	CODE Name|Other name|...
//
// It is a constant so that the table cannot be changed at run time. The
// first name is the one [CountryName] returns. Names hold no commas, because
// a comma separates the entries of a REL TO list.
//
// Beyond ISO 3166-1: XKS (Kosovo) is the code the US government's GENC
// standard uses; GER, ROYG, PRC, ROK, DPRK, DRC, UAE, UK and US are forms
// written in cables. Two-letter ISO codes are deliberately not names: CH is
// Switzerland in ISO but was written for China in the corpus (S/REL CH).
const iso3166 = `AFG Afghanistan
ALA Aland Islands
ALB Albania
DZA Algeria
ASM American Samoa
AND Andorra
AGO Angola
AIA Anguilla
ATA Antarctica
ATG Antigua and Barbuda
ARG Argentina
ARM Armenia
ABW Aruba
AUS Australia
AUT Austria
AZE Azerbaijan
BHS Bahamas|The Bahamas
BHR Bahrain
BGD Bangladesh
BRB Barbados
BLR Belarus
BEL Belgium
BLZ Belize
BEN Benin
BMU Bermuda
BTN Bhutan
BOL Bolivia
BES Bonaire Sint Eustatius and Saba
BIH Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia
BWA Botswana
BVT Bouvet Island
BRA Brazil
IOT British Indian Ocean Territory
BRN Brunei|Brunei Darussalam
BGR Bulgaria
BFA Burkina Faso
BDI Burundi
CPV Cabo Verde|Cape Verde
KHM Cambodia
CMR Cameroon
CAN Canada
CYM Cayman Islands
CAF Central African Republic
TCD Chad
CHL Chile
CHN China|People's Republic of China|PRC
CXR Christmas Island
CCK Cocos Islands|Cocos (Keeling) Islands
COL Colombia
COM Comoros
COG Congo|Republic of the Congo|Congo-Brazzaville
COD Democratic Republic of the Congo|DRC|Congo-Kinshasa
COK Cook Islands
CRI Costa Rica
CIV Cote d'Ivoire|Ivory Coast
HRV Croatia
CUB Cuba
CUW Curacao
CYP Cyprus
CZE Czech Republic|Czechia
DNK Denmark
DJI Djibouti
DMA Dominica
DOM Dominican Republic
ECU Ecuador
EGY Egypt
SLV El Salvador
GNQ Equatorial Guinea
ERI Eritrea
EST Estonia
SWZ Swaziland|Eswatini
ETH Ethiopia
FLK Falkland Islands
FRO Faroe Islands
FJI Fiji
FIN Finland
FRA France
GUF French Guiana
PYF French Polynesia
ATF French Southern Territories
GAB Gabon
GMB Gambia|The Gambia
GEO Georgia
DEU Germany|GER
GHA Ghana
GIB Gibraltar
GRC Greece
GRL Greenland
GRD Grenada
GLP Guadeloupe
GUM Guam
GTM Guatemala
GGY Guernsey
GIN Guinea
GNB Guinea-Bissau|Guinea Bissau
GUY Guyana
HTI Haiti
HMD Heard Island and McDonald Islands
VAT Holy See|Vatican|Vatican City
HND Honduras
HKG Hong Kong
HUN Hungary
ISL Iceland
IND India
IDN Indonesia
IRN Iran
IRQ Iraq
IRL Ireland
IMN Isle of Man
ISR Israel
ITA Italy
JAM Jamaica
JPN Japan
JEY Jersey
JOR Jordan
KAZ Kazakhstan
KEN Kenya
KIR Kiribati
PRK North Korea|DPRK
KOR South Korea|Republic of Korea|ROK
KWT Kuwait
KGZ Kyrgyzstan|Kyrgyz Republic
LAO Laos
LVA Latvia
LBN Lebanon
LSO Lesotho
LBR Liberia
LBY Libya
LIE Liechtenstein
LTU Lithuania
LUX Luxembourg
MAC Macao|Macau
MDG Madagascar
MWI Malawi
MYS Malaysia
MDV Maldives
MLI Mali
MLT Malta
MHL Marshall Islands
MTQ Martinique
MRT Mauritania
MUS Mauritius
MYT Mayotte
MEX Mexico
FSM Micronesia
MDA Moldova
MCO Monaco
MNG Mongolia
MNE Montenegro
MSR Montserrat
MAR Morocco
MOZ Mozambique
MMR Burma|Myanmar
NAM Namibia
NRU Nauru
NPL Nepal
NLD Netherlands|The Netherlands|Holland
NCL New Caledonia
NZL New Zealand
NIC Nicaragua
NER Niger
NGA Nigeria
NIU Niue
NFK Norfolk Island
MKD Macedonia|North Macedonia|FYROM
MNP Northern Mariana Islands
NOR Norway
OMN Oman
PAK Pakistan
PLW Palau
PSE Palestinian Territories|Palestine
PAN Panama
PNG Papua New Guinea
PRY Paraguay
PER Peru
PHL Philippines
PCN Pitcairn
POL Poland
PRT Portugal
PRI Puerto Rico
QAT Qatar
REU Reunion
ROU Romania
RUS Russia|Russian Federation
RWA Rwanda
BLM Saint Barthelemy
SHN Saint Helena
KNA Saint Kitts and Nevis
LCA Saint Lucia
MAF Saint Martin
SPM Saint Pierre and Miquelon
VCT Saint Vincent and the Grenadines
WSM Samoa
SMR San Marino
STP Sao Tome and Principe
SAU Saudi Arabia
SEN Senegal
SRB Serbia
SYC Seychelles
SLE Sierra Leone
SGP Singapore
SXM Sint Maarten
SVK Slovakia
SVN Slovenia
SLB Solomon Islands
SOM Somalia
ZAF South Africa
SGS South Georgia and the South Sandwich Islands
SSD South Sudan
ESP Spain
LKA Sri Lanka
SDN Sudan
SUR Suriname
SJM Svalbard and Jan Mayen
SWE Sweden
CHE Switzerland
SYR Syria
TWN Taiwan
TJK Tajikistan
TZA Tanzania
THA Thailand
TLS Timor-Leste|East Timor
TGO Togo
TKL Tokelau
TON Tonga
TTO Trinidad and Tobago
TUN Tunisia
TUR Turkey|Turkiye
TKM Turkmenistan
TCA Turks and Caicos Islands
TUV Tuvalu
UGA Uganda
UKR Ukraine
ARE United Arab Emirates|UAE
GBR United Kingdom|UK|Great Britain|Britain
USA United States|US|United States of America
UMI United States Minor Outlying Islands
URY Uruguay
UZB Uzbekistan
VUT Vanuatu
VEN Venezuela
VNM Vietnam|Viet Nam
VGB British Virgin Islands
VIR US Virgin Islands
WLF Wallis and Futuna
ESH Western Sahara
YEM Yemen|ROYG
ZMB Zambia
ZWE Zimbabwe
XKS Kosovo`

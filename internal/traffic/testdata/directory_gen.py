"""Generates the directory rows of migration 0002_traffic.sql from the
routing facts in shared/reference (ACP 117 2010 extract, RI/PLAD pairs and
DE stations observed in the corpus). Run from this directory:
    python3 directory_gen.py ../../../../shared/reference > rows.sql"""
import csv, collections, re, sys
sys.path.insert(0, '.')
from directory_countries import C

ref = sys.argv[1]
STATE_PREFIXES = ['AMEMBASSY ', 'AMCONSUL ', 'USMISSION ', 'USMISSIN ', 'US MISSION ', 'USINT ']
EXCLUDE = {'AMEMBASSYBRASILIA', 'USEU BRUSSELQ', 'SECSTATE SECSTATE WASHDC'}  # typos seen once
BAD_WORDS = {'IMMEDIATE', 'PRIORITY', 'PRORITY', 'NIACT', 'ROUTINE', 'FLASH'}

def clean(p):
    p = ' '.join(p.upper().split())
    toks = p.split()
    if not toks or any(re.search(r'\d', t) for t in toks) or BAD_WORDS & set(toks):
        return None
    if '//' in p or "'" in p or '"' in p:
        return None
    if p.startswith('AMEMBASSY LA PAZ ') :
        return None
    return p

def city(p):
    for pre in STATE_PREFIXES:
        if p.startswith(pre):
            return p[len(pre):]
    for pre in ('AIT ', 'USEU '):
        if p.startswith(pre):
            return p[len(pre):]
    return None

def station(p):
    if p in ('SECSTATE WASHDC',):
        return 'STATE'
    c = None
    for pre in STATE_PREFIXES:
        if p.startswith(pre):
            c = p[len(pre):]
    if c is None and (p.startswith('AIT ') or p.startswith('USEU ')):
        c = p
    if c is None:
        return ''
    return re.sub(r'[^A-Z]', '', c)

def name(p):
    pairs = [('AMEMBASSY ', 'Embassy '), ('AMCONSUL ', 'Consulate '), ('USMISSION ', 'Mission '), ('USINT ', 'Interests Section ')]
    for pre, n in pairs:
        if p.startswith(pre):
            return n + p[len(pre):].title()
    return ''

rows = {}  # plad -> dict
ris = collections.defaultdict(collections.Counter)
for r in csv.DictReader(open(ref + '/ri_plad_observed.tsv'), delimiter='\t'):
    p = clean(r['plad'])
    if p and p not in EXCLUDE and (city(p) is not None or int(r['occurrences']) >= 2):
        ris[p][r['ri']] += int(r['occurrences'])
names = {}
for r in csv.DictReader(open(ref + '/de_station_observed.tsv'), delimiter='\t'):
    p = clean(r['fm_plad'])
    if p:
        ris[p][r['de_ri']] += int(r['cables'])
        names.setdefault(p, r['origin'])
covered = set(ri for c in ris.values() for ri in c)
for r in csv.reader(open(ref + '/acp117_2010_route2name.csv')):
    ri, p = r[0], clean(r[1])
    if p and ri.startswith('RUEH') and ri not in covered and city(p) is not None:
        ris[p][ri] += 1

def q(s):
    return "'" + s.replace("'", "''") + "'"

out = []
for p in sorted(ris):
    ri = ris[p].most_common(1)[0][0]
    kind = 'collective' if 'COLLECTIVE' in p else 'post'
    c = city(p)
    country = C.get(c, '') if c is not None else ''
    if p.endswith(' WASHDC') or p.endswith(' WASHINGTON DC') or p.endswith(' WASHINGTON'):
        country = 'USA'
    st = station(p) if kind == 'post' else ''
    nm = names.get(p) or name(p)
    out.append((p, kind, ri, country, '', st, nm))

offices = [
    ('S', 'Office of the Secretary'), ('D', 'Deputy Secretary'), ('P', 'Under Secretary for Political Affairs'),
    ('T', 'Under Secretary for Arms Control and International Security'), ('M', 'Under Secretary for Management'),
    ('S/ES', 'Executive Secretariat'), ('S/ES-O', 'Operations Center'), ('S/P', 'Policy Planning Staff'),
    ('S/CT', 'Coordinator for Counterterrorism'), ('ISN', 'Bureau of International Security and Nonproliferation'),
    ('VCI', 'Bureau of Verification, Compliance, and Implementation'), ('PM', 'Bureau of Political-Military Affairs'),
    ('AF', 'Bureau of African Affairs'), ('EAP', 'Bureau of East Asian and Pacific Affairs'),
    ('EUR', 'Bureau of European and Eurasian Affairs'), ('NEA', 'Bureau of Near Eastern Affairs'),
    ('SCA', 'Bureau of South and Central Asian Affairs'), ('WHA', 'Bureau of Western Hemisphere Affairs'),
    ('IO', 'Bureau of International Organization Affairs'), ('INR', 'Bureau of Intelligence and Research'),
    ('DRL', 'Bureau of Democracy, Human Rights, and Labor'), ('EEB', 'Bureau of Economic, Energy and Business Affairs'),
    ('INL', 'Bureau of International Narcotics and Law Enforcement Affairs'),
    ('OES', 'Bureau of Oceans and International Environmental and Scientific Affairs'),
    ('PRM', 'Bureau of Population, Refugees, and Migration'), ('CA', 'Bureau of Consular Affairs'),
    ('DS', 'Bureau of Diplomatic Security'), ('PA', 'Bureau of Public Affairs'), ('H', 'Bureau of Legislative Affairs'),
    ('L', 'Office of the Legal Adviser'),
]
for sym, nm in offices:
    out.append((sym, 'office', 'RUEHC', 'USA', 'SECSTATE WASHDC', 'STATE', nm))

print('INSERT INTO sites (plad, kind, ri, country, parent, station, name, updated_at) VALUES')
print(',\n'.join('(%s)' % ', '.join([q(x) for x in r] + ["'2010-01-01T00:00:00Z'"]) for r in out) + ';')
print('-- %d rows' % len(out), file=sys.stderr)

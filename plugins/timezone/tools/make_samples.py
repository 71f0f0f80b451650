#!/usr/bin/env python3
# Usage: python3 plugins/timezone/tools/make_samples.py [REPO_ROOT]
# Deterministic generator for the timezone samples (seeded); writes into samples/.
import json, random, uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

def office(zone, start, days, per_day, seed, hours=(9, 18), evening=0.12, weekend=0.15):
    rnd = random.Random(seed)
    out = []
    for d in range(days):
        day = start + timedelta(days=d)
        if day.weekday() >= 5 and rnd.random() > weekend:
            continue
        n = 1 if day.weekday() >= 5 else rnd.randint(per_day - 1, per_day + 1)
        for _ in range(n):
            if rnd.random() < evening:
                sec = rnd.randint(19 * 3600, 22 * 3600)
            else:
                sec = rnd.randint(hours[0] * 3600, hours[1] * 3600 - 1)
            local = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(seconds=sec)
            out.append(local)
    return sorted(out)

def rfc(dt, utc=False):
    if utc:
        return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    return dt.isoformat(timespec='seconds')

import os, sys
root = os.path.join(sys.argv[1] if len(sys.argv) > 1 else '.', 'samples') + '/'
start = datetime(2026, 9, 28)
header = '# {} activity export, RFC 3339, one instant per line\n'
us = office(ZoneInfo('America/Chicago'), start, 42, 5, 11)
open(root + 'honest-us/activity.txt', 'w').write(header.format('Emily Carter') + ''.join(rfc(t) + '\n' for t in us))
eu = office(ZoneInfo('Europe/Berlin'), start, 42, 5, 12, hours=(8, 17))
open(root + 'honest-eu-vpn/activity.txt', 'w').write(header.format('Lukas Becker') + ''.join(rfc(t) + '\n' for t in eu))
dprk = office(timezone(timedelta(hours=8)), start, 42, 5, 13)
open(root + 'dprk-persona/activity.txt', 'w').write(
    '# Ryan Mitchell: commits and chat activity from the employer\'s logs (UTC)\n' +
    ''.join(rfc(t, utc=True) + '\n' for t in dprk))

# Okta: one account, a +09:00 day shift and a second, night shift on the same account.
kst = timezone(timedelta(hours=9))
rnd = random.Random(14)
day = office(kst, datetime(2026, 8, 3), 70, 2, 15, evening=0.05)
night = office(kst, datetime(2026, 8, 3), 70, 2, 16, hours=(19, 34), evening=0.0, weekend=0.3)
other = office(ZoneInfo('America/Chicago'), datetime(2026, 8, 3), 70, 1, 17, weekend=0.0)[:25]
events = []
types = [('user.session.start', 'User login to Okta'), ('user.authentication.sso', 'User single sign on to app'),
         ('user.authentication.auth_via_mfa', 'Authentication of user via MFA')]
def actor(email, name, oid):
    return {'id': oid, 'type': 'User', 'alternateId': email, 'displayName': name, 'detailEntry': None}
for t in day + night:
    et, msg = rnd.choice(types)
    events.append((t, actor('daniel.novak@contractor.example.com', 'Daniel Novak', '00u8k2nov4kD4n1e1697'), et, msg, '203.0.113.54'))
for t in other:
    et, msg = rnd.choice(types)
    events.append((t, actor('priya.shah@contractor.example.com', 'Priya Shah', '00u8k2sha7Pr1ya0697'), et, msg, '198.51.100.23'))
events.sort(key=lambda e: e[0])
out = []
for t, a, et, msg, ip in events:
    out.append({
        'uuid': str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        'published': t.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % rnd.randint(0, 999),
        'eventType': et, 'version': '0', 'severity': 'INFO', 'displayMessage': msg,
        'actor': a,
        'client': {'ipAddress': ip, 'userAgent': {'rawUserAgent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36', 'os': 'Windows 10', 'browser': 'CHROME'}},
        'outcome': {'result': 'SUCCESS', 'reason': None},
    })
json.dump(out, open(root + 'contractor-audit/okta.json', 'w'), indent=2)
open(root + 'contractor-audit/okta.json', 'a').write('\n')
print(len(us), len(eu), len(dprk), len(day), len(night), len(other))

#!/usr/bin/env python3
"""Writes samples/contractor-audit/{roster.jsonl, okta.jsonl, osquery/results.log}: a small
contractor audit. Deterministic; run from anywhere.

Contractors: alice (a PiKVM at its default identity on her laptop), bob (AnyDesk running,
Astrill installed), carol and dave (one home IP on the same three days: a laptop farm), erin
(sign-ins from Chicago and Seoul 20 minutes apart), frank (clean laptop, clean sign-ins), gina
(no telemetry) and Daniel Novak (the contractor-audit candidate with his own okta.json).
"""
import json
import os
import zlib
from datetime import datetime, timedelta, timezone

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'samples',
                    'contractor-audit')
UTC = timezone.utc


def iso(dt):
    return dt.strftime('%Y-%m-%dT%H:%M:%S.000Z')


def person(pid, name, email, city, region, tz, lat, lon, **extra):
    record = {'id': pid, 'name': name, 'email': email,
              'claimed_location': {'country': 'US', 'region': region, 'city': city,
                                   'timezone': tz, 'latitude': lat, 'longitude': lon}}
    record.update(extra)
    return record


roster = [
    person('alice', 'Alice Moreno', 'alice.moreno@contractor.example.com', 'New York', 'NY',
           'America/New_York', 40.71, -74.01, hosts=['lt-alice']),
    person('bob', 'Bob Lindqvist', 'bob.lindqvist@contractor.example.com', 'Seattle', 'WA',
           'America/Los_Angeles', 47.61, -122.33, hosts=['C02BOB7731']),
    person('carol', 'Carol Benson', 'carol.benson@contractor.example.com', 'Dallas', 'TX',
           'America/Chicago', 32.78, -96.80, okta_ids=['00ucarol0000000001']),
    person('dave', 'David Okafor', 'dave.okafor@contractor.example.com', 'Houston', 'TX',
           'America/Chicago', 29.76, -95.37, okta_ids=['00udave00000000002']),
    person('erin', 'Erin Walsh', 'erin.walsh@contractor.example.com', 'Chicago', 'IL',
           'America/Chicago', 41.88, -87.63),
    person('frank', 'Frank Ruiz', 'frank.ruiz@contractor.example.com', 'Chicago', 'IL',
           'America/Chicago', 41.88, -87.63, hosts=['lt-frank']),
    person('gina', 'Gina Park', 'gina.park@contractor.example.com', 'Denver', 'CO',
           'America/Denver', 39.74, -104.99, hosts=['lt-gina']),
]
with open(os.path.join(root, 'candidate.json')) as f:
    novak = json.load(f)
novak.pop('activity')  # the audit derives activity from his sign-ins in okta.json
roster.append(novak)


def event(actor_id, email, name, at, ip, city, country, lat, lon, dt_hash,
          event_type='user.session.start', proxy=False):
    return {
        'uuid': '%08x-0000-4000-8000-%012x' % (zlib.crc32(actor_id.encode()), int(at.timestamp())),
        'published': iso(at), 'eventType': event_type, 'version': '0', 'severity': 'INFO',
        'displayMessage': 'User login to Okta',
        'actor': {'id': actor_id, 'type': 'User', 'alternateId': email, 'displayName': name},
        'client': {'ipAddress': ip,
                   'userAgent': {'rawUserAgent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) '
                                 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 '
                                 'Safari/537.36', 'os': 'Windows 10', 'browser': 'CHROME'},
                   'geographicalContext': {'city': city, 'country': country,
                                           'geolocation': {'lat': lat, 'lon': lon}}},
        'outcome': {'result': 'SUCCESS', 'reason': None},
        'securityContext': {'asNumber': 7922, 'asOrg': 'comcast', 'isProxy': proxy},
        'debugContext': {'debugData': {'dtHash': dt_hash,
                                       'behaviors': '{New Geo-Location=NEGATIVE, '
                                                    'New Device=NEGATIVE}'}},
        'request': {'ipChain': [{'ip': ip, 'version': 'V4'}]},
    }


events = []
days = [datetime(2026, 10, d, tzinfo=UTC) for d in (5, 6, 7, 8, 9)]
# Carol and Dave: one residential address on the same three days, sign-ins in US office hours.
for i, day in enumerate(days):
    farm = i < 3
    events.append(event('00ucarol0000000001', 'carol.benson@contractor.example.com',
                        'Carol Benson', day + timedelta(hours=14, minutes=5 + i),
                        '198.51.100.77' if farm else '198.51.100.%d' % (10 + i), 'Dallas',
                        'United States', 32.78, -96.80, 'c4a1' * 8))
    events.append(event('00udave00000000002', 'dave.okafor@contractor.example.com',
                        'David Okafor', day + timedelta(hours=15, minutes=12 + i),
                        '198.51.100.77' if farm else '198.51.100.%d' % (40 + i), 'Dallas',
                        'United States', 32.78, -96.80, 'd4a2' * 8))
# Erin: Chicago, then Seoul 20 minutes later, then Chicago again the next day.
erin = ('00uerin000000000003', 'erin.walsh@contractor.example.com', 'Erin Walsh')
events.append(event(*erin, days[1] + timedelta(hours=14), '198.51.100.120', 'Chicago',
                    'United States', 41.88, -87.63, 'e1' * 16))
events.append(event(*erin, days[1] + timedelta(hours=14, minutes=20), '203.0.113.200', 'Seoul',
                    'South Korea', 37.57, 126.98, 'e2' * 16, 'user.authentication.sso'))
events.append(event(*erin, days[2] + timedelta(hours=15), '198.51.100.120', 'Chicago',
                    'United States', 41.88, -87.63, 'e1' * 16))
# Frank: his home address, office hours.
for i, day in enumerate(days):
    events.append(event('00ufrank00000000004', 'frank.ruiz@contractor.example.com', 'Frank Ruiz',
                        day + timedelta(hours=14, minutes=30 + i), '198.51.100.150', 'Chicago',
                        'United States', 41.88, -87.63, 'f1' * 16))
events.sort(key=lambda e: e['published'])
with open(os.path.join(root, 'okta.jsonl'), 'w') as f:
    for e in events:
        f.write(json.dumps(e, separators=(',', ':')) + '\n')


def result(name, host, at, columns=None, snapshot=None):
    r = {'name': 'pack_candor-audit_' + name, 'hostIdentifier': host,
         'calendarTime': at.strftime('%a %b %d %H:%M:%S %Y UTC'), 'unixTime': int(at.timestamp()),
         'epoch': 0, 'counter': 0, 'numerics': False}
    if snapshot is not None:
        r['snapshot'] = snapshot
        r['action'] = 'snapshot'
    else:
        r['columns'] = columns
        r['action'] = 'added'
    return r


def host_rows(host, serial, offset_minutes, at, usb, software_rows, arp):
    unix = int(at.timestamp())
    rows = [
        result('candor_system_info', host, at, snapshot=[{'hostname': host, 'computer_name': host,
                                                          'hardware_serial': serial}]),
        result('candor_time', host, at, snapshot=[{'local_timezone': 'EST',
                                                   'local_time': str(unix + offset_minutes * 60),
                                                   'unix_time': str(unix)}]),
    ]
    rows += [result('candor_usb_devices', host, at, columns=u) for u in usb]
    rows += [result(n, host, at, columns=c) for n, c in software_rows]
    rows += [result('candor_arp_cache', host, at, columns=a) for a in arp]
    return rows


logitech = {'vendor': 'Logitech, Inc.', 'vendor_id': '046d', 'model': 'Unifying Receiver',
            'model_id': 'c52b', 'serial': '', 'class': '0', 'subclass': '0', 'protocol': '0',
            'removable': '1'}
router = {'address': '192.168.1.1', 'mac': 'a4:2b:b0:10:20:30', 'interface': 'en0'}
at = datetime(2026, 10, 8, 16, 0, tzinfo=UTC)
lines = []
# Alice: a PiKVM at its kvmd defaults (Linux osquery names the gadget from the USB ID database,
# so the serial is what identifies it).
lines += host_rows('lt-alice', 'C02ALC4410', -240, at, [
    logitech,
    {'vendor': 'Linux Foundation', 'vendor_id': '0x1d6b', 'model': 'Multifunction Composite Gadget',
     'model_id': '0x0104', 'serial': 'CAFEBABE', 'class': '0', 'subclass': '0', 'protocol': '0',
     'removable': '1'}],
    [('candor_processes', {'pid': '4120', 'name': 'Slack', 'path': '/Applications/Slack.app/'
                           'Contents/MacOS/Slack', 'cmdline': '/Applications/Slack.app/Contents/'
                           'MacOS/Slack'})], [router])
# Bob: AnyDesk running, Astrill installed (Windows).
lines += host_rows('lt-bob', 'C02BOB7731', -420, at, [logitech], [
    ('candor_processes', {'pid': '7312', 'name': 'AnyDesk.exe',
                          'path': 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe',
                          'cmdline': '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service'}),
    ('candor_programs', {'name': 'Astrill VPN', 'version': '3.10.0', 'publisher': 'Astrill',
                         'install_location': 'C:\\Program Files (x86)\\Astrill\\'}),
    ('candor_programs', {'name': 'Microsoft Teams', 'version': '24.1', 'publisher': 'Microsoft',
                         'install_location': 'C:\\Program Files\\Teams\\'})], [router])
# Frank: clean.
lines += host_rows('lt-frank', 'C02FRK9902', -300, at, [logitech], [
    ('candor_processes', {'pid': '2210', 'name': 'code', 'path': '/usr/share/code/code',
                          'cmdline': '/usr/share/code/code --unity-launch'}),
    ('candor_deb_packages', {'name': 'firefox-esr', 'version': '128.3.0esr-1~deb12u1',
                             'arch': 'amd64', 'revision': '1~deb12u1'})], [router])
with open(os.path.join(root, 'osquery', 'results.log'), 'w') as f:
    for line in lines:
        f.write(json.dumps(line, separators=(',', ':')) + '\n')
with open(os.path.join(root, 'roster.jsonl'), 'w') as f:
    for r in roster:
        f.write(json.dumps(r, separators=(',', ':')) + '\n')
print('wrote roster.jsonl (%d), okta.jsonl (%d events), osquery/results.log (%d lines)'
      % (len(roster), len(events), len(lines)))

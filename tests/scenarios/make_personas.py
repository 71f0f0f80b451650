#!/usr/bin/env python3
"""Writes the scenario personas (personas/*.json) and their manifest (scenarios.json).

Deterministic: every persona's activity and sessions come from a random generator seeded with
the persona's id, so running this again gives the same files. Run it after editing a persona:

    python3 tests/scenarios/make_personas.py

IP addresses are those of the MaxMind test databases (shared data, mmdb-test); what each one is
comes from their ground truth (README.md and the *.json sources next to them):
  149.101.100.0/29   US, country-level (America/Chicago), Verizon cellular: a US home line
  149.101.100.8/29   same block, listed as a datacenter range in data/geoip (a hosted exit)
  216.160.83.56/30   Milton, WA (America/Los_Angeles), corporate line
  216.160.83.60/30   same, listed as a datacenter range in data/geoip (a hosted exit)
  2.125.160.216/29   Boxford, GB (Europe/London), cable
  89.160.20.112/28   Linköping, SE (Europe/Stockholm)
  214.0.0.0/24       Singapore; 214.0.1.0/24 Melbourne; 202.196.224.0/20 Manila
  175.16.199.0/24    Changchun, CN (Asia/Harbin, UTC+8)
  1.2.0.0/16 and 6.1.0.0/31 VPN, 6.1.0.2 hosting, 6.1.0.4 residential proxy, 71.160.223.0/24 hosting,
  65.0.0.0/19 Tor exit (Anonymous-IP test database); 6.1.0.0/31 is also on data/watchlist.txt
  as an Astrill VPN exit.
Photos are files of the shared data folder, by path relative to it (never copied).
"""
import datetime as dt
import json
import pathlib
import random
import zoneinfo

HERE = pathlib.Path(__file__).resolve().parent
START = dt.date(2026, 10, 5)  # a Monday; four weeks of activity from here
UTC = dt.timezone.utc

CITIES = {
    "Denver": ("US", "CO", "America/Denver", 39.7392, -104.9903, "303"),
    "Dallas": ("US", "TX", "America/Chicago", 32.7767, -96.7970, "214"),
    "Austin": ("US", "TX", "America/Chicago", 30.2672, -97.7431, "512"),
    "Houston": ("US", "TX", "America/Chicago", 29.7604, -95.3698, "713"),
    "Kansas City": ("US", "MO", "America/Chicago", 39.0997, -94.5786, "816"),
    "Omaha": ("US", "NE", "America/Chicago", 41.2565, -95.9345, "402"),
    "St. Louis": ("US", "MO", "America/Chicago", 38.6270, -90.1994, "314"),
    "Minneapolis": ("US", "MN", "America/Chicago", 44.9778, -93.2650, "612"),
    "Oklahoma City": ("US", "OK", "America/Chicago", 35.4676, -97.5164, "405"),
    "Seattle": ("US", "WA", "America/Los_Angeles", 47.6062, -122.3321, "206"),
    "Tacoma": ("US", "WA", "America/Los_Angeles", 47.2529, -122.4443, "253"),
    "Oxford": ("GB", "", "Europe/London", 51.7520, -1.2577, None),
    "Linköping": ("SE", "", "Europe/Stockholm", 58.4108, 15.6214, None),
    "Manila": ("PH", "", "Asia/Manila", 14.5995, 120.9842, None),
    "Changchun": ("CN", "", "Asia/Shanghai", 43.8171, 125.3235, None),
    "Singapore": ("SG", "", "Asia/Singapore", 1.3521, 103.8198, None),
}

HOME_US = "149.101.100.{}"  # .1-.7
SEATTLE_HOME = "216.160.83.{}"  # .56-.59
UK = "2.125.160.{}"  # .216-.223
SE = "89.160.20.{}"  # .112-.127
SG = "214.0.0.{}"
AU = "214.0.1.{}"
PH = "202.196.224.{}"
CN = "175.16.199.{}"


def iso(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local(day, hour, minute, zone):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def activity(rng, zone, hours, days=28, per_day=(4, 8), weekends=False, extra=None):
    """Events on working days between local `hours` (start, end) in `zone`.

    `extra(day, rng)` may return more (hour, minute, zone) tuples for that day."""
    out = []
    for d in range(days):
        day = START + dt.timedelta(days=d)
        if day.weekday() >= 5 and not weekends:
            continue
        z = zone(day) if callable(zone) else zone
        for _ in range(rng.randint(*per_day)):
            h = rng.uniform(hours[0], hours[1])
            out.append(local(day, int(h) % 24, int((h % 1) * 60), z)
                       + dt.timedelta(days=int(h) // 24))
        if extra:
            for h, m, ez in extra(day, rng):
                out.append(local(day, h, m, ez))
    return sorted({iso(t) for t in out})


def sessions(rng, plan):
    """plan: list of (ip, zone of the person's day, browser zone); one session every ~3 days."""
    out = []
    for i, (ip, zone, browser) in enumerate(plan):
        day = START + dt.timedelta(days=3 * i)
        t = local(day, rng.randint(9, 16), rng.randint(0, 59), zone)
        s = {"ip": ip, "at": iso(t), "browser_timezone": browser,
             "languages": ["en-US", "en"],
             "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15"}
        out.append(s)
    return out


def phone(rng, area):
    return f"+1 {area} {rng.randint(2, 9)}{rng.randint(10, 99)} {rng.randint(1000, 9999)}"


def claim(city):
    country, region, zone, lat, lon, _ = CITIES[city]
    c = {"country": country, "city": city, "timezone": zone, "latitude": lat, "longitude": lon}
    if region:
        c["region"] = region
    return c


def person(pid, name, city, dob, rng, **extra):
    country, _, zone, _, _, area = CITIES[city]
    first, last = name.split(" ", 1)
    c = {
        "id": pid,
        "name": name,
        "date_of_birth": dob,
        "nationality": "USA" if country == "US" else country,
        "email": f"{first.lower()}.{last.lower().replace(' ', '')}{rng.randint(10, 99)}@gmail.com",
        "claimed_location": claim(city),
    }
    if area:
        c["phone"] = phone(rng, area)
    c.update(extra)
    return c


PERSONAS = []


def add(kind, expect, story, c):
    PERSONAS.append((kind, expect, story, c))


HONEST = ["clear", "clear"]
FLAGGED = ["review", "critical"]


def office(rng, zone, start=9, end=17.5, **kw):
    return activity(rng, zone, (start, end), **kw)


def home_plan(ip, zone, n=10, browser=None):
    return [(ip, zone, browser or zone)] * n


def rng_for(pid):
    return random.Random(pid)


def honest_personas():
    # Travellers and nomads: the browser clock follows the IP they travel to.
    pid = "honest-traveller-denver"
    r = rng_for(pid)
    plan = [(UK.format(217), "Europe/London", "Europe/London")] + home_plan(
        HOME_US.format(2), "America/Denver", 9)
    london_week = lambda d: "Europe/London" if d < START + dt.timedelta(days=7) else "America/Denver"
    add("honest", HONEST, "Denver engineer with one week at a London client office: 9 home "
        "sessions, 1 from a UK line with the laptop on London time",
        person(pid, "Megan Holloway", "Denver", "1988-03-14", r,
               sessions=sessions(r, plan), activity=office(r, london_week)))

    pid = "honest-digital-nomad-linkoping"
    r = rng_for(pid)
    plan = (home_plan(SE.format(113), "Europe/Stockholm", 4) +
            [(UK.format(218), "Europe/London", "Europe/London")] * 2 +
            home_plan(SE.format(113), "Europe/Stockholm", 2) +
            [(SG.format(20), "Asia/Singapore", "Asia/Singapore")] +
            home_plan(SE.format(113), "Europe/Stockholm", 1))
    add("honest", HONEST, "Nomad based in Linköping (claimed) with trips to the UK and Singapore",
        person(pid, "Erik Lindqvist", "Linköping", "1990-06-02", r, phone="+46 13 12 34 56",
               sessions=sessions(r, plan), activity=office(r, "Europe/Stockholm")))

    pid = "honest-corporate-vpn-dallas"
    r = rng_for(pid)
    add("honest", HONEST, "Dallas employee whose company VPN exits from a hosting provider",
        person(pid, "Robert Fields", "Dallas", "1979-11-30", r,
               sessions=sessions(r, home_plan("71.160.223.14", "America/Chicago")),
               activity=office(r, "America/Chicago", 8, 17)))

    pid = "honest-privacy-vpn-austin"
    r = rng_for(pid)
    add("honest", HONEST, "Austin developer who keeps a commercial VPN on at home",
        person(pid, "Kayla Brooks", "Austin", "1995-01-21", r,
               sessions=sessions(r, home_plan("1.2.3.4", "America/Chicago")),
               activity=office(r, "America/Chicago", 10, 19)))

    pid = "honest-vpn-exit-abroad-omaha"
    r = rng_for(pid)
    plan = home_plan(SE.format(120), "America/Chicago", 6, "America/Chicago") + home_plan(
        HOME_US.format(3), "America/Chicago", 4)
    add("honest", HONEST, "Omaha analyst whose privacy VPN picks a Swedish exit; the laptop "
        "clock stays on Omaha time",
        person(pid, "Jordan Mills", "Omaha", "1992-08-09", r,
               sessions=sessions(r, plan), activity=office(r, "America/Chicago")))

    pid = "honest-night-shift-kansas-city"
    r = rng_for(pid)
    add("honest", HONEST, "Kansas City support engineer on permanent night shift (22:00-06:00)",
        person(pid, "Tasha Greene", "Kansas City", "1986-05-17", r,
               sessions=sessions(r, home_plan(HOME_US.format(4), "America/Chicago")),
               activity=activity(r, "America/Chicago", (22, 30), weekends=False)))

    pid = "honest-new-parent-st-louis"
    r = rng_for(pid)
    night = lambda d, g: [(3, g.randint(0, 59), "America/Chicago")] if g.random() < 0.6 else []
    add("honest", HONEST, "St. Louis developer with a newborn: office hours plus 3 a.m. commits",
        person(pid, "Andrew Kim", "St. Louis", "1989-12-03", r,
               sessions=sessions(r, home_plan(HOME_US.format(5), "America/Chicago")),
               activity=office(r, "America/Chicago", 9, 16, extra=night)))

    pid = "honest-recent-mover-seattle-to-denver"
    r = rng_for(pid)
    plan = [(SEATTLE_HOME.format(57), "America/Los_Angeles", "America/Los_Angeles")] * 3 + \
        home_plan(HOME_US.format(6), "America/Denver", 7)
    moved = lambda d: "America/Los_Angeles" if d < START + dt.timedelta(days=9) else "America/Denver"
    add("honest", HONEST, "Moved from Seattle to Denver last month: the first sessions and "
        "activity are on Pacific time",
        person(pid, "Hannah Price", "Denver", "1993-02-27", r,
               sessions=sessions(r, plan), activity=office(r, moved)))

    names = [
        ("honest-korean-american-seattle", "Ji-woo Park", "Seattle", "1991-07-19", "ko-KR"),
        ("honest-korean-american-dallas", "Min-jun Choi", "Dallas", "1987-04-02", "ko-KR"),
        ("honest-chinese-american-dallas", "Wei Zhang", "Dallas", "1990-10-10", "zh-CN"),
        ("honest-chinese-american-seattle", "Li Na Chen", "Tacoma", "1994-03-08", "zh-CN"),
        ("honest-indian-american-austin", "Priya Raghunathan", "Austin", "1992-09-25", "hi-IN"),
        ("honest-nigerian-american-houston", "Chinedu Okafor", "Houston", "1985-06-11", "en-NG"),
        ("honest-brazilian-american-kc", "Thiago Ferreira", "Kansas City", "1996-12-01", "pt-BR"),
        ("honest-ukrainian-american-minneapolis", "Oksana Kovalenko", "Minneapolis",
         "1989-01-15", "uk-UA"),
    ]
    for pid, name, city, dob, lang in names:
        r = rng_for(pid)
        zone = CITIES[city][2]
        ip = SEATTLE_HOME.format(58) if zone == "America/Los_Angeles" else HOME_US.format(7)
        ss = sessions(r, home_plan(ip, zone))
        for s in ss:
            s["languages"] = [lang, "en-US"]
        add("honest", HONEST, f"{name}, living and working in {city} as claimed; browser "
            f"languages include {lang}",
            person(pid, name, city, dob, r, sessions=ss, activity=office(r, zone)))

    for pid, name, dob in [("honest-shared-family-phone-a", "Maria Lopez", "1984-02-20"),
                           ("honest-shared-family-phone-b", "Daniel Lopez", "1983-09-05")]:
        r = rng_for(pid)
        add("honest", HONEST, "Spouses in Omaha who gave the one family phone number",
            person(pid, name, "Omaha", dob, r, phone="+1 402 391 2218",
                   sessions=sessions(r, home_plan(HOME_US.format(1), "America/Chicago")),
                   activity=office(r, "America/Chicago")))

    pid = "honest-student-abroad-oxford"
    r = rng_for(pid)
    add("honest", HONEST, "US student on a year abroad in Oxford (claimed), keeping a US phone",
        person(pid, "Caleb Turner", "Oxford", "2002-04-30", r, nationality="USA",
               phone=phone(r, "617"),
               sessions=sessions(r, home_plan(UK.format(219), "Europe/London")),
               activity=office(r, "Europe/London", 10, 22)))

    pid = "honest-agency-contractor-denver"
    r = rng_for(pid)
    add("honest", HONEST, "Denver contractor paid through a staffing agency's account",
        person(pid, "Lauren Schultz", "Denver", "1990-05-05", r,
               sessions=sessions(r, home_plan(HOME_US.format(2), "America/Denver")),
               activity=office(r, "America/Denver"),
               payout={"method": "ach", "beneficiary": "Summit Talent Partners LLC",
                       "bank": "Wells Fargo", "bank_account": "102000076-7731002841",
                       "country": "US"},
               employers=[{"name": "Summit Talent Partners LLC", "country": "US"}]))

    pid = "honest-frequent-flyer-omaha"
    r = rng_for(pid)
    plan = (home_plan(HOME_US.format(3), "America/Chicago", 4) +
            [(UK.format(220), "Europe/London", "Europe/London")] +
            home_plan(HOME_US.format(3), "America/Chicago", 3) +
            [(AU.format(9), "Australia/Melbourne", "Australia/Melbourne")] +
            home_plan(HOME_US.format(3), "America/Chicago", 1))
    add("honest", HONEST, "Omaha sales engineer with client visits in the UK and Australia",
        person(pid, "Greg Hansen", "Omaha", "1981-10-22", r,
               sessions=sessions(r, plan), activity=office(r, "America/Chicago")))

    pid = "honest-early-bird-oklahoma"
    r = rng_for(pid)
    add("honest", HONEST, "Oklahoma City developer who works 04:30-12:30",
        person(pid, "Dustin Reyes", "Oklahoma City", "1988-08-08", r,
               sessions=sessions(r, home_plan(HOME_US.format(4), "America/Chicago")),
               activity=activity(r, "America/Chicago", (4.5, 12.5))))

    pid = "honest-mobile-hotspot-tacoma"
    r = rng_for(pid)
    add("honest", HONEST, "Tacoma developer on a phone hotspot (country-level location only)",
        person(pid, "Nicole Ward", "Tacoma", "1997-03-03", r,
               sessions=sessions(r, home_plan("216.160.83.66", "America/Los_Angeles")),
               activity=office(r, "America/Los_Angeles")))

    pid = "honest-manila-developer"
    r = rng_for(pid)
    add("honest", HONEST, "Developer living in Manila who says so: UTC+8 hours fit the claim",
        person(pid, "Jose Santos", "Manila", "1993-11-11", r, phone="+63 2 8527 1234",
               sessions=sessions(r, home_plan(PH.format(15), "Asia/Manila")),
               activity=office(r, "Asia/Manila")))

    pid = "honest-changchun-developer"
    r = rng_for(pid)
    add("honest", HONEST, "Developer living in Changchun who says so: a Chinese IP and clock "
        "match the claim",
        person(pid, "Liu Yang", "Changchun", "1991-02-14", r, phone="+86 431 8856 2210",
               sessions=sessions(r, home_plan(CN.format(20), "Asia/Shanghai")),
               activity=office(r, "Asia/Shanghai")))

    pid = "honest-singapore-developer"
    r = rng_for(pid)
    add("honest", HONEST, "Developer living in Singapore as claimed",
        person(pid, "Nur Aisyah", "Singapore", "1995-07-07", r, phone="+65 6123 4567",
               sessions=sessions(r, home_plan(SG.format(30), "Asia/Singapore")),
               activity=office(r, "Asia/Singapore")))

    pid = "honest-utc-clock-denver"
    r = rng_for(pid)
    add("honest", HONEST, "Denver sysadmin whose Linux laptop clock is set to UTC",
        person(pid, "Sam Becker", "Denver", "1984-06-30", r,
               sessions=sessions(r, home_plan(HOME_US.format(5), "America/Denver", 10, "Etc/UTC")),
               activity=office(r, "America/Denver")))

    pid = "honest-seattle-baseline"
    r = rng_for(pid)
    add("honest", HONEST, "Seattle developer, everything as claimed",
        person(pid, "Emily Nguyen", "Seattle", "1992-12-12", r,
               sessions=sessions(r, home_plan(SEATTLE_HOME.format(59), "America/Los_Angeles")),
               activity=office(r, "America/Los_Angeles")))

    pid = "honest-conference-week-austin"
    r = rng_for(pid)
    plan = home_plan(HOME_US.format(6), "America/Chicago", 8) + \
        [(SE.format(125), "Europe/Stockholm", "Europe/Stockholm")] * 2
    add("honest", HONEST, "Austin engineer at a conference in Sweden (2 of 10 sessions)",
        person(pid, "Marcus Bell", "Austin", "1987-07-04", r,
               sessions=sessions(r, plan), activity=office(r, "America/Chicago")))


US_OFFICE_AT_PLUS8 = (9, 18)  # Beijing/Shenyang office hours


def dprk(pid, name, city, dob, r, ip_plan, browser="Asia/Shanghai", **extra):
    zone = CITIES[city][2]
    ss = sessions(r, [(ip, zone, browser) for ip in ip_plan])
    return person(pid, name, city, dob, r, sessions=ss,
                  activity=office(r, "Asia/Shanghai", *US_OFFICE_AT_PLUS8, weekends=False),
                  **extra)


def payoneer(account, name):
    return {"method": "payoneer", "beneficiary": name, "bank_account": account, "country": "US"}


def dprk_personas():
    # The three: US claim, hosted exit in the claimed city, Asia/Shanghai clock, +08
    # office hours, an individual payout shared with nobody.
    for pid, name, city, dob, ip in [
            ("dprk-hosted-shanghai-dallas", "Ryan Mitchell", "Dallas", "1994-02-17",
             HOME_US.format(9)),
            ("dprk-hosted-shanghai-denver", "Kevin Walsh", "Denver", "1992-09-03",
             HOME_US.format(10)),
            ("dprk-hosted-shanghai-seattle", "Brian Cole", "Seattle", "1995-05-26",
             SEATTLE_HOME.format(61))]:
        r = rng_for(pid)
        add("dprk", FLAGGED, "US claim, hosted exit in the claimed city, Asia/Shanghai browser "
            "clock, activity at UTC+8 office hours, own Payoneer account (no shared payout)",
            dprk(pid, name, city, dob, r, [ip] * 8,
                 payout=payoneer(f"PAYONEER-{r.randint(1000, 9999)}-{r.randint(100, 999)}", name)))

    # Laptop farm: company laptops in a US home, driven through IP-KVMs from UTC+8; the clock
    # is left on US time (2024-2025 DOJ laptop-farm cases).
    for pid, name, kvm in [("dprk-laptop-farm-ipkvm-a", "Jason Reed", "PiKVM"),
                           ("dprk-laptop-farm-ipkvm-b", "Tyler Grant", "TinyPilot")]:
        r = rng_for(pid)
        c = dprk(pid, name, "Austin", "1993-03-1" + pid[-1].replace("a", "1").replace("b", "2"),
                 r, [HOME_US.format(5)] * 8, browser="America/Chicago")
        c["endpoint"] = {
            "hosts": [{"id": f"{pid}-laptop", "serial": f"C02{r.randint(100000, 999999)}",
                       "local_timezone": "America/Chicago"}],
            "usb_devices": [{"host": f"{pid}-laptop", "vendor_id": "1d6b", "model_id": "0104",
                             "vendor": kvm, "model": "Composite KVM Device",
                             "keyboard": True, "mouse": True, "source": "usb_devices"}]}
        add("dprk", FLAGGED, f"Laptop-farm laptop in a US home driven through a {kvm} IP-KVM; "
            "US clock, UTC+8 activity, one home line shared by two personas", c)

    # Astrill VPN exits (named in the 2023-2025 advisories), with the clock left on UTC+8.
    for pid, name, city, dob in [("dprk-astrill-exit-kc", "Daniel Hughes", "Kansas City",
                                  "1991-06-06"),
                                 ("dprk-astrill-exit-omaha", "Eric Palmer", "Omaha", "1990-01-19")]:
        r = rng_for(pid)
        add("dprk", FLAGGED, "Astrill VPN exit (on the security team's watchlist), Asia/Shanghai "
            "clock, UTC+8 activity",
            dprk(pid, name, city, dob, r, ["6.1.0.1", "6.1.0.0"] * 4,
                 payout={"method": "crypto", "beneficiary": name,
                         "wallet": "0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be", "country": "US"}))

    # One Payoneer account paying several personas (2023 DOJ forfeiture, Payoneer/crypto flows).
    for pid, name, city in [("dprk-shared-payoneer-a", "Alex Morgan", "Houston"),
                            ("dprk-shared-payoneer-b", "Chris Baker", "Minneapolis")]:
        r = rng_for(pid)
        add("dprk", FLAGGED, "Payoneer account shared with another persona; US clock on a US "
            "home line, UTC+8 activity",
            dprk(pid, name, city, "1992-1" + ("0" if pid.endswith("a") else "1") + "-04", r,
                 [HOME_US.format(2)] * 8, browser=CITIES[city][2],
                 payout=payoneer("PAYONEER-7741-220-1180", name)))

    # Re-used profile photo under changed names (advisories: the same photos across personas).
    for pid, name, city in [("dprk-reused-photo-a", "Michael Turner", "Dallas"),
                            ("dprk-reused-photo-b", "Steven Clark", "St. Louis")]:
        r = rng_for(pid)
        add("dprk", FLAGGED, "Profile photo re-used under another name; hosted exit; UTC+8 "
            "activity with the clock set to US time",
            dprk(pid, name, city, "1989-0" + ("4" if pid.endswith("a") else "5") + "-21", r,
                 ["71.160.223.40"] * 8, browser=CITIES[city][2],
                 photos=[{"path": "data/faces/test_images/obama.jpg", "kind": "profile"}]))

    # A real US identity (stolen date of birth) worked from UTC+8: clock left on Asia/Shanghai.
    pid = "dprk-stolen-identity-plus8"
    r = rng_for(pid)
    add("dprk", FLAGGED, "Stolen US identity with its real date of birth; US home line; "
        "Asia/Shanghai clock; UTC+8 office hours",
        dprk(pid, "Nathan Brooks", "Oklahoma City", "1979-08-14", r, [HOME_US.format(3)] * 8))

    # Front company as the previous employer (OFAC-designated IT-worker fronts).
    pid = "dprk-front-company-employer"
    r = rng_for(pid)
    add("dprk", FLAGGED, "Previous employer is a designated DPRK IT-worker front company",
        dprk(pid, "Jacob Wilson", "Denver", "1993-12-09", r, [HOME_US.format(11)] * 8,
             employers=[{"name": "Yanbian Silverstar Network Technology Co., Ltd.",
                         "country": "CN"}]))

    # Chinese exits for a US claim, clock on Chinese time (the 2018-2022 pattern before
    # facilitators).
    pid = "dprk-chinese-exit-us-claim"
    r = rng_for(pid)
    add("dprk", FLAGGED, "Claims Seattle, connects from northeast China with the clock on "
        "Chinese time, UTC+8 activity",
        dprk(pid, "Andrew Scott", "Seattle", "1994-10-30", r, [CN.format(77)] * 8))

    # Residential proxy exits (advisories: paid residential proxies to look domestic).
    pid = "dprk-residential-proxy"
    r = rng_for(pid)
    add("dprk", FLAGGED, "Residential proxy exits, Asia/Shanghai clock, UTC+8 activity",
        dprk(pid, "Justin Hayes", "Austin", "1995-04-04", r, ["6.1.0.4"] * 8))


def main():
    honest_personas()
    dprk_personas()
    manifest = {"personas": []}
    out = HERE / "personas"
    out.mkdir(exist_ok=True)
    for kind, expect, story, c in PERSONAS:
        path = out / f"{c['id']}.json"
        path.write_text(json.dumps(c, indent=1, ensure_ascii=False) + "\n")
        manifest["personas"].append({"id": c["id"], "file": f"personas/{c['id']}.json",
                                     "kind": kind, "expect": expect, "story": story})
    (HERE / "scenarios.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    kinds = [k for k, *_ in PERSONAS]
    print(f"{kinds.count('honest')} honest, {kinds.count('dprk')} DPRK-like personas")


if __name__ == "__main__":
    main()

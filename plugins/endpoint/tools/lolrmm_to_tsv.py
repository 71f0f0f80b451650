#!/usr/bin/env python3
"""Converts the LOLRMM catalogue (one YAML file per remote-access tool, Apache-2.0) into the
compact table the endpoint plugin loads: one `tool<TAB>field<TAB>value` line per executable name
(`exe`), product name (`product`) and install path (`path`), lower case, `\\` as `/`.

Usage: lolrmm_to_tsv.py LOLRMM_DIR OUT.tsv   (LOLRMM_DIR holds yaml/ and LICENSE)
The published YAML is not uniform (strings in one file, lists in another; missing fields), so
every field is read tolerantly.
"""
import os
import sys

import yaml


# Executable names that are parts of Windows or too generic to name one tool: a match on them
# would flag every laptop (dwm.exe, mstsc.exe) or any program (setup.exe, agent.exe).
GENERIC_EXES = {'agent.exe', 'setup.exe', 'dwm.exe', 'mstsc.exe', 'upload.exe', 'nvda.exe',
                'si.exe', 'level.exe', 'goto.exe', 'update-shim.exe', 'plink.exe'}


# Shared folders: an install path ending in one of these names no tool of its own.
GENERIC_FOLDERS = {'program files', 'program files (x86)', 'programdata', 'users', 'applications',
                   'bin', 'sbin', 'opt', 'etc', 'usr', 'local', 'appdata', 'roaming', 'temp',
                   'tmp', 'windows', 'system32', 'syswow64', 'library', 'c:', 'init.d'}


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def clean(text):
    return str(text).strip().strip('"').strip("'").lower().replace('\\', '/')


def rows_for(doc):
    name = str(doc.get('Name') or '').strip()
    if not name or '\t' in name or '\n' in name:
        return []
    details = doc.get('Details') or {}
    if not isinstance(details, dict):
        return []
    rows = set()
    for meta in as_list(details.get('PEMetadata')):
        if not isinstance(meta, dict):
            continue
        for key in ('Filename', 'OriginalFileName'):
            for value in as_list(meta.get(key)):
                exe = clean(value).split('/')[-1]
                if exe and '*' not in exe and len(exe) >= 4 and exe not in GENERIC_EXES:
                    rows.add(('exe', exe))
        for value in as_list(meta.get('Product')):
            product = clean(value)
            if len(product) >= 4:
                rows.add(('product', product))
    for value in as_list(details.get('InstallationPaths')):
        path = clean(value)
        if '%' in path:
            continue
        path = path.split('*')[0].split('<')[0]
        parts = [p for p in path.rstrip('/').split('/') if p]
        if not parts or parts[-1] in GENERIC_FOLDERS:
            continue
        # A folder of the tool's own (C:/Program Files/AnyDesk/, /Applications/AnyDesk.app),
        # not a shared one like C:/Windows/.
        if len(path) >= 12 and path.count('/') >= 2 and not path.startswith('c:/windows/'):
            rows.add(('path', path))
    return [(name, field, value) for field, value in sorted(rows)
            if '\t' not in value and '\n' not in value]


def main():
    source, out_path = sys.argv[1], sys.argv[2]
    folder = os.path.join(source, 'yaml')
    lines = []
    tools = 0
    for entry in sorted(os.listdir(folder)):
        if not entry.endswith(('.yaml', '.yml')):
            continue
        with open(os.path.join(folder, entry), encoding='utf-8') as f:
            try:
                doc = yaml.safe_load(f)
            except yaml.YAMLError as e:
                print(f'lolrmm_to_tsv: skipping {entry}: {e}', file=sys.stderr)
                continue
        rows = rows_for(doc) if isinstance(doc, dict) else []
        if rows:
            tools += 1
        lines.extend('\t'.join(r) for r in rows)
    tmp = out_path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as out:
        out.write('# Remote-access tools from LOLRMM (https://github.com/magicsword-io/LOLRMM),\n')
        out.write('# Apache License 2.0; converted by candor (plugins/endpoint/tools/lolrmm_to_tsv.py).\n')
        out.write(f'# {tools} tools; tool<TAB>field (exe | product | path)<TAB>value\n')
        out.write('\n'.join(lines) + '\n')
    os.replace(tmp, out_path)
    print(f'lolrmm_to_tsv: {tools} tools, {len(lines)} rows into {out_path}', file=sys.stderr)


if __name__ == '__main__':
    main()

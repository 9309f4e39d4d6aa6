#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The differential test's oracle: what libapt itself (through python-apt)
says about every package, one JSON object per line. Honours APT_CONFIG like
every APT tool, so it can look at a sandbox root as well as the host.

Record look-ups are made in file order: APT's lists may be kept compressed
(lz4 here), where a random seek means decompressing from the start."""
import json
import sys

import apt_pkg


def main():
    apt_pkg.init()
    cache = apt_pkg.Cache(None)
    depcache = apt_pkg.DepCache(cache)
    records = apt_pkg.PackageRecords(cache)

    rows = []
    wanted = []  # (file id, verfile index, row, version rank)
    for pkg in cache.packages:
        if not pkg.version_list:
            continue
        cand = depcache.get_candidate_ver(pkg)
        cur = pkg.current_ver
        if cand is None and cur is None:
            continue
        shown = cand or cur
        versions = [shown] + [v for v in pkg.version_list if v.id != shown.id]
        origins = []
        if cand is not None:
            for pf, _ in cand.file_list:
                if pf.not_source:
                    continue
                origins.append({"origin": pf.origin or "", "label": pf.label or "", "suite": pf.archive or "",
                                "codename": pf.codename or "", "component": pf.component or "", "site": pf.site or ""})
        row = {
            "name": pkg.get_fullname(True),
            "candidateVersion": cand.ver_str if cand else None,
            "installedVersion": cur.ver_str if cur else None,
            # python-apt's Package.is_upgradable: installed and the depcache says so (the depcache alone
            # also calls a not-installed package with a candidate "upgradable").
            "upgradable": cur is not None and bool(depcache.is_upgradable(pkg)),
            "section": shown.section or "",
            "summary": None,
            "origins": origins,
            "tags": None,
            # Security: the candidate is in a security archive, by its Release data as libapt read it
            # (Debian's Debian-Security label, a *-security suite or codename: Ubuntu's pocket).
            "security": any(o["label"] == "Debian-Security" or o["suite"].endswith("-security") or o["codename"].endswith("-security") for o in origins),
            # dpkg's selection, as libapt read the status file.
            "held": pkg.selected_state == apt_pkg.SELSTATE_HOLD,
            "_found": {},
        }
        rows.append(row)
        for rank, v in enumerate(versions):
            for order, (pf, idx) in enumerate(v.file_list):
                wanted.append((pf.id, idx, len(rows) - 1, rank, order, pf, v))
    wanted.sort(key=lambda w: (w[0], w[1]))
    for fid, idx, r, rank, order, pf, v in wanted:
        records.lookup((pf, idx))
        found = rows[r]["_found"]
        try:
            tag = records["Tag"]
        except KeyError:
            tag = ""
        try:
            desc = records["Description"]
        except KeyError:
            desc = ""
        found[(rank, order)] = (tag, desc)
    out = sys.stdout
    for row in rows:
        found = row.pop("_found")
        keys = sorted(found)
        # Summary: the shown version's first stanza with a description.
        summary = next((found[k][1] for k in keys if k[0] == 0 and found[k][1]), "")
        row["summary"] = summary.split("\n", 1)[0].strip()
        # Tags: the shown version's first stanza with tags, else any version's (security
        # archive stanzas carry no Tag field), highest version first.
        tag = next((found[k][0] for k in keys if found[k][0]), "")
        row["tags"] = sorted({t.strip() for t in tag.replace("\n", " ").split(",") if t.strip()})
        out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: LGPL-2.1-or-later
# What libapt (python3-apt) says about the relations of some packages, for
# test/differential/insight.test.ts. Reads names on stdin (one a line), prints
# JSON: {"rdepends": {name: [[source, kind], ...]}, "dependencies": {name: [[kind, target, state, [providers]], ...]}}.
#
# The bridge's rules, expressed with libapt: only the installed and the
# candidate version of a package count; a dependency on "name:any" names
# "name"; a virtual target's providers are the installed/candidate versions
# whose Provides match (a versioned relation needs a versioned Provides).
import json
import sys

import apt_pkg

apt_pkg.init()
cache = apt_pkg.Cache(None)
depcache = apt_pkg.DepCache(cache)
native = apt_pkg.config.find("APT::Architecture")
KIND = {"Depends": "depends", "PreDepends": "preDepends", "Recommends": "recommends", "Suggests": "suggests", "Enhances": "enhances",
        "Conflicts": "conflicts", "Breaks": "breaks", "Replaces": "replaces", "DpkgBreaks": "breaks"}


def listed(pkg):
    return pkg.name if pkg.architecture in (native, "all") else pkg.get_fullname()


def counted(pkg, ver):
    cand = depcache.get_candidate_ver(pkg)
    cur = pkg.current_ver
    return (cand is not None and ver.id == cand.id) or (cur is not None and ver.id == cur.id)


def lookup(name):
    try:
        return cache[name]
    except KeyError:
        return None


def rdepends(name):
    out = set()
    for p in filter(None, [lookup(name), lookup(name + ":any")]):
        for d in p.rev_depends_list:
            kind = KIND.get(d.dep_type_untranslated)
            if kind and counted(d.parent_pkg, d.parent_ver) and listed(d.parent_pkg) != name:
                out.add((listed(d.parent_pkg), kind))
    return sorted(out)


def state(target, comp, version):
    pkg = lookup(target)
    providers = set()
    if pkg is not None:
        for pname, pversion, pver in pkg.provides_list:
            if not counted(pver.parent_pkg, pver):
                continue
            if comp and not (pversion and apt_pkg.check_dep(pversion, comp, version)):
                continue
            providers.add(listed(pver.parent_pkg))
    if pkg is not None and (pkg.current_ver is not None or depcache.get_candidate_ver(pkg) is not None):
        return ("installed" if pkg.current_ver is not None else "available"), []
    if providers:
        return "virtual", sorted(providers)
    return "missing", []


def dependencies(name):
    pkg = cache[name]
    ver = depcache.get_candidate_ver(pkg) or pkg.current_ver
    out = []
    for typ, groups in ver.depends_list.items():
        kind = KIND.get(typ)
        if not kind or typ == "Replaces":
            continue
        for group in groups:
            for d in group:
                target = d.target_pkg
                # "perl:any" is, for libapt, a package of its own that perl (Multi-Arch: allowed) provides;
                # the bridge shows it as what it names: perl itself.
                tname = target.name[:-4] if target.name.endswith(":any") else target.name
                st, providers = state(tname, d.comp_type, d.target_ver)
                out.append([kind, tname, st, providers])
    return sorted(out)


names = [line.strip() for line in sys.stdin if line.strip()]
print(json.dumps({"rdepends": {n: rdepends(n) for n in names}, "dependencies": {n: dependencies(n) for n in names}}))

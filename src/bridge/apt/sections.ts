// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Debian archive sections (https://packages.debian.org/bookworm/ lists them
 * with these names). A section may carry a component prefix ("contrib/net",
 * "non-free/games"); the section itself is the last part.
 */

const SECTION_LABELS: Record<string, string> = {
    admin: "Administration Utilities",
    cli: "Mono/CLI",
    "cli-mono": "Mono/CLI",
    comm: "Communication Programs",
    database: "Databases",
    debian: "Debian",
    "debian-installer": "Debian Installer",
    debug: "Debug Packages",
    devel: "Development",
    doc: "Documentation",
    editors: "Editors",
    education: "Education",
    electronics: "Electronics",
    embedded: "Embedded Software",
    fonts: "Fonts",
    games: "Games",
    gnome: "GNOME",
    gnu: "GNU R",
    "gnu-r": "GNU R",
    gnustep: "GNUstep",
    golang: "Go",
    graphics: "Graphics",
    hamradio: "Amateur Radio",
    haskell: "Haskell",
    httpd: "Web Servers",
    interpreters: "Interpreters",
    introspection: "GObject Introspection",
    java: "Java",
    javascript: "JavaScript",
    kde: "KDE",
    kernel: "Kernels",
    libdevel: "Library Development",
    libs: "Libraries",
    lisp: "Lisp",
    localization: "Language Packs",
    mail: "Mail",
    math: "Mathematics",
    metapackages: "Metapackages",
    misc: "Miscellaneous",
    net: "Network",
    news: "Newsgroups",
    ocaml: "OCaml",
    oldlibs: "Old Libraries",
    otherosfs: "Other OS's and File Systems",
    perl: "Perl",
    php: "PHP",
    python: "Python",
    ruby: "Ruby",
    rust: "Rust",
    science: "Science",
    shells: "Shells",
    sound: "Multimedia",
    tasks: "Tasks",
    tex: "TeX",
    text: "Text Processing",
    utils: "Utilities",
    vcs: "Version Control Systems",
    video: "Video",
    virtual: "Virtual Packages",
    web: "Web Software",
    x11: "X Window System",
    xfce: "Xfce",
    zope: "Zope/Plone Framework",
};

/** "contrib/net" -> "net" */
export function sectionName(section: string): string {
    const slash = section.lastIndexOf("/");
    return slash < 0 ? section : section.slice(slash + 1);
}

export function sectionLabel(name: string): string {
    return SECTION_LABELS[name] ?? (name ? name.charAt(0).toUpperCase() + name.slice(1) : "Other");
}

/** `--section net` matches "net" and "contrib/net"; `--section contrib/net` only that. */
export function sectionMatches(section: string, wanted: string): boolean {
    const s = section || "misc"; // a package without a section is listed under misc
    return s === wanted || (!wanted.includes("/") && sectionName(s) === wanted);
}

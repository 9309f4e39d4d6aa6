#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Cockpit's login for the demo (scripts/run-cockpit.sh names it in cockpit.conf
# as the command of the Negotiate and Basic schemes): it lets every visitor in,
# without checking anything, by starting a bridge as the user cockpit-ws runs as.
# A real cockpit-session would check a password with PAM and then start the
# bridge; cockpit-ws talks the same protocol with this one, and asks it for no
# credentials unless it asks (doc/authentication.md in Cockpit's source).
# Never installed: the demo listens on 127.0.0.1 only.

# The cockpit.conf of the demo is no business of the programs the page runs.
unset XDG_CONFIG_DIRS
exec cockpit-bridge

#!/bin/sh
# Builds the unpacked Keycloak server for `kc.sh start --optimized` (Quarkus augmentation,
# about 20 s of one core). Maven runs it in the background while it compiles
# (pom.xml, execution keycloak-build); LocalKeycloak waits for a build still running and
# runs this script itself when none has succeeded with these options (a run from an IDE,
# an interrupted build). Does nothing when the server is already built with them.
#
# Usage: build-server.sh KEYCLOAK_HOME
# Leaves in KEYCLOAK_HOME: mandat-build.pid (this script's process while it runs),
# mandat-build.exit (its exit status once done), mandat-build.options (the options of the
# last successful build), mandat-build.log (Keycloak's output).
set -u
home="$1"
# Build-time options only: the database kind. Everything else is given at start.
options="--db=postgres"

rm -f "$home/mandat-build.exit"
echo $$ >"$home/mandat-build.pid"
if [ -f "$home/mandat-build.options" ] && [ "$(cat "$home/mandat-build.options")" = "$options" ]; then
	status=0
else
	rm -f "$home/mandat-build.options"
	chmod +x "$home/bin/kc.sh"
	# shellcheck disable=SC2086 # the options are words
	"$home/bin/kc.sh" build $options >"$home/mandat-build.log" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		printf '%s' "$options" >"$home/mandat-build.options"
	fi
fi
echo "$status" >"$home/mandat-build.exit.tmp" && mv "$home/mandat-build.exit.tmp" "$home/mandat-build.exit"
rm -f "$home/mandat-build.pid"
exit "$status"
